"""The public directory of a relay's rooms, served as JSON by ``GET /rooms``.

Each entry joins what the room is doing now (people present, current agenda item) with
the directory part of its settings, which an operator sets with
``talkingstick-relay room set``: the format, typical size, style, a description, a
contact, and a schedule from which the next start is worked out. The entry is public: it
counts people but never names them. The JSON shape of an entry is
``protocol.directory.RoomEntry``, which the client reads back.

Building the listing reads every room's settings from the store: about 40 ms for 500
rooms, all of it on the event loop that carries the meetings. ``DirectoryCache`` keeps
the answer and builds it again at most once a second, or at once when what the
directory shows of a live room changes (who is present, the current item, a room
added), so a crowd asking for ``/rooms`` costs the meetings almost nothing and a
change made from the command line shows within a second.
"""

import json
import time
from collections.abc import Callable, Hashable
from datetime import UTC, datetime
from typing import Any

from protocol.directory import DIRECTORY_TEXT_FIELDS, RoomEntry, directory_limit
from protocol.schedule import next_start, parse_schedule
from protocol.state import RoomState
from protocol.text import for_display, for_display_line
from server.rooms import RoomLookup
from server.settings import RoomSettings
from server.store import Store

TEXT_FIELDS = DIRECTORY_TEXT_FIELDS
"""Free-text directory fields, as ``GET /rooms`` names them."""

DIRECTORY_FIELDS = ("schedule", *TEXT_FIELDS)
"""Every key of a room's ``directory`` setting."""


def checked_field(key: str, value: str) -> str | None:
    """A directory value as it will be stored: trimmed, checked, None when blank.

    A schedule is stored in its canonical form (``weekly Tue 19:00 America/Chicago``).

    Args:
        key: One of ``DIRECTORY_FIELDS``.
        value: What the operator typed; blank clears the field.

    Raises:
        ValueError: for an unknown key, a value that is too long, or a bad schedule.
    """
    if key not in DIRECTORY_FIELDS:
        raise ValueError(f"Unknown directory field {key!r}.")
    value = value.strip()
    if not value:
        return None
    if key == "schedule":
        return parse_schedule(value).spec
    limit = directory_limit(key)
    if len(value) > limit:
        raise ValueError(f"The {key.replace('_', ' ')} may be at most {limit} characters.")
    return for_display(value) if key == "description" else for_display_line(value)


def _next_start(spec: str | None, state: RoomState | None, now_utc: datetime) -> datetime | None:
    if not spec:
        return None
    try:
        schedule = parse_schedule(spec)
    except ValueError:
        return None  # a schedule stored by hand that no longer parses: show it, skip the time
    minutes = sum(item.minutes for item in state.agenda) if state is not None else 0
    return next_start(schedule, now_utc, minutes or None)


def room_entry(
    name: str,
    title: str,
    directory: dict[str, Any] | None,
    state: RoomState | None,
    present: int,
    now_utc: datetime,
    accepts_notes: bool = False,
) -> dict[str, Any]:
    """One room's directory entry.

    Args:
        name: The room's name (as in its URL).
        title: Its title.
        directory: The ``directory`` part of its settings, or None.
        state: Its live state (for the current item and the meeting's length), or None.
        present: How many people are in the meeting now.
        now_utc: The current time, for the next start.
        accepts_notes: Whether the lobby may leave its facilitators a note.
    """
    directory = directory or {}
    current = state.agenda_item(state.current_item) if state is not None else None

    def text(key: str) -> str | None:
        value = directory.get(key)
        return str(value) if value else None

    schedule = text("schedule")
    return RoomEntry(
        name,
        title,
        present,
        current.title if current else None,
        live=present > 0 or current is not None,
        next_start=_next_start(schedule, state, now_utc),
        format=text("format"),
        typical_size=text("typical_size"),
        style=text("style"),
        description=text("description"),
        contact=text("contact"),
        schedule=schedule,
        accepts_notes=accepts_notes,
    ).to_json()


def listing(store: Store, rooms: RoomLookup, now_utc: datetime | None = None) -> list[dict[str, Any]]:
    """The directory of every room in ``store``, by name, with what ``rooms`` are doing now."""
    now_utc = now_utc or datetime.now(UTC)
    entries = []
    for record in store.rooms():
        room = rooms.get(record.name)
        settings = RoomSettings.from_store(store.settings(record.name))
        entries.append(
            room_entry(
                record.name,
                record.title,
                settings.directory,
                room.state if room else None,
                room.present_count() if room else 0,
                now_utc,
                # What the live room takes is what a note meets: settings change at a restart.
                room.state.accepts_lobby_notes if room else settings.lobby_notes,
            )
        )
    return entries


CACHE_SECONDS = 1.0
"""Longest a served directory may be older than the store's settings."""


def _what_shows(store: Store, rooms: RoomLookup) -> Hashable:
    """What the directory shows of the rooms that are loaded (cheap: no SQL)."""
    shown = []
    for room in rooms.open_rooms():
        state = room.state
        shown.append((room.name, room.present_count(), state.current_item, len(state.agenda)))
    return tuple(shown)


class DirectoryCache:
    """The ``/rooms`` body, built again at most every ``CACHE_SECONDS`` or when a room changes."""

    def __init__(self, store: Store, rooms: RoomLookup, clock: Callable[[], float] = time.monotonic) -> None:
        self._store = store
        self._rooms = rooms
        self._clock = clock
        self._body: str | None = None
        self._built_at = 0.0
        self._shown: Hashable = None
        self.builds = 0
        """How many times the listing was built (the bench and the tests read it)."""

    def body(self) -> str:
        """The JSON text of the directory, as fresh as the rules above say."""
        now = self._clock()
        shown = _what_shows(self._store, self._rooms)
        if self._body is None or shown != self._shown or now - self._built_at >= CACHE_SECONDS:
            self._body = json.dumps(listing(self._store, self._rooms), ensure_ascii=False) + "\n"
            self._built_at, self._shown = now, shown
            self.builds += 1
        return self._body
