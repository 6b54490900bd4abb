"""The paged transcript widget: it fills a page, turns it when full, and pages back."""

from textual.app import App, ComposeResult
from textual.content import Content

from tui.widgets.transcript import HANGING_INDENT, Transcript


class OnlyTranscript(App[None]):
    """A bare app holding one transcript, 10 lines high."""

    def compose(self) -> ComposeResult:
        yield Transcript()


async def test_page_fills_then_turns_keeping_the_newest_lines():
    """Entries fill the page top down; the one that overflows starts a new page."""
    app = OnlyTranscript()
    async with app.run_test(size=(40, 10)) as pilot:
        transcript = app.query_one(Transcript)
        for number in range(10):
            transcript.add(Content(f"line {number}"))
        await pilot.pause()
        assert transcript.visible_text == [f"line {n}" for n in range(10)]
        transcript.add(Content("line 10"))
        await pilot.pause()
        visible = transcript.visible_text
        assert visible[-1] == "line 10" and "line 0" not in visible and len(visible) < 10


async def test_page_back_shows_earlier_lines_and_new_entry_returns_to_live():
    """Page Up shows history; the next entry brings the live page back."""
    app = OnlyTranscript()
    async with app.run_test(size=(40, 10)) as pilot:
        transcript = app.query_one(Transcript)
        for number in range(25):
            transcript.add(Content(f"line {number}"))
        transcript.page_back()
        await pilot.pause()
        assert not transcript.is_live and "line 24" not in transcript.visible_text
        transcript.add(Content("line 25"))
        assert transcript.is_live and "line 25" in transcript.visible_text


async def test_pending_entry_is_replaced_in_place():
    """An entry with a key can be replaced without moving the others."""
    app = OnlyTranscript()
    async with app.run_test(size=(40, 10)):
        transcript = app.query_one(Transcript)
        transcript.add(Content("first"))
        transcript.add(Content("mine …"), key=("pending", 1))
        assert transcript.replace(("pending", 1), Content("mine"))
        assert transcript.visible_text == ["first", "mine"]
        assert not transcript.has(("pending", 1))


async def test_long_entry_wraps_with_a_hanging_indent():
    """Continuation lines of a long message start under its text, not under the time."""
    app = OnlyTranscript()
    async with app.run_test(size=(40, 10)):
        transcript = app.query_one(Transcript)
        transcript.add(Content("12:00 Sam: " + "word " * 12))
        first, second, *_ = transcript.visible_text
        assert first.startswith("12:00 Sam:") and second.startswith(" " * HANGING_INDENT + "word")
