"""Dialogs for notes and pauses: a private note or reply, a pause in minutes, whom to pause.

Like the meeting's dialogs they answer through ``dismiss`` (None when cancelled with
Escape), check what was typed with the protocol's own rules before answering, and show
names only as plain ``Content`` after ``for_display_line``.
"""

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from protocol.fields import short_text, silence_minutes
from protocol.limits import MAX_MESSAGE_CHARS
from protocol.text import clean_message, for_display, for_display_line
from tui import keys
from tui.screens.dialogs import Dialog, blinkless, dialog_css

DECLINE_CHARS = 500
"""Longest message with which a waiting person is declined (the wire's limit)."""


class TextDialog(Dialog[str | None]):
    """Ask for a private note, a reply or a decline message; Enter sends, Escape cancels.

    With ``optional`` an empty answer is allowed and returned as ``""``.
    """

    DEFAULT_CSS = dialog_css("TextDialog")
    BINDINGS = keys.bindings(keys.DIALOG_KEYS)

    def __init__(
        self, heading: str, hint: str, *, placeholder: str = "", optional: bool = False, limit: int = 0
    ) -> None:
        """Args:
        heading: What the dialog is for (may hold a display-safe name).
        hint: One line under it: who will read this, what Enter does.
        placeholder: Shown in the empty box.
        optional: Whether an empty answer is allowed.
        limit: Most characters allowed; 0 for a chat message's limit.
        """
        super().__init__()
        self._heading = heading
        self._hint = hint
        self._placeholder = placeholder
        self._optional = optional
        self._limit = limit or MAX_MESSAGE_CHARS

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content.styled(for_display(self._heading), "bold"), classes="heading")
            yield Static(Content.styled(for_display(self._hint), "$text-muted"))
            yield blinkless(Input(placeholder=self._placeholder, max_length=self._limit, id="text"))
            yield Label(Content(""), classes="error")

    def on_mount(self) -> None:
        self.query_one("#text", Input).focus()

    @on(Input.Submitted, "#text")
    def _submit(self, event: Input.Submitted) -> None:
        if self._optional and not event.value.strip():
            self.dismiss("")
            return
        self.answer_with(self._checked, event.value)

    def _checked(self, typed: str) -> str:
        """The text as it will be sent (``ProtocolError`` says why it cannot be)."""
        text = clean_message(typed)
        return short_text(text) if self._limit <= DECLINE_CHARS else text


def note_dialog() -> TextDialog:
    """A member's private note to the facilitators."""
    return TextDialog(
        "A private note to the facilitators",
        f"Only the facilitators read it. Enter sends, {keys.label_of('dialog-cancel')} cancels.",
        placeholder="e.g. I may need to leave early",
    )


def reply_dialog(name: str) -> TextDialog:
    """A facilitator's private reply to ``name`` (display-safe)."""
    return TextDialog(
        f"A private reply to {name}",
        f"Only {name} and the facilitators read it. Enter sends, {keys.label_of('dialog-cancel')} cancels.",
    )


def decline_dialog(name: str) -> TextDialog:
    """The message with which ``name`` (display-safe) is declined; it may be left empty."""
    return TextDialog(
        f"Decline {name}?",
        f"A kind word for them (optional). Enter declines, {keys.label_of('dialog-cancel')} cancels.",
        placeholder="e.g. Please join us next week.",
        optional=True,
        limit=DECLINE_CHARS,
    )


class MinutesDialog(Dialog[int | None]):
    """Ask for how many minutes to pause someone's messages; 0 lifts a pause."""

    DEFAULT_CSS = dialog_css("MinutesDialog")
    BINDINGS = keys.bindings(keys.DIALOG_KEYS)

    def __init__(self, name: str) -> None:
        """Args:
        name: Whose messages (shown through ``for_display_line``).
        """
        super().__init__()
        self._name = for_display_line(name)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content.styled(f"Pause {self._name}'s messages", "bold"), classes="heading")
            yield Static(
                Content.styled(
                    f"Minutes (0 lifts a pause). Enter pauses, {keys.label_of('dialog-cancel')} cancels.",
                    "$text-muted",
                )
            )
            yield blinkless(Input(value="5", type="integer", max_length=3, id="minutes"))
            yield Label(Content(""), classes="error")

    def on_mount(self) -> None:
        self.query_one("#minutes", Input).focus()

    @on(Input.Submitted, "#minutes")
    def _submit(self, event: Input.Submitted) -> None:
        raw = event.value.strip()
        self.answer_with(silence_minutes, int(raw) if raw.isdigit() else -1)


class PickPersonDialog(Dialog[int | None]):
    """Pick one person from a list with the arrow keys; Enter picks, Escape cancels."""

    DEFAULT_CSS = dialog_css("PickPersonDialog", with_list=True)
    BINDINGS = keys.bindings(keys.DIALOG_KEYS)

    def __init__(self, heading: str, people: list[tuple[int, str]], selected: int | None = None) -> None:
        """Args:
        heading: What the pick is for.
        people: (participant id, name) pairs to choose from; names are untrusted.
        selected: Who is highlighted at first.
        """
        super().__init__()
        self._heading = heading
        self._people = people
        self._selected = selected

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content.styled(self._heading, "bold"), classes="heading")
            yield OptionList(
                *(Option(Content(for_display_line(name)), id=str(pid)) for pid, name in self._people),
                id="people-pick",
            )

    def on_mount(self) -> None:
        picker = self.query_one(OptionList)
        picker.focus()
        ids = [pid for pid, _ in self._people]
        if ids:
            picker.highlighted = ids.index(self._selected) if self._selected in ids else 0

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id or 0))
