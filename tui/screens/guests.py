"""Inviting a guest speaker: the dialog that asks for their name and how long the code lasts.

``ask_guest_invite`` opens ``GuestInviteScreen`` over the meeting or the desk and, once
answered, acts through ``tui.core.intents.Intents.invite_guest``. The relay makes the
code; the facilitators read it in the meeting's lines and on the desk (never here: the
dialog closes before the relay has answered). Nothing here builds a command.
"""

from collections.abc import Callable
from typing import Any

from textual import on
from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Label

from protocol import ProtocolError
from protocol.limits import GUEST_INVITE_MINUTES, MAX_GUEST_INVITE_MINUTES
from protocol.text import check_name
from tui import keys
from tui.core.intents import Intents, Outcome
from tui.screens.dialogs import Dialog, blinkless, dialog_css

MAX_HOURS = MAX_GUEST_INVITE_MINUTES // 60
DEFAULT_HOURS = GUEST_INVITE_MINUTES // 60


class GuestInviteScreen(Dialog[tuple[str, int | None] | None]):
    """Ask for a guest speaker's name and for how many hours their code is valid."""

    DEFAULT_CSS = dialog_css("GuestInviteScreen")
    BINDINGS = keys.bindings(keys.DIALOG_KEYS)

    def compose(self) -> ComposeResult:
        with Vertical():
            cancel = keys.label_of("dialog-cancel")
            yield Label(Content(f"Invite a guest speaker (Enter to invite, {cancel} to cancel)"))
            yield Label(Content("Their name, as everyone will see it"))
            yield blinkless(Input(placeholder="e.g. Dr Lee", id="guest-name"))
            yield Label(Content(f"Valid for (hours, at most {MAX_HOURS}; empty: {DEFAULT_HOURS})"))
            yield blinkless(Input(placeholder=str(DEFAULT_HOURS), id="guest-hours", type="integer"))
            yield Label(Content("The code is shown in the meeting and on the desk; it works once."))
            yield Label(Content(""), classes="error")

    def on_mount(self) -> None:
        self.query_one("#guest-name", Input).focus()

    @on(Input.Submitted, "#guest-name")
    def _name_done(self) -> None:
        self.query_one("#guest-hours", Input).focus()

    @on(Input.Submitted, "#guest-hours")
    def _submit(self) -> None:
        name, hours = self.query_one("#guest-name", Input).value, self.query_one("#guest-hours", Input).value
        self.answer_with(self._invitation, name, hours)

    @staticmethod
    def _invitation(name: str, hours: str) -> tuple[str, int | None]:
        """The invitation as typed, checked (``ProtocolError`` says what is wrong)."""
        raw = hours.strip()
        if raw and (not raw.isdigit() or not 0 < int(raw) <= MAX_HOURS):
            raise ProtocolError("bad_minutes", f"A code is valid for 1 to {MAX_HOURS} hours.")
        return check_name(name), int(raw) if raw else None


def ask_guest_invite(app: App[Any], intents: Intents, report: Callable[[Outcome], None]) -> None:
    """Ask for the guest's name and hours, then make the invitation."""

    def invite(answer: tuple[str, int | None] | None) -> None:
        if answer is not None:
            report(intents.invite_guest(*answer))

    app.push_screen(GuestInviteScreen(), invite)
