"""The relay's only door to SQLite: rooms, keys, the event log, resume tokens, snapshots.

Nothing else in the relay speaks SQL. Every write commits before it returns, with the
database in WAL mode and ``synchronous=FULL``, so an event handed back by
``append_events`` survives the relay being killed the next instant. Secrets (the
facilitator key, resume tokens) are stored only as SHA-256 hashes: they are long random
strings, so a plain hash is enough and a stolen database reveals none of them.
"""

import hashlib
import hmac
import json
import re
import secrets
import sqlite3
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import msgpack

from protocol.codec import decode, encode
from protocol.frames import Event
from protocol.kinds import EventKind
from protocol.reducer import apply
from protocol.state import RoomState, state_from_wire, state_to_wire

ROOM_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,31}$")
_TEXT_KINDS = ", ".join(
    str(int(kind)) for kind in (EventKind.SAID, EventKind.NOTED, EventKind.READ_ALOUD, EventKind.DECLINED)
)
"""Events that carry what people wrote: deleted when a meeting's retention is over."""

SNAPSHOT_EVERY = 200
"""Events between saved snapshots, so a restart replays at most this many per room."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS rooms (
    name TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    key_hash TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    settings TEXT NOT NULL DEFAULT '{}',
    ended_seq INTEGER,
    ended_at INTEGER
);
CREATE TABLE IF NOT EXISTS events (
    room TEXT NOT NULL,
    seq INTEGER NOT NULL,
    kind INTEGER NOT NULL,
    actor INTEGER,
    request_id INTEGER,
    frame BLOB NOT NULL,
    PRIMARY KEY (room, seq)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS events_by_request ON events (room, actor, request_id)
    WHERE request_id IS NOT NULL;
CREATE TABLE IF NOT EXISTS tokens (
    room TEXT NOT NULL,
    token_hash TEXT NOT NULL,
    pid INTEGER NOT NULL,
    PRIMARY KEY (room, token_hash)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS snapshots (
    room TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    state BLOB NOT NULL
);
"""


class RoomExists(Exception):
    """A room of that name exists already."""


class BadRoomName(ValueError):
    """A room name must be 1-32 lowercase letters, digits, '-' or '_'."""


@dataclass(frozen=True)
class RoomRecord:
    """A room as stored: its name and title."""

    name: str
    title: str


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_secret() -> str:
    """A fresh random key or token (about 128 bits, URL-safe)."""
    return secrets.token_urlsafe(16)


