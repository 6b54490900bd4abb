"""Relay: silence, lock, lockdown and the end of a meeting with its text deleted."""

import asyncio
import sqlite3

import pytest_asyncio

from protocol import CommandKind, ErrorFrame, Event, EventKind, Mode
from protocol.kinds import Reaction
from server.relay import Relay
from tests.wire_client import WireClient


async def test_silenced_member_cannot_post_until_lifted(relay, room):
    """A silenced member is refused until a facilitator lifts it; only they and facilitators are told."""
    name, key = room
    fac = await WireClient.join(relay.url(name), "Fran", key)
    ann = await WireClient.join(relay.url(name), "Ann")
    ben = await WireClient.join(relay.url(name), "Ben")
    await fac.answer_to(await fac.send(CommandKind.SILENCE, ann.pid, 5))
    await ann.until_state(lambda s: ann.pid in s.silenced)
    refused = await ann.answer_to(await ann.send(CommandKind.SAY, "but"))
    assert isinstance(refused, ErrorFrame) and refused.code == "silenced"
    await fac.answer_to(await fac.send(CommandKind.SILENCE, ann.pid, 0))
    await ann.until_state(lambda s: ann.pid not in s.silenced)
    await ann.answer_to(await ann.send(CommandKind.SAY, "thanks"))
    await ben.until_state(lambda s: len(s.transcript) == 1)
    assert not any(isinstance(f, Event) and f.kind is EventKind.SILENCED for f in ben.received)
    for client in (fac, ann, ben):
        await client.close()


async def test_lock_keeps_newcomers_in_the_waiting_room(relay, room):
    """A locked room sends arrivals to the waiting room, where a facilitator can still admit them."""
    name, key = room
    fac = await WireClient.join(relay.url(name), "Fran", key)
    await fac.answer_to(await fac.send(CommandKind.LOCK, True))
    late = await WireClient.join(relay.url(name), "Lee")
    assert late.pid in late.state.waiting and late.state.participants == {}
    await fac.until_state(lambda s: late.pid in s.waiting)
    await fac.answer_to(await fac.send(CommandKind.ADMIT, late.pid))
    await fac.until_state(lambda s: late.pid in s.participants)
    await fac.close()
    await late.close()


async def test_lockdown_and_undo(relay, room):
    """Lockdown puts the room in floor mode, locks it and allows only reactions; undo restores it."""
    name, key = room
    fac = await WireClient.join(relay.url(name), "Fran", key)
    ann = await WireClient.join(relay.url(name), "Ann")
    await fac.answer_to(await fac.send(CommandKind.LOCKDOWN, True))
    state = await ann.until_state(lambda s: s.lockdown)
    assert state.mode is Mode.FLOOR and not state.crosstalk
    refused = await ann.answer_to(await ann.send(CommandKind.SAY, "hey"))
    assert isinstance(refused, ErrorFrame)
    await fac.answer_to(await fac.send(CommandKind.GRANT, fac.pid))
    await ann.answer_to(await ann.send(CommandKind.REACT, Reaction.HEART))
    await fac.answer_to(await fac.send(CommandKind.LOCKDOWN, False))
    state = await ann.until_state(lambda s: not s.lockdown)
    assert state.mode is Mode.OPEN and state.crosstalk
    await fac.close()
    await ann.close()


@pytest_asyncio.fixture
async def db_relay(tmp_path):
    relay = Relay(tmp_path / "r.sqlite3")
    await relay.start()
    yield relay
    await relay.stop()


async def test_ending_the_meeting_deletes_its_text_from_the_database(db_relay):
    """After a facilitator ends the meeting no message or note text is left in the database file."""
    relay = db_relay
    key = relay.create_room("demo", "Demo")
    fac = await WireClient.join(relay.url("demo"), "Fran", key)
    ann = await WireClient.join(relay.url("demo"), "Ann")
    await fac.answer_to(await fac.send(CommandKind.AGENDA_ADD, "Sharing", 30))
    await ann.answer_to(await ann.send(CommandKind.SAY, "my secret relapse story"))
    await ann.answer_to(await ann.send(CommandKind.NOTE, "a private worry"))
    ended = await fac.answer_to(await fac.send(CommandKind.END_MEETING))
    assert isinstance(ended, Event) and ended.kind is EventKind.MEETING_ENDED
    await ann.until_state(lambda s: s.transcript == ())
    raw = relay.db_path.read_bytes() + relay.db_path.with_name(relay.db_path.name + "-wal").read_bytes()
    assert b"my secret relapse story" not in raw and b"a private worry" not in raw
    with sqlite3.connect(relay.db_path) as db:
        kinds = {k for (k,) in db.execute("SELECT kind FROM events")}
    assert int(EventKind.SAID) not in kinds  # the agenda is kept in the room's snapshot
    assert [i.title for i in relay.room("demo").state.agenda] == ["Sharing"]
    await fac.close()
    await ann.close()


async def test_purge_after_retention_survives_later_floor_changes(tmp_path):
    """With a retention period, the deletion still happens even if the floor moves meanwhile."""
    relay = Relay(tmp_path / "r.sqlite3")
    await relay.start()
    try:
        key = relay.create_room("demo", "Demo")
        relay.room("demo").retention_hours = 0.5 / 3600  # half a second
        fac = await WireClient.join(relay.url("demo"), "Fran", key)
        await fac.answer_to(await fac.send(CommandKind.SAY, "words to forget"))
        await fac.answer_to(await fac.send(CommandKind.END_MEETING))
        await fac.answer_to(await fac.send(CommandKind.GRANT, fac.pid))
        async with asyncio.timeout(10):
            while True:
                with sqlite3.connect(relay.db_path) as db:
                    kinds = {k for (k,) in db.execute("SELECT kind FROM events")}
                if int(EventKind.SAID) not in kinds:
                    break
                await asyncio.sleep(0.05)
        await fac.close()
    finally:
        await relay.stop()
