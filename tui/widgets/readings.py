"""The reading panel: the text the group reads together, and the reader's prompt.

A facilitator shows a reading (the guidelines, a preamble) to everyone; it opens above
the transcript, scrollable with the arrow keys once it has the focus, and ``v`` shows
or hides it. Someone who arrived after the guidelines were read gets them once. The
person asked to read aloud sees a prompt with how far they have got, and ``.`` posts
the next paragraph. Titles and texts come from the room and are shown as plain
``Content`` after ``protocol.text.for_display``.
"""

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from protocol import RoomState
from protocol.state import Reading
from protocol.text import for_display, for_display_line
from tui import keys
from tui.widgets.quiet import QuietLabel


def hide_hint() -> str:
    """Said on the panel's bottom edge, so that nobody wonders how to get the transcript back."""
    return f"{keys.label_of('room-keys')} then {keys.label_of('readings')} hides it"


def reading_to_show(state: RoomState, my_pid: int | None) -> Reading | None:
    """The reading this participant should see: the one they read aloud, else the shown one."""
    reader = state.reader
    if reader is not None and reader.pid == my_pid:
        return state.reading(reader.reading_id)
    return state.reading(state.shown_reading)


def missed_guidelines(state: RoomState) -> Reading | None:
    """The guidelines, for someone who arrived once the meeting had moved past its first segment.

    None when a reading is being shown anyway, or the meeting has not got that far.
    """
    if state.shown_reading is not None or state.current_item is None or not state.agenda:
        return None
    if state.current_item == state.agenda[0].item_id:
        return None
    return next((reading for reading in state.readings if reading.guidelines), None)


def reader_prompt(state: RoomState, my_pid: int | None) -> Content:
    """``You are reading Guidelines: press . for the next paragraph (2 of 8)``, for the reader only."""
    reader = state.reader
    reading = state.reading(reader.reading_id) if reader is not None else None
    if reader is None or reader.pid != my_pid or reading is None:
        return Content("")
    total = len(reading.paragraphs())
    return Content.styled(
        f"You are reading {for_display_line(reading.title)}: "
        f"press {keys.label_of('read-on')} for the next paragraph "
        f"({min(reader.next_paragraph + 1, total)} of {total})",
        "bold $accent",
    )


class ReadingPanel(VerticalScroll, inherit_bindings=False):
    """One reading's title and text; hidden until there is one to show."""

    BINDINGS = [
        *keys.arrow_bindings("scroll_down", "scroll_up", "scroll_home", "scroll_end", ends=("Top", "End")),
        *keys.bindings(keys.READINGS_KEYS),
    ]

    DEFAULT_CSS = """
    ReadingPanel {
        display: none;
        height: 10;
        padding: 0 1;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.reading_id: int | None = None
        """The reading on display (it stays set while the panel is hidden)."""
        self._text = ""

    def compose(self) -> ComposeResult:
        yield Static(Content(""), id="reading-text")

    def show_reading(self, reading: Reading) -> None:
        """Put ``reading`` in the panel and open it."""
        if reading.reading_id != self.reading_id or reading.text != self._text:
            self.reading_id, self._text = reading.reading_id, reading.text
            # A plain string here would be parsed as markup: the title is someone's text.
            self.border_title = Content(for_display_line(reading.title))
            self.border_subtitle = hide_hint()
            self.query_one("#reading-text", Static).update(Content(for_display(reading.text)))
            self.scroll_home(animate=False)
        self.display = True

    def hide(self) -> None:
        """Close the panel (its reading is kept for ``v``)."""
        self.display = False

    @property
    def is_open(self) -> bool:
        """Whether the panel is on screen."""
        return bool(self.display)

    @property
    def text(self) -> str:
        """The reading's text as shown (for tests)."""
        return for_display(self._text) if self.is_open else ""


class ReaderPrompt(QuietLabel):
    """The reader's prompt (two lines at most); hidden for everyone else."""

    DEFAULT_CSS = """
    ReaderPrompt {
        display: none;
        height: auto;
        max-height: 2;
        padding: 0 1;
    }
    """

    def show_room(self, state: RoomState, my_pid: int | None) -> None:
        """Show the prompt when ``my_pid`` is the reader, hide it otherwise."""
        prompt = reader_prompt(state, my_pid)
        if self.show_content(prompt):
            self.display = bool(prompt.plain)
