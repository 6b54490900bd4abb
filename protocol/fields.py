"""Field checkers and the argument shape of every command and event kind.

Each checker takes one decoded msgpack value and returns its final form (converted to an
enum, or text normalised first and only then measured against its limit) or raises
``ProtocolError``; every checker is idempotent, so what the relay stores decodes again.
``COMMAND_ARGS`` and ``EVENT_FIELDS`` list, for each kind, the checkers its positional
array must pass; the codec applies them, so nothing past the codec ever sees a field of
the wrong type.
"""

from collections.abc import Callable, Sequence
from enum import IntEnum
from typing import Any, TypeVar

from protocol.errors import ProtocolError
from protocol.guest_codes import guest_code
from protocol.kinds import CommandKind, EventKind, HandReason, Mode, Reaction, Role
from protocol.limits import (
    MAX_AGENDA_MINUTES,
    MAX_BEHIND_SECONDS,
    MAX_GUEST_INVITE_MINUTES,
    MAX_LIST_ITEMS,
    MAX_REPORTED_RTT_MS,
    MAX_SILENCE_MINUTES,
)
from protocol.lobby_notes import clean_lobby_note
from protocol.names import HIDDEN_NAME, clean_name
from protocol.text import check_title, clean_message, clean_reading, clean_short_text

Checker = Callable[[Any], Any]
MAX_INT = 2**53
NumberedT = TypeVar("NumberedT", bound=IntEnum)


def integer(value: Any) -> int:
    """Any integer the wire carries (bools are not integers here)."""
    if isinstance(value, bool) or not isinstance(value, int) or not -MAX_INT <= value <= MAX_INT:
        raise ProtocolError("bad_field", "Expected an integer.")
    return value


def ident(value: Any) -> int:
    """A participant, agenda item, request or sequence number: a non-negative integer."""
    if integer(value) < 0:
        raise ProtocolError("bad_field", "Expected a non-negative id.")
    return value


def optional_ident(value: Any) -> int | None:
    """An id or nil."""
    return None if value is None else ident(value)


def optional_text(value: Any) -> str | None:
    """Text or nil (keys and tokens; their length is capped by the codec)."""
    if value is not None and not isinstance(value, str):
        raise ProtocolError("bad_field", "Expected text or nil.")
    return value


def message(value: Any) -> str:
    """A chat message or note in its final form (tabs widened, controls neutralised), 1-2,000 characters."""
    return clean_message(value)


def minutes(value: Any) -> int:
    """An agenda time box in whole minutes."""
    if not 0 < integer(value) <= MAX_AGENDA_MINUTES:
        raise ProtocolError("bad_minutes", f"A time box must be 1 to {MAX_AGENDA_MINUTES} minutes.")
    return value


def _numbered(kind: type[NumberedT], value: Any, what: str) -> NumberedT:
    """The member of ``kind`` that ``value`` numbers; ``what`` names it in the error."""
    try:
        return kind(integer(value))
    except ValueError as exc:
        raise ProtocolError("bad_field", f"Unknown {what}.") from exc


def mode(value: Any) -> Mode:
    """A floor mode number."""
    return _numbered(Mode, value, "floor mode")


def role(value: Any) -> Role:
    """A role number."""
    return _numbered(Role, value, "role")


def boolean(value: Any) -> bool:
    """True or false."""
    if not isinstance(value, bool):
        raise ProtocolError("bad_field", "Expected true or false.")
    return value


def ident_list(value: Any) -> tuple[int, ...]:
    """A list of ids (a round's order)."""
    if not isinstance(value, list) or len(value) > MAX_LIST_ITEMS:
        raise ProtocolError("bad_field", "Expected a list of ids.")
    return tuple(ident(item) for item in value)


def reaction(value: Any) -> Reaction:
    """A reaction number."""
    return _numbered(Reaction, value, "reaction")


def hand_reason(value: Any) -> HandReason:
    """Why a hand is raised: a new share, a direct response, a point of process."""
    return _numbered(HandReason, value, "reason for a raised hand")


