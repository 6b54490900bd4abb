"""Decisions become numbered events: the one loop the relay and the tests share.

The rules (``protocol.rules``) decide what happens as ``(kind, fields)`` pairs; this numbers
them after the room's ``seq``, adds what the room records around them on its own (the
``NAMED`` of ``protocol.attendance`` in a count-only room) and applies each to the state.
Storing and sending them is the relay's (``server.recording``, ``server.fanout``).
"""

from collections.abc import Iterable
from typing import Any

from protocol.attendance import names_first
from protocol.frames import Event
from protocol.kinds import EventKind
from protocol.reducer import apply
from protocol.state import RoomState

Decisions = Iterable[tuple[EventKind, tuple[Any, ...]]]
"""``(kind, fields)`` pairs, as ``protocol.rules`` returns them."""


def number_events(
    state: RoomState, decisions: Decisions, *, at: float, actor: int | None, request_id: int | None
) -> tuple[RoomState, list[Event]]:
    """The events ``decisions`` become after ``state``, and the state after them.

    Args:
        state: The room before the events (its ``seq`` numbers the first one).
        decisions: What happened.
        at: Server time for the events.
        actor: The participant whose command caused them, if any.
        request_id: That command's request id, so a retry is recognised.
    """
    events: list[Event] = []
    for decided in decisions:
        # In a count-only room, a member's first message names them to everyone first.
        for kind, fields in (*names_first(state, *decided, actor), decided):
            event = Event(state.seq + 1, int(at), kind, actor, request_id, tuple(fields))
            state = apply(state, event)
            events.append(event)
    return state, events
