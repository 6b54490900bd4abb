"""The relay's public JSON shapes: a ``GET /rooms`` entry, a ``GET /formats`` entry, ``GET /version``.

The relay builds them (``server/directory.py``, ``server/http.py``) with ``to_json``;
the client reads them back (``tui/screens/lobby.py``, ``tui/screens/formats.py``) with
``from_json``, which is tolerant and careful: the answer comes over the network and is
untrusted, so an entry without a usable name is skipped, a field of the wrong type
reads as absent, and every text is cleaned through ``protocol.text`` before anyone
shows it. No I/O here.
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from protocol.text import for_display, for_display_line

DIRECTORY_TEXT_FIELDS = ("format", "typical_size", "style", "description", "contact")
"""Free-text directory fields, as ``GET /rooms`` names them."""

MAX_DIRECTORY_CHARS = {"description": 1000}
"""Longest value of a directory field, where it differs from the default."""

DEFAULT_MAX_DIRECTORY_CHARS = 200
"""Longest value of any other directory field."""


def directory_limit(key: str) -> int:
    """The longest value the directory field ``key`` may hold."""
    return MAX_DIRECTORY_CHARS.get(key, DEFAULT_MAX_DIRECTORY_CHARS)


def _line(value: Any, limit: int = DEFAULT_MAX_DIRECTORY_CHARS) -> str | None:
    """One line of untrusted text, cleaned and cut to ``limit``; None unless non-blank text."""
    if not isinstance(value, str) or not value.strip():
        return None
    return for_display_line(value)[:limit]


def _count(value: Any) -> int:
    """A count from JSON: a non-negative integer (not a bool), else 0."""
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0


def _when(value: Any) -> datetime | None:
    """An ISO time from JSON, as an aware datetime; None for anything else."""
    if not isinstance(value, str):
        return None
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def _iso(when: datetime | None) -> str | None:
    """An aware time as ISO 8601 in UTC with a ``Z`` (what ``GET /rooms`` sends)."""
    return when.astimezone(UTC).isoformat().replace("+00:00", "Z") if when is not None else None


@dataclass(frozen=True, slots=True)
class RoomEntry:
    """One room in the public directory: what it is, when it meets, how busy it is.

    It counts people but never names them.
    """

    name: str
    """The room's name, as in its address."""
    title: str
    present: int
    """How many people are in the meeting now."""
    current_item: str | None
    live: bool = False
    """Meeting now: someone is in the room or an agenda item is under way."""
    next_start: datetime | None = None
    """When it next meets (aware), if it has a schedule."""
    format: str | None = None
    typical_size: str | None = None
    style: str | None = None
    description: str | None = None
    contact: str | None = None
    schedule: str | None = None
    accepts_notes: bool = False
    """Whether the lobby may leave the facilitators a note (absent from an older relay: no)."""

    def to_json(self) -> dict[str, Any]:
        """The entry as ``GET /rooms`` sends it."""
        return {
            "name": self.name,
            "title": self.title,
            "present": self.present,
            "current_item": self.current_item,
            "format": self.format,
            "typical_size": self.typical_size,
            "style": self.style,
            "description": self.description,
            "contact": self.contact,
            "schedule": self.schedule,
            "next_start": _iso(self.next_start),
            "live": self.live,
            "accepts_notes": self.accepts_notes,
        }

    @classmethod
    def from_json(cls, value: Any) -> "RoomEntry | None":
        """The entry in one item of a ``GET /rooms`` answer; None when it has no text name."""
        if not isinstance(value, dict) or not isinstance(value.get("name"), str):
            return None
        name = value["name"]
        description = value.get("description")
        return cls(
            name,
            _line(value.get("title")) or name,
            _count(value.get("present")),
            _line(value.get("current_item")),
            live=value.get("live") is True,
            next_start=_when(value.get("next_start")),
            format=_line(value.get("format")),
            typical_size=_line(value.get("typical_size")),
            style=_line(value.get("style")),
            description=(
                for_display(description)[: directory_limit("description")]
                if isinstance(description, str) and description.strip()
                else None
            ),
            contact=_line(value.get("contact")),
            schedule=_line(value.get("schedule")),
            accepts_notes=value.get("accepts_notes") is True,
        )


@dataclass(frozen=True, slots=True)
class FormatEntry:
    """One meeting format a relay can load, as its format list shows it."""

    name: str
    """What a facilitator asks for (``LOAD_FORMAT``)."""
    title: str
    description: str
    segments: int
    """How many agenda segments it brings."""

    def to_json(self) -> dict[str, Any]:
        """The entry as ``GET /formats`` sends it."""
        return {
            "name": self.name,
            "title": self.title,
            "description": self.description,
            "segments": self.segments,
        }

    @classmethod
    def from_json(cls, value: Any) -> "FormatEntry | None":
        """The entry in one item of a ``GET /formats`` answer; None without a non-empty text name."""
        if not isinstance(value, dict) or not isinstance(value.get("name"), str) or not value["name"]:
            return None
        name = value["name"]
        description = value.get("description")
        return cls(
            name,
            _line(value.get("title")) or name,
            for_display(description) if isinstance(description, str) else "",
            _count(value.get("segments")),
        )


@dataclass(frozen=True, slots=True)
class RelayVersion:
    """What ``GET /version`` says: the relay's release and the protocol version it serves."""

    release: str
    """The installed talkingstick package's version, e.g. ``0.1.0``."""
    protocol: int
    """The relay's ``PROTOCOL_VERSION``: it serves clients of this version only."""

    def to_json(self) -> dict[str, Any]:
        """The answer as ``GET /version`` sends it."""
        return {"version": self.release, "protocol": self.protocol}

    @classmethod
    def from_json(cls, value: Any) -> "RelayVersion | None":
        """The answer of ``GET /version``; None without a text version and an integer protocol."""
        if not isinstance(value, dict):
            return None
        release, protocol = _line(value.get("version"), 40), value.get("protocol")
        if release is None or not isinstance(protocol, int) or isinstance(protocol, bool) or protocol < 0:
            return None
        return cls(release, protocol)

    def describe(self) -> str:
        """One line for people: ``relay 0.1.0, protocol 1``."""
        return f"relay {self.release}, protocol {self.protocol}"


def rooms_from_json(payload: Any) -> list[RoomEntry]:
    """The rooms in a ``GET /rooms`` answer, skipping any entry of the wrong shape."""
    entries = (RoomEntry.from_json(item) for item in (payload if isinstance(payload, list) else []))
    return [entry for entry in entries if entry is not None]


def formats_from_json(payload: Any) -> list[FormatEntry]:
    """The formats in a ``GET /formats`` answer, skipping wrong shapes and repeated names."""
    found: dict[str, FormatEntry] = {}
    for item in payload if isinstance(payload, list) else []:
        entry = FormatEntry.from_json(item)
        if entry is not None and entry.name not in found:
            found[entry.name] = entry
    return list(found.values())
