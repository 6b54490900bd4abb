"""The fairness hints: each person's shares in the current meeting, kept by the reducer.

A share is a turn holding the floor (``FLOOR_GIVEN``, round turns included) that ends
any way but a pass: given back, taken back, the next grant, the round moving on, a new
segment, the person leaving, the meeting ending. Its seconds run from ``floor_since`` to
the event that ends it. Messages posted in open mode do not count: open mode is
conversation, and the hints are about who has had the floor. Everything is dropped
when the meeting ends, and a person's count when they leave for good.

The floor events are public, so every copy of the room counts them as they come; a
member's welcome carries only their own count (``protocol.privacy.view_for``), and no
member's screen shows anyone's. ``after_event`` also drops the reason of a hand that
is no longer up. Pure: no I/O.
"""

from dataclasses import replace
from types import MappingProxyType

from protocol.frames import Event
from protocol.kinds import EventKind
from protocol.state import RoomState, ShareCount

_GONE = frozenset({EventKind.LEFT, EventKind.REMOVED})


def _share_ended(before: RoomState, after: RoomState, event: Event) -> int | None:
    """Who finished a share with ``event`` (None: no share ended, or it was passed)."""
    holder = before.floor_holder
    if holder is None:
        return None
    if after.floor_holder == holder and after.floor_since == before.floor_since:
        return None
    if event.kind is EventKind.PASSED and event.fields[0] == holder:
        return None
    return holder


def after_event(before: RoomState, after: RoomState, event: Event) -> RoomState:
    """``after`` (the room once ``event`` applied) with its shares and hand reasons brought up to date."""
    shares = after.shares
    sharer = _share_ended(before, after, event)
    if sharer is not None:
        seconds = max(0, event.at - (before.floor_since or event.at))
        so_far = shares.get(sharer, ShareCount())
        shares = MappingProxyType(
            {**shares, sharer: ShareCount(so_far.count + 1, so_far.seconds + seconds)}
        )
    if event.kind is EventKind.MEETING_ENDED:
        shares = MappingProxyType({})
    elif event.kind in _GONE and event.fields[0] in shares:
        shares = MappingProxyType({p: c for p, c in shares.items() if p != event.fields[0]})
    reasons = after.hand_reasons
    if reasons and after.hand_queue != before.hand_queue:
        reasons = MappingProxyType({p: r for p, r in reasons.items() if p in after.hand_queue})
    if shares is after.shares and reasons is after.hand_reasons:
        return after
    return replace(after, shares=shares, hand_reasons=reasons)


def not_shared(state: RoomState) -> list[int]:
    """Everyone present who has not shared yet in this meeting, in order of arrival."""
    return [
        pid for pid in sorted(state.participants)
        if pid not in state.shares or state.shares[pid].count == 0
    ]
