"""Moderation: removing and allowing back, roles, silences, locks, ending the meeting,
and anyone leaving for good.

Every decider here takes ``(state, actor, args, context)``.
"""

from protocol.errors import Refused
from protocol.kinds import EventKind, Role
from protocol.names import is_removed
from protocol.rules.decision import Args, Context, Decision, present
from protocol.rules.rounds import then_next_turn
from protocol.state import Participant, RoomState


def gone_for_good(state: RoomState, pid: int) -> Decision:
    """``pid`` leaves the room (left, removed, or their grace period ran out).

    If it was their turn in a round, the round moves on to the next person, so a
    dropped speaker never stalls the meeting.
    """
    decision: Decision = [(EventKind.LEFT, (pid,))]
    if state.round is not None and state.floor_holder == pid:
        decision += then_next_turn(state, pid)
    return decision


def decide_leave(state: RoomState, actor: Participant, args: Args, context: Context) -> Decision:
    """LEAVE: the sender leaves the meeting."""
    return gone_for_good(state, actor.pid)


def acts_as_facilitator(state: RoomState, actor: Participant) -> bool:
    """Whether ``actor`` may do what only the facilitator does: the facilitator, or, while no
    facilitator is connected, a co-facilitator (their link dropped: nothing is stranded)."""
    if actor.role is Role.FACILITATOR:
        return True
    if actor.role is not Role.COFACILITATOR:
        return False
    return not any(p.role is Role.FACILITATOR and p.connected for p in state.participants.values())


def decide_remove(state: RoomState, actor: Participant, args: Args, context: Context) -> Decision:
    """REMOVE pid: remove someone; they may not come back until allowed."""
    (pid,) = args
    target = present(state, pid)
    if target.pid == actor.pid:
        raise Refused("cannot_remove_self", "You cannot remove yourself; leave instead.")
    if target.role is Role.FACILITATOR or (target.role.leads and not acts_as_facilitator(state, actor)):
        raise Refused("cannot_remove_leader", "A facilitator cannot be removed this way.")
    # Leaders and the person removed learn why; everyone else sees them leave, and what
    # they said leaves every screen with them (a removal is often about what was said).
    return [(EventKind.REMOVED, (pid,)), (EventKind.WITHDRAWN, (pid,))] + gone_for_good(state, pid)


def decide_allow(state: RoomState, actor: Participant, args: Args, context: Context) -> Decision:
    """ALLOW name: let someone removed come back."""
    (name,) = args
    if not is_removed(state.removed_names, name):
        raise Refused("not_removed", "Nobody of that name was removed.")
    return [(EventKind.ALLOWED, (name,))]


def decide_set_role(state: RoomState, actor: Participant, args: Args, context: Context) -> Decision:
    """SET_ROLE pid role: promote to co-facilitator, or back to member."""
    pid, role = args
    target = present(state, pid)
    if role is Role.FACILITATOR or target.role is Role.FACILITATOR:
        raise Refused("key_only", "The facilitator role comes only with the room's key.")
    if role is Role.GUEST or target.role is Role.GUEST:
        raise Refused("guest_role", "A guest speaker comes only by invitation, and stays a guest.")
    # Otherwise a co-facilitator could demote another and then remove them, which only
    # the facilitator may do: a co-facilitator's role is the facilitator's to change (or,
    # while no facilitator is connected, the leading co-facilitators').
    if target.role is Role.COFACILITATOR and not acts_as_facilitator(state, actor):
        raise Refused("facilitator_only", "Only the facilitator can change a co-facilitator's role.")
    if target.role is role:
        raise Refused("same_role", "They have that role already.")
    return [(EventKind.ROLE_SET, (pid, role))]


def decide_silence(state: RoomState, actor: Participant, args: Args, context: Context) -> Decision:
    """SILENCE pid minutes: pause someone's messages for a while (0 lifts it)."""
    pid, minutes = args
    target = present(state, pid)
    if target.role.leads:
        raise Refused("cannot_silence_leader", "Facilitators cannot be silenced.")
    until = int(context.now + minutes * 60) if minutes else 0
    return [(EventKind.SILENCED, (pid, until))]


def decide_lock(state: RoomState, actor: Participant, args: Args, context: Context) -> Decision:
    """LOCK on: keep newcomers in the waiting room, or not."""
    (on,) = args
    if state.lockdown:  # lockdown holds the lock (and everyone sees it) until it is lifted
        raise Refused("in_lockdown", "Lockdown holds the lock; lift the lockdown first.")
    if state.locked is on:
        raise Refused("same_lock", "The room is already " + ("locked." if on else "open."))
    return [(EventKind.LOCK_SET, (on,))]


def decide_lockdown(state: RoomState, actor: Participant, args: Args, context: Context) -> Decision:
    """LOCKDOWN on: floor mode, no crosstalk and locked at once; and back."""
    (on,) = args
    if state.lockdown is on:
        raise Refused("same_lockdown", "Lockdown is already " + ("on." if on else "off."))
    return [(EventKind.LOCKDOWN_SET, (on,))]


def decide_end_meeting(state: RoomState, actor: Participant, args: Args, context: Context) -> Decision:
    """END_MEETING: end the meeting (the relay then deletes its words)."""
    return [(EventKind.MEETING_ENDED, ())]
