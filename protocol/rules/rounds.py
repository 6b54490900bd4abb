"""Go-arounds: starting, reordering, skipping and ending a round, and passing a turn.

Who goes next is worked out by ``protocol.rounds`` (shared with every client, which
shows "next: Ann"); this module turns the facilitator's and members' round commands
into events. Every decider here takes ``(state, actor, args, context)``.
"""

from protocol.errors import Refused
from protocol.kinds import EventKind
from protocol.rounds import first_turn, next_turn, starting_order, waits_for
from protocol.rules.decision import Args, Context, Decision
from protocol.state import Participant, RoomState


def then_next_turn(state: RoomState, finished: int) -> Decision:
    """In a round, the floor goes on to the next person, or the round ends.

    When only people stepped out are left, the floor stays free and the round waits:
    the first of them to come back gets it (``protocol.rules.presence``).
    """
    if state.round is None:
        return []
    following = next_turn(state, finished)
    if following is None and waits_for(state, finished):
        return []
    if following is None:
        return [(EventKind.ROUND_ENDED, ())]
    return [(EventKind.FLOOR_GIVEN, (following,))]


def start_round(state: RoomState) -> Decision:
    """A round in arrival order, the first person (not stepped out) holding the floor."""
    order = starting_order(state)
    if not order:
        raise Refused("nobody_here", "Nobody is here for a round.")
    first = first_turn(state, order)
    if first is None:  # everyone stepped out: the round waits for the first one back
        return [(EventKind.ROUND_STARTED, (order,))]
    return [(EventKind.ROUND_STARTED, (order,)), (EventKind.FLOOR_GIVEN, (first,))]


def decide_round_start(state: RoomState, actor: Participant, args: Args, context: Context) -> Decision:
    """ROUND_START: everyone connected gets a turn, in the order they arrived."""
    return start_round(state)


def _in_round(state: RoomState, pid: int) -> None:
    if state.round is None:
        raise Refused("no_round", "No round is going on.")
    if pid not in state.round.order:
        raise Refused("not_in_round", "That person is not in the round.")


def decide_round_move(state: RoomState, actor: Participant, args: Args, context: Context) -> Decision:
    """ROUND_MOVE pid index: move someone to another place in the round."""
    pid, index = args
    _in_round(state, pid)
    order = state.round.order if state.round is not None else ()
    return [(EventKind.ROUND_MOVED, (pid, max(0, min(index, len(order) - 1))))]


def decide_round_skip(state: RoomState, actor: Participant, args: Args, context: Context) -> Decision:
    """ROUND_SKIP pid: skip someone's turn (passing for them if it is theirs now)."""
    (pid,) = args
    _in_round(state, pid)
    if state.floor_holder == pid:
        return [(EventKind.PASSED, (pid,))] + then_next_turn(state, pid)
    return [(EventKind.ROUND_SKIPPED, (pid,))]


def decide_round_end(state: RoomState, actor: Participant, args: Args, context: Context) -> Decision:
    """ROUND_END: stop the go-around."""
    if state.round is None:
        raise Refused("no_round", "No round is going on.")
    return [(EventKind.ROUND_ENDED, ())]


def decide_pass(state: RoomState, actor: Participant, args: Args, context: Context) -> Decision:
    """PASS: let one's turn go by, or take one's hand down. Always allowed, no reason asked."""
    pid = actor.pid
    if state.floor_holder == pid:
        return [(EventKind.PASSED, (pid,))] + then_next_turn(state, pid)
    if state.round is not None and pid in state.round.order and pid not in state.round.done:
        return [(EventKind.PASSED, (pid,))]
    if pid in state.hand_queue:
        return [(EventKind.PASSED, (pid,))]
    raise Refused("nothing_to_pass", "There is nothing to pass right now.")
