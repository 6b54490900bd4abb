"""A bare protocol client for relay tests: real websocket, real frames, no UI.

Each wait is bounded (``TIMEOUT``) so a broken relay fails a test instead of hanging it.
"""

import asyncio
from collections.abc import Callable
from typing import Any

from websockets.asyncio.client import ClientConnection, connect

from protocol import PROTOCOL_VERSION, Command, CommandKind, Event, Hello, RoomState, Welcome, apply
from protocol.codec import decode, encode
from protocol.frames import Frame

TIMEOUT = 10.0


class WireClient:
    """One participant speaking the protocol directly."""

    def __init__(self, connection: ClientConnection, welcome: Welcome, state: RoomState) -> None:
        self.connection = connection
        self.welcome = welcome
        self.pid = welcome.pid
        self.state = state
        self.next_request = 1
        self.received: list[Frame] = []

    @classmethod
    async def join(
        cls,
        url: str,
        name: str,
        key: str | None = None,
        *,
        token: str | None = None,
        last_seq: int | None = None,
        state: RoomState | None = None,
        device_key: str | None = None,
    ) -> "WireClient":
        """Connect and say hello; returns once the welcome (and any replay) is read."""
        connection = await connect(url, open_timeout=TIMEOUT)
        await connection.send(encode(Hello(PROTOCOL_VERSION, name, key, token, last_seq, device_key)))
        welcome = decode(await asyncio.wait_for(connection.recv(), TIMEOUT))
        if not isinstance(welcome, Welcome):
            await connection.close()
            raise AssertionError(f"expected a welcome, got {welcome!r}")
        start = welcome.snapshot if welcome.snapshot is not None else state
        assert start is not None, "a resume without a snapshot needs the old state"
        return cls(connection, welcome, start)

    async def send(self, kind: CommandKind, *args: Any) -> int:
        """Send a command; returns its request id."""
        request_id = self.next_request
        self.next_request += 1
        await self.send_raw(encode(Command(request_id, kind, args)))
        return request_id

    async def send_raw(self, data: bytes | str) -> None:
        """Send bytes exactly as given."""
        await self.connection.send(data)

    async def recv(self) -> Frame:
        """The next frame, applied to ``state`` if it is an event."""
        frame = decode(await asyncio.wait_for(self.connection.recv(), TIMEOUT))
        self.received.append(frame)
        if isinstance(frame, Event):
            self.state = apply(self.state, frame)
        elif isinstance(frame, Welcome) and frame.snapshot is not None:  # admitted, or a new role
            self.state = frame.snapshot
        return frame

    async def until(self, condition: Callable[[Frame], bool]) -> Frame:
        """Read frames until one satisfies ``condition``; return it."""
        async with asyncio.timeout(TIMEOUT):
            while True:
                frame = await self.recv()
                if condition(frame):
                    return frame

    async def until_state(self, condition: Callable[[RoomState], bool]) -> RoomState:
        """Read frames until the room state satisfies ``condition``."""
        async with asyncio.timeout(TIMEOUT):
            while not condition(self.state):
                await self.recv()
        return self.state

    async def answer_to(self, request_id: int) -> Frame:
        """The event, ack or error that answers ``request_id``."""
        return await self.until(lambda f: getattr(f, "request_id", None) == request_id
                                and (not isinstance(f, Event) or f.actor == self.pid))

    async def caught_up(self, seq: int) -> RoomState:
        """Read frames until the state has applied event ``seq`` (all of one command's events)."""
        return await self.until_state(lambda s: s.seq >= seq)

    async def close(self) -> None:
        """Close the connection."""
        await self.connection.close()
