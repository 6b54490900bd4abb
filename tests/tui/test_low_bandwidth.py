"""Low-bandwidth mode: chosen over SSH or by flag, and what it changes on screen."""

from tests.tui.helpers import joined
from tui.cli import parse_args
from tui.low_bandwidth import DEFAULT_PACE, LOW_BANDWIDTH_PACE, choose_pace
from tui.widgets.agenda import time_left_text
from tui.widgets.composer import Composer
from tui.widgets.floor import clock
from tui.widgets.transcript import Transcript

OVER_SSH = {"SSH_CONNECTION": "192.0.2.7 50122 192.0.2.1 22"}


def test_ssh_connection_turns_low_bandwidth_on():
    """With SSH_CONNECTION set and no flag, the client runs in low-bandwidth mode."""
    assert choose_pace(parse_args([]).low_bandwidth, OVER_SSH) is LOW_BANDWIDTH_PACE


def test_local_terminal_keeps_the_default_pace():
    """Without SSH_CONNECTION and no flag, the default pace is used."""
    assert choose_pace(parse_args([]).low_bandwidth, {}) is DEFAULT_PACE


def test_no_low_bandwidth_flag_overrides_ssh():
    """--no-low-bandwidth keeps the default pace even over SSH."""
    assert choose_pace(parse_args(["--no-low-bandwidth"]).low_bandwidth, OVER_SSH) is DEFAULT_PACE


def test_low_bandwidth_flag_turns_it_on_locally():
    """--low-bandwidth turns the mode on without SSH."""
    assert choose_pace(parse_args(["--low-bandwidth"]).low_bandwidth, {}) is LOW_BANDWIDTH_PACE


def test_agenda_countdown_steps_in_whole_minutes():
    """At a 60 s step the agenda clock never shows seconds, even in the last two minutes."""
    assert time_left_text(95, step=60).plain == "2 min left"
    assert time_left_text(-30, step=60).plain == "over by 1 min"


def test_floor_countdown_steps_in_whole_minutes():
    """At a 60 s step the floor clock shows whole minutes, rounded up."""
    assert [clock(seconds, 60) for seconds in (179, 61, 5)] == ["3 min", "2 min", "1 min"]


async def test_low_bandwidth_screen_has_no_blink_and_no_transcript_scrollbar(relay, room):
    """In low-bandwidth mode the composer's cursor does not blink and the transcript has no scrollbar."""
    name, _ = room
    async with joined(relay.url(name), "Sam", pace=LOW_BANDWIDTH_PACE) as sam:
        composer = sam.app.screen.query_one(Composer)
        transcript = sam.app.screen.query_one(Transcript)
        assert composer.cursor_blink is False
        assert transcript.scrollbar_size_vertical == 0 and transcript.scrollbar_size_horizontal == 0
        assert not transcript.show_vertical_scrollbar
        assert sam.app.screen.has_class("-low-bandwidth")
