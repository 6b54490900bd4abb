"""One websocket's life on the relay: hello, join or resume, commands, and the drop.

The handler only decodes frames, hands them to the room (``server.room``) and sends
back what the room answers; it decides no rule and never reads the store. What it owns
is the door: a hello within ``HELLO_TIMEOUT``, a known room, the protocol version, the
facilitator key, a guest's invitation code in the room's address, the limits on
strangers (``server.door_limits``: connections per address and in all before the hello
is read, new arrivals per address per minute after it), and the close code that tells
the client why it was turned away (``protocol.close_codes``). Bad input after the hello
is answered with an error frame and the connection goes on.
"""

import asyncio
import logging
from dataclasses import replace

from websockets.asyncio.server import ServerConnection
from websockets.exceptions import ConnectionClosed

from protocol.close_codes import (
    POLICY_VIOLATION,
    REFUSAL_CLOSES,
    RETRY_AFTER,
    ROOM_UNAVAILABLE_MESSAGE,
    CloseCode,
    version_mismatch,
)
from protocol.codec import decode, encode
from protocol.errors import ProtocolError, Refused
from protocol.frames import Command, ErrorFrame, Hello
from protocol.kinds import PROTOCOL_VERSION, CommandKind
from server.door_limits import Turnstile, peer_address
from server.flood_guard import FloodGuard
from server.guest_invites import invite_in
from server.link import send_now
from server.link_reports import LinkReports
from server.metrics import RelayMetrics
from server.room import Room
from server.rooms import RoomLookup

log = logging.getLogger(__name__)


WELCOME_CONFIRM_TIMEOUT = 10.0
"""Seconds to wait for the pong that shows a newcomer's welcome arrived."""

HELLO_TIMEOUT = 30.0
"""Seconds a new connection has to say hello (generous: 2 s round trips are normal)."""


async def refuse(
    connection: ServerConnection,
    code: str,
    message: str,
    close_code: int,
    metrics: RelayMetrics | None = None,
) -> None:
    """Tell the client why in an error frame, then close with ``close_code``; count and log the code."""
    if metrics is not None:
        metrics.refused(code)
    log.info("connection %s refused: %s", short_id(connection), code)
    try:
        await connection.send(encode(ErrorFrame(code, message)))
        await connection.close(close_code, message[:120])
    except ConnectionClosed:
        pass


_DOOR_CODES = {
    CloseCode.RELAY_FULL: "relay_full",
    CloseCode.TOO_MANY_FROM_ADDRESS: "too_many_from_address",
    CloseCode.TOO_MANY_JOINS: "too_many_joins",
}


async def refuse_busy(
    connection: ServerConnection, close_code: CloseCode, metrics: RelayMetrics | None = None
) -> None:
    """Turn a connection away for a limit on strangers, saying when trying again helps."""
    await refuse(connection, _DOOR_CODES[close_code], RETRY_AFTER[close_code].message, close_code, metrics)


def short_id(connection: ServerConnection) -> str:
    """A connection's id in the logs: eight hex digits, nothing about who or where."""
    return connection.id.hex[:8]


async def serve_connection(
    connection: ServerConnection,
    rooms: RoomLookup,
    flood_guard: FloodGuard,
    door: Turnstile | None = None,
    metrics: RelayMetrics | None = None,
    link_reports: LinkReports | None = None,
) -> None:
    """Run one participant's connection from handshake to close, its commands paced by ``flood_guard``.

    Link reports go to ``link_reports`` (``server.link_reports``), which keeps their own quiet pace.
    """
    door = door or Turnstile()
    link_reports = link_reports or LinkReports()
    metrics = metrics or RelayMetrics()
    address = peer_address(connection.remote_address)
    log.info("connection %s open", short_id(connection))
    metrics.connection_opened()
    try:
        turned_away = door.enter(address)
        if turned_away is not None:
            await refuse_busy(connection, turned_away, metrics)
            return
        try:
            await _serve_counted(connection, rooms, flood_guard, door, address, metrics, link_reports)
        finally:
            door.leave(address)
    finally:
        metrics.connection_closed()
        log.info("connection %s closed with code %s", short_id(connection), connection.close_code)


