"""Meeting formats as plain data: a named list of segments and the readings they use.

A format is what a group's meeting looks like (a SMART-style meeting, a 12-step-style
one, a meditation meeting). The relay reads formats from TOML files (``server.formats``)
and ``protocol.rules`` turns one into agenda and reading events; nothing here does I/O.
"""

from dataclasses import dataclass

from protocol.kinds import Mode


@dataclass(frozen=True, slots=True)
class SegmentPlan:
    """One segment of a format: its title, time box and rules."""

    title: str
    minutes: int
    mode: Mode = Mode.OPEN
    crosstalk: bool = True
    share_seconds: int | None = None
    hard_stop: bool = False
    reading: str | None = None
    """Title of a reading (of this format or the room) shown when the segment starts."""
    speaker: str | None = None
    """A guest speaker's name: present when the segment starts, they get the floor for its time box."""


@dataclass(frozen=True, slots=True)
class ReadingPlan:
    """A reading a format brings with it."""

    title: str
    text: str
    guidelines: bool = False


@dataclass(frozen=True, slots=True)
class MeetingFormat:
    """A whole meeting's shape."""

    name: str
    title: str
    description: str
    segments: tuple[SegmentPlan, ...]
    readings: tuple[ReadingPlan, ...] = ()
