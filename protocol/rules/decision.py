"""The vocabulary every rule module shares: a decision, its context, "who is that?".

Kept apart so that the rule modules (floor, rounds, agenda, readings, admission,
moderation, notes) can all use it without importing each other.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from protocol.errors import Refused
from protocol.guest_codes import new_guest_code
from protocol.kinds import EventKind
from protocol.limits import MAX_NAME_CHARS
from protocol.meeting_format import MeetingFormat
from protocol.names import same_name
from protocol.state import Participant, RoomState

Decision = list[tuple[EventKind, tuple[Any, ...]]]
"""The ``(kind, fields)`` of the events a command becomes, in order."""

Args = tuple[Any, ...]
"""A command's checked positional arguments (trailing optional ones padded with None)."""


@dataclass(frozen=True)
class Context:
    """What a decision may need beyond the state: the relay's clock, its formats, a measured
    lag, and where a new guest invitation's code comes from (random; a test may pass its own)."""

    now: float = 0.0
    formats: Mapping[str, MeetingFormat] = field(default_factory=dict)
    behind_seconds: float = 0.0
    """How far a link report's sender lags the room, as the relay measured it (else 0)."""
    new_code: Callable[[], str] = new_guest_code


def present(state: RoomState, pid: int) -> Participant:
    """The participant ``pid``.

    Raises:
        Refused: ``no_such_participant`` when they are not in the room.
    """
    person = state.participants.get(pid)
    if person is None:
        raise Refused("no_such_participant", "That person is not in the room.")
    return person


def _name_taken(state: RoomState, name: str) -> bool:
    # Lookalikes count as taken too (protocol.names): "Frаn" with a Cyrillic а is "Fran".
    present_names = [p.name for p in state.participants.values()] + [w.name for w in state.waiting.values()]
    return any(same_name(name, other) for other in present_names)


def unique_name(state: RoomState, name: str) -> str:
    """``name``, or ``name 2``, ``name 3``... so that no two present people share one."""
    if not _name_taken(state, name):
        return name
    number = 2
    while True:
        suffix = f" {number}"
        # Cut to make room for the number, then trim: a cut just after a space would
        # leave two spaces, a name the codec collapses, so clients would hold another name.
        candidate = name[: MAX_NAME_CHARS - len(suffix)].rstrip() + suffix
        if not _name_taken(state, candidate):
            return candidate
        number += 1
