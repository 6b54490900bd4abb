"""Numbered vocabularies of the wire: frame types, roles, floor modes, commands, events.

Numbers are append-only: a number once used keeps its meaning forever, so an old client
and a new relay still understand each other within one ``PROTOCOL_VERSION``.
"""

from enum import IntEnum

PROTOCOL_VERSION = 1


class FrameType(IntEnum):
    """The first element of every frame array."""

    HELLO = 1
    WELCOME = 2
    ERROR = 3
    EVENT = 4
    COMMAND = 5
    ACK = 6


class Role(IntEnum):
    """What a participant may do in a room."""

    MEMBER = 0
    COFACILITATOR = 1
    FACILITATOR = 2

    @property
    def leads(self) -> bool:
        """True for facilitators and co-facilitators."""
        return self is not Role.MEMBER


class Mode(IntEnum):
    """Who may post: everyone (open) or only the floor holder and facilitators."""

    OPEN = 0
    FLOOR = 1


class CommandKind(IntEnum):
    """What a client asks the relay to do."""

    SAY = 1
    RAISE = 2
    LOWER = 3
    LOWER_ALL = 4
    DONE = 5
    NEXT = 6
    GRANT = 7
    TAKE_BACK = 8
    MOVE_HAND = 9
    SET_MODE = 10
    AGENDA_ADD = 11
    AGENDA_EDIT = 12
    AGENDA_MOVE = 13
    AGENDA_REMOVE = 14
    AGENDA_SET_CURRENT = 15
    AGENDA_NEXT = 16
    REMOVE = 17
    ALLOW = 18
    SET_ROLE = 19
    LEAVE = 20


class EventKind(IntEnum):
    """What happened in a room, as the relay recorded it."""

    JOINED = 1
    RETURNED = 2
    DROPPED = 3
    LEFT = 4
    SAID = 5
    HAND_RAISED = 6
    HAND_LOWERED = 7
    HANDS_CLEARED = 8
    HAND_MOVED = 9
    FLOOR_GIVEN = 10
    FLOOR_RELEASED = 11
    MODE_SET = 12
    AGENDA_ADDED = 13
    AGENDA_EDITED = 14
    AGENDA_MOVED = 15
    AGENDA_REMOVED = 16
    AGENDA_CURRENT = 17
    REMOVED = 18
    ALLOWED = 19
    ROLE_SET = 20


LEADER_COMMANDS = frozenset(
    {
        CommandKind.NEXT,
        CommandKind.GRANT,
        CommandKind.TAKE_BACK,
        CommandKind.MOVE_HAND,
        CommandKind.LOWER_ALL,
        CommandKind.SET_MODE,
        CommandKind.AGENDA_ADD,
        CommandKind.AGENDA_EDIT,
        CommandKind.AGENDA_MOVE,
        CommandKind.AGENDA_REMOVE,
        CommandKind.AGENDA_SET_CURRENT,
        CommandKind.AGENDA_NEXT,
        CommandKind.REMOVE,
        CommandKind.ALLOW,
        CommandKind.SET_ROLE,
    }
)
"""Commands only facilitators and co-facilitators may send (LOWER of another's hand too)."""
