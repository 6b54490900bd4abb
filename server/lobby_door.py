"""Notes from the lobby arriving over HTTP: ``GET /rooms/ROOM/notes?name=...&text=...``.

Someone who has not joined may leave the facilitators a short note. The relay serves
plain HTTP through websockets' ``process_request`` hook, which parses a request line
and headers only (GET, no body), so the note travels in the query string, percent-
encoded UTF-8; on a weak link that is one round trip and a few hundred bytes, with no
websocket to open. What this module owns is the door for notes: the size of the request
target, checked before anything is parsed; the room; the pace per address
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
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from urllib.parse import parse_qs, urlsplit

from protocol.errors import ProtocolError, Refused
from protocol.limits import LOBBY_NOTE_WINDOW_SECONDS, LOBBY_NOTES_PER_ADDRESS, MAX_LOBBY_NOTE_REQUEST_BYTES
from protocol.rules.lobby import lobby_note
from server.door_limits import RateWindow
from server.rooms import RoomLookup

log = logging.getLogger(__name__)

NOTES_PATH = re.compile(r"/rooms/([a-z0-9_-]{1,32})/notes")
"""The path a note is left at; the room's name as in its address."""

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

    def leave_note(self, target: str, address: str) -> NoteAnswer:
        """Leave the note in request target ``target`` (path and query) from ``address``."""
        if len(target.encode("utf-8", "surrogateescape")) > MAX_LOBBY_NOTE_REQUEST_BYTES:
            return NoteAnswer(HTTPStatus.BAD_REQUEST, "too_large", "That note is far too long.")
        parts = urlsplit(target)
        found = NOTES_PATH.fullmatch(parts.path)
        room = self._rooms.get(found.group(1)) if found else None
        if room is None:
            return NoteAnswer(HTTPStatus.NOT_FOUND, "unknown_room", "There is no such room here.")
        try:
            fields = parse_qs(parts.query, strict_parsing=True, errors="strict", max_num_fields=4)
        except ValueError:  # also UnicodeDecodeError: not UTF-8
            return NoteAnswer(HTTPStatus.BAD_REQUEST, "bad_note", "Send a name and a text, as UTF-8.")
        name, text = fields.get("name", [""])[-1], fields.get("text", [""])[-1]
        try:
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
