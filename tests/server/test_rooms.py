"""Relay: the room registry loads every room at start, and events recorded offline go the live way."""

import sqlite3

from protocol import CommandKind, EventKind
from server.relay import Relay
from server.room_setup import record_events
from server.store import Store
from tests.wire_client import WireClient


async def test_every_stored_room_is_open_once_the_relay_starts(tmp_path):
    """Rooms created before the relay started are all loaded by its registry at start."""
    store = Store(tmp_path / "r.sqlite3")
    store.create_room("tuesday", "Tuesday group")
    store.create_room("friday", "Friday group")
    store.close()
    async with Relay(tmp_path / "r.sqlite3") as relay:
        assert [room.name for room in relay.rooms.open_rooms()] == ["friday", "tuesday"]
        assert relay.rooms.get("nowhere") is None


async def test_a_meeting_ended_while_no_relay_runs_loses_its_words_at_the_next_start(tmp_path):
    """An end of meeting recorded by the room set-up is purged at start, like one a facilitator ended."""
    db = tmp_path / "r.sqlite3"
    async with Relay(db) as relay:
        key = relay.create_room("demo", "Demo")
        fac = await WireClient.join(relay.url("demo"), "Fran", key)
        await fac.answer_to(await fac.send(CommandKind.SAY, "words to forget"))
        await fac.close()
    store = Store(db)
    try:
        state = record_events(store, "demo", [(EventKind.MEETING_ENDED, ())])
    finally:
        store.close()
    async with Relay(db) as relay:
        assert relay.room("demo").state.seq >= state.seq
        with sqlite3.connect(db) as database:
            kinds = {kind for (kind,) in database.execute("SELECT kind FROM events")}
        assert int(EventKind.SAID) not in kinds and int(EventKind.MEETING_ENDED) in kinds


def test_new_keys_never_begin_with_a_dash(monkeypatch):
    """A key pasted after ``--key`` must not read as an option, whatever the random draw."""
    from server import store

    draws = iter(["-bgA8bvyLkIaxKy5MM7tGQ", "-second", "plainkey"])
    monkeypatch.setattr(store.secrets, "token_urlsafe", lambda n: next(draws))
    assert store.new_secret() == "plainkey"