class Store:
    """The relay database. One instance per process; not shared across threads."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute("PRAGMA busy_timeout=5000")
        # Deleted meeting text is overwritten on disk, not just unlinked from the b-tree.
        self._db.execute("PRAGMA secure_delete=ON")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        """Close the database."""
        self._db.close()

    # Rooms and keys

    def create_room(self, name: str, title: str) -> str:
        """Create a room and return its facilitator key, which is not stored in clear.

        Raises:
            BadRoomName: the name is not a valid room name.
            RoomExists: a room of that name exists.
        """
        if not ROOM_NAME.match(name):
            raise BadRoomName(name)
        key = new_secret()
        try:
            self._db.execute(
                "INSERT INTO rooms (name, title, key_hash, created_at) VALUES (?, ?, ?, ?)",
                (name, title, _hash(key), int(time.time())),
            )
        except sqlite3.IntegrityError as exc:
            raise RoomExists(name) from exc
        return key

    def rotate_key(self, name: str) -> str | None:
        """Give a room a new facilitator key; the old one stops working. None if no room."""
        key = new_secret()
        cursor = self._db.execute("UPDATE rooms SET key_hash = ? WHERE name = ?", (_hash(key), name))
        return key if cursor.rowcount else None

    def delete_room(self, name: str) -> bool:
        """Delete a room with its events, tokens and snapshot. False if there was none."""
        with self._transaction():
            for table in ("events", "tokens", "snapshots"):
                self._db.execute(f"DELETE FROM {table} WHERE room = ?", (name,))
            cursor = self._db.execute("DELETE FROM rooms WHERE name = ?", (name,))
        return bool(cursor.rowcount)

    def rooms(self) -> list[RoomRecord]:
        """Every room, by name."""
        rows = self._db.execute("SELECT name, title FROM rooms ORDER BY name").fetchall()
        return [RoomRecord(name, title) for name, title in rows]

    def room(self, name: str) -> RoomRecord | None:
        """The room called ``name``, or None."""
        row = self._db.execute("SELECT name, title FROM rooms WHERE name = ?", (name,)).fetchone()
        return RoomRecord(*row) if row else None

    def key_matches(self, name: str, key: str) -> bool:
        """Whether ``key`` is the room's facilitator key."""
        row = self._db.execute("SELECT key_hash FROM rooms WHERE name = ?", (name,)).fetchone()
        return bool(row) and hmac.compare_digest(row[0], _hash(key))

    # Events

    def append_events(self, room: str, events: Iterable[Event], state_after: RoomState) -> None:
        """Commit ``events`` in one transaction (and a snapshot when one is due)."""
        with self._transaction():
            for event in events:
                self._db.execute(
                    "INSERT INTO events (room, seq, kind, actor, request_id, frame) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (room, event.seq, int(event.kind), event.actor, event.request_id, encode(event)),
                )
            last = self._db.execute("SELECT seq FROM snapshots WHERE room = ?", (room,)).fetchone()
            if state_after.seq - (last[0] if last else 0) >= SNAPSHOT_EVERY:
                self._save_snapshot(room, state_after)

    def event_frames_after(self, room: str, seq: int, limit: int) -> list[bytes] | None:
        """The stored frames of events after ``seq``, or None if there are more than ``limit``."""
        rows = self._db.execute(
            "SELECT frame FROM events WHERE room = ? AND seq > ? ORDER BY seq LIMIT ?",
            (room, seq, limit + 1),
        ).fetchall()
        if len(rows) > limit:
            return None
        return [row[0] for row in rows]

    def applied_request(self, room: str, actor: int, request_id: int) -> int | None:
        """The seq of the event already recorded for this actor's request, if any."""
        row = self._db.execute(
            "SELECT seq FROM events WHERE room = ? AND actor = ? AND request_id = ? LIMIT 1",
            (room, actor, request_id),
        ).fetchone()
        return row[0] if row else None

    def load_state(self, room: RoomRecord) -> RoomState:
        """Rebuild a room's state: its last snapshot, then every event after it."""
        row = self._db.execute("SELECT seq, state FROM snapshots WHERE room = ?", (room.name,)).fetchone()
        if row:
            state = state_from_wire(msgpack.unpackb(row[1], raw=False))
        else:
            state = RoomState(name=room.name, title=room.title)
        for (frame,) in self._db.execute(
            "SELECT frame FROM events WHERE room = ? AND seq > ? ORDER BY seq", (room.name, state.seq)
        ):
            event = decode(frame)
            if isinstance(event, Event):
                state = apply(state, event)
        return state

    # Meeting privacy

    def mark_meeting_ended(self, room: str, seq: int, at: int) -> None:
        """Remember that the meeting ended at event ``seq`` (its text is due for deletion)."""
        self._db.execute("UPDATE rooms SET ended_seq = ?, ended_at = ? WHERE name = ?", (seq, at, room))

    def meetings_to_purge(self) -> list[tuple[str, int, int]]:
        """Rooms whose ended meeting still has text: (room, ended seq, ended at)."""
        return self._db.execute(
            "SELECT name, ended_seq, ended_at FROM rooms WHERE ended_seq IS NOT NULL"
        ).fetchall()

    def purge_meeting_text(self, room: str, upto_seq: int, state_now: RoomState) -> int:
        """Delete every message, note and read-aloud paragraph up to ``upto_seq``.

        The snapshot is rewritten from ``state_now`` (whose transcript no longer holds the
        ended meeting's words), and the WAL is checkpointed so no copy lingers there.
        Returns how many events were deleted.
        """
        with self._transaction():
            cursor = self._db.execute(
                f"DELETE FROM events WHERE room = ? AND seq <= ? AND kind IN ({_TEXT_KINDS})",
                (room, upto_seq),
            )
            self._db.execute("DELETE FROM snapshots WHERE room = ?", (room,))
            self._save_snapshot(room, state_now)
            self._db.execute(
                "UPDATE rooms SET ended_seq = NULL, ended_at = NULL WHERE name = ? AND ended_seq <= ?",
                (room, upto_seq),
            )
        self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return cursor.rowcount

    # Room settings (welcome text, resources, retention, directory entry)

    def settings(self, name: str) -> dict[str, Any]:
        """A room's settings as a dict (empty if none were set)."""
        row = self._db.execute("SELECT settings FROM rooms WHERE name = ?", (name,)).fetchone()
        return json.loads(row[0]) if row else {}

    def update_settings(self, name: str, changes: dict[str, Any]) -> bool:
        """Merge ``changes`` into a room's settings (a None value removes a key)."""
        current = self.settings(name)
        current.update(changes)
        current = {k: v for k, v in current.items() if v is not None}
        cursor = self._db.execute(
            "UPDATE rooms SET settings = ? WHERE name = ?", (json.dumps(current, ensure_ascii=False), name)
        )
        return bool(cursor.rowcount)

    def _save_snapshot(self, room: str, state: RoomState) -> None:
        blob = msgpack.packb(state_to_wire(state), use_bin_type=True)
        self._db.execute(
            "INSERT OR REPLACE INTO snapshots (room, seq, state) VALUES (?, ?, ?)", (room, state.seq, blob)
        )

    # Resume tokens

    def issue_token(self, room: str, pid: int) -> str:
        """A new resume token for participant ``pid``."""
        token = new_secret()
        self._db.execute(
            "INSERT INTO tokens (room, token_hash, pid) VALUES (?, ?, ?)", (room, _hash(token), pid)
        )
        return token

    def token_owner(self, room: str, token: str) -> int | None:
        """The participant a resume token belongs to, or None."""
        row = self._db.execute(
            "SELECT pid FROM tokens WHERE room = ? AND token_hash = ?", (room, _hash(token))
        ).fetchone()
        return row[0] if row else None

    def forget_tokens(self, room: str, pid: int) -> None:
        """Invalidate every resume token of ``pid`` (they left or were removed)."""
        self._db.execute("DELETE FROM tokens WHERE room = ? AND pid = ?", (room, pid))

    def _transaction(self) -> "_Transaction":
        return _Transaction(self._db)


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on error."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __enter__(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: object, *_: object) -> None:
        self._db.execute("ROLLBACK" if exc_type else "COMMIT")
