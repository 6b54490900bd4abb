"""Notes from the lobby arriving over HTTP: ``GET /rooms/ROOM/notes`` with two headers.

Someone who has not joined may leave the facilitators a short note. The relay serves
plain HTTP through websockets' ``process_request`` hook, which parses a request line
and headers only (GET, no body), so the note travels in two request headers
(``protocol.lobby_notes.note_headers``), percent-encoded UTF-8; on a weak link that is
one round trip and a few hundred bytes, with no websocket to open. Never in the query
string: proxies write request lines to their access logs (nginx does by default), so a
note sent in the address is refused. What this module owns is the door for notes: the
size of the headers, checked before anything is decoded; the room; the pace per address
(``LOBBY_NOTES_PER_ADDRESS`` an hour, in memory only, as every count at the door); and
the plain answer. Whether the room takes a note, and what the note may hold, is the
rule in ``protocol.rules.lobby``; the note is recorded through the room
(``Room.record``), so it is numbered, stored and sent to the facilitators present like
every other event, and stays out of every member's view (``protocol.privacy``).

Nothing of the note (its name or its words) reaches the log.
"""

import logging
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from http import HTTPStatus
from urllib.parse import urlsplit

from protocol.errors import ProtocolError, Refused
from protocol.limits import LOBBY_NOTE_WINDOW_SECONDS, LOBBY_NOTES_PER_ADDRESS, MAX_LOBBY_NOTE_REQUEST_BYTES
from protocol.lobby_notes import NOTE_NAME_HEADER, NOTE_TEXT_HEADER, note_from_headers
from protocol.rules.lobby import lobby_note
from server.door_limits import RateWindow
from server.rooms import RoomLookup

log = logging.getLogger(__name__)

NOTES_PATH = re.compile(r"/rooms/([a-z0-9_-]{1,32})/notes")
"""The path a note is left at; the room's name as in its address."""

IN_ADDRESS = "A note goes in its request headers, never in the address, which proxies write to their logs."

DELIVERED = (
    "Your note was delivered to the facilitators. They have not read it yet: they will see it "
    "when they next open their desk."
)


@dataclass(frozen=True)
class NoteAnswer:
    """What the relay answers a note: a status, a code, a sentence, and when to try again."""

    status: HTTPStatus
    code: str
    message: str
    retry_after: float = 0.0

    @property
    def delivered(self) -> bool:
        """Whether the note is now in the facilitators' inbox."""
        return self.status is HTTPStatus.OK

    def to_json(self) -> dict[str, object]:
        """The answer's JSON body (``protocol.md``, Notes from the lobby)."""
        return {"delivered": self.delivered, "code": self.code, "message": self.message}


def is_note_path(path: str) -> bool:
    """Whether ``path`` (without its query) is where notes are left."""
    return NOTES_PATH.fullmatch(path) is not None


class LobbyDoor:
    """Takes notes from the lobby for every room, one address at a bounded pace."""

    def __init__(self, rooms: RoomLookup, clock: Callable[[], float] = time.monotonic) -> None:
        self._rooms = rooms
        self.pace = RateWindow(LOBBY_NOTES_PER_ADDRESS, LOBBY_NOTE_WINDOW_SECONDS, clock)
        """Notes per address per hour (any room), counted only for notes that were delivered."""

    def leave_note(self, target: str, headers: Mapping[str, str], address: str) -> NoteAnswer:
        """Leave the note that ``headers`` carry to the room in ``target``, from ``address``."""
        parts = urlsplit(target)
        if parts.query:
            return NoteAnswer(HTTPStatus.BAD_REQUEST, "note_in_address", IN_ADDRESS)
        carried = sum(len(headers.get(header, "")) for header in (NOTE_NAME_HEADER, NOTE_TEXT_HEADER))
        if carried > MAX_LOBBY_NOTE_REQUEST_BYTES:
            return NoteAnswer(HTTPStatus.BAD_REQUEST, "too_large", "That note is far too long.")
        found = NOTES_PATH.fullmatch(parts.path)
        room = self._rooms.get(found.group(1)) if found else None
        if room is None:
            return NoteAnswer(HTTPStatus.NOT_FOUND, "unknown_room", "There is no such room here.")
        try:
            name, text = note_from_headers(headers)
            decisions = lobby_note(room.state, name, text)
        except Refused as refusal:
            return NoteAnswer(HTTPStatus.CONFLICT, refusal.code, refusal.message)
        except ProtocolError as error:
            return NoteAnswer(HTTPStatus.BAD_REQUEST, error.code, error.message)
        if not self.pace.allow(address):
            wait = self.pace.retry_after(address)
            minutes = max(1, round(wait / 60))
            return NoteAnswer(
                HTTPStatus.TOO_MANY_REQUESTS,
                "rate_limited",
                f"You have sent {LOBBY_NOTES_PER_ADDRESS} notes this hour; you can send another in "
                f"about {minutes} minute{'s' if minutes != 1 else ''}.",
                wait,
            )
        room.record(decisions)
        log.info("room %s: a note from the lobby for the facilitators", room.name)
        return NoteAnswer(HTTPStatus.OK, "delivered", DELIVERED)
