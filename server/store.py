"""The relay's only door to SQLite: rooms, keys, the event log, resume tokens, snapshots.

Nothing else in the relay speaks SQL (but ``server.store_schema``, part of the store).
Every write commits before it returns, with the database in WAL mode and
``synchronous=FULL``, so an event handed back by ``append_events`` survives the relay
being killed the next instant. Secrets (the
facilitator key, resume tokens) are stored only as SHA-256 hashes: they are long random
strings, so a plain hash is enough and a stolen database reveals none of them.

What stays on disk: the file and its directory are private to the relay's user
(``server.private_files``). Once an ended meeting's retention is over, ``purge_meeting``
deletes every event before its end (names, words, notes, support, silences, the waiting
list), rewrites the snapshot from the room as it carries on, forgets the tokens of
everyone gone and empties the WAL (``server.wal``). People still in the room then are
named only in that snapshot, which is rewritten as each of them leaves. Within a
meeting, repeated private toggles (support, silence, waiting-room answers) keep only
their latest ``TOGGLES_KEPT`` records per person, so a stream of them cannot grow the
file without bound. A room whose stored events no longer rebuild raises
``RoomUnavailable`` instead of taking the relay down.

The schema carries its version in ``PRAGMA user_version``: opening a database runs the
``MIGRATIONS`` it lacks, in order, in one transaction, and refuses one written by a newer
relay (``SchemaTooNew``); the tables and their versions are in ``server.store_schema``,
part of the store. ``server.backup`` copies the whole file and speaks SQL too.
"""

import hashlib
import hmac
import json
import logging
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
from protocol.errors import ProtocolError
from protocol.frames import Event
from protocol.kinds import EventKind
from protocol.reducer import apply
from protocol.state import RoomState, state_from_wire, state_to_wire
from server.private_files import make_private_database, tighten

# The schema's versions live beside the store; the names stay importable from here.
from server.store_schema import MIGRATIONS as MIGRATIONS
from server.store_schema import SCHEMA_VERSION as SCHEMA_VERSION
from server.store_schema import SchemaTooNew, migrate
from server.wal import WalTruncation

log = logging.getLogger(__name__)

ROOM_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,31}$")

SNAPSHOT_EVERY = 200
"""Events between saved snapshots, so a restart replays at most this many per room."""

BUSY_TIMEOUT_MS = 5000

WAL_PAGES = 256
"""Pages (4 KiB each) the WAL may hold before SQLite copies them into the database; the
file is cut back to ``WAL_BYTES`` after each such checkpoint. The WAL then stays about 1 MiB
instead of SQLite's default 4 MiB, and old frames are overwritten sooner."""
WAL_BYTES = WAL_PAGES * 4096

_TOGGLE_KINDS = frozenset({EventKind.SUPPORT_SET, EventKind.SILENCED, EventKind.WAITER_UPDATED})
_TOGGLE_KINDS |= {EventKind.LINK_HEALTH, EventKind.STEPPED_OUT}
"""Private per-person settings whose every event states the whole value (its first field
is the person): a later one makes the earlier ones of the same person useless for
rebuilding the room or catching a client up."""

TOGGLES_KEPT = 32
"""Records of one toggle kind kept per person. The older ones go: a resume replays the
newer ones, which end in the same state. More than one is kept so that a command retried
after a lost acknowledgement still finds its record instead of being applied again (only
a burst of more than this many toggles lost in flight could miss it)."""


class RoomExists(Exception):
    """A room of that name exists already."""


class BadRoomName(ValueError):
    """A room name must be 1-32 lowercase letters, digits, '-' or '_'."""


class RoomUnavailable(Exception):
    """A stored room cannot be rebuilt (an event that no longer decodes, a reducer error).

    The relay keeps that room closed and serves the others.
    """

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"room {name}: {reason}")
        self.name = name
        self.reason = reason


@dataclass(frozen=True)
class RoomRecord:
    """A room as stored: its name and title."""

    name: str
    title: str


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_secret() -> str:
    """A fresh random key or token (about 128 bits, URL-safe), never beginning with "-".

    A key is pasted after ``--key``; one beginning with "-" would read as an option there.
    """
    while True:
        secret = secrets.token_urlsafe(16)
        if not secret.startswith("-"):
            return secret


