"""Admission: who may join, the waiting room, admitting and declining arrivals.

Deciders for people in the meeting take ``(state, actor, args, context)``; those for
someone still in the waiting room take ``(state, waiter, args, context)``.
"""

from dataclasses import replace
from types import MappingProxyType
from typing import Any

from protocol.close_codes import CLOSED_TO_ARRIVALS_MESSAGE, ROOM_FULL_MESSAGE, WAITING_FULL_MESSAGE
from protocol.errors import Refused
from protocol.kinds import EventKind, Role
from protocol.limits import FACILITATOR_SEATS, MAX_PARTICIPANTS, MAX_SHORT_TEXT_CHARS, MAX_WAITING
from protocol.names import is_removed
from protocol.rules.decision import Args, Context, Decision, unique_name
from protocol.state import Participant, RoomState, Waiter
from protocol.text import clean_message

DEFAULT_DECLINE = "The facilitators could not admit you today."
"""What a declined arrival reads when the facilitator wrote nothing."""


def check_may_join(state: RoomState, name: str, may_wait: bool = True) -> None:
    """Refuse a newcomer the room may not take.

    Removed names stay out; in lockdown nobody new comes in, not even to wait; the
    meeting's places (``MAX_PARTICIPANTS``) and the waiting room's (``MAX_WAITING``) are
    counted apart, so people who were never let in cannot take a member's place. An
    invited guest (``may_wait`` false) never waits, so a full waiting room does not stop them.
    """
    if is_removed(state.removed_names, name):
        raise Refused("removed", "You were removed from this room. A facilitator can allow you back.")
    if state.lockdown:
        raise Refused("closed_to_arrivals", CLOSED_TO_ARRIVALS_MESSAGE)
    if len(state.participants) >= MAX_PARTICIPANTS:
        raise Refused("room_full", ROOM_FULL_MESSAGE)
    if may_wait and _to_waiting_room(state) and len(state.waiting) >= MAX_WAITING:
        raise Refused("waiting_full", WAITING_FULL_MESSAGE)


def _to_waiting_room(state: RoomState) -> bool:
    """Whether a newcomer who is not a facilitator waits to be admitted."""
    return state.waiting_room or state.locked


def check_may_lead(state: RoomState) -> None:
    """Refuse someone with the facilitator key only when even the facilitators' places are taken."""
    if len(state.participants) >= MAX_PARTICIPANTS + FACILITATOR_SEATS:
        raise Refused("room_full", "This room is full, even for its facilitators.")


def join(state: RoomState, name: str, role: Role) -> tuple[EventKind, tuple[Any, ...]]:
    """How a newcomer enters, after ``check_may_join`` passed.

    Facilitators walk in. Anyone else goes to the waiting room when the room has one or
    is locked (a lock keeps newcomers out of the meeting, not out of the waiting room);
    otherwise they join.
    """
    if role is Role.MEMBER and _to_waiting_room(state):
        return EventKind.WAITER_ARRIVED, (state.next_pid, unique_name(state, name))
    return EventKind.JOINED, (state.next_pid, unique_name(seated_over_waiters(state, role), name), role)


def seated_over_waiters(state: RoomState, role: Role) -> RoomState:
    """The room whose names ``role`` must not take on entering: a facilitator's or a
    guest's name comes before anyone's in the waiting room, so a lookalike waiting first
    cannot push the facilitator to "Fran 2". The waiter's name is made unique again when
    they are let in (``admit``)."""
    if role is Role.MEMBER:
        return state
    return replace(state, waiting=MappingProxyType({}))


def admit(state: RoomState, pid: int) -> Decision:
    """The events that take ``pid`` from the waiting room into the meeting."""
    waiter = state.waiting.get(pid)
    if waiter is None:
        raise Refused("not_waiting", "That person is not in the waiting room.")
    if len(state.participants) >= MAX_PARTICIPANTS:
        raise Refused("room_full", "The meeting is full; someone must leave before another comes in.")
    # Their own place in the waiting room must not count as someone else with their name.
    others = replace(state, waiting=MappingProxyType({p: w for p, w in state.waiting.items() if p != pid}))
    name = unique_name(others, waiter.name)
    return [(EventKind.ADMITTED, (pid,)), (EventKind.JOINED, (pid, name, Role.MEMBER))]


def decide_set_waiting_room(state: RoomState, actor: Participant, args: Args, context: Context) -> Decision:
    """SET_WAITING_ROOM on: seat newcomers in the waiting room, or let them straight in."""
    (on,) = args
    return [(EventKind.WAITING_ROOM_SET, (on,))]


def decide_admit(state: RoomState, actor: Participant, args: Args, context: Context) -> Decision:
    """ADMIT pid: let one person in."""
    (pid,) = args
    return admit(state, pid)


def decide_admit_all(state: RoomState, actor: Participant, args: Args, context: Context) -> Decision:
    """ADMIT_ALL: let everyone waiting in, in the order they arrived."""
    if not state.waiting:
        raise Refused("nobody_waiting", "Nobody is waiting.")
    places = MAX_PARTICIPANTS - len(state.participants)
    if places <= 0:
        raise Refused("room_full", "The meeting is full; someone must leave before another comes in.")
    decision: Decision = []
    for pid in sorted(state.waiting)[:places]:  # the earliest arrivals, as far as places go
        decision += admit(state, pid)
    return decision


def decide_decline(state: RoomState, actor: Participant, args: Args, context: Context) -> Decision:
    """DECLINE pid [message]: turn someone away from the waiting room, kindly."""
    pid, message = args
    if pid not in state.waiting:
        raise Refused("not_waiting", "That person is not in the waiting room.")
    text = clean_message(message) if message and message.strip() else DEFAULT_DECLINE
    return [(EventKind.DECLINED, (pid, text[:MAX_SHORT_TEXT_CHARS]))]


def decide_decline_all(state: RoomState, actor: Participant, args: Args, context: Context) -> Decision:
    """DECLINE_ALL: turn everyone waiting away at once (a crowd of strangers, say)."""
    if not state.waiting:
        raise Refused("nobody_waiting", "Nobody is waiting.")
    return [(EventKind.DECLINED, (pid, DEFAULT_DECLINE)) for pid in sorted(state.waiting)]


def decide_waiter_update(state: RoomState, actor: Participant, args: Args, context: Context) -> Decision:
    """WAITER_UPDATE accepted is_new from someone in the meeting: accepting the guidelines
    late (they came in without a waiting room, or were admitted before answering)."""
    accepted, is_new = args
    takes_up = bool(accepted) and actor.pid not in state.accepted
    says_new = bool(is_new) and actor.pid not in state.newcomers
    if not takes_up and not says_new:
        raise Refused("nothing_to_update", "You have accepted the guidelines already.")
    return [(EventKind.WAITER_UPDATED, (actor.pid, takes_up or actor.pid in state.accepted, says_new))]


def waiting_update(state: RoomState, waiter: Waiter, args: Args, context: Context) -> Decision:
    """WAITER_UPDATE accepted is_new, from the waiting room: guidelines accepted, first time."""
    accepted, is_new = args
    return [(EventKind.WAITER_UPDATED, (waiter.pid, accepted, is_new))]


def waiting_leave(state: RoomState, waiter: Waiter, args: Args, context: Context) -> Decision:
    """LEAVE from the waiting room: the arrival goes away before being admitted."""
    return [(EventKind.WAITER_LEFT, (waiter.pid,))]
