"""When a group meets: schedule strings for the directory, and the next start from them.

A room's directory entry carries a schedule as a short string an operator types:

    weekly Tue 19:00 America/Chicago
    once 2026-12-24 18:30 Europe/Berlin

The time is the group's wall-clock time in the named IANA time zone, so a weekly meeting
stays at 19:00 for the group across daylight-saving changes while its UTC time moves.
Everything here is pure: times come in as arguments (``now_utc``), and the only thing
consulted is the time zone database through ``zoneinfo``.
"""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
"""Weekday names as schedules write them (Monday is 0, as in ``date.weekday()``)."""

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_FULL_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_CLOCK = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")

EXAMPLES = "'weekly Tue 19:00 America/Chicago' or 'once 2026-12-24 18:30 Europe/Berlin'"


@dataclass(frozen=True, slots=True)
class Schedule:
    """A weekly or one-off meeting time in the group's own time zone."""

    kind: str
    """"weekly" or "once"."""
    start: time
    """Wall-clock start in ``timezone``."""
    timezone: str
    """IANA time zone name, e.g. "America/Chicago"."""
    weekday: int | None = None
    """For a weekly schedule: 0 (Monday) to 6 (Sunday)."""
    on: date | None = None
    """For a one-off meeting: its date."""

    def __post_init__(self) -> None:
        weekly_ok = self.kind == "weekly" and self.weekday in range(7) and self.on is None
        once_ok = self.kind == "once" and self.on is not None and self.weekday is None
        if not (weekly_ok or once_ok):
            raise ValueError("A weekly schedule has a weekday 0-6; a one-off one has a date.")

    @property
    def day(self) -> str:
        """The day part as written: a weekday name (weekly) or an ISO date (once)."""
        if self.on is not None:
            return self.on.isoformat()
        return WEEKDAYS[self.weekday or 0]

    @property
    def clock(self) -> str:
        """The start as HH:MM."""
        return f"{self.start.hour:02d}:{self.start.minute:02d}"

    @property
    def spec(self) -> str:
        """The schedule written back as its canonical string."""
        return f"{self.kind} {self.day} {self.clock} {self.timezone}"

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict of the schedule's parts."""
        day_key = "weekday" if self.kind == "weekly" else "date"
        return {"kind": self.kind, day_key: self.day, "time": self.clock, "timezone": self.timezone}

    @classmethod
    def from_json(cls, data: Any) -> "Schedule":
        """Rebuild a schedule from ``to_json`` output.

        Raises:
            ValueError: when ``data`` is not a schedule's parts.
        """
        if not isinstance(data, dict) or data.get("kind") not in ("weekly", "once"):
            raise ValueError("A schedule is a dict with kind 'weekly' or 'once'.")
        day = data.get("weekday") if data["kind"] == "weekly" else data.get("date")
        pieces = (data["kind"], day, data.get("time"), data.get("timezone"))
        if not all(isinstance(piece, str) for piece in pieces):
            raise ValueError("A schedule needs its day, time and timezone as text.")
        return parse_schedule(" ".join(pieces))  # type: ignore[arg-type]


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError) as exc:
        raise ValueError(
            f"Unknown time zone {name!r}: use an IANA name such as America/Chicago or Europe/Berlin."
        ) from exc


def _weekday(word: str) -> int:
    lowered = word.casefold()
    for number, full in enumerate(_FULL_WEEKDAYS):
        if len(lowered) >= 3 and full.startswith(lowered):
            return number
    raise ValueError(f"Unknown weekday {word!r}: use Mon, Tue, Wed, Thu, Fri, Sat or Sun.")


def _clock(word: str) -> time:
    match = _CLOCK.match(word)
    if match is None:
        raise ValueError(f"Unknown time {word!r}: use 24-hour HH:MM, e.g. 19:00.")
    return time(int(match.group(1)), int(match.group(2)))


def _date(word: str) -> date:
    try:
        return date.fromisoformat(word)
    except ValueError as exc:
        raise ValueError(f"Unknown date {word!r}: use YYYY-MM-DD, e.g. 2026-12-24.") from exc


def parse_schedule(spec: str) -> Schedule:
    """Read a schedule string.

    Args:
        spec: ``weekly DAY HH:MM ZONE`` or ``once YYYY-MM-DD HH:MM ZONE``.

    Returns:
        The schedule, with the zone checked against the time zone database.

    Raises:
        ValueError: with a message a person can act on when ``spec`` is not a schedule.
    """
    words = spec.split()
    if len(words) != 4 or words[0].casefold() not in ("weekly", "once"):
        raise ValueError(f"A schedule looks like {EXAMPLES}; got {spec!r}.")
    kind, day, clock, zone = words[0].casefold(), words[1], words[2], words[3]
    _zone(zone)
    if kind == "weekly":
        return Schedule("weekly", _clock(clock), zone, weekday=_weekday(day))
    return Schedule("once", _clock(clock), zone, on=_date(day))


def _utc_start(schedule: Schedule, day: date) -> datetime:
    """The UTC instant of ``schedule``'s wall-clock start on local ``day``.

    A start that falls in a daylight-saving gap is read with the offset before the
    change, and one that occurs twice is the first of the two (``fold=0``).
    """
    local = datetime.combine(day, schedule.start, tzinfo=_zone(schedule.timezone))
    return local.astimezone(UTC)


def next_start(schedule: Schedule, now_utc: datetime, meeting_minutes: int | None = None) -> datetime | None:
    """When the meeting next starts, as an aware UTC datetime.

    A meeting that started less than ``meeting_minutes`` ago is still the one shown
    (it is going on), so people looking at the directory find it rather than next week's.

    Args:
        schedule: The room's schedule.
        now_utc: The current time, timezone-aware.
        meeting_minutes: How long a meeting lasts; None counts only meetings not yet begun.

    Returns:
        The start of the next (or current) meeting; for a one-off meeting that is over, None.

    Raises:
        ValueError: if ``now_utc`` is naive.
    """
    if now_utc.tzinfo is None:
        raise ValueError("now_utc must be timezone-aware.")
    length = timedelta(minutes=meeting_minutes or 0)
    if schedule.on is not None:
        start = _utc_start(schedule, schedule.on)
        return start if start + length >= now_utc else None
    first = (now_utc - length).astimezone(_zone(schedule.timezone)).date() - timedelta(days=1)
    for offset in range(15):
        day = first + timedelta(days=offset)
        if day.weekday() != schedule.weekday:
            continue
        start = _utc_start(schedule, day)
        if start + length >= now_utc:
            return start
    return None  # unreachable: two weeks always hold a later occurrence


def describe_local(start_utc: datetime, viewer_tz: tzinfo | str) -> str:
    """A start time in the viewer's own zone, e.g. "Tue 26 Nov 19:00 (your time)".

    Names are English and fixed, whatever the process locale.

    Args:
        start_utc: An aware datetime (usually from ``next_start``).
        viewer_tz: The viewer's zone, as a ``tzinfo`` or an IANA name.

    Raises:
        ValueError: for a naive ``start_utc`` or an unknown zone name.
    """
    if start_utc.tzinfo is None:
        raise ValueError("start_utc must be timezone-aware.")
    zone = _zone(viewer_tz) if isinstance(viewer_tz, str) else viewer_tz
    local = start_utc.astimezone(zone)
    weekday, month = WEEKDAYS[local.weekday()], _MONTHS[local.month - 1]
    return f"{weekday} {local.day} {month} {local.hour:02d}:{local.minute:02d} (your time)"
