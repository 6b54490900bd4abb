"""The public directory of a relay's rooms, served as JSON by ``GET /rooms``.

Each entry joins what the room is doing now (people present, current agenda item) with
the directory part of its settings, which an operator sets with
``talkingstick-relay room set``: the format, typical size, style, a description, a
contact, and a schedule from which the next start is worked out. The entry is public: it
counts people but never names them. Directory settings are read from the store on each
request, so a change made from the command line shows at once. The JSON shape of an
entry is ``protocol.directory.RoomEntry``, which the client reads back.
"""

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
) -> dict[str, Any]:
    """One room's directory entry.

    Args:
        name: The room's name (as in its URL).
        title: Its title.
        directory: The ``directory`` part of its settings, or None.
        state: Its live state (for the current item and the meeting's length), or None.
        present: How many people are in the meeting now.
        now_utc: The current time, for the next start.
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
            )
        )
    return entries
