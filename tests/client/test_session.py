"""The client session against a real relay: join, outbox, refusals, drops, resume and endings."""



import asyncio
import contextlib

from protocol import CommandKind, EventKind, Role
from server.relay import Relay
from tests.client.session_helpers import FAST, Watched, relay_texts, running, server_side, until
from tests.wire_client import TIMEOUT, WireClient
from tui.core.session import Session
from tui.core.updates import (
    CommandRefused,
    CommandSettled,
    ConnectionStatus,
    EventApplied,
    SessionEnded,
    SessionUpdate,
    StatusChanged,
    Welcomed,
)


async def test_join_gets_welcome_and_state(relay, room):
    """Joining yields a snapshot with me in it, a connected status and a first round-trip estimate."""
    async with running(relay.url("demo"), "Ann") as ann:
        await ann.connected()
        session = ann.session
        assert len(ann.of(Welcomed)) == 1
        assert session.state is not None and session.state.title == "Demo meeting"
        assert session.me() is not None and session.me().name == "Ann"
        assert session.role is Role.MEMBER
        assert session.rtt is not None and session.rtt >= 0
        assert session.bytes_sent > 0 and session.bytes_received > 0
        assert abs(session.server_offset) < 5


async def test_facilitator_key_gives_facilitator_role(relay, room):
    """A session opened with the room's key joins as its facilitator."""
    async with running(relay.url("demo"), "Fran", room[1]) as fran:
        await fran.connected()
        assert fran.session.role is Role.FACILITATOR


async def test_say_settles_with_its_event(relay, room):
    """A message is pending until its own event comes back, which settles it."""
    async with running(relay.url("demo"), "Ann") as ann:
        await ann.connected()
        request_id = ann.session.send(CommandKind.SAY, "hello")
        assert [p.request_id for p in ann.session.pending] == [request_id]
        await until(lambda: ann.settled(request_id))
        assert ann.session.pending == ()
        mine = [u.event for u in ann.of(EventApplied) if u.event.request_id == request_id]
        assert [e.kind for e in mine] == [EventKind.SAID]
        assert ann.session.state.transcript[-1].text == "hello"


async def test_command_typed_before_welcome_is_sent_after_it(relay, room):
    """A command sent before the session has joined waits in the outbox and goes out once welcomed."""
    session = Session(relay.url("demo"), "Ann", **FAST)
    request_id = session.send(CommandKind.RAISE)
    watched = Watched(session)
    task = asyncio.create_task(session.run())
    try:
        await until(lambda: watched.settled(request_id))
        assert session.state.hand_queue == (session.pid,)
    finally:
        await session.close()
        await asyncio.wait_for(task, TIMEOUT)


async def test_refused_command_reports_and_stays_connected(relay, room):
    """A command the rules refuse yields CommandRefused, leaves the outbox, and the link stays up."""
    async with running(relay.url("demo"), "Ann") as ann:
        await ann.connected()
        refused_id = ann.session.send(CommandKind.GRANT, ann.session.pid)
        await until(lambda: bool(ann.of(CommandRefused)))
        refusal = ann.of(CommandRefused)[0]
        assert (refusal.request_id, refusal.code) == (refused_id, "not_facilitator")
        assert ann.session.pending == ()
        assert not ann.settled(refused_id)
        said_id = ann.session.send(CommandKind.SAY, "still here")
        await until(lambda: ann.settled(said_id))
        assert ann.session.status is ConnectionStatus.CONNECTED
        assert ann.connected_count() == 1


async def test_resume_after_drop_gets_exactly_the_missed_events(relay, room):
    """After the relay drops the link the session resumes as the same person and misses nothing."""
    fran = await WireClient.join(relay.url("demo"), "Fran", room[1])
    async with running(relay.url("demo"), "Ann") as ann:
        await ann.connected()
        pid = ann.session.pid
        server_side(relay, pid).transport.abort()
        for text in ("one", "two"):
            await fran.answer_to(await fran.send(CommandKind.SAY, text))
        relay_state = relay.room("demo").state
        await until(
            lambda: (
                ann.session.state.seq == relay.room("demo").state.seq
                and ann.session.me() is not None
                and ann.session.me().connected
            )
        )
        assert ann.session.pid == pid
        assert len(ann.of(Welcomed)) == 1
        assert ann.of(StatusChanged)[-1] == StatusChanged(ConnectionStatus.CONNECTED, "resumed")
        seqs = [u.event.seq for u in ann.of(EventApplied)]
        assert seqs == list(range(seqs[0], seqs[-1] + 1))
        dropped = [u.event for u in ann.of(EventApplied) if u.event.kind is EventKind.DROPPED]
        assert [e.fields for e in dropped] == [(pid,)]  # recorded after the drop: only a replay has it
        assert [m.text for m in ann.session.state.transcript] == ["one", "two"]
        assert ann.session.state.participants == relay.room("demo").state.participants
        assert relay_state.seq <= ann.session.state.seq
    await fran.close()


