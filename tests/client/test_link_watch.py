"""A relay that stops answering: the session says so within about one keepalive interval."""

import asyncio
import contextlib
import time

from protocol import CommandKind
from tests.client.session_helpers import running, until
from tui.core.updates import ConnectionStatus, StatusChanged
from tui.widgets.status import LinkFacts, status_text

ANSWER_WITHIN = 1.0
"""A short keepalive interval for the test (the client's default is 20 s)."""


class FreezableProxy:
    """A TCP proxy on 127.0.0.1 in front of the relay that can stop forwarding, like a frozen host."""

    def __init__(self, relay_port: int) -> None:
        self.relay_port = relay_port
        self.flowing = asyncio.Event()
        self.flowing.set()
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    async def start(self) -> int:
        self._server = await asyncio.start_server(self._client, "127.0.0.1", 0)
        return self._server.sockets[0].getsockname()[1]

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        relay_reader, relay_writer = await asyncio.open_connection("127.0.0.1", self.relay_port)
        for source, sink in ((reader, relay_writer), (relay_reader, writer)):
            task = asyncio.create_task(self._pipe(source, sink))
            self._tasks.add(task)

    async def _pipe(self, source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
        with contextlib.suppress(ConnectionError, asyncio.CancelledError):
            while data := await source.read(65536):
                await self.flowing.wait()  # frozen: hold the bytes, answer nothing
                sink.write(data)
                await sink.drain()
        sink.close()

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        if self._server is not None:
            self._server.close()


async def test_frozen_relay_is_reported_as_not_answering_with_what_waits(relay, room):
    """Within about one keepalive interval of a freeze, the status says the relay is not answering."""
    name, _ = room
    proxy = FreezableProxy(relay.port)
    port = await proxy.start()
    try:
        async with running(f"ws://127.0.0.1:{port}/{name}", "Ann", answer_within=ANSWER_WITHIN) as ann:
            await ann.connected()
            session = ann.session
            assert session.silent_for is None
            proxy.flowing.clear()
            frozen_at = time.monotonic()
            session.send(CommandKind.RAISE)
            await until(lambda: session.silent_for is not None, timeout=5 * ANSWER_WITHIN)
            assert time.monotonic() - frozen_at < 2 * ANSWER_WITHIN + 0.5
            assert any(u.detail == "not answering" for u in ann.of(StatusChanged))
            facts = LinkFacts(session.status, "", None, 0, 0, len(session.pending), session.silent_for)
            assert "relay not answering" in status_text(facts).plain
            assert "1 message waits to be sent" in status_text(facts).plain
            proxy.flowing.set()
            await until(lambda: session.silent_for is None and not session.pending, timeout=5.0)
            assert any(u.detail == "answering again" for u in ann.of(StatusChanged))
    finally:
        await proxy.stop()


async def test_quiet_but_live_relay_keeps_answering(relay, room):
    """An idle room whose relay answers pings is never reported as not answering."""
    name, _ = room
    async with running(relay.url(name), "Ann", answer_within=ANSWER_WITHIN) as ann:
        await ann.connected()
        await asyncio.sleep(3 * ANSWER_WITHIN)  # idle on purpose: nothing is sent in this time
        assert ann.session.silent_for is None
        assert not any(u.detail == "not answering" for u in ann.of(StatusChanged))


async def test_relay_silent_past_twice_the_window_is_left_and_resumed(relay, room):
    """After twice ``answer_within`` of silence the session drops the link and resumes when it answers."""
    name, _ = room
    proxy = FreezableProxy(relay.port)
    port = await proxy.start()
    try:
        async with running(f"ws://127.0.0.1:{port}/{name}", "Ann", answer_within=ANSWER_WITHIN) as ann:
            await ann.connected()
            proxy.flowing.clear()
            await until(
                lambda: ann.session.status is not ConnectionStatus.CONNECTED, timeout=10 * ANSWER_WITHIN
            )
            proxy.flowing.set()
            await until(lambda: ann.connected_count() >= 2, timeout=10.0)
    finally:
        await proxy.stop()
