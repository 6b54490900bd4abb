"""Measure what talkingstick costs on the wire and on disk, and print a plain table.

    python bench/wire.py [--messages 200] [--receivers 3] [--db-dir DIR]

A relay runs in this process on 127.0.0.1 over a fresh SQLite file. Every measured
client is a real websocket client (websockets' defaults, permessage-deflate on, as the
talkingstick client uses) that connects through a small TCP proxy on 127.0.0.1 which
counts the bytes it forwards each way. Those counts are TCP payload: HTTP upgrade,
websocket framing, masking and compression included; IP and TCP headers are not.

It measures (a) wire bytes per 40-character chat message delivered to each receiver,
(b) the bytes to join a room of 30 people with 8 agenda items and 50 messages, and to
resume after missing 10 messages, (c) idle bytes per client per hour, and the
durability cost of committing one event. Every loop is bounded and every wait has a
timeout: the run stops by itself in well under a minute.
"""

import argparse
import asyncio
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import msgpack
import websockets
from websockets.asyncio.client import ClientConnection, connect

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from protocol import (  # noqa: E402
    PROTOCOL_VERSION,
    Command,
    CommandKind,
    Event,
    EventKind,
    Hello,
    RoomState,
    Welcome,
    decode,
    encode,
)
from protocol.rate_limits import NO_LIMITS  # noqa: E402
from server.relay import Relay  # noqa: E402
from server.store import Store  # noqa: E402

TIMEOUT = 15.0
"""Longest any single wait may take before the run gives up."""

OLD_PING_INTERVAL = 20.0
"""Before: the relay and the client session each pinged every 20 s."""
CLIENT_PING_EVERY = 30.0
"""Now: only the client pings, after 30 s of quiet (``tui.core.link_watch``; it looks
every 5 s, so an idle link sees a ping every 30-35 s: the bench counts the worst case)."""
HEADER_BYTES = 40
"""IPv4 + TCP headers per segment, without options (timestamps add 12)."""
SEGMENTS_PER_EXCHANGE = 3
"""Ping, pong (carrying the ACK of the ping) and the delayed ACK of the pong."""

VOCABULARY = (
    "the we you it check in how are feeling today thanks for sharing that "
    "really helps me this week was hard good better sleep work family group listen "
    "next time agree yes no maybe later okay sure glad hear more about"
)
"""Common words of a check-in round, for chat lines that compress like real ones."""
WORDS = VOCABULARY.split()


def chat_line(rng: random.Random, length: int = 40) -> str:
    """A plausible chat message of exactly ``length`` characters."""
    text = ""
    while len(text) < length:
        text += rng.choice(WORDS) + " "
    return text[:length].rstrip().ljust(length, ".")


@dataclass
class Link:
    """Bytes one proxied TCP connection carried: up is client → relay, down relay → client."""

    up: int = 0
    down: int = 0
    segments: int = 0
    """Reads the proxy made, both ways: on loopback one small frame arrives as one segment."""

    def total(self) -> int:
        """Bytes both ways."""
        return self.up + self.down


