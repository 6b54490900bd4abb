"""What the relay does to one participant's link: queue a frame at once, notice a laggard, close.

Frames are written with websockets' ``broadcast([connection], ...)``, which queues
synchronously: nothing here yields to the event loop, so a room can welcome someone,
replay what they missed and fan out a new event with no chance for another frame to
slip in between. Closing is started here and finished by the event loop later, after
the frames already queued have gone out. Nothing here knows about rooms or meetings.
"""

import asyncio

from websockets.asyncio.server import ServerConnection, broadcast

from protocol.codec import encode
from protocol.frames import Frame

SLOW_BUFFER_BYTES = 128 * 1024
"""A connection with more unsent bytes than this has stopped reading: drop it."""


def send_now(connection: ServerConnection, frame: Frame) -> None:
    """Queue one frame for one connection without yielding to the event loop."""
    broadcast([connection], encode(frame))


def send_encoded(connection: ServerConnection, frame: bytes) -> None:
    """Queue one already encoded frame (a stored event, say) without yielding."""
    broadcast([connection], frame)


def is_lagging(connection: ServerConnection) -> bool:
    """Whether ``connection`` has stopped reading: its unsent bytes passed ``SLOW_BUFFER_BYTES``."""
    transport = connection.transport
    return transport is not None and transport.get_write_buffer_size() > SLOW_BUFFER_BYTES


def close_soon(connection: ServerConnection, code: int, reason: str) -> None:
    """Start closing ``connection`` with ``code``; the frames queued before it still go out."""
    asyncio.ensure_future(connection.close(code, reason))
