"""What the client session tells the screen: connection status and room changes.

These plain dataclasses are the whole contract between ``tui.core.session`` and the Textual
app. The session emits one of them for every change a participant should see; the app
wraps them in Textual messages. Nothing here imports ``textual`` or ``websockets``, so
the session can be driven and tested without a terminal.
"""

import enum
from dataclasses import dataclass

from protocol import CommandKind, Event, RoomState


class ConnectionStatus(enum.Enum):
    """Where the link to the relay stands."""

    CONNECTING = "connecting"
    """First attempt to join the room."""
    CONNECTED = "connected"
    """Welcomed by the relay; commands go out as they are typed."""
    RECONNECTING = "reconnecting"
    """The link dropped; waiting to retry or retrying. Commands wait in the outbox."""
    CLOSED = "closed"
    """The session is over: closed by the participant or ended by the relay."""


@dataclass(frozen=True, slots=True)
class StatusChanged:
    """The link changed state; ``detail`` says why or what next, e.g. ``retrying in 4 s``."""

    status: ConnectionStatus
    detail: str


@dataclass(frozen=True, slots=True)
class Welcomed:
    """A fresh snapshot of the room replaced the session's state.

    On the first join (which may be into the waiting room), after a resume that was too
    far behind, and when a facilitator admits this person from the waiting room.
    """

    state: RoomState


@dataclass(frozen=True, slots=True)
class EventApplied:
    """One new event from the relay, and the room state after the reducer applied it."""

    event: Event
    state: RoomState


@dataclass(frozen=True, slots=True)
class CommandRefused:
    """The relay refused a command (``request_id`` set) or a frame (``request_id`` None).

    A refused command is no longer pending; no ``CommandSettled`` follows it.
    """

    request_id: int | None
    code: str
    message: str


@dataclass(frozen=True, slots=True)
class CommandSettled:
    """The relay acknowledged a command (by its event or an Ack): no longer pending."""

    request_id: int


@dataclass(frozen=True, slots=True)
class SessionEnded:
    """The relay will not take this participant back (removed, declined, bad key, unknown room...).

    The session stops and does not reconnect; ``message`` is meant for people (when the
    facilitators declined someone from the waiting room, it is the message they wrote).
    ``code`` is one of ``left``, ``removed``, ``declined``, ``unknown_room``, ``bad_hello``,
    ``bad_key``, ``version``, ``bad_name``, ``bad_url``.
    """

    code: str
    message: str


SessionUpdate = StatusChanged | Welcomed | EventApplied | CommandRefused | CommandSettled | SessionEnded


@dataclass(frozen=True, slots=True)
class PendingCommand:
    """A command typed but not yet acknowledged by the relay (shown as "pending")."""

    request_id: int
    kind: CommandKind
    args: tuple
