"""Textual messages of the app: each session update wrapped for the message queue.

The session calls its listener on the event loop with plain ``tui.core.updates`` dataclasses;
``wrap`` turns each into the Textual message below so the meeting screen handles it
like any other event (``on_room_welcomed``, ``on_room_event``...). Protocol and session
types are wrapped, never subclassed.
"""

from dataclasses import dataclass

from textual.message import Message

from protocol import Event, RoomState
from tui.core.updates import (
    CommandRefused,
    CommandSettled,
    EventApplied,
    SessionEnded,
    SessionUpdate,
    StatusChanged,
    Welcomed,
)


@dataclass
class ConnectionChanged(Message):
    """The link to the relay changed state."""

    update: StatusChanged

    def can_replace(self, message: Message) -> bool:
        """A newer status makes a queued older one pointless."""
        return isinstance(message, ConnectionChanged)


@dataclass
class RoomWelcomed(Message):
    """A fresh snapshot of the room replaced the session's state."""

    state: RoomState


@dataclass
class RoomEvent(Message):
    """One event from the relay, with the room state after it."""

    event: Event
    state: RoomState


@dataclass
class CommandFailed(Message):
    """The relay refused one of our commands (or a frame, when ``request_id`` is None)."""

    request_id: int | None
    code: str
    text: str


@dataclass
class CommandDone(Message):
    """The relay acknowledged one of our commands: it is no longer pending."""

    request_id: int


@dataclass
class MeetingOver(Message):
    """The relay will not take us back; ``text`` says why, for people."""

    code: str
    text: str


def wrap(update: SessionUpdate) -> Message:
    """The Textual message carrying ``update``.

    Raises:
        TypeError: for an object that is not a session update.
    """
    match update:
        case StatusChanged():
            return ConnectionChanged(update)
        case Welcomed(state=state):
            return RoomWelcomed(state)
        case EventApplied(event=event, state=state):
            return RoomEvent(event, state)
        case CommandRefused(request_id=request_id, code=code, message=text):
            return CommandFailed(request_id, code, text)
        case CommandSettled(request_id=request_id):
            return CommandDone(request_id)
        case SessionEnded(code=code, message=text):
            return MeetingOver(code, text)
    raise TypeError(f"Not a session update: {update!r}")
