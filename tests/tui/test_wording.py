"""The client's sentences read right: plurals, minutes left, who is done, who left, waiting for a turn."""

from dataclasses import replace

import pytest
from textual.app import App, ComposeResult

from protocol import Event, EventKind, Mode, apply
from protocol.errors import Refused
from protocol.rules.decision import Context
from protocol.rules.floor import decide_say
from protocol.state import LobbyNote, Note
from tests.tui.test_snapshots import NOW, fixed_room, round_room
from tui.core.lobby_notes import delete_question
from tui.core.narration import segment_text, tell
from tui.core.wording import plural
from tui.screens.desk import note_row
from tui.widgets.agenda import rules_words, time_left_text
from tui.widgets.floor import clock_text
from tui.widgets.tickbox import TickBox


def _event(kind: EventKind, *fields, actor: int | None = 1) -> Event:
    return Event(99, NOW, kind, actor, None, fields)


def _told(before, kind: EventKind, *fields, actor: int | None = 1) -> str | None:
    event = _event(kind, *fields, actor=actor)
    told = tell(before, apply(before, event), event)
    return None if told is None else told.text


def test_one_minute_is_singular():
    """One minute is "1 minute" wherever a count of minutes is said."""
    assert plural(1, "minute") == "1 minute"
    assert plural(2, "minute") == "2 minutes"
    silent = round_room().agenda[2]
    one = replace(silent, minutes=1)
    assert "1 minute (" in segment_text(one)
    assert rules_words(one.rules, 1) == "silent pause: 1 minute"


@pytest.mark.parametrize(("left", "shown"), [(299.5, "5 min left"), (241, "5 min left"), (240, "4 min left")])
def test_minutes_left_count_up(left, shown):
    """A 5-minute item shows 5 min left until a whole minute has gone."""
    assert time_left_text(left).plain == shown


def test_done_in_floor_mode_names_the_next_hand():
    """In floor mode, "Max is done" names whose hand is next, not "the floor is open"."""
    room = fixed_room()  # floor mode, Max has the floor, Ana's and Bo's hands are up
    assert _told(room, EventKind.FLOOR_RELEASED, actor=2) == "Max is done; Ana's hand is next"


def test_done_in_floor_mode_without_hands_says_how_to_speak():
    """In floor mode with no hand up, it says to raise a hand to speak."""
    room = replace(fixed_room(), hand_queue=())
    assert _told(room, EventKind.FLOOR_RELEASED, actor=2) == "Max is done; raise your hand to speak"


def test_done_in_open_mode_opens_the_floor():
    """In open mode the floor is open after a share."""
    room = replace(fixed_room(), mode=Mode.OPEN)
    assert _told(room, EventKind.FLOOR_RELEASED, actor=2) == "Max is done; the floor is open"


def test_leaving_names_who_left():
    """Someone leaving is named from the room before they left."""
    assert _told(fixed_room(), EventKind.LEFT, 2, actor=2) == "Max left"


def test_a_removal_is_not_followed_by_someone_left():
    """After "Max was removed", the LEFT that follows adds no "someone left"."""
    removed = apply(fixed_room(), _event(EventKind.REMOVED, 2))
    assert _told(removed, EventKind.LEFT, 2, actor=None) is None


def test_posting_out_of_turn_in_a_round_says_it_is_a_round():
    """During a round, a member posting out of turn is told to wait for their turn."""
    room = round_room()
    with pytest.raises(Refused) as refused:
        decide_say(room, room.participant(2), ("hello",), Context(now=NOW))
    assert "round" in refused.value.message and "wait for your turn" in refused.value.message


def test_the_sharers_clock_reads_as_a_sentence_when_time_is_up():
    """The sharer past their limit reads "You are sharing · your time is up"."""
    room = round_room(shared_for=155)
    assert clock_text(room, 3, NOW).plain == "· your time is up"


def test_a_reply_names_someone_who_has_since_left():
    """The desk names the person a reply went to even after they left."""
    room = fixed_room()
    note = Note(30, 1, 2, "Fay", "Thank you", NOW)
    gone = apply(room, _event(EventKind.LEFT, 2, actor=2))
    assert "Fay → Max:" in note_row(note, gone, {2: "Max"}).plain


class _Boxes(App[None]):
    def compose(self) -> ComposeResult:
        yield TickBox("ticked", True, id="on")
        yield TickBox("unticked", False, id="off")


async def test_an_unticked_box_shows_no_x():
    """An unticked box is blank inside and a ticked one shows X."""
    app = _Boxes()
    async with app.run_test():
        assert "X" not in app.query_one("#off", TickBox)._button.plain
        assert "X" in app.query_one("#on", TickBox)._button.plain


def test_the_question_before_deleting_a_lobby_note_names_it():
    """Who wrote the note and its first words, cut at a word; an escape shows as U+FFFD."""
    note = LobbyNote(7, "Sam", "first time, a bit nervous, may I just listen?", NOW)
    assert delete_question(note) == (
        'Delete the note from Sam ("first time, a bit nervous, may I…") from the lobby? '
        "Nobody can read it again."
    )
    odd = LobbyNote(8, "Jo [red]x[/red]", "hi\x1b[2J\nthere", NOW)
    assert delete_question(odd).startswith('Delete the note from Jo [red]x[/red] ("hi\ufffd[2J there")')
