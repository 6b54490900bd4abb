"""The shared-time forecast: when the agenda will end at the current pace, against the plan.

The plan is the meeting's start (``RoomState.meeting_started_at``) plus every item's time
box. At the current pace the meeting ends once the current item has had what is left of
its box (nothing more if it already overran: it ends now at the earliest) and every later
item has had its own. The difference is what a facilitator wants to see early enough to
shorten shares or drop an item. Pure: the time comes in as an argument; no ``textual``.
"""

import time
from dataclasses import dataclass

from protocol.state import RoomState

SHOW_FROM_SECONDS = 60
"""An overrun shorter than a minute is not worth a facilitator's attention."""


@dataclass(frozen=True, slots=True)
class Forecast:
    """When the meeting ends at the current pace, and how far past its planned end."""

    ends_at: float
    """Server time (seconds since the epoch)."""
    over_seconds: float
    """How long after the planned end; negative when it ends early."""


def forecast(state: RoomState, now: float) -> Forecast | None:
    """The forecast for ``state`` at server time ``now``, or None before the meeting's first item."""
    planned_end = state.planned_end()
    ids = [item.item_id for item in state.agenda]
    if planned_end is None or state.current_item not in ids or state.current_started_at is None:
        return None
    index = ids.index(state.current_item)
    current = state.agenda[index]
    left_of_current = max(0.0, current.minutes * 60 - (now - state.current_started_at))
    later = sum(item.minutes for item in state.agenda[index + 1 :]) * 60
    ends_at = now + left_of_current + later
    return Forecast(ends_at, ends_at - planned_end)


def forecast_words(found: Forecast | None, local_offset: float = 0.0) -> str:
    """``at this pace: ends 20:07, 7 min over``, or the empty string when it keeps to time.

    Args:
        found: The forecast, or None.
        local_offset: Local clock minus server clock, to show the end in local time.
    """
    if found is None or found.over_seconds < SHOW_FROM_SECONDS:
        return ""
    clock = time.strftime("%H:%M", time.localtime(found.ends_at + local_offset))
    return f"at this pace: ends {clock}, {int(found.over_seconds // 60)} min over"
