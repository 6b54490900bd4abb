"""The introduction dialog: write what to say when one's turn comes, privately, before it comes.

``IntroductionDialog`` holds a ``TextArea`` (Enter starts a new line), a counter of the
characters left in one message, and a tick box "keep it on this computer" (unticked, the
draft lives only in memory until talkingstick closes). F2 answers with the draft and the
tick box, Esc cancels; nothing is sent to the room from here. The client core
(``tui.core.introduction``) decides what keeping means and when the draft is offered.
"""

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Label, Static, TextArea

from protocol.limits import MAX_MESSAGE_CHARS
from tui import keys
from tui.core.introduction import too_long
from tui.screens.dialogs import Dialog, dialog_css
from tui.widgets.tickbox import TickBox


@dataclass(frozen=True, slots=True)
class Draft:
    """The dialog's answer: the text, and whether to keep it on this computer."""

    text: str
    keep: bool


def counter_text(text: str) -> str:
    """``12 / 2000 characters``, and ``too long`` past one message."""
    used = len(text.strip().replace("\t", "    "))
    return f"{used} / {MAX_MESSAGE_CHARS} characters" + (" (too long)" if too_long(text) else "")


class IntroductionDialog(Dialog[Draft | None]):
    """Write or change one's introduction; F2 keeps the draft, Esc cancels."""

    DEFAULT_CSS = (
        dialog_css("IntroductionDialog")
        + """
    IntroductionDialog TextArea, IntroductionDialog TextArea:focus {
        height: 5;
        border: none;
        padding: 0;
        background: $boost;
    }
    IntroductionDialog TickBox {
        border: none;
        padding: 0;
    }
    IntroductionDialog .counter {
        height: 1;
    }
    """
    )
    BINDINGS = keys.bindings((*keys.DIALOG_KEYS, *keys.keys_of("introduction")))

    def __init__(self, text: str, kept: bool) -> None:
        """Args:
        text: The draft so far.
        kept: Whether it is kept on this computer now.
        """
        super().__init__()
        self._text = text
        self._kept = kept

    def compose(self) -> ComposeResult:
        done, cancel = keys.label_of("introduction-save"), keys.label_of("dialog-cancel")
        with Vertical():
            yield Static(Content.styled("Your introduction", "bold"), classes="heading")
            yield Static(
                Content.styled(
                    f"Only you see it until you send it on your turn. {done} keeps it, {cancel} cancels.",
                    "$text-muted",
                )
            )
            area = TextArea(self._text, soft_wrap=True, show_line_numbers=False, id="introduction-text")
            area.cursor_blink = False
            yield area
            yield Static(Content(counter_text(self._text)), classes="counter")
            yield TickBox("Keep it on this computer", self._kept, id="keep")
            yield Label(Content(""), classes="error")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    @on(TextArea.Changed)
    def _count(self, event: TextArea.Changed) -> None:
        self.query_one(".counter", Static).update(Content(counter_text(event.text_area.text)))

    def action_save(self) -> None:
        """Answer with the draft, unless it is too long for one message."""
        text = self.query_one(TextArea).text
        if too_long(text):
            message = f"Too long for one message: at most {MAX_MESSAGE_CHARS} characters."
            self.query_one(".error", Label).update(Content(message))
            return
        self.dismiss(Draft(text, self.query_one(TickBox).value))
