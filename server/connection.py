"""One websocket's life on the relay: hello, join or resume, commands, and the drop.

The handler decodes frames and asks ``protocol.rules`` what a command means; it never
decides a rule itself. Joining, resuming and handling a command each run without an
``await`` between reading the room and recording into it (see ``server.room``), and
frames to one connection are written with ``broadcast([connection], ...)``, which
queues synchronously: a resumed client's replay can therefore never be overtaken by a
live event. Bad input is answered with an error frame and the connection goes on.
"""

import asyncio
import logging
import time
from typing import TYPE_CHECKING

from websockets.asyncio.server import ServerConnection, broadcast
from websockets.exceptions import ConnectionClosed

from protocol.codec import decode, encode
from protocol.errors import ProtocolError, Refused
from protocol.frames import Ack, Command, ErrorFrame, Event, Frame, Hello, Welcome
from protocol.kinds import PROTOCOL_VERSION, EventKind, Role
from protocol.privacy import audience
from protocol.rules import check_may_join, decide, join
from server.flood_guard import FloodGuard
from server.room import Room, snapshot_wire

if TYPE_CHECKING:
    from server.relay import Relay

log = logging.getLogger(__name__)

HELLO_TIMEOUT = 30.0
"""Seconds a new connection has to say hello (generous: 2 s round trips are normal)."""

CLOSE_UNKNOWN_ROOM = 4001
CLOSE_BAD_HELLO = 4002
CLOSE_REMOVED = 4003
CLOSE_BAD_KEY = 4004
CLOSE_VERSION = 4005
CLOSE_ROOM_FULL = 4006
CLOSE_DECLINED = 4007
CLOSE_REPLACED = 4009


def send_now(connection: ServerConnection, frame: Frame) -> None:
    """Queue one frame for one connection without yielding to the event loop."""
    broadcast([connection], encode(frame))


async def refuse(connection: ServerConnection, code: str, message: str, close_code: int) -> None:
    """Tell the client why in an error frame, then close with ``close_code``."""
    try:
        await connection.send(encode(ErrorFrame(code, message)))
        await connection.close(close_code, message[:120])
    except ConnectionClosed:
        pass


async def serve_connection(connection: ServerConnection, relay: "Relay") -> None:
    """Run one participant's connection from handshake to close."""
    room_name = connection.request.path.split("?", 1)[0].strip("/") if connection.request else ""
    try:
        hello = await _receive_hello(connection)
    except ConnectionClosed:
        return
    except TimeoutError:
        await refuse(connection, "no_hello", "Expected a hello frame.", 1008)
        return
    except ProtocolError as error:
        await refuse(connection, error.code, error.message, CLOSE_BAD_HELLO)
        return
    room = relay.room(room_name)
    if room is None:
        await refuse(connection, "unknown_room", f"There is no room called {room_name[:40]!r} here.",
                     CLOSE_UNKNOWN_ROOM)
        return
    if hello.version != PROTOCOL_VERSION:
        await refuse(connection, "version", f"This relay speaks protocol version {PROTOCOL_VERSION}.",
                     CLOSE_VERSION)
        return
    is_facilitator = hello.facilitator_key is not None
    if is_facilitator and not relay.store.key_matches(room.name, hello.facilitator_key or ""):
        await refuse(connection, "bad_key", "That facilitator key is not this room's.", CLOSE_BAD_KEY)
        return
    try:
        pid = _resume(room, connection, hello, is_facilitator, relay.replay_limit)
        if pid is None:
            pid = _join(room, connection, hello, is_facilitator)
    except Refused as refusal:
        close_code = CLOSE_REMOVED if refusal.code == "removed" else CLOSE_ROOM_FULL
        await refuse(connection, refusal.code, refusal.message, close_code)
        return
    try:
        async for data in connection:
            _handle_frame(room, connection, pid, data, relay.flood_guard)
            pause = relay.flood_guard.take_pause(room, pid)
            if pause:  # refused for speed: their next frames wait in their own socket meanwhile
                await asyncio.sleep(pause)
    except ConnectionClosed:
        pass
    finally:
        if room.detach(pid, connection):
            room.link_lost(pid)


async def _receive_hello(connection: ServerConnection) -> Hello:
    data = await asyncio.wait_for(connection.recv(), HELLO_TIMEOUT)
    frame = decode(data)
    if not isinstance(frame, Hello):
        raise ProtocolError("expected_hello", "The first frame must be a hello.")
    return frame


