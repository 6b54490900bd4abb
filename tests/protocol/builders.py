"""Small helpers that build rooms and events for the protocol tests.

They go through the real reducer (``apply``) so a test's starting room is one the
relay could have produced, never a hand-assembled state with impossible contents.
"""

from typing import Any

from protocol import Command, CommandKind, Event, EventKind, Mode, Role, RoomState, apply
from protocol.rules import decide


def event(
    seq: int,
    kind: EventKind,
    *fields: Any,
    actor: int | None = None,
    request_id: int | None = None,
    at: int = 1_700_000_000,
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


def act(state: RoomState, actor: int, kind: CommandKind, *args: Any) -> RoomState:
    """Run ``kind`` from ``actor`` through the rules and apply the events it becomes.

    Raises:
        Refused: when the rules refuse the command.
    """
    for kind_of_event, fields in decide(state, actor, Command(1, kind, tuple(args))):
        state = apply(state, event(state.seq + 1, kind_of_event, *fields, actor=actor))
    return state


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
    "check_title": "Check-in round",
}


def sample_args(checkers) -> tuple:
    """One readable value per checker position (see ``SAMPLE_BY_CHECKER_NAME``)."""
    return tuple(SAMPLE_BY_CHECKER_NAME[check.__name__] for check in checkers)
