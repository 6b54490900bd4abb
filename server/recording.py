"""The one place where events come to be: numbered, applied with the reducer, committed.

A live room (``server.room``) and the command line's room set-up (``server.room_setup``)
both record through ``commit_events``, so an event made while no relay runs is numbered,
stored and replayed exactly like one made during a meeting. This module only turns
decisions into stored events and the state after them; sending them to anyone is the
room's job, and happens only after the commit returned.
"""

import time

from protocol.frames import Event
from protocol.kinds import EventKind
from protocol.numbering import Decisions, number_events
from protocol.state import RoomState
from server.metrics import RelayMetrics
from server.store import Store


def commit_events(
    store: Store,
    state: RoomState,
    decisions: Decisions,
    *,
    at: float,
    actor: int | None = None,
    request_id: int | None = None,
    metrics: RelayMetrics | None = None,
) -> tuple[RoomState, list[Event]]:
    """Number ``decisions`` after ``state``, apply them and commit them in one transaction.

    Durable before anything else: the store has committed when this returns. An ended
    meeting is marked in the store too, so its words are deleted when its retention is over.

    Args:
        store: The relay database.
        state: The room's state before the events (its ``seq`` numbers the first one).
        decisions: What happened.
        at: Server time for the events.
        actor: The participant whose command caused them, if any.
        request_id: That command's request id, so a retry is recognised.
        metrics: Where the events and the commit's time are counted, if anywhere.

    Returns:
        The state after the events, and the events (empty when there were no decisions).
    """
    started = time.perf_counter()
    state, events = number_events(state, decisions, at=at, actor=actor, request_id=request_id)
    if not events:
        return state, events
    store.append_events(state.name, events, state)
    for event in events:
        if event.kind is EventKind.MEETING_ENDED:
            store.mark_meeting_ended(state.name, event.seq, event.at)
    if metrics is not None:
        metrics.committed(events, time.perf_counter() - started)
    return state, events
