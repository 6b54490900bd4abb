"""Keys that arrive together, as SSH delivers them, land in the field focused when each was typed."""

from textual import events

from protocol import CommandKind
from tests.tui.helpers import joined
from tui.screens.dialogs import AgendaItemScreen


def burst(app, keys: list[tuple[str, str | None]]) -> None:
    """Post every key to the app at once, with no pause between them (one read from a slow link)."""
    for key, character in keys:
        app.post_message(events.Key(key, character))


async def test_tab_in_a_burst_moves_the_following_keys_to_the_next_field(relay, room):
    """F9, then `Abc`, Tab and `9` in one burst: the title is Abc and the minutes 9."""
    name, key = room
    async with joined(relay.url(name), "Fay", key) as fay:
        await fay.pilot.press("f9")
        await fay.wait(lambda: isinstance(fay.app.screen, AgendaItemScreen), "the agenda item dialog")
        dialog = fay.app.screen
        burst(fay.app, [("A", "A"), ("b", "b"), ("c", "c"), ("tab", "\t"), ("9", "9")])
        await fay.wait(lambda: dialog.query_one("#minutes").value == "9", "9 in the minutes")
        assert dialog.query_one("#title").value == "Abc"


async def test_room_key_in_a_burst_acts_instead_of_typing_the_letter(relay, room):
    """Ctrl+R and `j` in one burst, the composer focused: the hand goes up, no j is typed."""
    name, key = room
    async with joined(relay.url(name), "Fay", key) as fay, joined(relay.url(name), "Max") as max_:
        fay.meeting.session.send(CommandKind.GRANT, fay.meeting.session.pid)
        await max_.wait(lambda: max_.meeting.session.state.floor_holder is not None, "Fay sharing")
        await max_.composer()
        composer = max_.meeting.query_one("#composer")
        burst(max_.app, [("ctrl+r", None), ("j", "j")])
        await fay.wait(lambda: "1. Max (response)" in fay.hands, "Max's response in Fay's queue")
        assert composer.value == ""


async def test_letters_after_a_room_key_in_a_burst_are_typed_not_lost(relay, room):
    """Ctrl+R, `h` and `ello` in one burst: the hand goes up and `ello` lands in the composer,
    although the keys were routed while the prefix had taken the focus away."""
    name, key = room
    async with joined(relay.url(name), "Fay", key) as fay:
        await fay.composer()
        composer = fay.meeting.query_one("#composer")
        burst(fay.app, [("ctrl+r", None), ("h", "h"), ("e", "e"), ("l", "l"), ("l", "l"), ("o", "o")])
        session = fay.meeting.session
        await fay.wait(lambda: session.state.hand_queue == (session.pid,), "Fay's hand")
        await fay.wait(lambda: composer.value == "ello", "ello in the composer")