async def test_waits_before_reconnecting_after_a_good_connection_drops(relay, room):
    """A link that was up and then dropped is retried only after a backoff wait is announced."""
    async with running(relay.url("demo"), "Ann") as ann:
        await ann.connected()
        before = len(ann.updates)
        server_side(relay, ann.session.pid).transport.abort()
        await until(lambda: ann.connected_count() == 2)
        statuses = [u for u in ann.updates[before:] if isinstance(u, StatusChanged)]
        waits = [
            u
            for u in statuses
            if u.status is ConnectionStatus.RECONNECTING and u.detail.startswith("retrying in ")
        ]
        assert waits and statuses.index(waits[0]) < statuses.index(
            StatusChanged(ConnectionStatus.CONNECTED, "resumed")
        )


async def test_resume_after_relay_restart(relay, room):
    """When the relay restarts on the same database and port, the session comes back as itself."""
    async with running(relay.url("demo"), "Ann") as ann:
        await ann.connected()
        pid = ann.session.pid
        await relay.stop()
        await until(lambda: ann.session.status is ConnectionStatus.RECONNECTING)
        restarted = Relay(relay.db_path, relay.host, relay.port)
        await restarted.start()
        try:
            await until(lambda: ann.connected_count() == 2)
            await until(lambda: ann.session.state.seq == restarted.room("demo").state.seq)
            assert ann.session.pid == pid and len(ann.of(Welcomed)) == 1
            assert ann.session.state.participants == restarted.room("demo").state.participants
            await ann.session.close()
        finally:
            await restarted.stop()


async def test_commands_typed_offline_are_delivered_once_after_resume(relay, room):
    """Messages typed while the relay is unreachable go out once, in order, when the link is back."""
    async with running(relay.url("demo"), "Ann") as ann:
        await ann.connected()
        await relay.stop()
        await until(lambda: ann.session.status is ConnectionStatus.RECONNECTING)
        first = ann.session.send(CommandKind.SAY, "typed offline")
        second = ann.session.send(CommandKind.SAY, "and again")
        assert [p.request_id for p in ann.session.pending] == [first, second]
        restarted = Relay(relay.db_path, relay.host, relay.port)
        await restarted.start()
        try:
            await until(lambda: ann.settled(first) and ann.settled(second))
            assert relay_texts(restarted) == ["typed offline", "and again"]
            assert [m.text for m in ann.session.state.transcript] == ["typed offline", "and again"]
            assert ann.session.pending == ()
            await ann.session.close()
        finally:
            await restarted.stop()


async def test_command_applied_but_unacknowledged_is_not_applied_twice(relay, room):
    """A command whose event was lost with the link is resent after resume and still applied once."""
    async with running(relay.url("demo"), "Ann") as ann:
        await ann.connected()
        # Stop reading so the relay's event for the message never reaches the session.
        ann.session._connection.transport.pause_reading()
        request_id = ann.session.send(CommandKind.SAY, "only once")
        await until(lambda: relay_texts(relay) == ["only once"])
        assert ann.session.pending != ()
        ann.session._connection.transport.abort()
        await until(lambda: ann.settled(request_id) and ann.connected_count() == 2)
        await until(lambda: ann.session.state.seq == relay.room("demo").state.seq)
        assert relay_texts(relay) == ["only once"]
        assert [m.text for m in ann.session.state.transcript] == ["only once"]
        assert [u.request_id for u in ann.of(CommandSettled)] == [request_id]
        assert ann.of(CommandRefused) == []