async def _serve_counted(
    connection: ServerConnection,
    rooms: RoomLookup,
    flood_guard: FloodGuard,
    door: Turnstile,
    address: str,
    metrics: RelayMetrics,
    link_reports: LinkReports,
) -> None:
    path = connection.request.path if connection.request else ""
    room_name = path.split("?", 1)[0].strip("/")
    try:
        hello = await _receive_hello(connection)
    except ConnectionClosed:
        return
    except TimeoutError:
        await refuse(connection, "no_hello", "Expected a hello frame.", POLICY_VIOLATION, metrics)
        return
    except ProtocolError as error:
        await refuse(connection, error.code, error.message, CloseCode.BAD_HELLO, metrics)
        return
    room = rooms.get(room_name)
    if room is None and rooms.unavailable(room_name) is not None:  # its records did not rebuild
        await refuse(
            connection, "room_unavailable", ROOM_UNAVAILABLE_MESSAGE, CloseCode.ROOM_UNAVAILABLE, metrics
        )
        return
    if room is None:
        await refuse(
            connection,
            "unknown_room",
            f"There is no room called {room_name[:40]!r} here.",
            CloseCode.UNKNOWN_ROOM,
            metrics,
        )
        return
    if hello.version != PROTOCOL_VERSION:
        await refuse(
            connection,
            "version",
            version_mismatch(PROTOCOL_VERSION, hello.version),
            CloseCode.VERSION,
            metrics,
        )
        return
    if hello.invite is None and invite_in(path) is not None:  # a guest's address carries their code
        hello = replace(hello, invite=invite_in(path))
    rooms.take_up_invitations(room)
    as_facilitator = hello.facilitator_key is not None
    if as_facilitator and not room.key_matches(hello.facilitator_key or ""):
        await refuse(
            connection, "bad_key", "That facilitator key is not this room's.", CloseCode.BAD_KEY, metrics
        )
        return
    try:
        pid = room.resume(connection, hello, as_facilitator)
        newcomer = pid is None
        if pid is None:
            # Someone coming back, or a facilitator with the key, is never held up here.
            if not as_facilitator and not door.may_arrive(address):
                await refuse_busy(connection, CloseCode.TOO_MANY_JOINS, metrics)
                return
            pid = room.join(connection, hello, as_facilitator)
        arrived = "joined" if newcomer else "resumed in"
        log.info("connection %s %s room %s as %s", short_id(connection), arrived, room.name, pid)
    except Refused as refusal:
        close_code = REFUSAL_CLOSES.get(refusal.code, CloseCode.ROOM_FULL)
        await refuse(connection, refusal.code, refusal.message, close_code, metrics)
        return
    # Read now, before any await: whether the welcome is still in our buffer, not yet sent.
    welcome_unsent = newcomer and connection.transport.get_write_buffer_size() > 0
    if newcomer and not await _welcome_reached(connection, welcome_unsent):
        # Without the welcome they hold no token and can only join afresh: keeping their
        # place for the grace period would leave a ghost in the room.
        room.welcome_lost(pid, connection)
        return
    try:
        async for data in connection:
            _handle_frame(room, connection, pid, data, flood_guard, link_reports)
            pause = flood_guard.take_pause(room, pid)
            if pause:  # refused for speed: their next frames wait in their own socket meanwhile
                await asyncio.sleep(pause)
    except ConnectionClosed:
        pass
    finally:
        room.connection_closed(pid, connection)


async def _welcome_reached(connection: ServerConnection, welcome_unsent: bool) -> bool:
    """Whether a newcomer's welcome may have reached them, judged when their link first settles.

    A ping sent after the welcome is answered only once the client read what came before
    it, so a pong means the welcome arrived. A link that closes first lost the welcome
    if the client itself closed it (it went away before reading) or if the welcome had
    not even left the relay's buffer; a link that dropped after the welcome was sent may
    still have it, so its place is held for the grace period as usual. A slow pong (a
    weak link, a busy client) counts as arrived too.
    """
    try:
        pong = await connection.ping()
        await asyncio.wait_for(pong, WELCOME_CONFIRM_TIMEOUT)
    except ConnectionClosed:
        return not (welcome_unsent or connection.protocol.close_rcvd is not None)
    except TimeoutError:
        return True
    return True


async def _receive_hello(connection: ServerConnection) -> Hello:
    data = await asyncio.wait_for(connection.recv(), HELLO_TIMEOUT)
    frame = decode(data)
    if not isinstance(frame, Hello):
        raise ProtocolError("expected_hello", "The first frame must be a hello.")
    return frame


def _handle_frame(
    room: Room,
    connection: ServerConnection,
    pid: int,
    data: bytes | str,
    flood_guard: FloodGuard,
    link_reports: LinkReports,
) -> None:
    """Decode one frame and hand its command to the room (paced by ``flood_guard``); send any reply."""
    try:
        frame = decode(data)
    except ProtocolError as error:
        send_now(connection, ErrorFrame(error.code, error.message))
        return
    if not isinstance(frame, Command):
        send_now(connection, ErrorFrame("unexpected_frame", "Only commands are expected after hello."))
        return
    if frame.kind is CommandKind.LINK_REPORT:  # never refused aloud, never counted as flooding
        send_now(connection, link_reports.take(room, pid, frame))
        return
    reply = room.command(pid, frame, pace=flood_guard.check)
    if isinstance(reply, ErrorFrame):  # the code and the kind only: never the command's arguments
        log.info("connection %s: %s refused: %s", short_id(connection), frame.kind.name, reply.code)
    if reply is not None:
        send_now(connection, reply)
