"""Relay: the waiting room and private notes to the facilitators."""

import pytest
from websockets.exceptions import ConnectionClosed

from protocol import CommandKind, ErrorFrame, Event, EventKind, Welcome
from tests.wire_client import WireClient


async def _room_with_waiting(relay, room):
    name, key = room
    fac = await WireClient.join(relay.url(name), "Fran", key)
    await fac.answer_to(await fac.send(CommandKind.READING_ADD, "Guidelines", "Be kind.", True))
    await fac.answer_to(await fac.send(CommandKind.SET_WAITING_ROOM, True))
    member = await WireClient.join(relay.url(name), "Ann")
    await member.answer_to(await member.send(CommandKind.SAY, "a private meeting message"))
    return fac, member


async def test_arrival_waits_and_sees_nothing_of_the_meeting(relay, room):
    """An arrival in the waiting room gets the welcome and guidelines, but no people, messages or agenda."""
    fac, member = await _room_with_waiting(relay, room)
    member_pid = member.pid  # the first member arrived in the waiting room too
    await fac.until(lambda f: isinstance(f, Event) and f.kind is EventKind.WAITER_ARRIVED)
    assert member_pid in fac.state.waiting
    newcomer = await WireClient.join(relay.url(room[0]), "Neo")
    view = newcomer.state
    assert newcomer.pid in view.waiting
    assert view.participants == {} and view.transcript == () and view.agenda == ()
    assert [r.title for r in view.readings] == ["Guidelines"] and view.welcome_text
    await fac.answer_to(await fac.send(CommandKind.SAY, "only for the admitted"))
    await newcomer.send(CommandKind.WAITER_UPDATE, True, True)
    answer = await newcomer.until(lambda f: isinstance(f, Event | ErrorFrame))
    assert isinstance(answer, Event) and answer.kind is EventKind.WAITER_UPDATED
    assert not any(isinstance(f, Event) and f.kind is EventKind.SAID for f in newcomer.received)
    await fac.close()
    await newcomer.close()
    await member.close()


async def test_admit_sends_a_full_welcome(relay, room):
    """Once admitted, the arrival gets a fresh snapshot of the meeting and can take part."""
    fac, _ = await _room_with_waiting(relay, room)
    newcomer = await WireClient.join(relay.url(room[0]), "Neo")
    await fac.until_state(lambda s: newcomer.pid in s.waiting)
    await fac.answer_to(await fac.send(CommandKind.ADMIT, newcomer.pid))
    welcome = await newcomer.until(lambda f: isinstance(f, Welcome))
    assert welcome.snapshot is not None and newcomer.pid in welcome.snapshot.participants
    newcomer.state = welcome.snapshot
    await newcomer.answer_to(await newcomer.send(CommandKind.SAY, "hello everyone"))
    await fac.close()
    await newcomer.close()


async def test_admit_all_and_decline(relay, room):
    """A facilitator admits everyone waiting, or declines one with a message and a 4007 close."""
    fac, _ = await _room_with_waiting(relay, room)
    first = await WireClient.join(relay.url(room[0]), "One")
    second = await WireClient.join(relay.url(room[0]), "Two")
    await fac.until_state(lambda s: {first.pid, second.pid} <= set(s.waiting))
    await fac.answer_to(await fac.send(CommandKind.DECLINE, second.pid, "Please come next week."))
    declined = await second.until(lambda f: isinstance(f, Event) and f.kind is EventKind.DECLINED)
    assert declined.fields == (second.pid, "Please come next week.")
    with pytest.raises(ConnectionClosed) as closed:
        while True:
            await second.recv()
    assert closed.value.rcvd.code == 4007
    await fac.answer_to(await fac.send(CommandKind.ADMIT_ALL))
    state = await fac.until_state(lambda s: first.pid in s.participants)
    assert not state.waiting
    await fac.close()
    await first.close()


async def test_waiter_cannot_act_in_the_meeting(relay, room):
    """Someone waiting may not post or raise a hand."""
    fac, _ = await _room_with_waiting(relay, room)
    newcomer = await WireClient.join(relay.url(room[0]), "Neo")
    for kind, args in ((CommandKind.SAY, ("hi",)), (CommandKind.RAISE, ())):
        answer = await newcomer.answer_to(await newcomer.send(kind, *args))
        assert isinstance(answer, ErrorFrame) and answer.code == "waiting"
    await fac.close()
    await newcomer.close()


async def test_private_notes_reach_only_facilitators(relay, room):
    """A member's note and support flag reach the facilitators and not other members; replies are private."""
    name, key = room
    fac = await WireClient.join(relay.url(name), "Fran", key)
    ann = await WireClient.join(relay.url(name), "Ann")
    ben = await WireClient.join(relay.url(name), "Ben")
    await ann.answer_to(await ann.send(CommandKind.NOTE, "I am struggling today"))
    await ann.answer_to(await ann.send(CommandKind.SUPPORT, True))
    await fac.until_state(lambda s: ann.pid in s.support)
    assert [n.text for n in fac.state.notes] == ["I am struggling today"]
    await fac.answer_to(await fac.send(CommandKind.REPLY, ann.pid, "I will message you after"))
    await ann.until_state(lambda s: len(s.notes) == 2)
    await ben.answer_to(await ben.send(CommandKind.SAY, "sync"))
    assert ben.state.notes == () and ben.state.support == frozenset()
    assert not any(isinstance(f, Event) and f.kind in (EventKind.NOTED, EventKind.SUPPORT_SET)
                   for f in ben.received)
    for client in (fac, ann, ben):
        await client.close()


async def test_no_member_to_member_private_message(relay, room):
    """Members cannot reply privately to other members: replying is for facilitators only."""
    name, _ = room
    ann = await WireClient.join(relay.url(name), "Ann")
    ben = await WireClient.join(relay.url(name), "Ben")
    answer = await ann.answer_to(await ann.send(CommandKind.REPLY, ben.pid, "psst"))
    assert isinstance(answer, ErrorFrame) and answer.code == "not_facilitator"
    await ann.close()
    await ben.close()
