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
