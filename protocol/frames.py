"""Every frame type as a small dataclass with its positional wire form.

A frame travels as a msgpack array whose first element is its ``FrameType``; the rest
are the fields in the order declared here (see ``docs/protocol.md``). ``to_wire`` builds
that array; ``from_wire`` checks and reads one, raising ``ProtocolError`` on any shape
it does not expect.
"""

from dataclasses import dataclass
from typing import Any, ClassVar

from protocol.errors import ProtocolError
from protocol.fields import (
    EVENT_FIELDS,
    check_all,
    ident,
    integer,
    optional_ident,
    optional_text,
    role,
)
from protocol.kinds import CommandKind, EventKind, FrameType, Role
from protocol.limits import MAX_DEVICE_KEY_CHARS, MAX_KEY_CHARS, MAX_SHORT_TEXT_CHARS, MIN_DEVICE_KEY_CHARS
from protocol.names import check_join_name
from protocol.rules.table import COMMAND_ARGS
from protocol.state import RoomState, state_from_wire, state_to_wire


def _text(value: Any, what: str, limit: int) -> str:
    if not isinstance(value, str) or len(value) > limit:
        raise ProtocolError("bad_field", f"{what} must be text of at most {limit} characters.")
    return value


def _key(value: Any, what: str) -> str | None:
    value = optional_text(value)
    if value is not None and len(value) > MAX_KEY_CHARS:
        raise ProtocolError("bad_field", f"{what} is too long.")
    return value


_DEVICE_KEY_ALPHABET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def _device_key(value: Any) -> str | None:
    """A device key as sent: nil, or url-safe characters of a bounded length."""
    value = optional_text(value)
    if value is None:
        return None
    fits = MIN_DEVICE_KEY_CHARS <= len(value) <= MAX_DEVICE_KEY_CHARS
    if not fits or not set(value) <= _DEVICE_KEY_ALPHABET:
        raise ProtocolError(
            "bad_field",
            f"The device key must be {MIN_DEVICE_KEY_CHARS}-{MAX_DEVICE_KEY_CHARS} url-safe characters.",
        )
    return value


def plain(value: Any) -> Any:
    """``value`` with enums as plain ints and tuples as lists, ready for msgpack."""
    if isinstance(value, bool) or value is None or isinstance(value, str | float):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, tuple | list):
        return [plain(item) for item in value]
    return value


def _fields(wire: list[Any], count: int, name: str) -> list[Any]:
    if len(wire) != count + 1:
        raise ProtocolError("bad_frame", f"A {name} frame has {count} fields.")
    return wire[1:]


@dataclass(frozen=True, slots=True)
class Hello:
    """Client → relay, first frame: who I am and, when resuming, where I left off.

    ``device_key`` is an optional trailing field: a random key the client keeps on its
    device, so that a removal or a silence follows the person and not only their name.
    It is left off the wire when there is none, so clients and relays that predate it
    still understand each other. ``invite`` is a second optional trailing field: a guest
    speaker's invitation code (``protocol.guest_codes``). A guest may be handed it in the
    room address (``ws://host/ROOM?invite=K7QH-3MWD``): the client moves it into the hello,
    out of the request line a proxy logs, and the relay reads the address only when the
    hello has none.
    """

    TYPE: ClassVar[FrameType] = FrameType.HELLO
    version: int
    name: str
    facilitator_key: str | None = None
    resume_token: str | None = None
    last_seq: int | None = None
    device_key: str | None = None
    invite: str | None = None

    def to_wire(self) -> list[Any]:
        wire = [self.TYPE, self.version, self.name, self.facilitator_key, self.resume_token, self.last_seq]
        if self.device_key is not None or self.invite is not None:
            wire.append(self.device_key)
        if self.invite is not None:
            wire.append(self.invite)
        return wire

    @classmethod
    def from_wire(cls, wire: list[Any]) -> "Hello":
        device_key = invite = None
        if len(wire) == 8:  # with the optional device key (or nil) and an invitation code
            version, name, key, token, last_seq, device_key, invite = _fields(wire, 7, "hello")
        elif len(wire) == 7:  # with the optional device key
            version, name, key, token, last_seq, device_key = _fields(wire, 6, "hello")
        else:
            version, name, key, token, last_seq = _fields(wire, 5, "hello")
        return cls(
            integer(version),
            check_join_name(name),
            _key(key, "The facilitator key"),
            _key(token, "The resume token"),
            optional_ident(last_seq),
            _device_key(device_key),
            _key(invite, "The invitation code"),  # its shape is the relay's to judge, as an arrival
        )


