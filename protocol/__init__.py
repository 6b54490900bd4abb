"""The talkingstick wire protocol: the one source of truth for relay and client.

This package owns every frame type, the msgpack codec with its hard limits, the room
state, the pure reducer ``apply(state, event)`` and the rules that turn a command into
events. It imports neither ``textual`` nor ``websockets`` and does no I/O, so the relay,
the Textual client and any other front end share it as is.
"""

from protocol.codec import decode, encode
from protocol.errors import ProtocolError, Refused
from protocol.frames import Ack, Command, ErrorFrame, Event, Hello, Welcome
from protocol.kinds import PROTOCOL_VERSION, CommandKind, EventKind, Mode, Role
from protocol.reducer import apply
from protocol.state import AgendaItem, Message, Participant, RoomState

__all__ = [
    "PROTOCOL_VERSION",
    "Ack",
    "AgendaItem",
    "Command",
    "CommandKind",
    "ErrorFrame",
    "Event",
    "EventKind",
    "Hello",
    "Message",
    "Mode",
    "Participant",
    "ProtocolError",
    "Refused",
    "Role",
    "RoomState",
    "Welcome",
    "apply",
    "decode",
    "encode",
]