async def test_retry_answered_by_ack_settles_the_command(tmp_path):
    """When resume brings a snapshot instead of a replay, the relay's Ack to the resent command settles it."""
    async with Relay(tmp_path / "relay.sqlite3", replay_limit=0) as snapshots_only:
        snapshots_only.create_room("demo", "Demo meeting")
        async with running(snapshots_only.url("demo"), "Ann") as ann:
            await ann.connected()
            ann.session._connection.transport.pause_reading()
            request_id = ann.session.send(CommandKind.SAY, "only once")
            await until(lambda: relay_texts(snapshots_only) == ["only once"])
            ann.session._connection.transport.abort()
            await until(lambda: ann.settled(request_id))
            assert len(ann.of(Welcomed)) == 2  # the resume came with a snapshot, not the event
            assert not any(u.event.request_id == request_id for u in ann.of(EventApplied))
            assert relay_texts(snapshots_only) == ["only once"]
            assert [m.text for m in ann.session.state.transcript] == ["only once"]


async def test_removed_member_ends_and_does_not_reconnect(relay, room):
    """A member removed by the facilitator gets SessionEnded, and run() returns for good."""
    fran = await WireClient.join(relay.url("demo"), "Fran", room[1])
    async with running(relay.url("demo"), "Ann") as ann:
        await ann.connected()
        await fran.answer_to(await fran.send(CommandKind.REMOVE, ann.session.pid))
        await asyncio.wait_for(asyncio.shield(ann.task), TIMEOUT)
        assert [u.code for u in ann.of(SessionEnded)] == ["removed"]
        assert ann.session.status is ConnectionStatus.CLOSED
        assert ann.connected_count() == 1
        assert relay.room("demo").state.find_by_name("Ann") is None
    await fran.close()


async def test_removed_name_is_turned_away_without_retrying(relay, room):
    """Joining under a removed name ends the session (close 4003) instead of retrying."""
    fran = await WireClient.join(relay.url("demo"), "Fran", room[1])
    zed = await WireClient.join(relay.url("demo"), "Zed")
    await fran.answer_to(await fran.send(CommandKind.REMOVE, zed.pid))
    async with running(relay.url("demo"), "Zed") as again:
        await asyncio.wait_for(asyncio.shield(again.task), TIMEOUT)
        assert [u.code for u in again.of(SessionEnded)] == ["removed"]
        assert again.of(Welcomed) == []
    await fran.close()


async def test_unknown_room_ends_session(relay, room):
    """A room the relay does not have ends the session with a reason."""
    async with running(relay.url("nowhere"), "Ann") as ann:
        await asyncio.wait_for(asyncio.shield(ann.task), TIMEOUT)
        assert [u.code for u in ann.of(SessionEnded)] == ["unknown_room"]


async def test_bad_facilitator_key_ends_session(relay, room):
    """A wrong facilitator key ends the session rather than retrying."""
    async with running(relay.url("demo"), "Fran", "not-the-key") as fran:
        await asyncio.wait_for(asyncio.shield(fran.task), TIMEOUT)
        assert [u.code for u in fran.of(SessionEnded)] == ["bad_key"]


async def test_leave_ends_session(relay, room):
    """LEAVE settles, then the session ends and stops reconnecting."""
    async with running(relay.url("demo"), "Ann") as ann:
        await ann.connected()
        request_id = ann.session.send(CommandKind.LEAVE)
        await asyncio.wait_for(asyncio.shield(ann.task), TIMEOUT)
        assert ann.settled(request_id)
        assert [u.code for u in ann.of(SessionEnded)] == ["left"]
        assert relay.room("demo").state.find_by_name("Ann") is None


async def test_malformed_frames_are_counted_not_fatal(relay, room):
    """Frames the session cannot decode are dropped and counted; the link carries on."""
    async with running(relay.url("demo"), "Ann") as ann:
        await ann.connected()
        server = server_side(relay, ann.session.pid)
        await server.send(b"\xc1not msgpack")
        await server.send("text, not binary")
        await server.send(b"\x93\x04\x01\x02")  # an event frame with missing fields
        await until(lambda: ann.session.malformed_frames == 3)
        request_id = ann.session.send(CommandKind.SAY, "fine")
        await until(lambda: ann.settled(request_id))
        assert ann.connected_count() == 1


