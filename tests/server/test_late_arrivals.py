"""Relay: a late arrival does not read earlier shares, and a removed person's words are withdrawn."""

from protocol import CommandKind, EventKind, RoomState
from server.relay import Relay
from tests.wire_client import WireClient

SHARE = "I'm 10 days sober today"


async def test_newcomer_reads_no_earlier_shares(relay, room):
    """Someone joining mid-meeting gets the room but none of the messages shared before they came."""
    name, key = room
    fac = await WireClient.join(relay.url(name), "Fran", key)
    await fac.answer_to(await fac.send(CommandKind.AGENDA_ADD, "Check-in", 10))
    await fac.answer_to(await fac.send(CommandKind.SAY, SHARE))
    late = await WireClient.join(relay.url(name), "Lee")
    assert late.state.transcript == ()
    assert [item.title for item in late.state.agenda] == ["Check-in"]
    await fac.answer_to(await fac.send(CommandKind.SAY, "Welcome, Lee"))
    await late.until_state(lambda s: [m.text for m in s.transcript] == ["Welcome, Lee"])
    await fac.close()
    await late.close()


async def test_admitted_waiter_reads_no_earlier_shares(relay, room):
    """Someone admitted from the waiting room gets a fresh welcome without the earlier messages."""
    name, key = room
    fac = await WireClient.join(relay.url(name), "Fran", key)
    await fac.answer_to(await fac.send(CommandKind.SAY, SHARE))
    await fac.answer_to(await fac.send(CommandKind.SET_WAITING_ROOM, True))
    late = await WireClient.join(relay.url(name), "Lee")
    await fac.answer_to(await fac.send(CommandKind.ADMIT, late.pid))
    await late.until_state(lambda s: late.pid in s.participants)
    assert late.state.transcript == ()
    await fac.close()
    await late.close()


async def test_resuming_member_gets_what_they_missed(relay, room):
    """A member who drops and resumes is replayed the messages said while they were away."""
    name, key = room
    fac = await WireClient.join(relay.url(name), "Fran", key)
    ann = await WireClient.join(relay.url(name), "Ann")
    seen = ann.state
    await ann.close()
    await fac.answer_to(await fac.send(CommandKind.SAY, "said while Ann was away"))
    back = await WireClient.join(
        relay.url(name), "Ann", token=ann.welcome.resume_token, last_seq=seen.seq, state=seen
    )
    await back.until_state(lambda s: [m.text for m in s.transcript] == ["said while Ann was away"])
    await fac.close()
    await back.close()


async def test_history_setting_lets_arrivals_read_recent_messages(tmp_path):
    """With the room's history set to 2, a newcomer reads the last two messages from before they came."""
    relay = Relay(tmp_path / "relay.sqlite3", "127.0.0.1", 0, grace_seconds=120.0)
    await relay.start()
    try:
        key = relay.store.create_room("demo", "Demo meeting")
        relay.store.update_settings("demo", {"history": 2})
        fac = await WireClient.join(relay.url("demo"), "Fran", key)
        for text in ("one", "two", "three"):
            await fac.answer_to(await fac.send(CommandKind.SAY, text))
        late = await WireClient.join(relay.url("demo"), "Lee")
        assert [m.text for m in late.state.transcript] == ["two", "three"]
        await fac.close()
        await late.close()
    finally:
        await relay.stop()


async def test_removed_persons_messages_are_withdrawn_everywhere(relay, room):
    """When someone is removed, their messages leave every copy of the room, and newcomers never see them."""
    name, key = room
    fac = await WireClient.join(relay.url(name), "Fran", key)
    sam = await WireClient.join(relay.url(name), "Sam")
    ann = await WireClient.join(relay.url(name), "Ann")
    await sam.answer_to(await sam.send(CommandKind.SAY, SHARE))
    await ann.answer_to(await ann.send(CommandKind.SAY, "Thank you"))
    await fac.answer_to(await fac.send(CommandKind.REMOVE, sam.pid))
    for client in (fac, ann):
        await client.until(lambda f: getattr(f, "kind", None) is EventKind.LEFT)
        assert [m.text for m in client.state.transcript] == ["Thank you"]
    back = await WireClient.join(
        relay.url(name), "Fran", key,
        token=fac.welcome.resume_token, last_seq=0, state=RoomState(name, "Demo"),
    )
    await back.caught_up(fac.state.seq)
    assert [m.text for m in back.state.transcript] == ["Thank you"]
    for client in (fac, ann, back):
        await client.close()
