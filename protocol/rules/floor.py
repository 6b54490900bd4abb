"""The floor: posting, hands (and their order), who speaks, the room's mode, crosstalk and reactions.

Every decider here takes ``(state, actor, args, context)`` and returns the events the
command becomes, or raises ``Refused`` with a reason a person can read.
"""

from dataclasses import replace

from protocol.errors import Refused
from protocol.hand_order import moves_to, place_for, reason_of, sorted_queue
from protocol.kinds import EventKind, HandReason, Mode
from protocol.rules.decision import Args, Context, Decision, present
from protocol.rules.rounds import start_round, then_next_turn
from protocol.state import Participant, RoomState
from protocol.text import clean_message

_WHY_NOT = {
    "guidelines": "Please read the room's guidelines and accept them before you post.",
    "silenced": "Your messages are paused for a few minutes.",  # by a facilitator or the relay
    "silent": "This is a silent pause; nobody posts until it ends.",
    "not_your_turn": "Someone else has the floor: raise your hand and wait to be given it.",
    "no_crosstalk": "No crosstalk in this part of the meeting: you can react instead.",
}


def decide_say(state: RoomState, actor: Participant, args: Args, context: Context) -> Decision:
    """SAY text: a message, if the mode, the floor, crosstalk and silences allow it now."""
    (text,) = args
    why = state.why_not_post(actor.pid, context.now)
    if why == "not_your_turn" and state.round is not None:
        raise Refused(why, "This is a round: wait for your turn to share.")
    if why is not None:
        raise Refused(why, _WHY_NOT.get(why, "You cannot post now."))
    return [(EventKind.SAID, (clean_message(text),))]


def decide_raise(state: RoomState, actor: Participant, args: Args, context: Context) -> Decision:
    """RAISE [reason]: raise a hand for a new share, a direct response or a point of process.

    The hand goes where ``protocol.hand_order`` puts it, and the event carries that place.
    A hand already up for another reason moves to the place of its new reason. A direct
    response needs a share to respond to: with nobody sharing it is refused, so that the
    person chooses a new share rather than jumping the queue for nothing.
    """
    reason = HandReason.SHARE if args[0] is None else HandReason(args[0])
    # Every raise is a line on everyone's screen: while silenced it would be a way to post.
    if state.silenced.get(actor.pid, 0) > context.now:
        raise Refused("silenced", "You are silenced for now, so your hand stays down.")
    if state.floor_holder == actor.pid:
        raise Refused("has_floor", "You have the floor already.")
    if actor.pid in state.hand_queue and reason_of(state, actor.pid) is reason:
        raise Refused("already_raised", "Your hand is already up.")
    if reason is HandReason.RESPONSE and state.floor_holder is None:
        raise Refused(
            "no_share",
            "Nobody is sharing now, so there is nothing to respond to: raise your hand for a share.",
        )
    return [(EventKind.HAND_RAISED, (actor.pid, reason, place_for(state, actor.pid, reason)))]


def decide_set_progressive(state: RoomState, actor: Participant, args: Args, context: Context) -> Decision:
    """SET_PROGRESSIVE on: people who have not shared yet go before those who have.

    Switching it on re-sorts the hands already up (one ``HAND_MOVED`` per hand that
    moves); switching it off leaves the queue as it is, so nobody loses a place.
    """
    (on,) = args
    if state.progressive is on:
        raise Refused("same_progressive", "The progressive stack is already " + ("on." if on else "off."))
    decision: Decision = [(EventKind.PROGRESSIVE_SET, (on,))]
    if on:
        turned_on = replace(state, progressive=True)
        moves = moves_to(state.hand_queue, sorted_queue(turned_on))
        decision += [(EventKind.HAND_MOVED, move) for move in moves]
    return decision


def decide_lower(state: RoomState, actor: Participant, args: Args, context: Context) -> Decision:
    """LOWER [pid]: lower one's own hand, or (leading) someone else's."""
    (target,) = args
    pid = actor.pid if target is None else target
    if pid != actor.pid and not actor.role.leads:
        raise Refused("not_facilitator", "Only a facilitator can lower someone else's hand.")
    if pid not in state.hand_queue:
        raise Refused("hand_not_raised", "That hand is not raised.")
    return [(EventKind.HAND_LOWERED, (pid,))]


def decide_lower_all(state: RoomState, actor: Participant, args: Args, context: Context) -> Decision:
    """LOWER_ALL: clear the hand queue."""
    if not state.hand_queue:
        raise Refused("no_hands", "No hands are raised.")
    return [(EventKind.HANDS_CLEARED, ())]


