"""The room key prefix, the second press of guarded keys and dialogs that no letter answers."""

from protocol import CommandKind, EventKind
from tests.tui.helpers import joined
from tests.tui.test_typing_is_safe import last_seq, recorded
from tui.screens.desk import DeskScreen
from tui.screens.dialogs import ConfirmScreen
from tui.screens.help import HelpScreen
from tui.widgets.key_prompt import KeyPrompt
from tui.widgets.people import PeopleList
from tui.widgets.status import StatusLine


async def smart(seat) -> None:
    seat.meeting.intents.send(CommandKind.LOAD_FORMAT, "smart")
    await seat.wait(lambda: len(seat.meeting.session.state.agenda) == 5, "the agenda")


async def test_escape_then_all_good_changes_nothing(relay, room):
    """A facilitator's Esc then "all good" is a message being written, not room actions."""
    name, key = room
    async with joined(relay.url(name), "Fay", key) as fay, joined(relay.url(name), "Max") as max_:
        await smart(fay)
        max_.meeting.intents.raise_or_lower_hand()
        await fay.wait(lambda: bool(fay.meeting.session.state.hand_queue), "Max's hand")
        before = last_seq(relay, name)
        await fay.pilot.press("escape", *"all good")
        await fay.pilot.pause(0.2)
        assert fay.meeting.query_one("#composer").value == "all good"
        assert recorded(relay, name, before) == []


async def test_the_prefix_arms_one_room_key_then_writing_resumes(relay, room):
    """Ctrl+R shows the armed prompt instead of the status line; one letter acts, the next is typed."""
    name, key = room
    async with joined(relay.url(name), "Fay", key) as fay:
        await fay.pilot.press("ctrl+r")
        prompt = fay.meeting.query_one(KeyPrompt)
        assert prompt.display and "ROOM KEY" in prompt.plain
        assert not fay.meeting.query_one(StatusLine).display
        await fay.pilot.press("h", "h")
        await fay.wait(lambda: bool(fay.meeting.session.state.hand_queue), "the hand raised once")
        assert fay.meeting.query_one("#composer").value == "h"
        assert not prompt.display and fay.meeting.query_one(StatusLine).display


async def test_any_other_key_cancels_the_prefix_and_is_not_typed(relay, room):
    """After Ctrl+R a key that is no room key cancels it; it acts on nothing and types nothing."""
    name, key = room
    async with joined(relay.url(name), "Max") as max_:
        before = last_seq(relay, name)
        await max_.pilot.press("ctrl+r", "9", *"ok")
        await max_.pilot.pause(0.2)
        assert not max_.meeting.armed and max_.meeting.query_one("#composer").value == "ok"
        assert recorded(relay, name, before) == []


async def test_f8_acts_only_on_its_second_press(relay, room):
    """F8 once says what F8 again will do and sends nothing; F8 again moves the agenda once."""
    name, key = room
    async with joined(relay.url(name), "Fay", key) as fay:
        await smart(fay)
        before = last_seq(relay, name)
        await fay.pilot.press("f8")
        prompt = fay.meeting.query_one(KeyPrompt)
        assert prompt.plain.startswith("F8 again: move on to ")
        await fay.pilot.pause(0.2)
        assert recorded(relay, name, before) == []
        await fay.pilot.press("f8", "f8")
        await fay.wait(lambda: fay.meeting.session.state.current_item is not None, "the first segment")
        await fay.pilot.pause(0.3)
        first = fay.meeting.session.state.agenda[0].item_id
        assert relay.room(name).state.current_item == first, "a third press only asks again"


async def test_a_room_letter_confirms_with_the_same_letter(relay, room):
    """Ctrl+R then o asks; o again starts the round; the composer then has the focus."""
    name, key = room
    async with joined(relay.url(name), "Fay", key) as fay, joined(relay.url(name), "Max"):
        await fay.pilot.press("ctrl+r", "o")
        assert fay.meeting.query_one(KeyPrompt).plain.startswith("o again: start a round")
        assert fay.meeting.session.state.round is None
        await fay.pilot.press("o")
        await fay.wait(lambda: fay.meeting.session.state.round is not None, "the round")
        assert fay.meeting.query_one("#composer").has_focus


async def test_letters_do_not_answer_a_confirmation(relay, room):
    """Typing "yes" into the remove question answers nothing; Enter there answers no."""
    name, key = room
    async with joined(relay.url(name), "Fay", key) as fay, joined(relay.url(name), "Max"):
        await fay.wait(lambda: len(fay.people) == 2, "Max in the list")
        await fay.select("Max")
        await fay.pilot.press("r")
        await fay.wait(lambda: isinstance(fay.app.screen, ConfirmScreen), "the question")
        before = last_seq(relay, name)
        await fay.pilot.press(*"yes y", "enter")
        await fay.wait(lambda: fay.app.screen is fay.meeting, "the question answered no")
        await fay.pilot.pause(0.2)
        assert recorded(relay, name, before) == [] and len(fay.people) == 2


async def test_desk_letters_act_only_after_the_prefix(relay, room):
    """On the desk a bare l locks nothing; Ctrl+R then l locks the room."""
    name, key = room
    async with joined(relay.url(name), "Fay", key) as fay:
        await fay.pilot.press("f10")
        await fay.wait(lambda: isinstance(fay.app.screen, DeskScreen), "the desk")
        await fay.pilot.press("l", "l", "l")
        await fay.pilot.pause(0.2)
        assert not fay.meeting.session.state.locked
        await fay.pilot.press("ctrl+r", "l")
        await fay.wait(lambda: fay.meeting.session.state.locked, "the room locked")
        assert EventKind.LOCK_SET in recorded(relay, name, 0)


async def test_help_marks_the_guarded_actions(relay, room):
    """F1 lists the room keys under Ctrl+R and marks press-twice and asking actions."""
    name, key = room
    async with joined(relay.url(name), "Fay", key) as fay:
        await fay.pilot.press("f1")
        await fay.wait(lambda: isinstance(fay.app.screen, HelpScreen), "the help")
        text = fay.app.screen.text
        assert "Room keys (Ctrl+R, then the letter)" in text
        assert "Move on to the next agenda item and its rules [twice]" in text
        assert "Remove the selected person from the room [asks]" in text


async def test_one_arrow_while_armed_moves_the_selection_one_row(relay, room):
    """Ctrl+R then Down selects the next person in the People list, not the one after."""
    name, key = room
    async with (
        joined(relay.url(name), "Fay", key) as fay,
        joined(relay.url(name), "Max"),
        joined(relay.url(name), "Ana"),
    ):
        await fay.wait(lambda: len(fay.people) == 3, "three people")
        people = fay.meeting.query_one(PeopleList)
        await fay.room_keys()
        start = people.highlighted
        assert start is not None
        await fay.pilot.press("down")
        await fay.wait(lambda: people.highlighted != start, "the selection to move")
        await fay.pilot.pause(0.1)
        assert people.highlighted == start + 1
