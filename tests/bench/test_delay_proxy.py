"""The weak-link bench's delay proxy on 127.0.0.1: order kept, delay applied, clean closes."""

import asyncio
import time

import pytest_asyncio

from bench.delay_proxy import DelayProxy

DELAY = 0.2


@pytest_asyncio.fixture
async def echo():
    """An echo server on a free loopback port: (port, the server)."""

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while data := await reader.read(4096):
            writer.write(data)
            await writer.drain()
        writer.close()

    server = await asyncio.start_server(answer, "127.0.0.1", 0)
    try:
        yield server.sockets[0].getsockname()[1]
    finally:
        server.close()
        await server.wait_closed()


@pytest_asyncio.fixture
async def proxy(echo):
    """A delay proxy in front of the echo server, stopped after the test."""
    running = DelayProxy("127.0.0.1", echo, DELAY)
    await running.start()
    try:
        yield running
    finally:
        await running.stop()


async def read_exactly(reader: asyncio.StreamReader, count: int) -> bytes:
    """``count`` bytes, or fail after 10 s."""
    return await asyncio.wait_for(reader.readexactly(count), 10)


async def test_a_round_trip_takes_the_delay_both_ways(proxy):
    """One chunk comes back no sooner than twice the delay."""
    reader, writer = await asyncio.open_connection("127.0.0.1", proxy.port)
    began = time.monotonic()
    writer.write(b"hello")
    assert await read_exactly(reader, 5) == b"hello"
    assert time.monotonic() - began >= 2 * DELAY - 0.01
    writer.close()


async def test_chunks_written_over_time_come_back_in_order(proxy):
    """Numbered chunks sent 10 ms apart return complete and in the order sent."""
    reader, writer = await asyncio.open_connection("127.0.0.1", proxy.port)
    sent = b""
    for number in range(40):
        chunk = f"<{number:03d}>".encode()
        writer.write(chunk)
        sent += chunk
        await asyncio.sleep(0.01)
    assert await read_exactly(reader, len(sent)) == sent
    writer.close()


async def test_bytes_are_counted_each_way(proxy):
    """The proxy counts what it forwarded, up and down."""
    reader, writer = await asyncio.open_connection("127.0.0.1", proxy.port)
    writer.write(b"x" * 300)
    await read_exactly(reader, 300)
    assert (proxy.carried.up, proxy.carried.down, proxy.carried.connections) == (300, 300, 1)
    writer.close()


async def test_a_client_that_closes_ends_the_connection_cleanly(proxy):
    """The client's end of input reaches the server, whose close comes back as EOF."""
    reader, writer = await asyncio.open_connection("127.0.0.1", proxy.port)
    writer.write(b"bye")
    writer.write_eof()
    assert await read_exactly(reader, 3) == b"bye"
    assert await asyncio.wait_for(reader.read(), 10) == b""
    writer.close()
    await asyncio.wait_for(_until(lambda: not proxy._links), 10)


async def test_cut_drops_every_open_connection(proxy):
    """``cut`` ends the client's connection at once, without waiting for the delay."""
    reader, writer = await asyncio.open_connection("127.0.0.1", proxy.port)
    writer.write(b"ping")
    await read_exactly(reader, 4)
    assert proxy.cut() == 1
    data = b"?"
    try:
        data = await asyncio.wait_for(reader.read(), 1)
    except ConnectionResetError:
        data = b""
    assert data == b""
    writer.close()


async def _until(condition) -> None:
    """Poll ``condition`` every 10 ms until it holds."""
    while not condition():
        await asyncio.sleep(0.01)
