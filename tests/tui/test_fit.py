"""Screens fit 80x24 and 60x20: whole footer keys, a transcript that keeps most of the width."""

import pytest
from textual.widget import Widget

from tests.tui.test_snapshots import app_for
from tui.widgets.footer import FittingFooter
from tui.widgets.transcript import Transcript

pytestmark = pytest.mark.usefixtures("utc")

SIZES = [(80, 24), (60, 20)]


def _overlap(one: Widget, other: Widget) -> bool:
    return bool(one.region.intersection(other.region).area)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(("pid", "keys"), [(1, []), (1, ["escape"]), (2, []), (2, ["escape"])])
async def test_every_footer_key_shown_is_whole(pid, keys, size):
    """No footer key is cut by the screen's edge or hidden under the palette key."""
    app = app_for(pid)
    async with app.run_test(size=size) as pilot:
        await pilot.press(*keys)
        await pilot.pause()
        await pilot.pause()
        footer = app.screen.query_one(FittingFooter)
        shown = [key for key in footer.children if key.display and key.region.area]
        palette = [key for key in shown if key.has_class("-command-palette")]
        others = [key for key in shown if key not in palette]
        assert others, "the footer shows no key"
        assert all(key.region.right <= footer.region.right for key in shown)
        assert not any(_overlap(key, mark) for key in others for mark in palette)
        contents = [key.get_content_width(key.size, key.size) for key in others]
        assert all(key.region.width >= width for key, width in zip(others, contents, strict=True))


async def test_the_transcript_keeps_most_of_60_columns():
    """At 60x20 the side panels narrow so that the transcript has most of the width."""
    app = app_for(1)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        assert app.screen.query_one(Transcript).size.width >= 36


async def test_the_current_agenda_title_is_read_whole_at_80_columns():
    """A long current agenda title wraps in the agenda panel instead of being cut."""
    from dataclasses import replace

    from protocol import AgendaItem
    from tests.tui.test_snapshots import fixed_room
    from tui.widgets.agenda import AgendaPanel

    long_title = "Sharing about the first year and what helped"
    room = fixed_room()
    room = replace(room, agenda=(room.agenda[0], AgendaItem(2, long_title, 30), room.agenda[2]))
    app = app_for(1, room)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        shown = " ".join(app.screen.query_one(AgendaPanel).query_one("#agenda-items").render().plain.split())
    assert long_title in shown


@pytest.mark.parametrize("size", SIZES)
async def test_the_remove_question_is_shown_whole(size):
    """The remove dialog's question wraps inside the dialog instead of being cut."""
    from textual.widgets import Label

    from tui.screens.dialogs import ConfirmScreen

    app = app_for(1)
    async with app.run_test(size=size) as pilot:
        await pilot.press("escape", "down", "r")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        question = app.screen.query(Label).first()
        text = str(question.render())
        assert "facilitator allows them." in text
        assert question.size.width * question.size.height >= len(text)
