"""Relay: the database files are private, and the WAL is emptied even past another reader."""

import logging
import os
import sqlite3
import stat

import server.paths
from protocol import CommandKind
from server.relay import Relay
from server.store import Store
from tests.server.test_meeting_purge import database_bytes, wait_until
from tests.wire_client import WireClient


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_a_new_database_and_its_folder_are_private(tmp_path):
    """A store creates its folder 0700 and the database, WAL and shm files 0600."""
    db = tmp_path / "fresh" / "deeper" / "relay.sqlite3"
    store = Store(db)
    store.create_room("grp", "Group")
    try:
        assert _mode(tmp_path / "fresh") == 0o700 and _mode(db.parent) == 0o700
        assert [_mode(db.with_name(db.name + suffix)) for suffix in ("", "-wal", "-shm")] == [0o600] * 3
    finally:
        store.close()


def test_a_database_left_readable_by_others_is_tightened(tmp_path):
    """Opening a database an older relay left 0644 (with its WAL and shm) makes all three 0600."""
    db = tmp_path / "relay.sqlite3"
    old = sqlite3.connect(db)
    old.execute("PRAGMA journal_mode=WAL")
    old.execute("CREATE TABLE t (x)")
    old.execute("INSERT INTO t VALUES (1)")
    old.commit()
    parts = [db.with_name(db.name + suffix) for suffix in ("", "-wal", "-shm")]
    for part in parts:
        os.chmod(part, 0o644)
    store = Store(db)
    try:
        assert [_mode(part) for part in parts] == [0o600] * 3
    finally:
        store.close()
        old.close()


def test_an_existing_folder_keeps_its_own_permissions(tmp_path):
    """A folder the operator made is not changed; only the files in it are private."""
    folder = tmp_path / "theirs"
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    store = Store(folder / "relay.sqlite3")
    store.close()
    assert _mode(folder) == 0o755 and _mode(folder / "relay.sqlite3") == 0o600


def test_the_default_database_folder_is_private(tmp_path, monkeypatch):
    """The user data folder the relay creates for its default database is 0700."""
    monkeypatch.setattr(server.paths.platformdirs, "user_data_path", lambda *_, **__: tmp_path / "ts")
    assert server.paths.default_db_path() == tmp_path / "ts" / "relay.sqlite3"
    assert _mode(tmp_path / "ts") == 0o700


_FIRST_SCHEMA = """
CREATE TABLE rooms (name TEXT PRIMARY KEY, title TEXT NOT NULL, key_hash TEXT NOT NULL,
    created_at INTEGER NOT NULL, settings TEXT NOT NULL DEFAULT '{}', ended_seq INTEGER, ended_at INTEGER);
CREATE TABLE events (room TEXT NOT NULL, seq INTEGER NOT NULL, kind INTEGER NOT NULL, actor INTEGER,
    request_id INTEGER, frame BLOB NOT NULL, PRIMARY KEY (room, seq)) WITHOUT ROWID;
CREATE TABLE tokens (room TEXT NOT NULL, token_hash TEXT NOT NULL, pid INTEGER NOT NULL,
    PRIMARY KEY (room, token_hash)) WITHOUT ROWID;
CREATE TABLE snapshots (room TEXT PRIMARY KEY, seq INTEGER NOT NULL, state BLOB NOT NULL);
INSERT INTO rooms (name, title, key_hash, created_at) VALUES ('grp', 'Group', 'x', 0);
"""
"""The tables as the first relays created them, before purges and toggles had columns."""


async def test_a_database_from_an_older_relay_gains_the_new_columns_and_serves(tmp_path):
    """A database without the purge and toggle columns opens, and its room takes toggles."""
    db = tmp_path / "relay.sqlite3"
    with sqlite3.connect(db) as old:
        old.executescript(_FIRST_SCHEMA)
    async with Relay(db) as relay:
        ann = await WireClient.join(relay.url("grp"), "Ann")
        await ann.answer_to(await ann.send(CommandKind.SUPPORT, True))
        assert relay.room("grp").state.support == {ann.pid}
        await ann.close()


async def test_the_wal_is_emptied_once_another_reader_lets_go(tmp_path, caplog):
    """A purge waits for a reading process without blocking, then empties the WAL, logging each once."""
    caplog.set_level(logging.INFO, logger="server.wal")
    db = tmp_path / "relay.sqlite3"
    relay = Relay(db)
    await relay.start()
    backup = sqlite3.connect(db, isolation_level=None)
    try:
        key = relay.create_room("grp", "Group")
        fac = await WireClient.join(relay.url("grp"), "Fran", key)
        await fac.answer_to(await fac.send(CommandKind.SAY, "words a backup must not keep"))
        backup.execute("BEGIN")
        backup.execute("SELECT count(*) FROM events").fetchone()  # holds a read transaction
        await fac.answer_to(await fac.send(CommandKind.END_MEETING))
        await wait_until(lambda: relay.store.wal.waiting, "the relay waits for the reader")
        for _ in range(3):  # the relay keeps serving while it waits
            await fac.answer_to(await fac.send(CommandKind.RAISE))
            await fac.answer_to(await fac.send(CommandKind.LOWER, fac.pid))
        assert b"words a backup must not keep" in database_bytes(db)  # still in old WAL frames
        backup.execute("COMMIT")
        await wait_until(lambda: not relay.store.wal.waiting, "the WAL is emptied")
        assert os.path.getsize(db.with_name(db.name + "-wal")) == 0
        assert b"words a backup must not keep" not in database_bytes(db)
        await fac.close()
    finally:
        backup.close()
        await relay.stop()
    messages = [record.getMessage() for record in caplog.records if record.name == "server.wal"]
    assert sum("waiting for another reader" in m for m in messages) == 1
    assert sum("the WAL is empty again" in m for m in messages) == 1
