"""Notes from the lobby: what one may hold, and how a room's inbox of them changes.

Someone who has not joined yet may send the facilitators a short note ("first time, a
bit nervous, may I just listen?"). The relay takes it over HTTP (``server.lobby_door``),
decides it with ``protocol.rules.lobby`` and records it as ``LOBBY_NOTED``; the
functions here are the reducer's cases for that event, for ``LOBBY_NOTE_DELETED``, and
for what a meeting's end leaves in the inbox. Pure: no I/O. The notes are the
facilitators' alone (``protocol.privacy``).

A note is kept until the room's next meeting ends: at ``MEETING_ENDED`` the notes that
arrived before that meeting began are dropped. A note that arrives while a meeting is
under way was sent by someone who chose not to join it, so it is kept for the next one.
"""

from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote

from protocol.errors import ProtocolError
from protocol.limits import LOBBY_NOTES_KEEP, MAX_LOBBY_NOTE_CHARS
from protocol.state import LobbyNote, RoomState
from protocol.text import for_display

if TYPE_CHECKING:  # protocol.fields imports this module, and protocol.frames imports fields
    from protocol.frames import Event


NOTE_NAME_HEADER = "Talkingstick-Note-Name"
NOTE_TEXT_HEADER = "Talkingstick-Note-Text"
"""A note travels in these two request headers, percent-encoded UTF-8, never in the address:
proxies log request lines (nginx does by default), and a note's words must not reach a log."""


def note_headers(name: str, text: str) -> dict[str, str]:
    """The request headers that carry a note from the lobby signed ``name``."""
    return {NOTE_NAME_HEADER: quote(name, safe=""), NOTE_TEXT_HEADER: quote(text, safe="")}


def note_from_headers(headers: Mapping[str, str]) -> tuple[str, str]:
    """The (name, text) a note's headers carry, as typed (the rules clean and check them).

    Raises:
        ProtocolError: ``bad_note`` when they are not percent-encoded UTF-8.
    """
    try:
        name = unquote(headers.get(NOTE_NAME_HEADER, ""), errors="strict")
        text = unquote(headers.get(NOTE_TEXT_HEADER, ""), errors="strict")
    except UnicodeDecodeError as error:
        raise ProtocolError("bad_note", "Send a name and a text, as UTF-8.") from error
    return name, text


def clean_lobby_note(text: object) -> str:
    """A lobby note's final form: one kind of line break, controls neutralised, trimmed.

    Raises:
        ProtocolError: ``bad_note`` when it is not text, is empty, or is longer than
            ``MAX_LOBBY_NOTE_CHARS`` once cleaned.
    """
    if not isinstance(text, str):
        raise ProtocolError("bad_note", "A note must be text.")
    text = for_display(text.replace("\r\n", "\n").replace("\r", "\n")).strip()
    if not text:
        raise ProtocolError("bad_note", "A note may not be empty.")
    if len(text) > MAX_LOBBY_NOTE_CHARS:
        raise ProtocolError("bad_note", f"A note may be at most {MAX_LOBBY_NOTE_CHARS} characters.")
    return text


def noted(state: RoomState, event: "Event") -> RoomState:
    """``LOBBY_NOTED note_id name text``: the note joins the inbox, unless it is full."""
    note_id, name, text = event.fields
    if len(state.lobby_notes) >= LOBBY_NOTES_KEEP or any(n.note_id == note_id for n in state.lobby_notes):
        return state
    return replace(state, lobby_notes=(*state.lobby_notes, LobbyNote(note_id, name, text, event.at)))


def deleted(state: RoomState, event: "Event") -> RoomState:
    """``LOBBY_NOTE_DELETED note_id``: the note leaves the inbox (gone already: no change)."""
    (note_id,) = event.fields
    return replace(state, lobby_notes=tuple(n for n in state.lobby_notes if n.note_id != note_id))


def kept_after_meeting(state: RoomState) -> tuple[LobbyNote, ...]:
    """The notes still in the inbox once the meeting under way in ``state`` ends.

    Those that arrived after the meeting began wait for the next one; a meeting that
    never began an agenda item leaves none (every note was there before it ended).
    """
    started = state.meeting_started_at
    if started is None:
        return ()
    # Times are whole seconds: a note from the very second the meeting began counts as before it.
    return tuple(n for n in state.lobby_notes if n.at > started)


def note_number(state: RoomState, note_id: int) -> int | None:
    """Where note ``note_id`` is in the inbox, counting from 1 (as the desk lists them), or None."""
    for number, note in enumerate(state.lobby_notes, start=1):
        if note.note_id == note_id:
            return number
    return None