def reading_text(value: Any) -> str:
    """The text of a reading, normalised like a message, then 1-8,000 characters."""
    return clean_reading(value)


def short_text(value: Any) -> str:
    """A short free text (a decline message), normalised, then at most 500 characters."""
    return clean_short_text(value)


def silence_minutes(value: Any) -> int:
    """Minutes of silence; 0 lifts it."""
    if not 0 <= integer(value) <= MAX_SILENCE_MINUTES:
        raise ProtocolError("bad_minutes", f"Silence is 0 to {MAX_SILENCE_MINUTES} minutes.")
    return value


def rtt_ms(value: Any) -> int:
    """A measured round trip in milliseconds: 0 to ``MAX_REPORTED_RTT_MS``."""
    if not 0 <= integer(value) <= MAX_REPORTED_RTT_MS:
        raise ProtocolError("bad_field", f"A round trip is 0 to {MAX_REPORTED_RTT_MS} ms.")
    return value


def behind_seconds(value: Any) -> int:
    """How far someone's screen lags the room: 0 to ``MAX_BEHIND_SECONDS`` seconds."""
    if not 0 <= integer(value) <= MAX_BEHIND_SECONDS:
        raise ProtocolError("bad_field", f"Behind is 0 to {MAX_BEHIND_SECONDS} seconds.")
    return value


def segment_rules(value: Any) -> tuple[Any, ...] | None:
    """A segment's rules: [mode, crosstalk, share_seconds or nil, hard_stop, reading_id or nil,
    speaker or nil]; the speaker (a guest's name) may be left out."""
    if value is None:
        return None
    if not isinstance(value, list) or len(value) not in (5, 6):
        raise ProtocolError(
            "bad_field", "Segment rules are [mode, crosstalk, share_seconds, hard_stop, reading, speaker]."
        )
    share = optional_ident(value[2])
    if share is not None and not 0 < share <= MAX_AGENDA_MINUTES * 60:
        raise ProtocolError("bad_field", "A share limit is a positive number of seconds.")
    rules = (mode(value[0]), boolean(value[1]), share, boolean(value[3]), optional_ident(value[4]))
    if len(value) == 5 or value[5] is None:  # no speaker: the five elements every peer reads
        return rules
    return (*rules, check_name(value[5]))


def invite_minutes(value: Any) -> int:
    """How long a guest invitation stays valid, in whole minutes."""
    if not 0 < integer(value) <= MAX_GUEST_INVITE_MINUTES:
        raise ProtocolError(
            "bad_minutes", f"An invitation is valid for 1 to {MAX_GUEST_INVITE_MINUTES // (24 * 60)} days."
        )
    return value


class Optional:
    """Marks a trailing argument that may be left out (it is then None)."""

    def __init__(self, check: Checker) -> None:
        self.check = check

    def __call__(self, value: Any) -> Any:
        return None if value is None else self.check(value)


def check_name(value: Any) -> str:
    """A name as events and commands carry it, in its final form (``protocol.names.clean_name``).

    Role words are refused only where a name is chosen (the hello), so a room whose
    history holds an older name of that kind still replays.
    """
    return clean_name(value)


def hideable_name(value: Any) -> str:
    """A joiner's name, or ``HIDDEN_NAME`` for a member of a count-only room (``protocol.attendance``)."""
    return HIDDEN_NAME if value == HIDDEN_NAME else check_name(value)


name = check_name
title = check_title
code = guest_code


def lobby_note(value: Any) -> str:
    """A note from the lobby, in its final form, 1 to ``MAX_LOBBY_NOTE_CHARS`` characters."""
    return clean_lobby_note(value)


