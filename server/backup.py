"""Copies of the whole relay database: a backup taken while the relay serves, and its restore.

This is the only module besides the store (``server.store``, ``server.store_schema``)
that speaks SQL, and it speaks very little: it works on the database file as a whole
(SQLite's online backup API, a lock check, the schema's version), never on rooms or
events, so it needs none of the store's knowledge and must not open a ``Store`` (that
would migrate the live file or the copy).

``backup`` opens the live database read-only and copies it with
``sqlite3.Connection.backup`` in one read transaction: a consistent copy even while the
relay writes, without talking to it and without holding it up. The copy is made 0600
before SQLite writes to it, like the database itself (it holds who came and what they
said), and moved into place only when complete.

``restore`` puts a copy back while no relay has the database open. SQLite itself says
whether one does: a connection asking for an exclusive lock with
``locking_mode=EXCLUSIVE`` is refused while any other connection (a relay, a backup in
progress) holds the file in WAL mode. Restoring under a live relay would swap its data
from under it, so there is no ``--force``.
"""

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from server.private_files import PRIVATE_FILE, make_private_directory, tighten
from server.store_schema import SCHEMA_VERSION

ALL_PAGES = -1
"""Copy the whole file in one step, inside one read transaction. With the database in WAL
mode that reader never blocks the relay's writes (they go on into the WAL); copying in
smaller steps instead would start over each time the relay wrote between two steps, and
a busy relay could keep a large backup from ever finishing."""


class BackupError(Exception):
    """A backup or restore that cannot be done, with the sentence that says why."""


@dataclass(frozen=True)
class Copied:
    """What a backup or restore copied: the file written, its schema version, its rooms."""

    path: Path
    schema_version: int
    rooms: int


def _open_read_only(path: Path) -> sqlite3.Connection:
    if not path.is_file():
        raise BackupError(f"{path}: no such database.")
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)


def _describe(db: sqlite3.Connection, path: Path) -> tuple[int, int]:
    """The schema version and number of rooms of a relay database; BackupError if it is none."""
    try:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        rooms = db.execute("SELECT count(*) FROM rooms").fetchone()[0]
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is not a talkingstick relay database ({error}).") from error
    return version, rooms


def _fresh_private_file(path: Path) -> None:
    make_private_directory(path.parent)
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
    os.close(descriptor)
    tighten(path)


def backup(database: Path, target: Path) -> Copied:
    """Copy the live ``database`` into ``target`` (0600), replacing it only once complete.

    Raises:
        BackupError: The database is missing or not a relay's, or the copy failed.
    """
    partial = target.with_name(target.name + ".partial")
    source = _open_read_only(database)
    try:
        _describe(source, database)
        _fresh_private_file(partial)
        copy = sqlite3.connect(partial, isolation_level=None)
        try:
            source.backup(copy, pages=ALL_PAGES)
            # A single file: the copy carries no -wal beside it when moved or mailed.
            copy.execute("PRAGMA journal_mode=DELETE")
            version, rooms = _describe(copy, partial)
        finally:
            copy.close()
    except sqlite3.Error as error:
        partial.unlink(missing_ok=True)
        raise BackupError(f"Backup of {database} failed: {error}") from error
    finally:
        source.close()
    os.replace(partial, target)
    return Copied(target, version, rooms)


def restore(copy_path: Path, database: Path) -> Copied:
    """Put the backup ``copy_path`` in place of ``database``, which no relay may have open.

    The relay migrates an older copy at its next start.

    Raises:
        BackupError: The copy is not a relay database, is newer than this relay, or the
            database is in use.
    """
    source = _open_read_only(copy_path)
    try:
        version, rooms = _describe(source, copy_path)
        if version > SCHEMA_VERSION:
            raise BackupError(
                f"{copy_path} has schema version {version}; this relay knows up to {SCHEMA_VERSION}. "
                "Upgrade first with: pip install -U talkingstick"
            )
        if database.exists():
            tighten(database)
        else:
            _fresh_private_file(database)
        target = sqlite3.connect(database, isolation_level=None, timeout=0)
        try:
            target.execute("PRAGMA locking_mode=EXCLUSIVE")
            try:
                target.execute("BEGIN EXCLUSIVE")
                target.execute("ROLLBACK")
            except sqlite3.OperationalError as error:
                raise BackupError(
                    f"{database} is in use (a running relay, or a backup in progress). "
                    "Stop the relay first (systemctl stop talkingstick-relay), then restore."
                ) from error
            source.backup(target, pages=ALL_PAGES)
        finally:
            target.close()
    except sqlite3.Error as error:
        raise BackupError(f"Restore of {copy_path} failed: {error}") from error
    finally:
        source.close()
    tighten(database)
    return Copied(database, version, rooms)
