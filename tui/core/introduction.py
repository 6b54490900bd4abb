"""A prepared introduction: written before one's turn, offered when the turn comes, never sent by itself.

Many people find it hard to speak on the spot; writing "Hi, I'm Sam, this is my third
meeting" ahead of time helps. ``Introduction`` holds that draft in memory for one room.
It is written to disk only when the person asks (``keep``): one file per room address
in ``user_data_dir("talkingstick")/introductions``, 0600 in a 0700 folder, named by a
hash of the address so that a folder listing does not say which groups someone goes
to. ``forget`` deletes that file. Nothing else about the meeting is ever written.

``offered`` says when to offer it: the person holds the floor in a round (their turn),
a draft exists, and it has not been sent in this meeting (writing it again makes it new).
Sending goes the way of any message (``Intents.send`` with ``SAY``); a draft longer
than one message (``protocol.limits.MAX_MESSAGE_CHARS``) is refused when written, never
split, so that it cannot arrive in pieces between other people's words. Sharing is never
forced: the offer is a hint, and only the person's key sends it.

This module must not import ``textual``.
"""

import hashlib
import logging
import os
import secrets
from pathlib import Path

from platformdirs import user_data_dir

from protocol import CommandKind, ProtocolError, RoomState
from protocol.limits import MAX_MESSAGE_CHARS
from protocol.text import clean_message
from tui.core.intents import Intents, Outcome, Refusal, Sent

log = logging.getLogger(__name__)

FOLDER = "introductions"
"""The folder inside ``user_data_dir("talkingstick")``."""
NO_DRAFT = "You have not written an introduction."
NOT_YOUR_TURN = "Your introduction is offered when your turn comes in a round."
SENT_ALREADY = "You have sent your introduction in this meeting."
NOT_KEPT = "It could not be kept on this computer: {problem}"


def introductions_folder() -> Path:
    """Where kept introductions live: ``introductions`` in ``user_data_dir("talkingstick")``."""
    return Path(user_data_dir("talkingstick")) / FOLDER


def file_name(room_url: str) -> str:
    """The kept introduction's file name for a room address: a hash, never the room's name."""
    return hashlib.sha256(room_url.encode()).hexdigest()[:32] + ".txt"


def too_long(text: str) -> bool:
    """Whether ``text`` would not fit one message once cleaned (tabs count as four)."""
    try:
        clean_message(text)
    except ProtocolError:
        return bool(text.strip())
    return False


class Introduction:
    """One person's prepared introduction for one room."""

    def __init__(self, room_url: str, folder: Path | None = None) -> None:
        """Args:
        room_url: The room's address; a kept introduction belongs to it alone.
        folder: Where kept introductions live; ``introductions_folder()`` when None.
        """
        self.path = (folder if folder is not None else introductions_folder()) / file_name(room_url)
        self.text = ""
        """The draft, in memory."""
        self.kept = False
        """Whether the draft is kept on this computer."""
        self.sent = False
        """Whether this draft went to the room in this meeting."""
        self._request_id: int | None = None
        """The request id it went out with, until the relay refuses it or the draft changes."""

    def load(self) -> bool:
        """Read a kept introduction, if there is one; True when one was read."""
        try:
            text = self.path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return False
        text = text.strip()
        if not text or too_long(text):
            return False
        self.text, self.kept, self.sent = text, True, False
        return True

    def write(self, text: str, keep: bool) -> str | None:
        """Replace the draft; keep it on this computer or not. A sentence when refused or not kept.

        An empty text clears the draft (and the kept copy).

        Args:
            text: The new draft, as typed.
            keep: Keep it on this computer (else any kept copy is deleted).
        """
        text = text.strip()
        if too_long(text):
            return f"An introduction may be at most {MAX_MESSAGE_CHARS} characters, as one message."
        if text != self.text:
            self.sent = False
        self.text = text
        if keep and text:
            return self.save()
        self.forget()
        return None

    def save(self) -> str | None:
        """Keep the draft on this computer (0600); a sentence when it could not be."""
        if not self.text:
            return NO_DRAFT
        try:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            temporary = self.path.with_name(f".{self.path.name}.{secrets.token_hex(4)}")
            descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "w", encoding="utf-8") as file:
                file.write(self.text + "\n")
            os.replace(temporary, self.path)  # a reader never sees half a draft
        except OSError as exc:
            log.warning("Could not keep the introduction: %s", exc)
            return NOT_KEPT.format(problem=exc.strerror or exc)
        self.kept = True
        return None

    def forget(self) -> None:
        """Delete the kept copy, if any; the draft stays in memory for this meeting."""
        try:
            self.path.unlink(missing_ok=True)
        except OSError as exc:
            log.warning("Could not delete the kept introduction: %s", exc)
            return
        self.kept = False

    def offered(self, state: RoomState | None, me: int | None) -> bool:
        """Whether to offer the draft now: our turn in a round, a draft not sent yet."""
        return (
            state is not None
            and me is not None
            and state.round is not None
            and state.floor_holder == me
            and bool(self.text)
            and not self.sent
        )

    def send(self, intents: Intents) -> Outcome:
        """Send the offered draft as a message; a ``Refusal`` when it is not offered."""
        state, me = intents.room, intents.session.pid
        if not self.text:
            return Refusal(NO_DRAFT)
        if self.sent:
            return Refusal(SENT_ALREADY)
        if not self.offered(state, me):
            return Refusal(NOT_YOUR_TURN)
        outcome = intents.send(CommandKind.SAY, self.text)
        if isinstance(outcome, Sent):
            self.sent, self._request_id = True, outcome.request_id
        return outcome

    def refused(self, request_id: int | None) -> None:
        """The relay refused a command: if it was the introduction, it is offered again."""
        if request_id is not None and request_id == self._request_id:
            self.sent, self._request_id = False, None
