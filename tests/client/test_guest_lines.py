"""How long an invitation lasts, as the facilitators read it."""

from protocol.state import GuestInvite
from tui.core.guest_lines import invited_line, time_left


def test_a_day_made_a_few_seconds_earlier_still_reads_as_a_day():
    """`room guest` makes the code a moment before the relay records it: 24 hours, not 23."""
    assert time_left(24 * 3600 - 5) == "24 hours"
    assert time_left(7 * 86400 - 30) == "7 days"
    assert time_left(90 * 60) == "90 minutes"
    assert time_left(20) == "1 minute"


def test_the_operators_invitation_names_the_guest_and_the_code():
    """An invitation without an actor was made on the relay's command line."""
    line = invited_line(None, GuestInvite("Dr Lee", "K7QH-3MWD", 1_000_000 + 86395), 1_000_000)
    assert line == (
        "The relay's operator invited Dr Lee as a guest speaker: code K7QH-3MWD, valid once for 24 hours"
    )
