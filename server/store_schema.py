"""The relay database's schema and its numbered versions: the part of the store that builds tables.

Each version is one step in ``MIGRATIONS`` (append only: a released step never changes),
``SCHEMA_VERSION`` is the version this relay writes in ``PRAGMA user_version``, and
``migrate`` runs the steps a database lacks, in order, in one transaction, refusing a
file written by a newer relay (``SchemaTooNew``). It belongs to the store
(``server.store``), which runs it on every database it opens; ``server.backup`` reads
``SCHEMA_VERSION`` to check a copy. Nothing else creates or alters a table. It reads and
writes no rooms, events or tokens.
"""

import logging
import sqlite3
from pathlib import Path

log = logging.getLogger("server.store")
"""The store's logger: an upgrade is logged under the same name as the rest of the store's work."""

_FIRST_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS rooms (
        name TEXT PRIMARY KEY, title TEXT NOT NULL, key_hash TEXT NOT NULL,
        created_at INTEGER NOT NULL, settings TEXT NOT NULL DEFAULT '{}',
        ended_seq INTEGER, ended_at INTEGER)""",
    """CREATE TABLE IF NOT EXISTS events (
        room TEXT NOT NULL, seq INTEGER NOT NULL, kind INTEGER NOT NULL, actor INTEGER,
        request_id INTEGER, frame BLOB NOT NULL, PRIMARY KEY (room, seq)) WITHOUT ROWID""",
    """CREATE INDEX IF NOT EXISTS events_by_request ON events (room, actor, request_id)
        WHERE request_id IS NOT NULL""",
    """CREATE TABLE IF NOT EXISTS tokens (
        room TEXT NOT NULL, token_hash TEXT NOT NULL, pid INTEGER NOT NULL,
        PRIMARY KEY (room, token_hash)) WITHOUT ROWID""",
    """CREATE TABLE IF NOT EXISTS snapshots (
        room TEXT PRIMARY KEY, seq INTEGER NOT NULL, state BLOB NOT NULL)""",
)
"""The tables as the first relay made them (``IF NOT EXISTS``: an unnumbered database has them)."""


def _create_first_tables(db: sqlite3.Connection) -> None:
    """Version 1: rooms, the event log, resume tokens, snapshots."""
    for statement in _FIRST_SCHEMA:
        db.execute(statement)


def _add_purges_and_toggles(db: sqlite3.Connection) -> None:
    """Version 2: ``rooms.purged_through``, ``rooms.lingering``, ``events.subject``.

    ``purged_through``: the last event deleted by a purge (a resume from before it gets a
    snapshot). ``lingering``: who was still in the room at the purge, as a JSON list of
    pids, until they have left. ``subject``: the person a toggle event is about. A relay
    from before numbered versions may have added some of them already, hence the check.
    """
    added = {"rooms": {"purged_through": "INTEGER", "lingering": "TEXT"}, "events": {"subject": "INTEGER"}}
    for table, columns in added.items():
        present = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
        for column, kind in columns.items():
            if column not in present:
                db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")
    db.execute(
        "CREATE INDEX IF NOT EXISTS events_by_subject ON events (room, kind, subject) "
        "WHERE subject IS NOT NULL"
    )


MIGRATIONS = (_create_first_tables, _add_purges_and_toggles)
"""The schema's history, one step per version: ``MIGRATIONS[n - 1]`` takes a database from
version ``n - 1`` to ``n``. Append only; a step, once released, never changes."""

SCHEMA_VERSION = len(MIGRATIONS)
"""The version this relay writes in ``PRAGMA user_version``."""


class SchemaTooNew(Exception):
    """The database was written by a newer relay than this one."""

    def __init__(self, path: Path, found: int) -> None:
        super().__init__(
            f"{path} has schema version {found}, but this relay knows versions up to {SCHEMA_VERSION}: "
            "it was written by a newer talkingstick-relay. Upgrade with: pip install -U talkingstick "
            "(or restore a backup taken before the upgrade)."
        )
        self.found = found


def migrate(db: sqlite3.Connection, path: Path) -> int:
    """Bring ``db`` (opened with ``isolation_level=None``) up to ``SCHEMA_VERSION``.

    Every missing step runs in order inside one transaction with the new
    ``user_version``, so a failed upgrade leaves the file as it was.

    Returns:
        The version the database had before.

    Raises:
        SchemaTooNew: The file is newer than this relay.
    """
    db.execute("BEGIN IMMEDIATE")
    try:
        found = db.execute("PRAGMA user_version").fetchone()[0]
        if found > SCHEMA_VERSION:
            raise SchemaTooNew(path, found)
        for step in MIGRATIONS[found:]:
            step(db)
        if found != SCHEMA_VERSION:
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
    if found < SCHEMA_VERSION:
        log.info("%s: schema upgraded from version %d to %d", path, found, SCHEMA_VERSION)
    return found
