"""Small modal dialogs: confirm an action, add an agenda item, choose a display name.

Each dialog returns its answer through ``dismiss`` (None when cancelled with Escape),
validates what was typed with the protocol's own checks before returning, and shows
every piece of untrusted text as plain ``Content``. ``Dialog``, ``dialog_css`` and
``blinkless`` are the parts every dialog of the client shares (``tui.screens.notes``,
``tui.screens.formats`` and ``tui.screens.reading_picker`` build on them too).
"""

from collections.abc import Callable
from typing import Any, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label

from protocol import ProtocolError
from protocol.fields import minutes as check_minutes
from protocol.text import check_name, check_title, for_display, for_display_line
from tui import keys

AnswerT = TypeVar("AnswerT")

DIALOG_CSS = """
{name} {{
    align: center middle;
}}
{name} > Vertical {{
    width: 60;
    max-width: 100%;
    height: auto;
    border: round $accent;
    padding: 0 1;
    background: $surface;
}}
{name} Vertical > Label {{
    width: 1fr;
}}
{name} Input {{
    border: none !important;
    height: 1;
    margin: 0 0 1 0;
    background: $boost;
}}
{name} .error {{
    color: $error;
    height: auto;
}}
{name} Horizontal {{
    height: auto;
    align: right middle;
}}
{name} Button {{
    min-width: 10;
    height: 1;
    border: none;
    margin-left: 1;
}}
"""

LIST_CSS = """
{name} OptionList, {name} OptionList:focus {{
    height: auto;
    max-height: 12;
    border: none;
    margin-bottom: 1;
}}
"""


def dialog_css(name: str, *, with_list: bool = False) -> str:
    """The shared look of the dialog class ``name``; ``with_list`` adds its option list's."""
    return DIALOG_CSS.format(name=name) + (LIST_CSS.format(name=name) if with_list else "")


def blinkless(box: Input) -> Input:
    """``box`` with its cursor's blink off: every blink is bytes on a slow link."""
    box.cursor_blink = False
    return box


class Dialog(ModalScreen[AnswerT]):
    """A dialog that answers through ``dismiss``: Escape cancels (None), a checked answer closes it.

    A dialog that checks what was typed shows a ``Label`` with the class ``error``, where
    ``answer_with`` says why an answer was refused.
    """

    def answer_with(self, check: Callable[..., AnswerT], *args: Any) -> None:
        """Close with ``check(*args)``, or show why not when it raises ``ProtocolError``."""
        try:
            answer = check(*args)
        except ProtocolError as error:
            self.query_one(".error", Label).update(Content(error.message))
            return
        self.dismiss(answer)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmScreen(ModalScreen[bool]):
    """Ask a yes/no question that no stray key answers yes.

    No letter answers it: someone who types on, unaware of the dialog, changes nothing.
    The No button has the focus at first, so a stray Enter answers no; Tab (or an arrow
    key) moves to Yes, and Enter there answers yes; Escape answers no.
    """

    DEFAULT_CSS = (
        dialog_css("ConfirmScreen")
        + """
    ConfirmScreen Label {
        width: 100%;
    }
    ConfirmScreen .hint {
        color: $text-muted;
        height: auto;
    }
    """
    )
    BINDINGS = [
        *keys.bindings(keys.DIALOG_KEYS),
        Binding("left,up", "app.focus_previous", "Previous", show=False, id="dialog-previous"),
        Binding("right,down", "app.focus_next", "Next", show=False, id="dialog-next"),
    ]

    def __init__(self, question: str, yes: str = "Yes") -> None:
        super().__init__()
        self._question = question
        self._yes = yes

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Content(for_display(self._question)))
            yield Label(
                Content(f"Tab, then Enter: {self._yes}. Enter or {keys.label_of('dialog-cancel')}: no."),
                classes="hint",
            )
            with Horizontal():
                yield Button(Content(self._yes), id="yes", variant="error", compact=True)
                yield Button(Content("No"), id="no", compact=True)

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def action_cancel(self) -> None:
        self.dismiss(False)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


class AgendaItemScreen(Dialog[tuple[str, int, str | None] | None]):
    """Ask for an agenda item's title, time box in minutes and, for a guest's talk, its speaker.

    Enter in the minutes or the speaker field adds the item; the speaker is optional."""

    DEFAULT_CSS = dialog_css("AgendaItemScreen")
    BINDINGS = keys.bindings(keys.DIALOG_KEYS)

    def compose(self) -> ComposeResult:
        with Vertical():
            cancel = keys.label_of("dialog-cancel")
            yield Label(Content(f"New agenda item (Enter to add, {cancel} to cancel)"))
            yield Label(Content("Title"))
            yield blinkless(Input(placeholder="e.g. Check-in", id="title"))
            yield Label(Content("Minutes"))
            yield blinkless(Input(placeholder="e.g. 10", id="minutes", type="integer"))
            yield Label(Content("Guest speaker (optional; they get the floor)"))
            yield blinkless(Input(placeholder="e.g. Dr Lee", id="speaker"))
            yield Label(Content(""), classes="error")

    def on_mount(self) -> None:
        self.query_one("#title", Input).focus()

    @on(Input.Submitted, "#title")
    def _title_done(self) -> None:
        self.query_one("#minutes", Input).focus()

    @on(Input.Submitted, "#minutes")
    @on(Input.Submitted, "#speaker")
    def _submit(self) -> None:
        title, minutes = self.query_one("#title", Input).value, self.query_one("#minutes", Input).value
        self.answer_with(self._item, title, minutes, self.query_one("#speaker", Input).value)

    @staticmethod
    def _item(title: str, minutes: str, speaker: str = "") -> tuple[str, int, str | None]:
        """The item as typed, checked (``ProtocolError`` says what is wrong)."""
        raw = minutes.strip()
        named = check_name(speaker) if speaker.strip() else None
        return check_title(title), check_minutes(int(raw) if raw.isdigit() else -1), named


class NameScreen(Dialog[str | None]):
    """Ask for the display name to join with."""

    DEFAULT_CSS = dialog_css("NameScreen")
    BINDINGS = keys.bindings(keys.DIALOG_KEYS)

    def __init__(self, room_title: str) -> None:
        super().__init__()
        self._room_title = room_title

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Content("Joining " + for_display_line(self._room_title)))
            yield Label(Content("Your name, as others will see it (Enter to join)"))
            yield blinkless(Input(placeholder="e.g. Sam", id="name"))
            yield Label(Content(""), classes="error")

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()

    @on(Input.Submitted)
    def _submit(self, event: Input.Submitted) -> None:
        self.answer_with(check_name, event.value)
