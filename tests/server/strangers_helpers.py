"""What the tests of strangers at the door share: a relay with chosen limits, and an
arrival that expects to be turned away."""

import asyncio
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

from websockets.asyncio.client import connect

from protocol import PROTOCOL_VERSION, ErrorFrame, Hello
from protocol.codec import decode, encode
from server.door_limits import DoorLimits
from server.relay import Relay
from tests.wire_client import TIMEOUT

ROOMY = DoorLimits(connections_per_address=500, joins_per_address=500)
"""Limits that let a crowd arrive from the one loopback address."""


@contextlib.asynccontextmanager
async def relay_with(tmp_path: Path, door: DoorLimits) -> AsyncIterator[Relay]:
    """A started relay on a free loopback port with ``door`` as its limits."""
    running = Relay(tmp_path / "relay.sqlite3", "127.0.0.1", 0, grace_seconds=120.0, door=door)
    await running.start()
    try:
        yield running
    finally:
        await running.stop()


async def turned_away(url: str, name: str, key: str | None = None) -> tuple[str, int | None]:
    """Arrive as ``name`` and return the error code and the close code that turned us away."""
    async with connect(url, open_timeout=TIMEOUT) as connection:
        await connection.send(encode(Hello(PROTOCOL_VERSION, name, key, None, None)))
        frame = decode(await asyncio.wait_for(connection.recv(), TIMEOUT))
        assert isinstance(frame, ErrorFrame), f"expected to be turned away, got {frame!r}"
        await asyncio.wait_for(connection.wait_closed(), TIMEOUT)
        return frame.code, connection.close_code
