"""The lobby's "Send the facilitators a note" dialog: a name, a short text, and the relay's answer.

Someone who has not joined writes to a room's facilitators ("first time, a bit nervous,
may I just listen?"). The dialog checks the name and the text with the protocol's own
rules before anything is sent (``protocol.names``, ``protocol.lobby_notes``), counts the
characters against ``MAX_LOBBY_NOTE_CHARS``, sends through the client core
(``tui.core.relay_http.leave_lobby_note``) in its own worker group, and shows the
relay's answer as plain text: delivered (not read yet), or why not, keeping what was
typed so that nothing is lost to a refusal.
"""

from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Label, Static

from protocol import ProtocolError
from protocol.limits import MAX_LOBBY_NOTE_CHARS, MAX_NAME_CHARS
from protocol.lobby_notes import clean_lobby_note
from protocol.names import check_join_name
from protocol.text import for_display_line
from tui import keys
from tui.core.relay_http import FetchError, NoteAnswer, leave_lobby_note
from tui.screens.dialogs import Dialog, blinkless, dialog_css


def size_text(typed: str) -> str:
    """``123/500 characters``: how much of a note's room is used."""
    return f"{len(typed)}/{MAX_LOBBY_NOTE_CHARS} characters"


class LobbyNoteDialog(Dialog[str | None]):
    """Write to one room's facilitators from the lobby; answers the relay's sentence once delivered."""

    DEFAULT_CSS = dialog_css("LobbyNoteDialog") + """
    LobbyNoteDialog #note-size { color: $text-muted; height: 1; }
    """
    BINDINGS = keys.bindings(keys.DIALOG_KEYS)

    def __init__(
        self, http_url: str, room: str, title: str, name: str = "", cafile: Path | str | None = None
    ) -> None:
        """Args:
        http_url: The relay's HTTP address.
        room: The room's name, as in its address.
        title: The room's title (untrusted: shown through ``for_display_line``).
        name: The name to offer (the one last used to join).
        cafile: A group's own certificate authority to trust for ``https://``.
        """
        super().__init__()
        self._http_url = http_url
        self._room = room
        self._title = for_display_line(title)
        self._name = name
        self._cafile = cafile

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content.styled(f"Send the facilitators of {self._title} a note", "bold"))
            yield Static(
                Content.styled(
                    "Only the facilitators read it, at their next meeting. "
                    f"Enter sends, {keys.label_of('dialog-cancel')} cancels.",
                    "$text-muted",
                )
            )
            yield blinkless(Input(self._name, placeholder="Your name", max_length=MAX_NAME_CHARS, id="name"))
            yield blinkless(
                Input(
                    placeholder="e.g. First time here; may I just listen?",
                    max_length=MAX_LOBBY_NOTE_CHARS,
                    id="note",
                )
            )
            yield Label(Content(size_text("")), id="note-size")
            yield Label(Content(""), classes="error")

    def on_mount(self) -> None:
        self.query_one("#note" if self._name else "#name", Input).focus()

    @on(Input.Changed, "#note")
    def _count(self, event: Input.Changed) -> None:
        self.query_one("#note-size", Label).update(Content(size_text(event.value)))

    @on(Input.Submitted, "#name")
    def _to_the_note(self) -> None:
        self.query_one("#note", Input).focus()

    @on(Input.Submitted, "#note")
    def _submit(self) -> None:
        try:
            name = check_join_name(self.query_one("#name", Input).value)
            text = clean_lobby_note(self.query_one("#note", Input).value)
        except ProtocolError as error:
            self._say(error.message)
            return
        self._say("Sending…")
        self._send(name, text)

    @work(exclusive=True, group="lobby-note", exit_on_error=False)
    async def _send(self, name: str, text: str) -> None:
        try:
            answer: NoteAnswer = await leave_lobby_note(self._http_url, self._room, name, text, self._cafile)
        except (FetchError, OSError) as error:
            self._say(f"Could not reach the relay ({type(error).__name__}); your note is still here.")
            return
        if answer.delivered:
            self.dismiss(answer.message)
        else:
            self._say(answer.message)

    def _say(self, text: str) -> None:
        self.query_one(".error", Label).update(Content(text))