class CountingProxy:
    """A TCP proxy on 127.0.0.1 that forwards to the relay and counts bytes per connection."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.links: list[Link] = []
        self.port = 0
        self._server: asyncio.Server | None = None

    async def start(self) -> None:
        """Listen on a free loopback port (``port``)."""
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        """Stop accepting; open links end with their clients."""
        if self._server is not None:
            self._server.close()

    def url(self, room: str) -> str:
        """The websocket address of ``room`` through this proxy."""
        return f"ws://127.0.0.1:{self.port}/{room}"

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        link = Link()
        self.links.append(link)
        relay_reader, relay_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        await asyncio.gather(
            self._pump(reader, relay_writer, link, "up"), self._pump(relay_reader, writer, link, "down")
        )

    @staticmethod
    async def _pump(
        reader: asyncio.StreamReader, writer: asyncio.StreamWriter, link: Link, direction: str
    ) -> None:
        try:
            while data := await reader.read(65536):
                setattr(link, direction, getattr(link, direction) + len(data))
                link.segments += 1
                writer.write(data)
                await writer.drain()
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            writer.close()


class Member:
    """One participant: a websocket, its welcome, and the frames it has read."""

    def __init__(self, connection: ClientConnection, welcome: Welcome, link: Link | None) -> None:
        self.connection = connection
        self.welcome = welcome
        self.link = link
        self.next_request = 1
        self.last_seq = welcome.snapshot.seq if welcome.snapshot else 0
        self.frame_bytes = 0
        """msgpack bytes of every frame read after the welcome (payload before compression)."""

    @classmethod
    async def join(
        cls,
        url: str,
        name: str,
        key: str | None = None,
        *,
        link_of: "CountingProxy | None" = None,
        compression: str | None = "deflate",
        token: str | None = None,
        last_seq: int | None = None,
        ping_interval: float | None = None,
    ) -> "Member":
        """Connect, say hello and read the welcome; ``link_of`` names the proxy in between."""
        connection = await asyncio.wait_for(
            connect(url, compression=compression, ping_interval=ping_interval), TIMEOUT
        )
        link = link_of.links[-1] if link_of else None
        await connection.send(encode(Hello(PROTOCOL_VERSION, name, key, token, last_seq)))
        welcome = decode(await asyncio.wait_for(connection.recv(), TIMEOUT))
        if not isinstance(welcome, Welcome):
            raise RuntimeError(f"{name} was not welcomed: {welcome!r}")
        member = cls(connection, welcome, link)
        if last_seq is not None:
            member.last_seq = last_seq
        return member

    async def send(self, kind: CommandKind, *args: Any) -> int:
        """Send a command without waiting; returns its request id."""
        request_id = self.next_request
        self.next_request += 1
        await self.connection.send(encode(Command(request_id, kind, args)))
        return request_id

    async def next_event(self) -> Event:
        """Read the next frame, which must be an event."""
        data = await asyncio.wait_for(self.connection.recv(), TIMEOUT)
        frame = decode(data)
        if not isinstance(frame, Event):
            raise RuntimeError(f"expected an event, got {frame!r}")
        self.frame_bytes += len(data)
        self.last_seq = frame.seq
        return frame

    async def until_seq(self, seq: int) -> None:
        """Read events until event ``seq`` has arrived."""
        while self.last_seq < seq:
            await self.next_event()

    async def do(self, kind: CommandKind, *args: Any) -> Event:
        """Send a command and wait for its own event (the acknowledgement)."""
        request_id = await self.send(kind, *args)
        while True:
            event = await self.next_event()
            if event.request_id == request_id and event.actor == self.welcome.pid:
                return event

    async def close(self) -> None:
        """Close the websocket (without leaving the room)."""
        await self.connection.close()


async def drain(member: Member) -> None:
    """Keep reading so a background participant never looks like a laggard."""
    try:
        async for data in member.connection:
            member.last_seq = max(member.last_seq, getattr(decode(data), "seq", 0))
    except websockets.ConnectionClosed:
        pass


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile ``share`` (0-1) of ``values``."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


async def with_relay(db_dir: Path, body: Callable[[Relay, CountingProxy], Awaitable[Any]]) -> Any:
    """Run ``body`` against a fresh relay (own database) and a counting proxy in front of it."""
    with tempfile.TemporaryDirectory(dir=db_dir) as folder:
        # A bench sends faster than people type: the relay's rate limits are measured elsewhere.
        relay = Relay(Path(folder) / "bench.sqlite3", "127.0.0.1", 0, rate_limits=NO_LIMITS)
        await relay.start()
        proxy = CountingProxy(relay.port)
        await proxy.start()
        try:
            return await body(relay, proxy)
        finally:
            await proxy.stop()
            await relay.stop()


async def chat(
    relay: Relay, proxy: CountingProxy, messages: int, receivers: int, compression: str | None
) -> dict[str, float]:
    """(a) Bytes per delivered 40-character message, and the SAY → own SAID round trip."""
    key = relay.create_room("chat", "Chat")
    sender = await Member.join(proxy.url("chat"), "Ada", key, link_of=proxy, compression=compression)
    listeners = [
        await Member.join(proxy.url("chat"), f"Listener {n}", link_of=proxy, compression=compression)
        for n in range(receivers)
    ]
    joined = relay.room("chat").state.seq
    for member in (sender, *listeners):
        await member.until_seq(joined)  # everyone has seen every join
    start_down = [listener.link.down for listener in listeners]
    start_frames = [listener.frame_bytes for listener in listeners]
    start_up = sender.link.up
    rng = random.Random(7)
    round_trips = []
    for _ in range(messages):
        began = time.perf_counter()
        said = await sender.do(CommandKind.SAY, chat_line(rng))
        round_trips.append(time.perf_counter() - began)
        for listener in listeners:
            await listener.until_seq(said.seq)
    wire = [listener.link.down - start for listener, start in zip(listeners, start_down, strict=True)]
    frames = [listener.frame_bytes - start for listener, start in zip(listeners, start_frames, strict=True)]
    for member in (sender, *listeners):
        await member.close()
    return {
        "payload": statistics.mean(frames) / messages,
        "wire": statistics.mean(wire) / messages,
        "up": (sender.link.up - start_up) / messages,
        "rtt_median": statistics.median(round_trips),
        "rtt_p95": percentile(round_trips, 0.95),
    }


async def join_costs(relay: Relay, proxy: CountingProxy, compression: str | None) -> dict[str, float]:
    """(b) Bytes to join a room of 30 with 8 agenda items and 50 messages; and to resume."""
    key = relay.create_room("circle", "Tuesday circle")
    url = relay.url("circle")
    facilitator = await Member.join(url, "Ada", key)
    others = [await Member.join(url, f"Member {n:02d}") for n in range(29)]
    background = [asyncio.ensure_future(drain(member)) for member in others]
    for number in range(8):
        await facilitator.do(CommandKind.AGENDA_ADD, f"Agenda item {number + 1}: topic", 10)
    await facilitator.do(CommandKind.AGENDA_SET_CURRENT, 1)
    rng = random.Random(11)
    people = [facilitator, *others]
    for number in range(50):
        speaker = people[number % len(people)]
        request_id = await speaker.send(CommandKind.SAY, chat_line(rng, rng.randint(20, 80)))
        if speaker is facilitator:
            while (await facilitator.next_event()).request_id != request_id:
                pass
    await facilitator.until_seq(relay.room("circle").state.seq)

    connection = await asyncio.wait_for(
        connect(proxy.url("circle"), compression=compression, ping_interval=None), TIMEOUT
    )
    link = proxy.links[-1]
    handshake = link.total()
    await connection.send(encode(Hello(PROTOCOL_VERSION, "Newcomer")))
    data = await asyncio.wait_for(connection.recv(), TIMEOUT)
    welcome = decode(data)
    if not isinstance(welcome, Welcome) or welcome.snapshot is None:
        raise RuntimeError(f"the newcomer was not welcomed with a snapshot: {welcome!r}")
    state: RoomState = welcome.snapshot
    figures = {
        "handshake": handshake,
        "up": link.up,
        "down": link.down,
        "welcome_payload": len(data),
        "people": len(state.participants),
        "agenda": len(state.agenda),
        "messages": len(state.transcript),
    }
    await connection.close()

    # Resume: the newcomer missed 10 messages and comes back with its token and last seq.
    for _ in range(10):
        await facilitator.do(CommandKind.SAY, chat_line(rng))
    returning = await Member.join(
        proxy.url("circle"),
        "Newcomer",
        link_of=proxy,
        compression=compression,
        token=welcome.resume_token,
        last_seq=state.seq,
    )
    await returning.until_seq(relay.room("circle").state.seq)  # the replay and RETURNED
    figures["resume"] = returning.link.total()
    await returning.close()
    for member in people:
        await member.close()
    await asyncio.wait_for(asyncio.gather(*background), TIMEOUT)
    return figures


async def idle(relay: Relay, proxy: CountingProxy) -> dict[str, float]:
    """(c) Bytes of one client ping + relay pong, measured at the proxy, and the hourly cost
    before (both sides pinged every 20 s) and now (the client alone, every 30 s at most)."""
    relay.create_room("quiet", "Quiet")
    member = await Member.join(proxy.url("quiet"), "Ada", link_of=proxy)
    link = member.link
    before = link.total()
    # The proxy counts bytes before forwarding them, so once a pong is in, both are counted.
    pong = await member.connection.ping()
    await asyncio.wait_for(pong, TIMEOUT)
    exchange = link.total() - before
    await member.close()
    with_headers = exchange + SEGMENTS_PER_EXCHANGE * HEADER_BYTES
    return {
        "exchange": exchange,
        "before_payload": 2 * 3600 / OLD_PING_INTERVAL * exchange,
        "before_total": 2 * 3600 / OLD_PING_INTERVAL * with_headers,
        "after_payload": 3600 / CLIENT_PING_EVERY * exchange,
        "after_total": 3600 / CLIENT_PING_EVERY * with_headers,
    }


async def idle_window(
    relay: Relay, proxy: CountingProxy, answer_within: float, window: float
) -> dict[str, float]:
    """(c, cross-check) A real client session idle for ``window`` seconds with its watch
    shortened to ``answer_within`` (everything scales with it), scaled to an hour at 45 s:
    payload, segments seen by the proxy, and the total with headers and the pongs' ACKs."""
    from tui.core.session import ANSWER_WITHIN, Session

    relay.create_room("still", "Still")
    session = Session(proxy.url("still"), "Ada", answer_within=answer_within)
    running = asyncio.create_task(session.run())
    try:
        async with asyncio.timeout(TIMEOUT):
            while session.state is None:
                await asyncio.sleep(0.01)
        link = proxy.links[-1]
        await asyncio.sleep(answer_within * 2)  # the join's traffic is over
        bytes_before, segments_before = link.total(), link.segments
        await asyncio.sleep(window)  # the measured window itself
        spent, segments = link.total() - bytes_before, link.segments - segments_before
    finally:
        await session.close()
        await asyncio.wait_for(running, TIMEOUT)
    scale = (3600 / window) * (answer_within / ANSWER_WITHIN)
    acks = segments / 2  # each exchange's pong is ACKed once by the client
    return {
        "payload": spent * scale,
        "segments": segments * scale,
        "total": (spent + (segments + acks) * HEADER_BYTES) * scale,
    }


