"""The format picker: typed text filters the list, and Enter never loads a format nobody typed."""

from protocol import CommandKind
from tests.tui.helpers import joined
from tui.screens.dialogs import ConfirmScreen
from tui.screens.formats import FormatScreen


async def open_picker(seat) -> FormatScreen:
    """Arm the room key prefix, press f, and wait for the relay's formats to be listed."""
    await seat.room_keys()
    await seat.pilot.press("f")
    picker = await seat.opened(FormatScreen)
    await seat.wait(lambda: len(picker.formats) >= 3, "the list of formats")
    return picker


async def test_typed_text_that_matches_nothing_loads_nothing(relay, room):
    """f, `quick`, Enter: no format matches, so none is loaded and the picker says so."""
    name, key = room
    async with joined(relay.url(name), "Fay", key) as fay:
        picker = await open_picker(fay)
        await fay.pilot.press(*"quick", "enter")
        await fay.pilot.pause()
        assert fay.app.screen is picker
        assert "No format matches 'quick'" in str(picker.query_one(".error").render())
        assert picker.query_one("#format-name").value == "quick"
        assert fay.meeting.session.state.agenda == ()


async def test_typing_filters_and_enter_takes_the_single_match(relay, room):
    """Typing `medit` leaves one format listed, and Enter loads it."""
    name, key = room
    async with joined(relay.url(name), "Fay", key) as fay:
        picker = await open_picker(fay)
        await fay.pilot.press(*"smar")
        await fay.wait(lambda: picker.query_one("#formats").option_count == 1, "the list filtered")
        await fay.pilot.press("enter")
        await fay.wait(lambda: len(fay.meeting.session.state.agenda) == 5, "the smart format's agenda")


async def test_replacing_an_agenda_asks_first(relay, room):
    """With an agenda in place, a chosen format is loaded only after a confirmation."""
    name, key = room
    async with joined(relay.url(name), "Fay", key) as fay:
        fay.meeting.session.send(CommandKind.AGENDA_ADD, "Our own item", 10)
        await fay.wait(lambda: len(fay.meeting.session.state.agenda) == 1, "the agenda item")
        await open_picker(fay)
        await fay.pilot.press(*"smart", "enter")
        await fay.wait(lambda: isinstance(fay.app.screen, ConfirmScreen), "the question")
        assert len(fay.meeting.session.state.agenda) == 1