def _resume(
    room: Room, connection: ServerConnection, hello: Hello, is_facilitator: bool, replay_limit: int
) -> int | None:
    """Take back an identity from a resume token; None if the token does not resume one."""
    if hello.resume_token is None:
        return None
    pid = room.store.token_owner(room.name, hello.resume_token)
    if pid is None:
        return None
    person = room.state.participant(pid)
    if person is None and pid not in room.state.waiting:
        return None
    replay = _missed_events(room, pid, hello.last_seq, replay_limit)
    snapshot = None if replay is not None else snapshot_wire(room.state, pid)
    role = person.role if person else Role.MEMBER
    send_now(connection, Welcome(pid, role, hello.resume_token, time.time(), None, snapshot))
    for frame in replay or ():
        broadcast([connection], frame)
    replaced = room.attach(pid, connection)
    if replaced is not None:
        asyncio.ensure_future(replaced.close(CLOSE_REPLACED, "resumed on another connection"))
    if person is not None and not person.connected:
        room.record([(EventKind.RETURNED, (pid,))], actor=pid)
    if person is not None and is_facilitator and person.role is not Role.FACILITATOR:
        room.record([(EventKind.ROLE_SET, (pid, Role.FACILITATOR))], actor=pid)
    return pid


def _missed_events(room: Room, pid: int, last_seq: int | None, limit: int) -> list[bytes] | None:
    """The stored frames ``pid`` missed and may see, or None when a snapshot must do.

    A snapshot is needed when the client is too far behind, and also when it was
    admitted from the waiting room meanwhile: its old view held nothing of the meeting.
    """
    if last_seq is None or last_seq > room.state.seq:
        return None
    frames = room.store.event_frames_after(room.name, last_seq, limit)
    if frames is None:
        return None
    replay = []
    for frame in frames:
        event = decode(frame)
        if not isinstance(event, Event):
            continue
        if event.kind is EventKind.ADMITTED and event.fields[0] == pid:
            return None
        if audience(event).includes(room.state, pid):
            replay.append(frame)
    return replay


def _join(room: Room, connection: ServerConnection, hello: Hello, is_facilitator: bool) -> int:
    """Admit a newcomer (or seat them in the waiting room), issue a token, send what they may see."""
    role = Role.FACILITATOR if is_facilitator else Role.MEMBER
    if not is_facilitator:
        check_may_join(room.state, hello.name)
    kind, fields = join(room.state, hello.name, role)
    pid = fields[0]
    room.record([(kind, fields)], actor=pid)
    token = room.store.issue_token(room.name, pid)
    send_now(connection, Welcome(pid, role, token, time.time(), None, snapshot_wire(room.state, pid)))
    room.attach(pid, connection)
    return pid


def _handle_frame(
    room: Room, connection: ServerConnection, pid: int, data: bytes | str, flood_guard: FloodGuard
) -> None:
    """Decode one frame, apply it if its pace and the rules allow, or answer with an error frame."""
    try:
        frame = decode(data)
    except ProtocolError as error:
        send_now(connection, ErrorFrame(error.code, error.message))
        return
    if not isinstance(frame, Command):
        send_now(connection, ErrorFrame("unexpected_frame", "Only commands are expected after hello."))
        return
    applied = room.store.applied_request(room.name, pid, frame.request_id)
    if applied is not None:
        send_now(connection, Ack(frame.request_id, applied))
        return
    too_fast = flood_guard.check(room, pid, frame)
    if too_fast is not None:
        send_now(connection, too_fast)
        return
    try:
        decisions = decide(room.state, pid, frame, room.context())
    except (Refused, ProtocolError) as refusal:
        send_now(connection, ErrorFrame(refusal.code, refusal.message, frame.request_id))
        return
    except Exception:  # a bug must cost one command, not the member's link
        log.exception("room %s: deciding %s from %s failed", room.name, frame.kind.name, pid)
        send_now(connection, ErrorFrame("internal", "The relay could not do that.", frame.request_id))
        return
    for event in room.record(decisions, actor=pid, request_id=frame.request_id):
        _aftermath(room, event)


def _aftermath(room: Room, event: Event) -> None:
    """What a connection must feel of an event: a new welcome, or its end."""
    if event.kind is EventKind.REMOVED:
        _close_participant(room, event.fields[0], CLOSE_REMOVED, "removed by a facilitator")
    elif event.kind in (EventKind.LEFT, EventKind.WAITER_LEFT):
        _close_participant(room, event.fields[0], 1000, "left the room")
    elif event.kind is EventKind.DECLINED:
        _close_participant(room, event.fields[0], CLOSE_DECLINED, "not admitted today")
    elif event.kind is EventKind.ADMITTED:
        pid = event.fields[0]
        connection = room.connections.get(pid)
        if connection is not None:  # they saw nothing of the meeting: send all they may now see
            token = room.store.issue_token(room.name, pid)
            send_now(connection, Welcome(pid, Role.MEMBER, token, time.time(), None,
                                         snapshot_wire(room.state, pid)))


def _close_participant(room: Room, pid: int, code: int, reason: str) -> None:
    """Forget ``pid``'s tokens and close their connection after the events reach them."""
    room.store.forget_tokens(room.name, pid)
    connection = room.connections.get(pid)
    if connection is not None:
        room.detach(pid, connection)
        asyncio.ensure_future(connection.close(code, reason))
