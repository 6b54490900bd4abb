"""Numbered vocabularies of the wire: frame types, roles, floor modes, commands, events.

What each command carries, who may send it and how it is decided are declared once,
in the command table (``protocol.rules.table``).

Numbers are append-only: a number once used keeps its meaning forever, so an old client
and a new relay still understand each other within one ``PROTOCOL_VERSION``.
"""

from enum import IntEnum

PROTOCOL_VERSION = 3
"""Version 3: in a count-only room a member's ``JOINED`` and snapshot may carry an empty name and
``NAMED`` exists, which a version-2 client cannot read (version 2: the snapshot grew past
``meeting_started_at`` and ``HAND_RAISED`` carries a reason and a place); an older client is
told to update."""


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
    GUEST = 3
    """A guest speaker, let in with a one-use invitation: a member marked as a guest."""

    @property
    def leads(self) -> bool:
        """True for facilitators and co-facilitators."""
        return self in (Role.FACILITATOR, Role.COFACILITATOR)


class Mode(IntEnum):
    """Who may post and how the floor moves.

    OPEN: anyone may post. FLOOR: the floor holder and facilitators post; members
    raise hands. ROUND: the relay gives each person the floor in turn (a go-around).
    SILENT: a pause; nobody posts.
    """

    OPEN = 0
    FLOOR = 1
    ROUND = 2
    SILENT = 3


MODE_WORDS: dict[Mode, str] = {
    Mode.OPEN: "open",
    Mode.FLOOR: "floor",
    Mode.ROUND: "round",
    Mode.SILENT: "silent",
}
"""The one word for each mode, as typed in slash commands and format files."""

MODE_BY_WORD: dict[str, Mode] = {word: mode for mode, word in MODE_WORDS.items()}
"""The mode a typed word names (the inverse of ``MODE_WORDS``)."""


class Reaction(IntEnum):
    """Silent reactions to the current share, shown as counts, never as messages."""

    HEART = 0
    ME_TOO = 1
    THANK_YOU = 2


class HandReason(IntEnum):
    """Why a hand is raised; it decides where in the queue the hand goes."""

    SHARE = 0
    """A new share (the default)."""
    RESPONSE = 1
    """A direct response to the current share: ahead of new shares."""
    PROCESS = 2
    """A point of process, a question about the meeting itself: ahead of everything."""


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
    PASS = 21
    REACT = 22
    ROUND_START = 23
    ROUND_MOVE = 24
    ROUND_SKIP = 25
    ROUND_END = 26
    SET_CROSSTALK = 27
    LOAD_FORMAT = 28
    READING_ADD = 29
    READING_SHOW = 30
    READING_ASK = 31
    READING_STEP = 32
    READING_REMOVE = 33
    SET_WAITING_ROOM = 34
    WAITER_UPDATE = 35
    ADMIT = 36
    ADMIT_ALL = 37
    DECLINE = 38
    NOTE = 39
    SUPPORT = 40
    REPLY = 41
    SILENCE = 42
    LOCK = 43
    LOCKDOWN = 44
    END_MEETING = 45
    DECLINE_ALL = 46
    LOBBY_NOTE_DELETE = 50
    """A facilitator deletes a note sent from the lobby."""
    LINK_REPORT = 47
    """A client's measured round trip and the last event it shows (facilitators see the marker)."""
    STEP_OUT = 51
    """Stepping out for a moment (true) or back (false): hand and round place are kept."""
    SET_PROGRESSIVE = 48
    """The progressive stack on or off (leaders): those who have not shared yet come first."""
    GUEST_INVITE = 49
    """A facilitator invites a guest speaker: the relay makes a one-use code."""
    GUEST_CANCEL = 52
    """A facilitator withdraws a guest invitation before it is used."""


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
    PASSED = 21
    REACTED = 22
    ROUND_STARTED = 23
    ROUND_MOVED = 24
    ROUND_SKIPPED = 25
    ROUND_ENDED = 26
    CROSSTALK_SET = 27
    AGENDA_CLEARED = 28
    READING_ADDED = 29
    READING_SHOWN = 30
    READING_ASKED = 31
    READ_ALOUD = 32
    READING_REMOVED = 33
    WAITING_ROOM_SET = 34
    WAITER_ARRIVED = 35
    WAITER_UPDATED = 36
    ADMITTED = 37
    DECLINED = 38
    WAITER_LEFT = 39
    NOTED = 40
    SUPPORT_SET = 41
    SILENCED = 42
    LOCK_SET = 43
    LOCKDOWN_SET = 44
    MEETING_ENDED = 45
    FLOOD_STOPPED = 46
    WITHDRAWN = 47
    """A removed person's messages are taken off every screen."""
    LOBBY_NOTED = 51
    """Someone in the lobby sent the facilitators a note (recorded by the relay, no actor)."""
    LOBBY_NOTE_DELETED = 52
    """A facilitator deleted a note from the lobby."""
    LINK_HEALTH = 48
    """Someone's link marker changed (slow, behind, fine again): for the facilitators only."""
    STEPPED_OUT = 53
    """Someone stepped out or came back (the facilitators and that person see it)."""
    PROGRESSIVE_SET = 49
    """The progressive stack is switched on or off (a room setting kept across meetings)."""
    GUEST_INVITED = 50
    """A facilitator (or the relay's command line) made a one-use guest invitation."""
    INVITE_USED = 54
    """A guest came in with their invitation; it cannot be used again."""
    GUEST_CANCELLED = 55
    """A facilitator withdrew an invitation before it was used."""
    NAMED = 56
    """In a count-only room, someone nameless to the members showed themselves (``protocol.attendance``)."""


def __getattr__(name: str) -> frozenset[CommandKind]:
    """``LEADER_COMMANDS`` and ``WAITER_COMMANDS``, computed from the command table.

    They stay importable from here, where they always were, but the table
    (``protocol.rules.table``) is their only source. It imports this module, so they
    are looked up when first asked for rather than at import time.
    """
    if name in ("LEADER_COMMANDS", "WAITER_COMMANDS"):
        from protocol.rules import table

        return frozenset(getattr(table, name))
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
