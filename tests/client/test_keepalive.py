"""One side pings: the relay judges liveness by anything received; the client backs off for slow links."""

import asyncio
import re
import socket

from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from protocol import PROTOCOL_VERSION, Hello
from protocol.codec import encode
from server.relay import Relay
from tests.client.session_helpers import until
from tests.wire_client import TIMEOUT
from tui.core.session import MAX_BACKOFF, MIN_BACKOFF, Session
from tui.core.updates import ConnectionStatus, StatusChanged

SILENT_LIMIT = 0.6
"""A short silence allowance for the tests (the relay's default is 90 s)."""


async def short_limit_relay(tmp_path) -> tuple[Relay, str]:
    relay = Relay(tmp_path / "relay.sqlite3", "127.0.0.1", 0, silent_limit=SILENT_LIMIT)
    await relay.start()
    relay.create_room("quiet", "Quiet room")
    return relay, relay.url("quiet")


async def test_relay_sends_no_keepalive_pings(relay, room):
    """The relay's connections have no ping interval: only the client pings."""
    name, _ = room
    async with connect(relay.url(name), ping_interval=None) as client:
        await client.send(encode(Hello(PROTOCOL_VERSION, "Ann", None, None, None)))
        await client.recv()
        server = relay._server
        assert server is not None
        await until(lambda: len(server.connections) == 1)
        assert all(connection.ping_interval is None for connection in server.connections)


async def test_member_who_keeps_sending_but_never_answers_is_kept(tmp_path):
    """A client heard from (its pings) stays connected past the silence limit; no pongs are asked of it."""
    relay, url = await short_limit_relay(tmp_path)
    try:
        async with connect(url, ping_interval=None) as client:
            await client.send(encode(Hello(PROTOCOL_VERSION, "Ann", None, None, None)))
            await client.recv()
            for _ in range(int(4 * SILENT_LIMIT / 0.1)):
                await client.ping()  # not awaited: only that something arrives matters
                await asyncio.sleep(0.1)  # pacing the pings, not waiting for a condition
            assert client.state.name == "OPEN"
    finally:
        await relay.stop()


async def test_silent_member_is_let_go(tmp_path):
    """A client that sends nothing for longer than the silence limit is closed by the relay."""
    relay, url = await short_limit_relay(tmp_path)
    try:
        async with connect(url, ping_interval=None) as client:
            await client.send(encode(Hello(PROTOCOL_VERSION, "Ann", None, None, None)))
            async with asyncio.timeout(TIMEOUT):
                try:
                    while True:
                        await client.recv()
                except ConnectionClosed:
                    pass
    finally:
        await relay.stop()


async def test_session_waits_the_slow_link_backoff_before_retrying():
    """With its defaults a session waits MIN_BACKOFF to MAX_BACKOFF before reconnecting."""
    with socket.socket() as spare:
        spare.bind(("127.0.0.1", 0))
        port = spare.getsockname()[1]  # closed again: nothing listens there
    session = Session(f"ws://127.0.0.1:{port}/room", "Ann")
    waits: list[int] = []

    def note(update: object) -> None:
        if isinstance(update, StatusChanged) and update.status is ConnectionStatus.RECONNECTING:
            found = re.search(r"retrying in (\d+) s", update.detail)
            if found:
                waits.append(int(found.group(1)))

    session.add_listener(note)
    task = asyncio.create_task(session.run())
    try:
        await until(lambda: bool(waits))
    finally:
        await session.close()
        await asyncio.wait_for(task, TIMEOUT)
    assert MIN_BACKOFF >= 2.0
    assert MIN_BACKOFF <= waits[0] <= MAX_BACKOFF