class Store:
    """The relay database. One instance per process; not shared across threads."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        make_private_database(self.path)  # before SQLite: its -wal and -shm copy the file's mode
        self._db = sqlite3.connect(self.path, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        self._db.execute(f"PRAGMA wal_autocheckpoint={WAL_PAGES}")
        self._db.execute(f"PRAGMA journal_size_limit={WAL_BYTES}")
        # Deleted meeting text is overwritten on disk, not just unlinked from the b-tree.
        self._db.execute("PRAGMA secure_delete=ON")
        try:
            migrate(self._db, self.path)
        except (SchemaTooNew, sqlite3.Error):  # the file is left as it was, and closed
            self._db.close()
            raise
        tighten(self.path)  # a -wal or -shm left 0644 by an older relay
        self.wal = WalTruncation(self._truncate_wal, str(self.path))
        """Empties the WAL after a purge, waiting on a timer for other readers if need be."""
        self._lingering: dict[str, frozenset[int]] = {
            name: frozenset(json.loads(pids))
            for name, pids in self._db.execute(
                "SELECT name, lingering FROM rooms WHERE lingering IS NOT NULL"
            )
        }

    def close(self) -> None:
        """Close the database (SQLite checkpoints and removes the WAL if no one else reads it)."""
        if self.wal.waiting:
            log.warning(
                "%s: closing while another reader holds the WAL; deleted meeting text may stay "
                "in it until the relay next deletes a meeting",
                self.path,
            )
        self.wal.cancel()
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
        self._lingering.pop(name, None)
        self.wal.request()
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
        """Commit ``events`` in one transaction (and a snapshot when one is due).

        Older records of a repeated toggle are dropped in the same transaction, and the
        snapshot is rewritten when someone it names since the last purge has left.
        """
        toggled: set[tuple[int, int]] = set()
        with self._transaction():
            for event in events:
                subject = event.fields[0] if event.kind in _TOGGLE_KINDS else None
                self._db.execute(
                    "INSERT INTO events (room, seq, kind, actor, request_id, frame, subject) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (room, event.seq, int(event.kind), event.actor, event.request_id, encode(event), subject),
                )
                if subject is not None:
                    toggled.add((int(event.kind), subject))
            for kind, subject in toggled:
                self._drop_old_toggles(room, kind, subject)
            still_here = self._still_here(room, state_after)
            if still_here is not None:
                self._store_lingering(room, still_here)
            last = self._db.execute("SELECT seq FROM snapshots WHERE room = ?", (room,)).fetchone()
            if still_here is not None or state_after.seq - (last[0] if last else 0) >= SNAPSHOT_EVERY:
                self._save_snapshot(room, state_after)
        if still_here is not None:
            self._remember_lingering(room, still_here)
            self.wal.request()  # the snapshot that named them must leave the WAL too

    def _drop_old_toggles(self, room: str, kind: int, subject: int) -> None:
        self._db.execute(
            "DELETE FROM events WHERE room = ? AND kind = ? AND subject = ? AND seq < ("
            " SELECT seq FROM events WHERE room = ? AND kind = ? AND subject = ?"
            " ORDER BY seq DESC LIMIT 1 OFFSET ?)",
            (room, kind, subject, room, kind, subject, TOGGLES_KEPT - 1),
        )

    def _still_here(self, room: str, state: RoomState) -> frozenset[int] | None:
        """Who of those present at the last purge is still here, if someone of them has left.

        None when nobody has: the snapshot need not change. Otherwise the snapshot,
        which still names the ones who left, must be rewritten.
        """
        lingering = self._lingering.get(room)
        if not lingering:
            return None
        still_here = frozenset(p for p in lingering if p in state.participants or p in state.waiting)
        return None if still_here == lingering else still_here

    def _store_lingering(self, room: str, pids: frozenset[int]) -> None:
        stored = json.dumps(sorted(pids)) if pids else None
        self._db.execute("UPDATE rooms SET lingering = ? WHERE name = ?", (stored, room))

    def _remember_lingering(self, room: str, pids: frozenset[int]) -> None:
        """Keep the committed list in memory (only after the commit, so a rollback leaves it)."""
        if pids:
            self._lingering[room] = pids
        else:
            self._lingering.pop(room, None)

    def event_frames_after(self, room: str, seq: int, limit: int) -> list[bytes] | None:
        """The stored frames of events after ``seq``, or None when a snapshot must do instead.

        None when there are more than ``limit``, when a purge deleted some of them, or
        when one of them no longer decodes (a snapshot is the only safe answer then).
        """
        row = self._db.execute("SELECT purged_through FROM rooms WHERE name = ?", (room,)).fetchone()
        if row is not None and row[0] is not None and seq < row[0]:
            return None
        rows = self._db.execute(
            "SELECT seq, frame FROM events WHERE room = ? AND seq > ? ORDER BY seq LIMIT ?",
            (room, seq, limit + 1),
        ).fetchall()
        if len(rows) > limit:
            return None
        for event_seq, frame in rows:
            try:
                decode(frame)
            except ProtocolError as error:
                log.error("room %s: stored event %d no longer decodes (%s)", room, event_seq, error.message)
                return None
        return [frame for _, frame in rows]

    def first_frames_after(self, room: str, seq: int, count: int) -> list[bytes]:
        """The stored frames of at most ``count`` events after ``seq``, oldest first (for link reports)."""
        rows = self._db.execute(
            "SELECT frame FROM events WHERE room = ? AND seq > ? ORDER BY seq LIMIT ?", (room, seq, count)
        ).fetchall()
        return [frame for (frame,) in rows]

    def applied_request(self, room: str, actor: int, request_id: int, after: int = 0) -> int | None:
        """The seq of the event already recorded for this actor's request after seq ``after``, if any."""
        row = self._db.execute(
            "SELECT seq FROM events WHERE room = ? AND actor = ? AND request_id = ? AND seq > ? LIMIT 1",
            (room, actor, request_id, after),
        ).fetchone()
        return row[0] if row else None

    def load_state(self, room: RoomRecord) -> RoomState:
        """Rebuild a room's state: its last snapshot, then every event after it.

        Raises:
            RoomUnavailable: the snapshot or an event no longer reads, or the reducer
                failed on one: the room cannot be served as stored.
        """
        row = self._db.execute("SELECT seq, state FROM snapshots WHERE room = ?", (room.name,)).fetchone()
        try:
            if row:
                state = state_from_wire(msgpack.unpackb(row[1], raw=False))
            else:
                state = RoomState(name=room.name, title=room.title)
        except Exception as exc:  # any failure means the same: this room cannot be rebuilt
            raise RoomUnavailable(room.name, f"its snapshot at event {row[0]} cannot be read: {exc}") from exc
        for seq, frame in self._db.execute(
            "SELECT seq, frame FROM events WHERE room = ? AND seq > ? ORDER BY seq", (room.name, state.seq)
        ).fetchall():
            try:
                event = decode(frame)
                if isinstance(event, Event):
                    state = apply(state, event)
            except Exception as exc:
                raise RoomUnavailable(room.name, f"stored event {seq} cannot be replayed: {exc}") from exc
        return state

    # Meeting privacy

    def mark_meeting_ended(self, room: str, seq: int, at: int) -> None:
        """Remember that the meeting ended at event ``seq`` (its records are due for deletion)."""
        self._db.execute("UPDATE rooms SET ended_seq = ?, ended_at = ? WHERE name = ?", (seq, at, room))

    def meetings_to_purge(self) -> list[tuple[str, int, int]]:
        """Rooms whose ended meeting still has records: (room, ended seq, ended at)."""
        return self._db.execute(
            "SELECT name, ended_seq, ended_at FROM rooms WHERE ended_seq IS NOT NULL"
        ).fetchall()

    def purge_meeting(self, room: str, ended_seq: int, state_now: RoomState) -> int:
        """Delete every record of the meeting that ended at event ``ended_seq``.

        Every event before the end goes: what people wrote, who came, waited, was
        declined, asked for support or was silenced. Only the ``MEETING_ENDED`` event
        itself stays, so a retried end is recognised. The snapshot is rewritten from
        ``state_now`` (the room as it carries on: agenda, readings, numbering, and the
        people still in it, who are forgotten as they leave), the tokens of everyone gone
        are deleted, and the WAL is emptied (later if another process is reading).
        Returns how many events were deleted.
        """
        present = frozenset([*state_now.participants, *state_now.waiting])
        with self._transaction():
            cursor = self._db.execute("DELETE FROM events WHERE room = ? AND seq < ?", (room, ended_seq))
            tokens = self._db.execute("SELECT DISTINCT pid FROM tokens WHERE room = ?", (room,)).fetchall()
            for (pid,) in tokens:
                if pid not in present:
                    self._db.execute("DELETE FROM tokens WHERE room = ? AND pid = ?", (room, pid))
            self._db.execute("DELETE FROM snapshots WHERE room = ?", (room,))
            self._save_snapshot(room, state_now)
            self._db.execute(
                "UPDATE rooms SET purged_through = max(coalesce(purged_through, 0), ?) WHERE name = ?",
                (ended_seq - 1, room),
            )
            self._db.execute(
                "UPDATE rooms SET ended_seq = NULL, ended_at = NULL WHERE name = ? AND ended_seq <= ?",
                (room, ended_seq),
            )
            self._store_lingering(room, present)
        self._remember_lingering(room, present)
        self.wal.request()
        return cursor.rowcount

    def _truncate_wal(self) -> bool:
        """Checkpoint and truncate the WAL without waiting; False while another reader holds it."""
        self._db.execute("PRAGMA busy_timeout=0")  # never block the event loop on a reader
        try:
            busy, _, _ = self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        finally:
            self._db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        return busy == 0

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
