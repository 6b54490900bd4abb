"""Small helpers that build rooms and events for the protocol tests.

They go through the real reducer (``apply``) so a test's starting room is one the
relay could have produced, never a hand-assembled state with impossible contents.
"""

from typing import Any

from protocol import Command, CommandKind, Event, EventKind, Mode, Role, RoomState, apply
from protocol import fields as f
from protocol.kinds import HandReason, Reaction
from protocol.meeting_format import MeetingFormat, ReadingPlan, SegmentPlan
from protocol.numbering import number_events
from protocol.rules import Context, decide, join

AT = 1_700_000_000
"""The relay's clock in these tests, in whole seconds."""


def event(
    seq: int,
    kind: EventKind,
    *fields: Any,
    actor: int | None = None,
    request_id: int | None = None,
    at: int = AT,
) -> Event:
    """An event as the relay would record it."""
    return Event(seq, at, kind, actor, request_id, tuple(fields))


def room(*people: tuple[str, Role]) -> RoomState:
    """A room called ``demo`` with ``people`` joined in order as pids 1, 2, 3..."""
    state = RoomState("demo", "Demo meeting")
    for pid, (name, role) in enumerate(people, start=1):
        state = apply(state, event(state.seq + 1, EventKind.JOINED, pid, name, role))
    return state


def facilitated_room() -> RoomState:
    """Facilitator Ada (1), co-facilitator Bo (2), members Cy (3) and Di (4)."""
    return room(
        ("Ada", Role.FACILITATOR), ("Bo", Role.COFACILITATOR), ("Cy", Role.MEMBER), ("Di", Role.MEMBER)
    )


def record(state: RoomState, decisions, actor: int | None = None, at: int = AT) -> RoomState:
    """Apply ``decisions`` (``(kind, fields)`` pairs) as the relay records them."""
    return number_events(state, decisions, at=at, actor=actor, request_id=None)[0]


def act(
    state: RoomState, actor: int, kind: CommandKind, *args: Any, context: Context | None = None
) -> RoomState:
    """Run ``kind`` from ``actor`` through the rules and apply the events it becomes.

    Raises:
        Refused: when the rules refuse the command.
    """
    at = int(context.now) if context is not None and context.now else AT
    return record(state, decide(state, actor, Command(1, kind, tuple(args)), context), actor, at)


def arrive(state: RoomState, name: str, role: Role = Role.MEMBER) -> tuple[RoomState, int]:
    """``name`` connects: they join, or wait in the waiting room; returns the state and their pid."""
    kind, fields = join(state, name, role)
    return record(state, [(kind, fields)], actor=fields[0]), fields[0]


DEMO_FORMAT = MeetingFormat(
    "demo-format",
    "Demo format",
    "An opening with the preamble, then a timed check-in round.",
    (
        SegmentPlan("Opening", 5, reading="Preamble"),
        SegmentPlan("Check-in", 20, Mode.ROUND, False, 120, True),
    ),
    (ReadingPlan("Preamble", "We meet to support each other.", True),),
)
"""A small meeting format for LOAD_FORMAT (the relay reads real ones from TOML)."""


# One sample value per checker, so every kind gets a concrete, readable example.
SAMPLE_BY_CHECKER_NAME = {
    "integer": -3,
    "ident": 7,
    "optional_ident": 2,
    "optional_text": "k",
    "message": "hello, room",
    "minutes": 15,
    "mode": Mode.FLOOR,
    "role": Role.COFACILITATOR,
    "check_name": "Ada",
    "hideable_name": "Ada",
    "check_title": "Check-in round",
    "boolean": True,
    "ident_list": (3, 1, 4),
    "reaction": Reaction.ME_TOO,
    "hand_reason": HandReason.RESPONSE,
    "reading_text": "Be kind.\n\nYou may pass.",
    "short_text": "Please come next week.",
    "silence_minutes": 5,
    "segment_rules": (Mode.ROUND, False, 180, True, 1),
    "lobby_note": "First time here; may I just listen?",
    "rtt_ms": 2400,
    "behind_seconds": 25,
    "guest_code": "K7QH-3MWD",
    "invite_minutes": 90,
}


def checker_name(check: Any) -> str:
    """The name a checker goes by in ``SAMPLE_BY_CHECKER_NAME`` (an optional one by what it wraps)."""
    return checker_name(check.check) if isinstance(check, f.Optional) else check.__name__


def sample_args(checkers) -> tuple:
    """One readable value per checker position (see ``SAMPLE_BY_CHECKER_NAME``)."""
    return tuple(SAMPLE_BY_CHECKER_NAME[checker_name(check)] for check in checkers)
