"""Presence: how each person's link looks to the facilitators, and stepping out.

``LINK_REPORT`` becomes ``LINK_HEALTH`` only when the person's marker changes
(``protocol.link_health``); how far behind they are is measured by the relay and handed
in through ``Context.behind_seconds``, since only the relay knows when each event was
sent. ``STEP_OUT`` marks someone as away for a moment: their hand and their place in a
round are kept, the round and NEXT pass them over, and when they come back to a round
that was waiting for them they get the floor. Every decider takes
``(state, actor, args, context)``.
"""

from protocol.errors import Refused
from protocol.kinds import EventKind
from protocol.link_health import marker_of, reported
from protocol.rounds import next_turn
from protocol.rules.decision import Args, Context, Decision
from protocol.state import Participant, RoomState


def decide_link_report(state: RoomState, actor: Participant, args: Args, context: Context) -> Decision:
    """LINK_REPORT rtt_ms shown_seq: a LINK_HEALTH event if the person's marker changed, else nothing."""
    rtt_ms, _shown_seq = args  # the relay turned shown_seq into context.behind_seconds
    health = reported(rtt_ms, context.behind_seconds)
    if marker_of(health) == marker_of(state.link_health.get(actor.pid)):
        return []
    return [(EventKind.LINK_HEALTH, (actor.pid, health.rtt_ms, health.behind_seconds))]


def decide_step_out(state: RoomState, actor: Participant, args: Args, context: Context) -> Decision:
    """STEP_OUT out: step out for a moment (hand and round place kept), or come back."""
    (out,) = args
    pid = actor.pid
    if out:
        if pid in state.stepped_out:
            raise Refused("already_out", "You have stepped out already.")
        if state.floor_holder == pid:
            raise Refused("has_floor", "You have the floor: finish or pass first, then step out.")
        return [(EventKind.STEPPED_OUT, (pid, True))]
    if pid not in state.stepped_out:
        raise Refused("not_out", "You have not stepped out.")
    decision: Decision = [(EventKind.STEPPED_OUT, (pid, False))]
    round_ = state.round
    waiting_round = round_ is not None and state.floor_holder is None and pid in round_.order
    if waiting_round and round_ is not None and pid not in round_.done and next_turn(state) is None:
        decision.append((EventKind.FLOOR_GIVEN, (pid,)))  # the round was waiting for them
    return decision
