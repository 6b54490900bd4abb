"""The readings dialog of facilitators: show a reading to everyone, or ask someone to read it.

It lists the room's readings (and, while one is shown, a way to close it). Enter shows
the highlighted reading in everyone's reading panel; F2 asks the person selected in
the People list to read it aloud, a paragraph at a time. The answer goes back through
``dismiss`` as ``ReadingChoice``; the meeting screen sends the command.
"""

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from protocol.state import Reading
from protocol.text import for_display_line
from tui import keys
from tui.screens.dialogs import Dialog, dialog_css
from tui.widgets.people import nobody_selected

CLOSE_ID = "close"
"""The option that closes the shown reading for everyone."""


@dataclass(frozen=True, slots=True)
class ReadingChoice:
    """What the facilitator chose: show (``reading_id`` None closes it) or ask to read."""

    ask: bool
    reading_id: int | None


def reading_option(reading: Reading, shown: bool) -> Content:
    """``Guidelines  8 paragraphs, shown now``."""
    count = len(reading.paragraphs())
    facts = f"  {count} paragraph{'s' if count != 1 else ''}" + (", shown now" if shown else "")
    return Content.assemble((for_display_line(reading.title), "bold"), (facts, "$text-muted"))


class ReadingPickerScreen(Dialog[ReadingChoice | None]):
    """Choose a reading to show, or to have the selected person read; Escape cancels."""

    DEFAULT_CSS = dialog_css("ReadingPickerScreen", with_list=True)
    BINDINGS = keys.bindings(keys.READING_PICKER_KEYS)

    def __init__(self, readings: tuple[Reading, ...], shown: int | None, reader_name: str | None) -> None:
        """Args:
        readings: The room's readings.
        shown: The reading shown now, if any.
        reader_name: The display-safe name of the person selected in the People list.
        """
        super().__init__()
        self._readings = readings
        self._shown = shown
        self._reader_name = for_display_line(reader_name) if reader_name is not None else None

    def compose(self) -> ComposeResult:
        ask = (
            f"{keys.label_of('reading-ask')} asks {self._reader_name} to read it aloud"
            if self._reader_name
            else "select someone in the People list first to ask them to read"
        )
        with Vertical():
            cancel = keys.label_of("dialog-cancel")
            yield Static(Content(f"Readings. Enter shows one to everyone; {ask}. {cancel} cancels."))
            options = [
                Option(reading_option(r, r.reading_id == self._shown), id=str(r.reading_id))
                for r in self._readings
            ]
            if self._shown is not None:
                options.insert(0, Option(Content("Close the reading for everyone"), id=CLOSE_ID))
            yield OptionList(*options, id="reading-choices")
            yield Label(Content("" if self._readings else "This room has no readings yet."), classes="error")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.focus()
        if options.option_count:  # the first reading, past "Close the reading"
            options.highlighted = 1 if self._shown is not None and options.option_count > 1 else 0

    def _highlighted_reading(self) -> int | None:
        option = self.query_one(OptionList).highlighted_option
        if option is None or option.id in (None, CLOSE_ID):
            return None
        return int(option.id)

    @on(OptionList.OptionSelected, "#reading-choices")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        reading_id = None if event.option.id == CLOSE_ID else int(event.option.id or 0)
        self.dismiss(ReadingChoice(ask=False, reading_id=reading_id))

    def action_ask(self) -> None:
        """Ask the selected person to read the highlighted reading."""
        reading_id = self._highlighted_reading()
        error = self.query_one(".error", Label)
        if self._reader_name is None:
            error.update(Content(nobody_selected()))
        elif reading_id is None:
            error.update(Content("Highlight a reading to ask them to read."))
        else:
            self.dismiss(ReadingChoice(ask=True, reading_id=reading_id))