def commit_times(db_dir: Path, count: int) -> list[float]:
    """Seconds per committed event through the relay's store (WAL, synchronous=FULL)."""
    times = []
    with tempfile.TemporaryDirectory(dir=db_dir) as folder:
        store = Store(Path(folder) / "commit.sqlite3")
        store.create_room("disk", "Disk")
        try:
            for seq in range(1, count + 1):
                event = Event(seq, int(time.time()), EventKind.SAID, 1, seq, ("x" * 40,))
                began = time.perf_counter()
                store.append_events("disk", [event], RoomState("disk", "Disk", seq=seq))
                times.append(time.perf_counter() - began)
        finally:
            store.close()
    return times


def fsync_times(db_dir: Path, count: int) -> list[float]:
    """Seconds per bare ``os.fsync`` of a small append: what the disk charges for a flush."""
    times = []
    with tempfile.TemporaryDirectory(dir=db_dir) as folder:
        descriptor = os.open(Path(folder) / "probe", os.O_WRONLY | os.O_CREAT)
        try:
            for _ in range(count):
                os.write(descriptor, b"x" * 64)
                began = time.perf_counter()
                os.fsync(descriptor)
                times.append(time.perf_counter() - began)
        finally:
            os.close(descriptor)
    return times


def filesystem_of(path: Path) -> str:
    """The mount type holding ``path`` (fsync costs differ: tmpfs is free, ext4 is not)."""
    best, kind = "", "unknown"
    try:
        with open("/proc/mounts", encoding="utf-8") as mounts:
            for line in mounts:
                device, mount_point, fs_type = line.split()[:3]
                if str(path.resolve()).startswith(mount_point) and len(mount_point) > len(best):
                    best, kind = mount_point, f"{fs_type} ({device})"
    except OSError:
        pass
    return kind


