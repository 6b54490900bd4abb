"""Relay: dropped links, resume by sequence number, retries, grace periods, restarts."""

import asyncio

import pytest_asyncio

from protocol import Ack, CommandKind, Event, EventKind, Role
from server.relay import Relay
from tests.wire_client import TIMEOUT, WireClient


async def _wait_for(condition, timeout=TIMEOUT):
    """Poll ``condition`` until true or fail after ``timeout`` seconds."""
    async with asyncio.timeout(timeout):
        while not condition():
            await asyncio.sleep(0.01)


async def test_resume_delivers_exactly_the_missed_events(relay, room):
    """A client that comes back with its token gets the events it missed, once each, and keeps its hand."""
    name, key = room
    fac = await WireClient.join(relay.url(name), "Fran", key)
    ann = await WireClient.join(relay.url(name), "Ann")
    await ann.answer_to(await ann.send(CommandKind.RAISE))
    token, seen, state = ann.welcome.resume_token, ann.state.seq, ann.state
    await ann.connection.close()
    await _wait_for(lambda: not relay.room(name).state.participants[ann.pid].connected)
    for text in ("one", "two", "three"):
        await fac.answer_to(await fac.send(CommandKind.SAY, text))
    missed_seqs = list(range(seen + 1, relay.room(name).state.seq + 1))

    back = await WireClient.join(relay.url(name), "Ann", token=token, last_seq=seen, state=state)
    assert back.welcome.snapshot is None and back.pid == ann.pid
    await back.until_state(lambda s: s.seq == relay.room(name).state.seq)
    got = [f.seq for f in back.received if isinstance(f, Event)]
    assert got[: len(missed_seqs)] == missed_seqs
    assert len(got) == len(set(got))
    assert [m.text for m in back.state.transcript] == ["one", "two", "three"]
    assert back.state.hand_queue == (ann.pid,)
    await fac.close()
    await back.close()


async def test_too_far_behind_gets_a_snapshot(tmp_path):
    """Beyond the replay limit, a resuming client gets a fresh snapshot instead."""
    relay = Relay(tmp_path / "r.sqlite3", replay_limit=2)
    await relay.start()
    try:
        key = relay.create_room("demo", "Demo")
        fac = await WireClient.join(relay.url("demo"), "Fran", key)
        ann = await WireClient.join(relay.url("demo"), "Ann")
        token, seen = ann.welcome.resume_token, ann.state.seq
        await ann.close()
        for text in ("a", "b", "c", "d"):
            await fac.answer_to(await fac.send(CommandKind.SAY, text))
        back = await WireClient.join(relay.url("demo"), "Ann", token=token, last_seq=seen)
        assert back.welcome.snapshot is not None and back.pid == ann.pid
        assert [m.text for m in back.state.transcript] == ["a", "b", "c", "d"]
        await fac.close()
        await back.close()
    finally:
        await relay.stop()


async def test_retried_request_is_applied_once(relay, room):
    """Sending the same request id again after a resume is answered with an ack, not a second event."""
    name, _ = room
    ann = await WireClient.join(relay.url(name), "Ann")
    request_id = await ann.send(CommandKind.SAY, "only once")
    first = await ann.answer_to(request_id)
    assert isinstance(first, Event)
    token, seen, state = ann.welcome.resume_token, ann.state.seq, ann.state
    await ann.close()
    back = await WireClient.join(relay.url(name), "Ann", token=token, last_seq=seen, state=state)
    back.next_request = request_id
    await back.send(CommandKind.SAY, "only once")
    ack = await back.until(lambda f: isinstance(f, Ack))
    assert ack.seq == first.seq
    texts = [m.text for m in relay.room(name).state.transcript]
    assert texts == ["only once"]
    await back.close()


async def test_facilitator_resumes_as_facilitator(relay, room):
    """A facilitator whose link drops comes back with their role and floor powers."""
    name, key = room
    fac = await WireClient.join(relay.url(name), "Fran", key)
    token, seen, state = fac.welcome.resume_token, fac.state.seq, fac.state
    await fac.close()
    back = await WireClient.join(relay.url(name), "Fran", token=token, last_seq=seen, state=state)
    assert back.pid == fac.pid and back.welcome.role is Role.FACILITATOR
    await back.answer_to(await back.send(CommandKind.AGENDA_ADD, "Welcome", 5))
    await back.close()


@pytest_asyncio.fixture
async def quick_relay(tmp_path):
    """A relay whose grace period is a fraction of a second."""
    relay = Relay(tmp_path / "r.sqlite3", grace_seconds=0.3)
    await relay.start()
    yield relay
    await relay.stop()


async def test_place_is_held_during_grace_then_released(quick_relay):
    """A dropped member keeps their hand until the grace period ends, then is shown as gone."""
    key = quick_relay.create_room("demo", "Demo")
    fac = await WireClient.join(quick_relay.url("demo"), "Fran", key)
    ann = await WireClient.join(quick_relay.url("demo"), "Ann")
    await ann.answer_to(await ann.send(CommandKind.RAISE))
    await ann.close()
    dropped = await fac.until(lambda f: isinstance(f, Event) and f.kind is EventKind.DROPPED)
    assert dropped.fields == (ann.pid,) and fac.state.hand_queue == (ann.pid,)
    await fac.until(lambda f: isinstance(f, Event) and f.kind is EventKind.LEFT)
    assert ann.pid not in fac.state.participants and fac.state.hand_queue == ()
    await fac.close()


async def test_events_survive_a_relay_restart(tmp_path):
    """Stopping the relay and starting it on the same database keeps rooms, agenda, queue and messages."""
    db = tmp_path / "r.sqlite3"
    relay = Relay(db)
    await relay.start()
    key = relay.create_room("demo", "Demo")
    fac = await WireClient.join(relay.url("demo"), "Fran", key)
    ann = await WireClient.join(relay.url("demo"), "Ann")
    await fac.answer_to(await fac.send(CommandKind.AGENDA_ADD, "Check-in", 15))
    await fac.answer_to(await fac.send(CommandKind.SAY, "welcome all"))
    await ann.answer_to(await ann.send(CommandKind.RAISE))
    token, seen, state = ann.welcome.resume_token, ann.state.seq, ann.state
    port = relay.port
    await relay.stop()

    again = Relay(db, port=port)
    await again.start()
    try:
        restored = again.room("demo").state
        assert [i.title for i in restored.agenda] == ["Check-in"]
        assert [m.text for m in restored.transcript] == ["welcome all"]
        assert restored.hand_queue == (ann.pid,)
        back = await WireClient.join(again.url("demo"), "Ann", token=token, last_seq=seen, state=state)
        await back.until_state(lambda s: s.seq == again.room("demo").state.seq)
        assert back.pid == ann.pid and back.state.hand_queue == (ann.pid,)
        await back.close()
    finally:
        await again.stop()
