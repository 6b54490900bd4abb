"""The client session of someone in the waiting room, against a real relay."""



import asyncio

from protocol import CommandKind, Role
from tests.client.session_helpers import running, server_side, until
from tests.wire_client import TIMEOUT, WireClient
from tui.core.updates import (
    ConnectionStatus,
    SessionEnded,
    StatusChanged,
    Welcomed,
)


async def _facilitator_with_waiting_room(relay, room) -> WireClient:
    fran = await WireClient.join(relay.url("demo"), "Fran", room[1])
    await fran.answer_to(await fran.send(CommandKind.SET_WAITING_ROOM, True))
    return fran


async def test_waiter_is_admitted_by_a_second_welcome(relay, room):
    """Someone waiting gets the waiting view; once admitted, a second welcome replaces it on the same link."""
    fran = await _facilitator_with_waiting_room(relay, room)
    async with running(relay.url("demo"), "Ann") as ann:
        await ann.connected()
        session = ann.session
        assert session.waiting and session.me() is None
        assert session.state.participants == {} and session.state.transcript == ()
        await fran.answer_to(await fran.send(CommandKind.SAY, "said while Ann waited"))
        await fran.answer_to(await fran.send(CommandKind.ADMIT, session.pid))
        await until(lambda: len(ann.of(Welcomed)) == 2)
        assert not session.waiting
        assert session.me() is not None and session.me().name == "Ann" and session.role is Role.MEMBER
        assert session.state.find_by_name("Fran") is not None
        assert session.state.transcript == ()  # as in a room, a late arrival hears no earlier shares
        request_id = session.send(CommandKind.SAY, "hello, I am in")
        await until(lambda: ann.settled(request_id))
        assert ann.connected_count() == 1 and session.status is ConnectionStatus.CONNECTED
    await fran.close()


async def test_admitted_welcome_gives_a_new_resume_token(relay, room):
    """After admission the session resumes with the token of its second welcome, as a member."""
    fran = await _facilitator_with_waiting_room(relay, room)
    async with running(relay.url("demo"), "Ann") as ann:
        await ann.connected()
        pid = ann.session.pid
        await fran.answer_to(await fran.send(CommandKind.ADMIT, pid))
        await until(lambda: len(ann.of(Welcomed)) == 2)
        server_side(relay, pid).transport.abort()
        await until(lambda: ann.connected_count() == 2)
        assert ann.session.pid == pid and not ann.session.waiting
        assert ann.of(StatusChanged)[-1] == StatusChanged(ConnectionStatus.CONNECTED, "resumed")
    await fran.close()


async def test_waiter_whose_link_drops_waits_again_as_a_new_arrival(relay, room):
    """A waiter's place is freed when their link drops; the session comes back to the waiting room afresh."""
    fran = await _facilitator_with_waiting_room(relay, room)
    async with running(relay.url("demo"), "Ann") as ann:
        await ann.connected()
        pid = ann.session.pid
        server_side(relay, pid).transport.abort()
        await fran.until_state(lambda s: pid not in s.waiting)
        await until(lambda: ann.connected_count() == 2 and ann.session.pid != pid)
        assert ann.session.waiting and ann.session.pid in relay.room("demo").state.waiting
    await fran.close()


async def test_declined_waiter_ends_with_the_facilitators_message(relay, room):
    """A waiter the facilitators decline gets SessionEnded("declined") with their message, and no retry."""
    fran = await _facilitator_with_waiting_room(relay, room)
    async with running(relay.url("demo"), "Ann") as ann:
        await ann.connected()
        await fran.answer_to(await fran.send(CommandKind.DECLINE, ann.session.pid, "Please come next week."))
        await asyncio.wait_for(asyncio.shield(ann.task), TIMEOUT)
        assert [(u.code, u.message) for u in ann.of(SessionEnded)] == [("declined", "Please come next week.")]
        assert ann.session.status is ConnectionStatus.CLOSED
        assert ann.connected_count() == 1 and len(ann.of(Welcomed)) == 1
    await fran.close()


async def test_waiter_who_leaves_ends_the_session(relay, room):
    """LEAVE from the waiting room ends the session as "left" without reconnecting."""
    fran = await _facilitator_with_waiting_room(relay, room)
    async with running(relay.url("demo"), "Ann") as ann:
        await ann.connected()
        request_id = ann.session.send(CommandKind.LEAVE)
        await asyncio.wait_for(asyncio.shield(ann.task), TIMEOUT)
        assert ann.settled(request_id)
        assert [u.code for u in ann.of(SessionEnded)] == ["left"]
        assert not relay.room("demo").state.waiting
    await fran.close()