def decide_done(state: RoomState, actor: Participant, args: Args, context: Context) -> Decision:
    """DONE: the floor holder gives the floor back (in a round, it moves on)."""
    if state.floor_holder != actor.pid:
        raise Refused("no_floor", "You do not have the floor.")
    return [(EventKind.FLOOR_RELEASED, ())] + then_next_turn(state, actor.pid)


def decide_next(state: RoomState, actor: Participant, args: Args, context: Context) -> Decision:
    """NEXT: the first raised hand gets the floor (passing over anyone stepped out)."""
    if not state.hand_queue:
        raise Refused("no_hands", "No hands are raised.")
    here = [pid for pid in state.hand_queue if pid not in state.stepped_out]
    if not here:
        raise Refused("hands_stepped_out", "Everyone with a hand up has stepped out for a moment.")
    return [(EventKind.FLOOR_GIVEN, (here[0],))]


def decide_grant(state: RoomState, actor: Participant, args: Args, context: Context) -> Decision:
    """GRANT pid: give someone the floor."""
    (pid,) = args
    present(state, pid)
    if state.floor_holder == pid:
        raise Refused("has_floor", "They have the floor already.")
    return [(EventKind.FLOOR_GIVEN, (pid,))]


def decide_take_back(state: RoomState, actor: Participant, args: Args, context: Context) -> Decision:
    """TAKE_BACK: end the current share."""
    if state.floor_holder is None:
        raise Refused("no_floor", "Nobody has the floor.")
    return [(EventKind.FLOOR_RELEASED, ())]


def decide_move_hand(state: RoomState, actor: Participant, args: Args, context: Context) -> Decision:
    """MOVE_HAND pid delta: move a raised hand up or down the queue."""
    pid, delta = args
    if pid not in state.hand_queue:
        raise Refused("hand_not_raised", "That hand is not raised.")
    index = state.hand_queue.index(pid)
    target = max(0, min(len(state.hand_queue) - 1, index + delta))
    if target == index:
        raise Refused("cannot_move", "That hand cannot move further.")
    return [(EventKind.HAND_MOVED, (pid, target))]


def decide_set_mode(state: RoomState, actor: Participant, args: Args, context: Context) -> Decision:
    """SET_MODE mode: switch the room's mode; round mode starts a round at once."""
    (mode,) = args
    if state.mode is mode:
        raise Refused("same_mode", f"The room is already in {mode.name.lower()} mode.")
    if mode is Mode.ROUND:
        return [(EventKind.MODE_SET, (mode,))] + start_round(state)
    return [(EventKind.MODE_SET, (mode,))]


def decide_set_crosstalk(state: RoomState, actor: Participant, args: Args, context: Context) -> Decision:
    """SET_CROSSTALK on: allow replies to a share, or only reactions."""
    (allowed,) = args
    if state.crosstalk is allowed:
        raise Refused("same_crosstalk", "Crosstalk is already " + ("on." if allowed else "off."))
    return [(EventKind.CROSSTALK_SET, (allowed,))]


def decide_react(state: RoomState, actor: Participant, args: Args, context: Context) -> Decision:
    """REACT reaction: a silent reaction to the person sharing."""
    (reaction,) = args
    if state.floor_holder is None:
        raise Refused("no_share", "Reactions go to the person sharing; nobody is sharing now.")
    if state.floor_holder == actor.pid:
        raise Refused("own_share", "You are sharing.")
    if state.has_reacted(actor.pid, reaction):
        raise Refused("already_reacted", "You have sent that reaction to this share already.")
    return [(EventKind.REACTED, (reaction,))]


def share_time_up(state: RoomState) -> Decision:
    """The events when a share with a hard stop reaches its limit (the relay's timer)."""
    holder = state.floor_holder
    if holder is None:
        return []
    if state.round is not None:
        return [(EventKind.FLOOR_RELEASED, ())] + then_next_turn(state, holder)
    return [(EventKind.FLOOR_RELEASED, ())]


def pause_over(state: RoomState) -> Decision:
    """The events when a silent segment's time box ends (the relay's timer).

    The room returns to the segment's rules: its crosstalk, and open posting, since a
    silent segment has no other mode to go back to. Nothing when the silence already
    ended (a facilitator switched the mode or moved on).
    """
    if state.pause_ends_at() is None:
        return []
    rules = state.current_rules()
    decision: Decision = [(EventKind.MODE_SET, (Mode.OPEN,))]
    if rules is not None and rules.crosstalk is not state.crosstalk:
        decision.append((EventKind.CROSSTALK_SET, (rules.crosstalk,)))
    return decision
