"""Keys that arrive together, as SSH delivers them, land in the field focused when each was typed."""

from textual import events

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
