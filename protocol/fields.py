"""Field checkers and the argument shape of every command and event kind.

Each checker takes one decoded msgpack value and returns it (possibly converted to an
enum) or raises ``ProtocolError``. ``COMMAND_ARGS`` and ``EVENT_FIELDS`` list, for each
kind, the checkers its positional array must pass; the codec applies them, so nothing
past the codec ever sees a field of the wrong type.
"""

from collections.abc import Callable, Sequence
from typing import Any

from protocol.errors import ProtocolError
from protocol.kinds import CommandKind, EventKind, Mode, Role
from protocol.limits import MAX_AGENDA_MINUTES, MAX_MESSAGE_CHARS
from protocol.text import check_name, check_title

Checker = Callable[[Any], Any]
MAX_INT = 2**53


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
    """A chat message: text of at most ``MAX_MESSAGE_CHARS`` characters."""
    if not isinstance(value, str):
        raise ProtocolError("bad_message", "A message must be text.")
    if len(value) > MAX_MESSAGE_CHARS:
        raise ProtocolError("bad_message", f"A message may be at most {MAX_MESSAGE_CHARS} characters.")
    return value


def minutes(value: Any) -> int:
    """An agenda time box in whole minutes."""
    if not 0 < integer(value) <= MAX_AGENDA_MINUTES:
        raise ProtocolError("bad_minutes", f"A time box must be 1 to {MAX_AGENDA_MINUTES} minutes.")
    return value


def mode(value: Any) -> Mode:
    """A floor mode number."""
    try:
        return Mode(integer(value))
    except ValueError as exc:
        raise ProtocolError("bad_field", "Unknown floor mode.") from exc


def role(value: Any) -> Role:
    """A role number."""
    try:
        return Role(integer(value))
    except ValueError as exc:
        raise ProtocolError("bad_field", "Unknown role.") from exc


name = check_name
title = check_title

COMMAND_ARGS: dict[CommandKind, tuple[Checker, ...]] = {
    CommandKind.SAY: (message,),
    CommandKind.RAISE: (),
    CommandKind.LOWER: (optional_ident,),
    CommandKind.LOWER_ALL: (),
    CommandKind.DONE: (),
    CommandKind.NEXT: (),
    CommandKind.GRANT: (ident,),
    CommandKind.TAKE_BACK: (),
    CommandKind.MOVE_HAND: (ident, integer),
    CommandKind.SET_MODE: (mode,),
    CommandKind.AGENDA_ADD: (title, minutes),
    CommandKind.AGENDA_EDIT: (ident, title, minutes),
    CommandKind.AGENDA_MOVE: (ident, integer),
    CommandKind.AGENDA_REMOVE: (ident,),
    CommandKind.AGENDA_SET_CURRENT: (optional_ident,),
    CommandKind.AGENDA_NEXT: (),
    CommandKind.REMOVE: (ident,),
    CommandKind.ALLOW: (name,),
    CommandKind.SET_ROLE: (ident, role),
    CommandKind.LEAVE: (),
}
"""The positional arguments of each command."""

EVENT_FIELDS: dict[EventKind, tuple[Checker, ...]] = {
    EventKind.JOINED: (ident, name, role),
    EventKind.RETURNED: (ident,),
    EventKind.DROPPED: (ident,),
    EventKind.LEFT: (ident,),
    EventKind.SAID: (message,),
    EventKind.HAND_RAISED: (ident,),
    EventKind.HAND_LOWERED: (ident,),
    EventKind.HANDS_CLEARED: (),
    EventKind.HAND_MOVED: (ident, integer),
    EventKind.FLOOR_GIVEN: (ident,),
    EventKind.FLOOR_RELEASED: (),
    EventKind.MODE_SET: (mode,),
    EventKind.AGENDA_ADDED: (ident, title, minutes),
    EventKind.AGENDA_EDITED: (ident, title, minutes),
    EventKind.AGENDA_MOVED: (ident, integer),
    EventKind.AGENDA_REMOVED: (ident,),
    EventKind.AGENDA_CURRENT: (optional_ident,),
    EventKind.REMOVED: (ident,),
    EventKind.ALLOWED: (name,),
    EventKind.ROLE_SET: (ident, role),
}
"""The positional fields of each event."""


def check_all(checkers: Sequence[Checker], values: Any, what: str) -> tuple[Any, ...]:
    """Apply ``checkers`` to the array ``values`` position by position.

    Raises:
        ProtocolError: ``bad_args`` when the array has the wrong length or type, or the
            checker's own error for a bad value.
    """
    if not isinstance(values, list) or len(values) != len(checkers):
        raise ProtocolError("bad_args", f"{what} takes {len(checkers)} argument(s).")
    return tuple(check(value) for check, value in zip(checkers, values, strict=True))