EVENT_FIELDS: dict[EventKind, tuple[Checker, ...]] = {
    EventKind.JOINED: (ident, hideable_name, role),
    EventKind.RETURNED: (ident,),
    EventKind.DROPPED: (ident,),
    EventKind.LEFT: (ident,),
    EventKind.SAID: (message,),
    EventKind.HAND_RAISED: (ident, Optional(hand_reason), Optional(ident)),
    EventKind.HAND_LOWERED: (ident,),
    EventKind.HANDS_CLEARED: (),
    EventKind.HAND_MOVED: (ident, integer),
    EventKind.FLOOR_GIVEN: (ident,),
    EventKind.FLOOR_RELEASED: (),
    EventKind.MODE_SET: (mode,),
    EventKind.AGENDA_ADDED: (ident, title, minutes, Optional(segment_rules)),
    EventKind.AGENDA_EDITED: (ident, title, minutes, Optional(segment_rules)),
    EventKind.AGENDA_MOVED: (ident, integer),
    EventKind.AGENDA_REMOVED: (ident,),
    EventKind.AGENDA_CURRENT: (optional_ident,),
    EventKind.REMOVED: (ident,),
    EventKind.ALLOWED: (name,),
    EventKind.ROLE_SET: (ident, role),
    EventKind.PASSED: (ident,),
    EventKind.REACTED: (reaction,),
    EventKind.ROUND_STARTED: (ident_list,),
    EventKind.ROUND_MOVED: (ident, integer),
    EventKind.ROUND_SKIPPED: (ident,),
    EventKind.ROUND_ENDED: (),
    EventKind.CROSSTALK_SET: (boolean,),
    EventKind.PROGRESSIVE_SET: (boolean,),
    EventKind.AGENDA_CLEARED: (),
    EventKind.READING_ADDED: (ident, title, reading_text, boolean),
    EventKind.READING_SHOWN: (optional_ident,),
    EventKind.READING_ASKED: (ident, ident),
    EventKind.READ_ALOUD: (ident, ident),
    EventKind.READING_REMOVED: (ident,),
    EventKind.WAITING_ROOM_SET: (boolean,),
    EventKind.WAITER_ARRIVED: (ident, name),
    EventKind.WAITER_UPDATED: (ident, boolean, boolean),
    EventKind.ADMITTED: (ident,),
    EventKind.DECLINED: (ident, short_text),
    EventKind.WAITER_LEFT: (ident,),
    EventKind.NOTED: (ident, optional_ident, message),
    EventKind.SUPPORT_SET: (ident, boolean),
    EventKind.SILENCED: (ident, integer),
    EventKind.LOCK_SET: (boolean,),
    EventKind.LOCKDOWN_SET: (boolean,),
    EventKind.MEETING_ENDED: (),
    EventKind.FLOOD_STOPPED: (ident, integer, integer),
    EventKind.WITHDRAWN: (ident,),
    EventKind.LOBBY_NOTED: (ident, name, lobby_note),
    EventKind.LOBBY_NOTE_DELETED: (ident,),
    EventKind.LINK_HEALTH: (ident, rtt_ms, behind_seconds),
    EventKind.STEPPED_OUT: (ident, boolean),
    EventKind.GUEST_INVITED: (name, guest_code, integer),
    EventKind.INVITE_USED: (guest_code,),
    EventKind.GUEST_CANCELLED: (guest_code,),
    EventKind.NAMED: (ident, name),
}
"""The positional fields of each event."""


def check_all(checkers: Sequence[Checker], values: Any, what: str) -> tuple[Any, ...]:
    """Apply ``checkers`` to the array ``values`` position by position.

    Raises:
        ProtocolError: ``bad_args`` when the array has the wrong length or type, or the
            checker's own error for a bad value.
    """
    required = len(checkers)
    while required and isinstance(checkers[required - 1], Optional):
        required -= 1
    if not isinstance(values, list) or not required <= len(values) <= len(checkers):
        raise ProtocolError("bad_args", f"{what} takes {len(checkers)} argument(s).")
    padded = list(values) + [None] * (len(checkers) - len(values))
    return tuple(check(value) for check, value in zip(checkers, padded, strict=True))


def __getattr__(name: str) -> dict[CommandKind, tuple[Checker, ...]]:
    """``COMMAND_ARGS``, the positional arguments of each command, from the command table.

    The table imports the checkers above, so it is looked up when first asked for.
    """
    if name == "COMMAND_ARGS":
        from protocol.rules.table import COMMAND_ARGS

        return COMMAND_ARGS
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