@dataclass(frozen=True, slots=True)
class Welcome:
    """Relay → client: your identity, and either a snapshot or (on resume) nothing,
    in which case the events after your ``last_seq`` follow at once."""

    TYPE: ClassVar[FrameType] = FrameType.WELCOME
    pid: int
    role: Role
    resume_token: str
    server_time: float
    snapshot: RoomState | None
    snapshot_wire: list[Any] | None = None
    """The snapshot as sent (lets the relay trim the transcript without a new state)."""

    def to_wire(self) -> list[Any]:
        wire = self.snapshot_wire
        if wire is None and self.snapshot is not None:
            wire = state_to_wire(self.snapshot)
        return [self.TYPE, self.pid, int(self.role), self.resume_token, self.server_time, wire]

    @classmethod
    def from_wire(cls, wire: list[Any]) -> "Welcome":
        pid, their_role, token, server_time, snapshot = _fields(wire, 5, "welcome")
        if isinstance(server_time, bool) or not isinstance(server_time, int | float):
            raise ProtocolError("bad_field", "server_time must be a number.")
        state = None if snapshot is None else state_from_wire(snapshot)
        return cls(ident(pid), role(their_role), _text(token, "The resume token", MAX_KEY_CHARS),
                   float(server_time), state)


@dataclass(frozen=True, slots=True)
class ErrorFrame:
    """Relay → client: a command or frame was refused; the connection stays open."""

    TYPE: ClassVar[FrameType] = FrameType.ERROR
    code: str
    message: str
    request_id: int | None = None

    def to_wire(self) -> list[Any]:
        return [self.TYPE, self.code, self.message, self.request_id]

    @classmethod
    def from_wire(cls, wire: list[Any]) -> "ErrorFrame":
        code, message, request_id = _fields(wire, 3, "error")
        message = _text(message, "message", MAX_SHORT_TEXT_CHARS)
        return cls(_text(code, "code", 64), message, optional_ident(request_id))


@dataclass(frozen=True, slots=True)
class Event:
    """Relay → client: something happened, as recorded with sequence number ``seq``.

    ``actor`` is who caused it (None for the relay itself); ``request_id`` is the
    actor's command id, so the actor can match the event as its acknowledgement.
    """

    TYPE: ClassVar[FrameType] = FrameType.EVENT
    seq: int
    at: int
    kind: EventKind
    actor: int | None
    request_id: int | None
    fields: tuple[Any, ...]

    def to_wire(self) -> list[Any]:
        return [self.TYPE, self.seq, self.at, int(self.kind), self.actor, self.request_id,
                plain(self.fields)]

    @classmethod
    def from_wire(cls, wire: list[Any]) -> "Event":
        seq, at, kind, actor, request_id, fields = _fields(wire, 6, "event")
        try:
            event_kind = EventKind(integer(kind))
        except ValueError as exc:
            raise ProtocolError("unknown_event", f"Unknown event kind {kind}.") from exc
        checked = check_all(EVENT_FIELDS[event_kind], fields, event_kind.name)
        return cls(ident(seq), integer(at), event_kind, optional_ident(actor),
                   optional_ident(request_id), checked)


@dataclass(frozen=True, slots=True)
class Command:
    """Client → relay: please do ``kind`` with ``args``; ``request_id`` is mine to match."""

    TYPE: ClassVar[FrameType] = FrameType.COMMAND
    request_id: int
    kind: CommandKind
    args: tuple[Any, ...] = ()

    def to_wire(self) -> list[Any]:
        return [self.TYPE, self.request_id, int(self.kind), plain(self.args)]

    @classmethod
    def from_wire(cls, wire: list[Any]) -> "Command":
        request_id, kind, args = _fields(wire, 3, "command")
        request_id = ident(request_id)
        try:
            command_kind = CommandKind(integer(kind))
        except ValueError as exc:
            raise ProtocolError("unknown_command", f"Unknown command kind {kind}.") from exc
        return cls(request_id, command_kind, check_all(COMMAND_ARGS[command_kind], args, command_kind.name))


@dataclass(frozen=True, slots=True)
class Ack:
    """Relay → client: that request was already applied as event ``seq`` (a retry)."""

    TYPE: ClassVar[FrameType] = FrameType.ACK
    request_id: int
    seq: int

    def to_wire(self) -> list[Any]:
        return [self.TYPE, self.request_id, self.seq]

    @classmethod
    def from_wire(cls, wire: list[Any]) -> "Ack":
        request_id, seq = _fields(wire, 2, "ack")
        return cls(ident(request_id), ident(seq))


Frame = Hello | Welcome | ErrorFrame | Event | Command | Ack

FRAME_CLASSES: dict[FrameType, type[Frame]] = {
    cls.TYPE: cls for cls in (Hello, Welcome, ErrorFrame, Event, Command, Ack)  # type: ignore[misc]
}
