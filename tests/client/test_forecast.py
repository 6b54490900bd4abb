"""The shared-time forecast: item time boxes and the current item's elapsed time against the plan."""

import time

from protocol import CommandKind
from tests.protocol.builders import AT, act, facilitated_room
from tui.core.forecast import Forecast, forecast, forecast_words

ADA = 1


def meeting(*minutes: int, moves: int = 1):
    """A room whose agenda has items of ``minutes`` and ``moves`` items begun, all at ``AT``."""
    state = facilitated_room()
    for number, length in enumerate(minutes, 1):
        state = act(state, ADA, CommandKind.AGENDA_ADD, f"Item {number}", length)
    for _ in range(moves):
        state = act(state, ADA, CommandKind.AGENDA_NEXT)
    return state


def test_no_forecast_before_the_meeting_begins():
    """Before the first item begins there is nothing to forecast."""
    assert forecast(meeting(10, 20, moves=0), AT) is None


def test_on_time_while_the_current_item_keeps_its_box():
    """Within the current item's box the meeting ends as planned."""
    found = forecast(meeting(10, 20), AT + 5 * 60)
    assert found == Forecast(AT + 30 * 60, 0)
    assert forecast_words(found) == ""


def test_an_overrunning_item_pushes_the_end_back():
    """Seven minutes past the first item's box, the meeting ends seven minutes late."""
    found = forecast(meeting(10, 20), AT + 17 * 60)
    assert found is not None and found.over_seconds == 7 * 60
    assert found.ends_at == AT + 37 * 60


def test_words_name_the_end_and_the_overrun():
    """The words give the local clock time of the end and the minutes over."""
    found = forecast(meeting(10, 20), AT + 17 * 60)
    clock = time.strftime("%H:%M", time.localtime(AT + 37 * 60))
    assert forecast_words(found) == f"at this pace: ends {clock}, 7 min over"


def test_ending_meeting_clears_the_start():
    """After the meeting ends there is no forecast until the next one begins."""
    state = act(meeting(10, 20), ADA, CommandKind.END_MEETING)
    assert state.meeting_started_at is None and forecast(state, AT + 60) is None
