"""Relay: the database's schema version, the upgrade of an older file, the refusal of a newer one."""

import sqlite3
from pathlib import Path

import pytest

from protocol import CommandKind
from server import store_schema
from server.cli import main
from server.relay import Relay
from server.store import SCHEMA_VERSION, SchemaTooNew, Store
from tests.wire_client import WireClient

FIRST_SCHEMA = """
CREATE TABLE rooms (
    name TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    key_hash TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    settings TEXT NOT NULL DEFAULT '{}',
    ended_seq INTEGER,
    ended_at INTEGER
);
CREATE TABLE events (
    room TEXT NOT NULL,
    seq INTEGER NOT NULL,
    kind INTEGER NOT NULL,
    actor INTEGER,
    request_id INTEGER,
    frame BLOB NOT NULL,
    PRIMARY KEY (room, seq)
) WITHOUT ROWID;
CREATE INDEX events_by_request ON events (room, actor, request_id) WHERE request_id IS NOT NULL;
CREATE TABLE tokens (
    room TEXT NOT NULL,
    token_hash TEXT NOT NULL,
    pid INTEGER NOT NULL,
    PRIMARY KEY (room, token_hash)
) WITHOUT ROWID;
CREATE TABLE snapshots (
    room TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    state BLOB NOT NULL
);
"""
"""The tables as the first relay wrote them, before numbered versions (``user_version`` 0)."""

COPIED = {
    "rooms": "name, title, key_hash, created_at, settings, ended_seq, ended_at",
    "events": "room, seq, kind, actor, request_id, frame",
    "tokens": "room, token_hash, pid",
    "snapshots": "room, seq, state",
}


async def _a_meeting(database: Path) -> tuple[str, str, int]:
    """A room with settings, a reading and two messages; returns its key, Ann's token and pid."""
    relay = Relay(database, "127.0.0.1", 0)
    await relay.start()
    try:
        key = relay.create_room("demo", "Demo meeting")
        relay.store.update_settings("demo", {"welcome": "Welcome, all."})
        fran = await WireClient.join(relay.url("demo"), "Fran", key)
        await fran.answer_to(await fran.send(CommandKind.READING_ADD, "Preamble", "We share."))
        ann = await WireClient.join(relay.url("demo"), "Ann")
        await ann.answer_to(await ann.send(CommandKind.SAY, "hello"))
        await fran.answer_to(await fran.send(CommandKind.SAY, "welcome Ann"))
        token, pid = ann.welcome.resume_token, ann.pid
        await ann.close()
        await fran.close()
    finally:
        await relay.stop()
    return key, token, pid


def _first_schema_copy(current: Path, old: Path) -> None:
    """``old``: the rows of ``current`` in a database of the first schema."""
    db = sqlite3.connect(old)
    db.executescript(FIRST_SCHEMA)
    db.execute("ATTACH DATABASE ? AS current", (str(current),))
    for table, columns in COPIED.items():
        db.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM current.{table}")
    db.commit()
    db.close()


def _version(path: Path) -> int:
    db = sqlite3.connect(path)
    try:
        return db.execute("PRAGMA user_version").fetchone()[0]
    finally:
        db.close()


def test_a_new_database_carries_the_current_version(tmp_path):
    """A database the relay creates says which schema version it holds."""
    Store(tmp_path / "relay.sqlite3").close()
    assert _version(tmp_path / "relay.sqlite3") == SCHEMA_VERSION


async def test_a_first_schema_database_is_upgraded_without_losing_anything(tmp_path):
    """Rooms, keys, events, tokens and settings of a first-schema file survive its upgrade."""
    current, old = tmp_path / "current.sqlite3", tmp_path / "old.sqlite3"
    key, token, pid = await _a_meeting(current)
    _first_schema_copy(current, old)
    assert _version(old) == 0

    expected, upgraded = Store(current), Store(old)
    try:
        assert upgraded.rooms() == expected.rooms()
        assert upgraded.key_matches("demo", key)
        assert upgraded.token_owner("demo", token) == pid
        assert upgraded.settings("demo") == expected.settings("demo") != {}
        room = upgraded.room("demo")
        assert room is not None
        state = upgraded.load_state(room)
        assert state == expected.load_state(room)
        assert [m.text for m in state.transcript] == ["hello", "welcome Ann"]
    finally:
        expected.close()
        upgraded.close()
    assert _version(old) == SCHEMA_VERSION


async def test_an_upgraded_database_serves_its_room(tmp_path):
    """A relay started on a first-schema file serves the room, and Ann's token still resumes her."""
    current, old = tmp_path / "current.sqlite3", tmp_path / "old.sqlite3"
    _, token, pid = await _a_meeting(current)
    _first_schema_copy(current, old)
    relay = Relay(old, "127.0.0.1", 0)
    await relay.start()
    try:
        seen = relay.room("demo").state.seq
        back = await WireClient.join(relay.url("demo"), "Ann", token=token)
        assert back.pid == pid and back.state.seq >= seen
        await back.close()
    finally:
        await relay.stop()


def test_a_failed_upgrade_leaves_the_file_as_it_was(tmp_path, monkeypatch):
    """A step that fails rolls back every step before it and the version number."""
    old = tmp_path / "old.sqlite3"
    db = sqlite3.connect(old)
    db.executescript(FIRST_SCHEMA)
    db.close()

    def broken(db: sqlite3.Connection) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(store_schema, "MIGRATIONS", (*store_schema.MIGRATIONS, broken))
    with pytest.raises(sqlite3.OperationalError):
        Store(old)
    db = sqlite3.connect(old)
    columns = {row[1] for row in db.execute("PRAGMA table_info(events)")}
    db.close()
    assert _version(old) == 0 and "subject" not in columns


def test_a_database_from_a_newer_relay_is_refused(tmp_path):
    """A file whose version is past this relay's is left alone with a sentence naming the upgrade."""
    path = tmp_path / "relay.sqlite3"
    Store(path).close()
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(SchemaTooNew, match="pip install -U talkingstick"):
        Store(path)
    assert _version(path) == SCHEMA_VERSION + 1


def test_the_command_line_says_why_a_newer_database_is_refused(tmp_path, capsys):
    """``room list`` on a newer file exits 2 and says it was written by a newer relay."""
    path = tmp_path / "relay.sqlite3"
    Store(path).close()
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    assert main(["room", "list", "--db", str(path)]) == 2
    assert "written by a newer talkingstick-relay" in capsys.readouterr().err
