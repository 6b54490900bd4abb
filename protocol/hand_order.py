"""Where a raised hand goes in the queue, and why: the typed hands and the progressive stack.

Points of process (a question about the meeting itself) go first, in order of arrival;
direct responses to the current share next; then new shares. With the room's progressive
stack on, among new shares the people who have not shared yet in this meeting come
before those who have. The relay's rules compute a new hand's place here and send it in
``HAND_RAISED`` (so every client inserts it at the same place without knowing who has
shared), and the moves that re-sort the queue when the stack is switched on. Clients use
``reason_of`` and ``tier_of`` to explain a person's place. Pure: no I/O.
"""

from dataclasses import replace
from types import MappingProxyType

from protocol.kinds import HandReason
from protocol.state import RoomState

PROCESS_TIER, RESPONSE_TIER, FIRST_SHARE_TIER, SHARE_TIER = range(4)
"""The groups of the queue, first to last; a hand goes after the last hand of its group or
an earlier one, so arrival order holds within a group and a facilitator's moves stand."""


def has_shared(state: RoomState, pid: int) -> bool:
    """Whether ``pid`` has shared in this meeting, as far as this copy of the room knows."""
    count = state.shares.get(pid)
    return count is not None and count.count > 0


def reason_of(state: RoomState, pid: int) -> HandReason:
    """Why ``pid``'s hand is up (a hand without a recorded reason is a new share)."""
    try:
        return HandReason(state.hand_reasons.get(pid, HandReason.SHARE))
    except ValueError:  # a reason this version does not know: treat it as a share
        return HandReason.SHARE


def tier_of(state: RoomState, pid: int, reason: HandReason) -> int:
    """The group a hand of ``pid`` raised for ``reason`` belongs to (lower goes first)."""
    if reason is HandReason.PROCESS:
        return PROCESS_TIER
    if reason is HandReason.RESPONSE:
        return RESPONSE_TIER
    if state.progressive and not has_shared(state, pid):
        return FIRST_SHARE_TIER
    return SHARE_TIER


def place_for(state: RoomState, pid: int, reason: HandReason) -> int:
    """The 0-based place a hand of ``pid`` raised for ``reason`` takes in the queue.

    Right after the last hand (other than their own) of the same group or an earlier one.
    """
    mine = tier_of(state, pid, reason)
    place = 0
    others = [p for p in state.hand_queue if p != pid]
    for index, other in enumerate(others):
        if tier_of(state, other, reason_of(state, other)) <= mine:
            place = index + 1
    return place


def sorted_queue(state: RoomState) -> tuple[int, ...]:
    """The queue sorted by group, arrival order kept within each group."""
    return tuple(sorted(state.hand_queue, key=lambda p: tier_of(state, p, reason_of(state, p))))


def moves_to(queue: tuple[int, ...], wanted: tuple[int, ...]) -> list[tuple[int, int]]:
    """The ``(pid, index)`` moves (as ``HAND_MOVED`` applies them) that turn ``queue`` into ``wanted``."""
    current = list(queue)
    moves = []
    for index, pid in enumerate(wanted):
        if current[index] != pid:
            current.remove(pid)
            current.insert(index, pid)
            moves.append((pid, index))
    return moves


def with_hand(state: RoomState, pid: int, reason: HandReason | None, place: int | None) -> RoomState:
    """``state`` with ``pid``'s hand up for ``reason`` at ``place`` (the end when None).

    A hand already up is moved there with its new reason; an event stored before hands
    had reasons carries neither, and appends a new share as it always did.
    """
    if place is None:
        if pid in state.hand_queue:
            return state
        queue = state.hand_queue + (pid,)
    else:
        others = [p for p in state.hand_queue if p != pid]
        others.insert(max(0, min(place, len(others))), pid)
        queue = tuple(others)
    reasons = dict(state.hand_reasons)
    if reason is None or int(reason) == HandReason.SHARE:
        reasons.pop(pid, None)
    else:
        reasons[pid] = int(reason)
    return replace(state, hand_queue=queue, hand_reasons=MappingProxyType(reasons))
