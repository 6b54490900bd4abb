"""A TCP proxy that holds every chunk for a set time each way: the long half of a weak link.

The kernel here has no ``tc netem``, so the weak-link bench (``bench/weaklink.py``) adds
its delay in user space: each member connects to its own ``DelayProxy`` on loopback,
which forwards to the relay and delays every chunk it reads by ``delay`` seconds in each
direction before writing it on, in the order it was read. It also counts the bytes it
forwards (TCP payload, per direction, over every connection it has carried) and can cut
all its connections at once, which is how the bench forces a member's link to drop.

Nothing here knows about talkingstick: it moves bytes. It must not reorder them, drop
them, or hold a connection open after either side has gone.
"""

import asyncio
import contextlib
from dataclasses import dataclass, field

CHUNK_BYTES = 65536
"""Most bytes read at once from either side."""
QUEUE_CHUNKS = 256
"""Chunks held per direction before the proxy stops reading that side (backpressure)."""


@dataclass
class Carried:
    """Bytes forwarded by one proxy, over every connection it carried."""

    up: int = 0
    """Client to relay."""
    down: int = 0
    """Relay to client."""
    connections: int = 0

    @property
    def total(self) -> int:
        """Both directions."""
        return self.up + self.down


@dataclass(eq=False)  # each link is itself, so it can sit in a set
class _Link:
    """One proxied connection: the client's socket and the upstream one."""

    client: asyncio.StreamWriter
    upstream: asyncio.StreamWriter
    tasks: list[asyncio.Task[None]] = field(default_factory=list)

    def abort(self) -> None:
        """Drop both sockets at once, as a failing line would (no close handshake)."""
        for writer in (self.client, self.upstream):
            transport = writer.transport
            if not transport.is_closing():
                transport.abort()


class DelayProxy:
    """Listens on ``listen_host``, forwards to ``target``, delaying each chunk each way.

    Args:
        target_host: Where to forward to.
        target_port: Its port.
        delay: Seconds each chunk is held in each direction.
        listen_host: Where to listen (loopback).
        bind_host: The local address of upstream connections (which link they take), or None.
    """

    def __init__(
        self,
        target_host: str,
        target_port: int,
        delay: float,
        *,
        listen_host: str = "127.0.0.1",
        bind_host: str | None = None,
    ) -> None:
        self.target = (target_host, target_port)
        self.delay = delay
        self.listen_host = listen_host
        self.bind_host = bind_host
        self.carried = Carried()
        self.port = 0
        self._server: asyncio.Server | None = None
        self._links: set[_Link] = set()
        self._handlers: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        """Start listening; ``port`` is then the real port."""
        self._server = await asyncio.start_server(self._serve, self.listen_host, 0)
        self.port = self._server.sockets[0].getsockname()[1]

    def cut(self) -> int:
        """Drop every open connection at once; returns how many were cut."""
        links = list(self._links)
        for link in links:
            link.abort()
        return len(links)

    async def stop(self) -> None:
        """Stop listening, drop what is still open and wait for every handler."""
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None
        self.cut()
        handlers = list(self._handlers)
        if handlers:
            await asyncio.wait(handlers, timeout=5)

    async def _serve(self, client_reader: asyncio.StreamReader, client: asyncio.StreamWriter) -> None:
        current = asyncio.current_task()
        if current is not None:
            self._handlers.add(current)
        try:
            local = (self.bind_host, 0) if self.bind_host else None
            try:
                upstream_reader, upstream = await asyncio.open_connection(*self.target, local_addr=local)
            except OSError:
                client.transport.abort()
                return
            self.carried.connections += 1
            link = _Link(client, upstream)
            self._links.add(link)
            try:
                link.tasks = [
                    asyncio.create_task(self._pump(client_reader, upstream, link, up=True)),
                    asyncio.create_task(self._pump(upstream_reader, client, link, up=False)),
                ]
                await asyncio.gather(*link.tasks, return_exceptions=True)
            finally:
                self._links.discard(link)
                for writer in (client, upstream):
                    writer.close()
                    with contextlib.suppress(OSError, asyncio.CancelledError):
                        await writer.wait_closed()
        finally:
            if current is not None:
                self._handlers.discard(current)

    async def _pump(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, link: _Link, *, up: bool
    ) -> None:
        """Read one side and write the other ``delay`` seconds later, in order; EOF too.

        A reset on either side drops the whole connection: a half-dead link must not be
        left for the relay's or the client's keepalive to find.
        """
        loop = asyncio.get_running_loop()
        held: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue(QUEUE_CHUNKS)

        async def read() -> None:
            try:
                while chunk := await reader.read(CHUNK_BYTES):
                    if up:
                        self.carried.up += len(chunk)
                    else:
                        self.carried.down += len(chunk)
                    await held.put((loop.time() + self.delay, chunk))
            except OSError:
                link.abort()
            await held.put((loop.time() + self.delay, b""))  # the end, after everything before it

        async def write() -> None:
            while True:
                due, chunk = await held.get()
                wait = due - loop.time()
                if wait > 0:
                    await asyncio.sleep(wait)
                if writer.transport.is_closing():
                    return
                try:
                    if not chunk:
                        if writer.can_write_eof():
                            writer.write_eof()
                        return
                    writer.write(chunk)
                    await writer.drain()
                except OSError:
                    link.abort()
                    return

        reading = asyncio.create_task(read())
        try:
            await write()
        finally:
            if not reading.done():
                reading.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await reading
