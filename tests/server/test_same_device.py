"""Someone whose client ended (a crash, a closed terminal, an SSH session cut) and who opens
it again on the same device takes their own seat back, not a numbered new one.

A resume token lives only in the client's memory, so a client started again has none.
Its device key (kept on the device, sent in every hello) and the same name show it is
the person whose seat is held for them: they get that seat back, with their hand and
place, instead of "Ann 2" beside a ghost of themselves for the grace period.
"""

from protocol import CommandKind, Event, EventKind
from protocol.state import RoomState
from tests.wire_client import WireClient

ANN_DEVICE = "ann-device-key-0123456789abcdef"
FRAN_DEVICE = "fran-device-key-0123456789abcdef"


def _dropped(pid: int):
    return lambda state: (p := state.participants.get(pid)) is not None and not p.connected


async def test_a_member_starting_again_takes_her_seat_back(relay, room):
    """Ann's client ends with her hand up; started again, she is Ann, same pid, hand still up."""
    name, key = room
    fran = await WireClient.join(relay.url(name), "Fran", key, device_key=FRAN_DEVICE)
    ann = await WireClient.join(relay.url(name), "Ann", device_key=ANN_DEVICE)
    await ann.answer_to(await ann.send(CommandKind.RAISE))
    await ann.close()
    await fran.until_state(_dropped(ann.pid))
    again = await WireClient.join(relay.url(name), "Ann", device_key=ANN_DEVICE)
    assert again.pid == ann.pid and again.state.participants[ann.pid].name == "Ann"
    state: RoomState = await fran.until_state(lambda s: s.participants[ann.pid].connected)
    assert ann.pid in state.hand_queue and [p.name for p in state.participants.values()] == ["Fran", "Ann"]
    assert any(isinstance(f, Event) and f.kind is EventKind.RETURNED for f in fran.received)
    await again.close()
    await fran.close()


async def test_another_device_with_the_name_is_someone_else(relay, room):
    """The name alone takes nobody's seat: another device calling itself Ann is "Ann 2"."""
    name, key = room
    fran = await WireClient.join(relay.url(name), "Fran", key, device_key=FRAN_DEVICE)
    ann = await WireClient.join(relay.url(name), "Ann", device_key=ANN_DEVICE)
    await ann.close()
    await fran.until_state(_dropped(ann.pid))
    other = await WireClient.join(relay.url(name), "Ann", device_key="someone-elses-device-key-000")
    assert other.pid != ann.pid and other.state.participants[other.pid].name == "Ann 2"
    await other.close()
    await fran.close()


async def test_the_facilitator_starting_again_keeps_her_seat_and_role(relay, room):
    """Fran's client ends; started again with the key she is Fran, facilitator, same pid."""
    name, key = room
    fran = await WireClient.join(relay.url(name), "Fran", key, device_key=FRAN_DEVICE)
    ann = await WireClient.join(relay.url(name), "Ann", device_key=ANN_DEVICE)
    await fran.close()
    await ann.until_state(_dropped(fran.pid))
    again = await WireClient.join(relay.url(name), "Fran", key, device_key=FRAN_DEVICE)
    assert again.pid == fran.pid and again.welcome.role.leads
    assert again.state.participants[fran.pid].name == "Fran"
    await again.close()
    await ann.close()


async def test_a_leaders_seat_is_not_taken_back_without_the_key(relay, room):
    """The device alone does not hand a facilitator's seat to a hello without the key."""
    name, key = room
    fran = await WireClient.join(relay.url(name), "Fran", key, device_key=FRAN_DEVICE)
    ann = await WireClient.join(relay.url(name), "Ann", device_key=ANN_DEVICE)
    await fran.close()
    await ann.until_state(_dropped(fran.pid))
    keyless = await WireClient.join(relay.url(name), "Fran", device_key=FRAN_DEVICE)
    assert keyless.pid != fran.pid and not keyless.welcome.role.leads
    await keyless.close()
    await ann.close()


async def test_a_client_started_again_is_not_taken_for_a_retry(relay, room):
    """The new client numbers its commands from 1 again: its first message is recorded and
    reaches the room, not answered with an Ack as if the old client's request 1 came again."""
    name, key = room
    fran = await WireClient.join(relay.url(name), "Fran", key, device_key=FRAN_DEVICE)
    ann = await WireClient.join(relay.url(name), "Ann", device_key=ANN_DEVICE)
    first = await ann.answer_to(await ann.send(CommandKind.SAY, "before my terminal closed"))
    assert isinstance(first, Event) and first.request_id == 1
    await ann.close()
    await fran.until_state(_dropped(ann.pid))
    again = await WireClient.join(relay.url(name), "Ann", device_key=ANN_DEVICE)
    assert again.pid == ann.pid
    answer = await again.answer_to(await again.send(CommandKind.SAY, "back again"))
    assert isinstance(answer, Event) and answer.kind is EventKind.SAID
    await fran.until_state(lambda s: s.transcript[-1].text == "back again")
    await again.close()
    await fran.close()
