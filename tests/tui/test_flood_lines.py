"""How the relay's answer to a flood reads: for the facilitators, and for the person paused."""

from protocol import EventKind
from tests.tui.test_seat_lines import AT, FAY, MAX, NEO, told


def test_facilitators_read_who_flooded_and_the_pause():
    """FLOOD_STOPPED tells a facilitator who, how many refusals and how long the pause, and notifies."""
    news = told(EventKind.FLOOD_STOPPED, (MAX, 20, AT + 300), FAY, actor=None)
    assert "refused 20 commands from [b]Max[/b] within a minute and paused their messages for 5 minutes" in (
        news[0].plain
    )
    assert news[1] is not None


def test_flood_from_the_waiting_room_reads_without_a_pause():
    """Someone waiting is reported by name, with no pause mentioned."""
    news = told(EventKind.FLOOD_STOPPED, (NEO, 20, 0), FAY, actor=None)
    assert news[0].plain.endswith("refused 20 commands from Neo within a minute.")


def test_member_paused_by_the_relay_is_not_told_a_facilitator_did_it():
    """A SILENCED without an actor reads as the relay's pause."""
    news = told(EventKind.SILENCED, (MAX, AT + 300), MAX, actor=None)
    assert "The relay paused your messages for 5 minutes" in news[0].plain


def test_facilitators_read_the_relay_paused_them_not_someone():
    """The SILENCED that follows a flood reads "The relay paused Max's messages" to the facilitators."""
    news = told(EventKind.SILENCED, (MAX, AT + 300), FAY, actor=None)
    assert news[0].plain.endswith("The relay paused [b]Max[/b]'s messages for 5 minutes")  # shown as typed


def test_a_paused_message_is_refused_without_saying_who_paused_it():
    """The refusal reads true whether a facilitator or the relay paused the messages."""
    from protocol.rules.floor import _WHY_NOT

    assert _WHY_NOT["silenced"] == "Your messages are paused for a few minutes."