async def test_forgotten_resume_token_joins_afresh(relay, room):
    """When the relay no longer knows the resume token, the session takes the fresh snapshot."""
    async with running(relay.url("demo"), "Ann") as ann:
        await ann.connected()
        old_pid = ann.session.pid
        relay.store.forget_tokens("demo", old_pid)
        server_side(relay, old_pid).transport.abort()
        await until(lambda: len(ann.of(Welcomed)) == 2)
        assert ann.session.pid != old_pid
        assert ann.session.me() is not None and ann.session.state == ann.of(Welcomed)[-1].state
        request_id = ann.session.send(CommandKind.SAY, "back again")
        await until(lambda: ann.settled(request_id))


async def test_impossible_name_ends_before_connecting():
    """A name no relay would accept ends the session at once rather than being retried forever."""
    session = Session("ws://127.0.0.1:9/demo", "   ", **FAST)
    watched = Watched(session)
    await asyncio.wait_for(session.run(), TIMEOUT)
    assert [u.code for u in watched.of(SessionEnded)] == ["bad_name"]
    assert session.status is ConnectionStatus.CLOSED


async def test_close_stops_the_session(relay, room):
    """close() ends run() and the relay sees the link go."""
    async with running(relay.url("demo"), "Ann") as ann:
        await ann.connected()
        pid = ann.session.pid
        await ann.session.close()
        await asyncio.wait_for(asyncio.shield(ann.task), TIMEOUT)
        assert ann.session.status is ConnectionStatus.CLOSED
        await until(lambda: not relay.room("demo").state.participants[pid].connected)


async def test_cancelling_run_closes_the_socket(relay, room):
    """Cancelling run() closes the websocket, so the relay marks the participant dropped."""
    session = Session(relay.url("demo"), "Ann", **FAST)
    task = asyncio.create_task(session.run())
    await until(lambda: session.status is ConnectionStatus.CONNECTED)
    pid = session.pid
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await asyncio.wait_for(task, TIMEOUT)
    assert task.cancelled()
    await until(lambda: not relay.room("demo").state.participants[pid].connected)
    assert session.status is ConnectionStatus.CLOSED


# The waiting room and private events


async def test_private_events_between_others_leave_gaps_without_reconnecting(relay, room):
    """A member who misses a private reply to someone else applies the next event and stays connected."""
    fran = await WireClient.join(relay.url("demo"), "Fran", room[1])
    ben = await WireClient.join(relay.url("demo"), "Ben")
    async with running(relay.url("demo"), "Ann") as ann:
        await ann.connected()
        statuses_before = len(ann.of(StatusChanged))
        reply = await fran.answer_to(await fran.send(CommandKind.REPLY, ben.pid, "for Ben only"))
        lock = await fran.answer_to(await fran.send(CommandKind.LOCK, True))
        said = await fran.answer_to(await fran.send(CommandKind.SAY, "for everyone"))
        await until(lambda: ann.session.state.seq == said.seq)
        seqs = [u.event.seq for u in ann.of(EventApplied)]
        assert reply.seq not in seqs and lock.seq not in seqs and said.seq in seqs
        assert ann.session.state.notes == () and not ann.session.state.locked
        assert len(ann.of(StatusChanged)) == statuses_before
        assert ann.session.status is ConnectionStatus.CONNECTED and ann.connected_count() == 1
        assert ann.of(Welcomed) == [ann.of(Welcomed)[0]]
    await ben.close()
    await fran.close()


async def test_refused_hello_is_final(relay, room):
    """A hello the relay refuses (close 4002) ends the session as bad_hello instead of retrying."""
    session = Session(relay.url("demo"), "Ann", **FAST)
    session.name = " "  # what a broken client might send; the relay is the judge here
    session._check_hello = lambda: None
    watched = Watched(session)
    await asyncio.wait_for(session.run(), TIMEOUT)
    assert [u.code for u in watched.of(SessionEnded)] == ["bad_hello"]
    assert watched.of(Welcomed) == []
    assert [u.status for u in watched.of(StatusChanged)].count(ConnectionStatus.CONNECTING) == 1


async def test_a_removed_listener_hears_nothing_more(relay, room):
    """After ``remove_listener`` a callback gets no further updates; removing it twice is harmless."""
    async with running(relay.url("demo"), "Ann") as ann:
        await ann.connected()
        heard: list[SessionUpdate] = []
        ann.session.add_listener(heard.append)
        ann.session.remove_listener(heard.append)
        ann.session.remove_listener(heard.append)
        request_id = ann.session.send(CommandKind.SAY, "hello")
        await until(lambda: ann.settled(request_id))
        assert heard == []