def row(label: str, value: str) -> None:
    """Print one line of the table."""
    print(f"  {label:<70} {value:>12}")


async def main(args: argparse.Namespace) -> None:
    """Run every measurement in turn and print the table."""
    db_dir = Path(args.db_dir) if args.db_dir else Path(tempfile.gettempdir())
    print("talkingstick wire and durability bench")
    print(f"  machine: {platform.platform()}, {os.cpu_count()} CPUs, {platform.machine()}")
    print(
        f"  python {platform.python_version()}, websockets {websockets.__version__}, "
        f"msgpack {'.'.join(map(str, msgpack.version))}"
    )
    print(f"  database directory: {db_dir} on {filesystem_of(db_dir)}")
    print()

    print(f"(a) one 40-character chat message, {args.messages} messages, {args.receivers} receivers")
    for compression in ("deflate", None):
        figures = await with_relay(
            db_dir, lambda r, p, c=compression: chat(r, p, args.messages, args.receivers, c)
        )
        name = "permessage-deflate" if compression else "no compression"
        row(f"msgpack event per receiver, bytes ({name})", f"{figures['payload']:.1f}")
        row(f"wire bytes per receiver ({name})", f"{figures['wire']:.1f}")
        row(f"wire bytes sender → relay per SAY ({name})", f"{figures['up']:.1f}")
        if compression:
            chat_rtt = figures
    print()

    print("(b) join a room of 30 people, 8 agenda items, 50 messages (as the 31st)")
    for compression in ("deflate", None):
        figures = await with_relay(db_dir, lambda r, p, c=compression: join_costs(r, p, c))
        name = "deflate" if compression else "no compression"
        row(f"websocket handshake, both ways ({name})", f"{figures['handshake']:.0f}")
        row(f"handshake + hello + welcome, up ({name})", f"{figures['up']:.0f}")
        row(f"handshake + hello + welcome, down ({name})", f"{figures['down']:.0f}")
        row(f"total to join ({name})", f"{figures['up'] + figures['down']:.0f}")
        row(f"resume after missing 10 messages, total ({name})", f"{figures['resume']:.0f}")
    row("welcome frame, msgpack bytes", f"{figures['welcome_payload']:.0f}")
    row(
        "snapshot: people / agenda items / messages",
        f"{figures['people']:.0f} / {figures['agenda']:.0f} / {figures['messages']:.0f}",
    )
    print()

    print(f"(c) idle, per client (the client alone pings, after {CLIENT_PING_EVERY:.0f} s of quiet)")
    figures = await with_relay(db_dir, idle)
    row("client ping + relay pong, bytes", f"{figures['exchange']:.0f}")
    row(
        f"before: payload per hour (both sides every {OLD_PING_INTERVAL:.0f} s)",
        f"{figures['before_payload']:.0f}",
    )
    row(
        f"before: with {HEADER_BYTES} B headers x {SEGMENTS_PER_EXCHANGE} segments",
        f"{figures['before_total']:.0f}",
    )
    row(f"now: payload per hour (client every {CLIENT_PING_EVERY:.0f} s)", f"{figures['after_payload']:.0f}")
    row(
        f"now: with {HEADER_BYTES} B headers x {SEGMENTS_PER_EXCHANGE} segments",
        f"{figures['after_total']:.0f}",
    )
    window = await with_relay(db_dir, lambda r, p: idle_window(r, p, args.idle_interval, args.idle_window))
    row(
        f"cross-check: real session, {args.idle_window:.0f} s at answer_within "
        f"{args.idle_interval} s, payload/h",
        f"{window['payload']:.0f}",
    )
    row(
        "cross-check: segments per hour, and total with headers and ACKs",
        f"{window['segments']:.0f} / {window['total']:.0f}",
    )
    print()

    print("durability")
    commits = commit_times(db_dir, args.commits)
    row(
        f"commit one event (store, WAL, synchronous=FULL), median ms, n={args.commits}",
        f"{statistics.median(commits) * 1000:.2f}",
    )
    row("commit one event, p95 ms", f"{percentile(commits, 0.95) * 1000:.2f}")
    flushes = fsync_times(db_dir, args.commits)
    row(
        "bare fsync of a small append, median ms (the disk's flush cost)",
        f"{statistics.median(flushes) * 1000:.2f}",
    )
    row(
        "SAY to own SAID via loopback proxy (includes commit), median ms",
        f"{chat_rtt['rtt_median'] * 1000:.2f}",
    )
    row("SAY to own SAID via loopback proxy, p95 ms", f"{chat_rtt['rtt_p95'] * 1000:.2f}")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line (every default is what docs/performance.md reports)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=200, help="chat messages in (a)")
    parser.add_argument("--receivers", type=int, default=3, help="receiving clients in (a)")
    parser.add_argument("--commits", type=int, default=300, help="events committed for the durability figure")
    parser.add_argument(
        "--idle-interval",
        type=float,
        default=0.45,
        help="the session's answer_within for the idle cross-check",
    )
    parser.add_argument("--idle-window", type=float, default=5.0, help="seconds of the idle cross-check")
    parser.add_argument("--db-dir", default=None, help="where the SQLite files go (default: the temp dir)")
    return parser.parse_args(argv)


if __name__ == "__main__":
    asyncio.run(asyncio.wait_for(main(parse_args()), 300))
