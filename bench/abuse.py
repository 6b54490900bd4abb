"""Flood a live relay with one hostile member and measure what honest members feel.

    python bench/abuse.py [--seconds 4] [--limits on|off|both]
    python bench/abuse.py --directory    # a crowd asking for /rooms: bench/directory_load.py

Three processes on 127.0.0.1, as in a real meeting: a relay (this script with
``--serve``, on an ephemeral port, over a fresh SQLite file), a flooder (this script with
``--flood KIND``) that sends one kind of command as fast as its socket takes them for
``--seconds``, and this process, where honest members post a message every 200 ms between
them (ten members taking turns, each well inside the message allowance of one every 2 s)
and another honest member measures how long each takes to arrive.

Floods, one after the other, each from a new flooder: ``messages`` (1.9 KB each),
``hands`` (raise/lower), ``reactions`` (all three, to a share), ``notes`` (1.9 KB to the
facilitators), ``waiting_notes`` (1.9 KB from the waiting room of a locked room),
``lockdown_notes`` (the same during a lockdown, when only the facilitator posts, so the
facilitator's own messages are timed), ``bad_hellos`` (up to ``DOOR_CONNECTIONS``
connections, each opening with an oversized frame, broken msgpack, a hello whose name
is 60 KB, or nothing at all before closing) and ``churn`` (up to ``DOOR_CONNECTIONS`` connections that
each join under a new name and drop at once; last, because every one of them holds a
place for the grace period). A ``none`` phase first gives the quiet baseline. For each it
prints the honest delivery latency (p50, p99, and whether p99 < 100 ms), how many flood
commands (or connections) the relay accepted and refused, and how much the database grew
(events stored, their bytes, and the SQLite files). ``--limits off`` runs the same against
a relay without rate limits (every bucket practically endless) for comparison. Every
loop is bounded by time and every wait by ``TIMEOUT``: the run stops by itself.
"""

import argparse
import asyncio
import contextlib
import json
import logging
import os
import platform
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from protocol import PROTOCOL_VERSION, Command, CommandKind, ErrorFrame, Event, EventKind, Hello  # noqa: E402
from protocol.codec import decode, encode  # noqa: E402
from protocol.frames import Welcome  # noqa: E402
from protocol.kinds import Reaction  # noqa: E402
from protocol.rate_limits import DEFAULT_RATE_LIMITS, NO_LIMITS  # noqa: E402

LOCKDOWN_AFTER = 0.5
"""Seconds into the lockdown flood at which the facilitator turns lockdown on."""
TIMEOUT = 15.0
"""Longest any single wait may take before the run gives up."""
JOIN_TIMEOUT = 90.0
"""Joining may wait longer: without limits the relay is still working off the last flood."""
PROBE_EVERY = 0.2
"""The honest members, between them, post this often (seconds)."""
POSTERS = 10
"""Honest members taking turns to post: each posts every ``POSTERS * PROBE_EVERY`` s."""
FLOODS = (
    "none",
    "messages",
    "hands",
    "reactions",
    "notes",
    "waiting_notes",
    "lockdown_notes",
    "bad_hellos",
    "churn",
)
DOOR_CONNECTIONS = 200
"""Most connections a ``bad_hellos`` or ``churn`` flood opens (each is closed again)."""
DOOR_PARALLEL = 8
"""Connections such a flood has open at once."""
BIG_TEXT = "x" * 1900
ENDLESS = NO_LIMITS
"""Rate limits that never refuse: the relay as it was before it had any."""


# --- the relay process -------------------------------------------------------------


async def serve(db_path: str, limits_on: bool) -> None:
    """Run a relay on an ephemeral port; print ``port key`` and serve until stdin closes."""
    from server.relay import Relay

    relay = Relay(db_path, "127.0.0.1", 0, rate_limits=DEFAULT_RATE_LIMITS if limits_on else ENDLESS)
    await relay.start()
    key = relay.create_room("bench", "Bench meeting")
    print(relay.port, key, flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)  # parent closes stdin to stop us
    await relay.stop()


# --- clients ------------------------------------------------------------------------


_HONEST_ADDRESSES = (f"127.0.{n // 250 + 1}.{n % 250 + 1}" for n in range(100_000))
"""A loopback source address of its own for each honest member, so that the relay's limits
per address (which the floods from 127.0.0.1 run into) never count them with the flooder."""


async def join(
    url: str, name: str, key: str | None = None, honest: bool = False
) -> tuple[ClientConnection, Welcome]:
    """Connect and say hello (an honest member from an address of its own); return the
    connection and its welcome."""
    source = {"local_addr": (next(_HONEST_ADDRESSES), 0)} if honest else {}
    connection = await connect(url, open_timeout=JOIN_TIMEOUT, max_size=2**20, **source)
    await connection.send(encode(Hello(PROTOCOL_VERSION, name, key, None, None)))
    welcome = decode(await asyncio.wait_for(connection.recv(), JOIN_TIMEOUT))
    if not isinstance(welcome, Welcome):
        raise SystemExit(f"{name} was not welcomed: {welcome!r}")
    return connection, welcome


def flood_commands(kind: str, index: int) -> tuple[CommandKind, tuple[Any, ...]]:
    """The ``index``-th command of a flood of ``kind``."""
    if kind == "messages":
        return CommandKind.SAY, (f"{index} {BIG_TEXT}",)
    if kind == "hands":
        return (CommandKind.RAISE, ()) if index % 2 == 0 else (CommandKind.LOWER, (None,))
    if kind == "reactions":
        return CommandKind.REACT, (Reaction(index % 3),)
    return CommandKind.NOTE, (f"{index} {BIG_TEXT}",)


async def flood(url: str, kind: str, seconds: float) -> dict[str, int]:
    """Send ``kind`` commands as fast as the socket takes them; count the relay's answers."""
    if kind in ("bad_hellos", "churn"):
        return await flood_the_door(url, kind, seconds)
    connection, welcome = await join(url, f"Flooder {kind}"[:32])
    counts = {"sent": 0, "accepted": 0, "rate_limited": 0, "other_refusals": 0}

    async def read_answers() -> None:
        with contextlib.suppress(ConnectionClosed):
            async for data in connection:
                frame = decode(data)
                if isinstance(frame, Event) and frame.actor == welcome.pid and frame.request_id:
                    counts["accepted"] += 1
                elif isinstance(frame, ErrorFrame) and frame.request_id:
                    counts["rate_limited" if frame.code == "rate_limited" else "other_refusals"] += 1

    reader = asyncio.create_task(read_answers())
    deadline = time.monotonic() + seconds
    with contextlib.suppress(ConnectionClosed):
        while time.monotonic() < deadline:
            kind_of, args = flood_commands(kind, counts["sent"])
            counts["sent"] += 1
            await connection.send(encode(Command(counts["sent"], kind_of, args)))
    await asyncio.sleep(0.5)  # bounded: let the last answers arrive
    reader.cancel()
    await connection.close()
    return counts


def bad_hello(index: int) -> bytes | None:
    """The ``index``-th bad opening: too large, not msgpack, a 60 KB name, or silence (None)."""
    choice = index % 4
    if choice == 0:
        return b"\x92" + b"x" * (2 * 64 * 1024)  # past the relay's frame limit: closed by websockets
    if choice == 1:
        return b"\xc1" * 1024  # never valid msgpack
    if choice == 2:
        return encode(Hello(PROTOCOL_VERSION, "n" * 60_000, None, None, None))
    return None  # say nothing and go: the hello timeout would close it


async def knock(url: str, kind: str, index: int, counts: dict[str, int]) -> None:
    """Open one connection at the door, send its first frame, read the answer, close."""
    counts["sent"] += 1
    try:
        async with connect(url, open_timeout=TIMEOUT, max_size=2**20) as connection:
            if kind == "churn":
                first: bytes | None = encode(Hello(PROTOCOL_VERSION, f"Churn {index}", None, None, None))
            else:
                first = bad_hello(index)
            if first is None:
                return
            await connection.send(first)
            answer = decode(await asyncio.wait_for(connection.recv(), TIMEOUT))
            counts["accepted" if isinstance(answer, Welcome) else "rate_limited"] += 1
    except (ConnectionClosed, OSError, TimeoutError):
        counts["other_refusals"] += 1


async def flood_the_door(url: str, kind: str, seconds: float) -> dict[str, int]:
    """Open and close up to ``DOOR_CONNECTIONS`` connections within ``seconds``, a few at a time."""
    counts = {"sent": 0, "accepted": 0, "rate_limited": 0, "other_refusals": 0}
    deadline = time.monotonic() + seconds
    numbers = iter(range(DOOR_CONNECTIONS))

    async def worker() -> None:
        for index in numbers:
            if time.monotonic() >= deadline:
                return
            await knock(url, kind, index, counts)

    await asyncio.gather(*(worker() for _ in range(DOOR_PARALLEL)))
    return counts


async def run_flooder(kind: str, url: str, seconds: float) -> dict[str, int]:
    """Run one flood in its own process (so it floods at full speed); return its counts."""
    child = await asyncio.create_subprocess_exec(
        sys.executable,
        __file__,
        "--flood",
        kind,
        "--url",
        url,
        "--seconds",
        str(seconds),
        stdout=asyncio.subprocess.PIPE,
    )
    out, _ = await asyncio.wait_for(child.communicate(), seconds + TIMEOUT)
    return json.loads(out)


# --- the honest members -------------------------------------------------------------


async def measure(url: str, key: str, kind: str, seconds: float, db_path: str) -> dict[str, Any]:
    """One phase: honest probes every 200 ms while ``kind`` floods; latencies and counts."""
    fac, _ = await join(url, f"Fran {kind}"[:32], key, honest=True)
    posters = [await join(url, f"Hana {number} {kind}"[:32], honest=True) for number in range(POSTERS)]
    honest_welcome = posters[0][1]
    listener, _ = await join(url, f"Lee {kind}"[:32], honest=True)
    fac_requests = iter(range(1, 10_000))

    async def as_facilitator(command: CommandKind, *args: Any) -> None:
        await fac.send(encode(Command(next(fac_requests), command, args)))

    if kind == "reactions":  # someone must be sharing for reactions to count
        await as_facilitator(CommandKind.GRANT, honest_welcome.pid)
    if kind == "waiting_notes":  # a locked room keeps the flooder in the waiting room
        await as_facilitator(CommandKind.LOCK, True)
    if kind == "lockdown_notes":  # the stranger waits in a locked room; lockdown follows below
        await as_facilitator(CommandKind.LOCK, True)
    sent_at: dict[str, float] = {}
    latencies: list[float] = []

    async def listen() -> None:
        with contextlib.suppress(ConnectionClosed):
            async for data in listener:
                frame = decode(data)
                if isinstance(frame, Event) and frame.kind is EventKind.SAID:
                    started = sent_at.pop(frame.fields[0], None)
                    if started is not None:
                        latencies.append(time.monotonic() - started)

    async def probe() -> None:
        for number in range(int(seconds / PROBE_EVERY)):
            text = f"probe {kind} {number}"
            sent_at[text] = time.monotonic()
            if kind == "lockdown_notes":
                await as_facilitator(CommandKind.SAY, text)
            else:
                poster, _ = posters[number % POSTERS]
                await poster.send(encode(Command(number + 1, CommandKind.SAY, (text,))))
            await asyncio.sleep(PROBE_EVERY)

    async def drain_other(connection: ClientConnection) -> None:
        with contextlib.suppress(ConnectionClosed):
            async for _ in connection:
                pass

    before = db_figures(db_path)
    readers = [listen(), drain_other(fac), *(drain_other(poster) for poster, _ in posters)]
    tasks = [asyncio.create_task(reader) for reader in readers]
    flooding = run_flooder(kind, url, seconds) if kind != "none" else asyncio.sleep(0, None)

    async def lock_down_soon() -> None:
        # A lockdown turns new arrivals away at the door, so the flooder must be waiting
        # already: it arrives while the room is only locked, then the lockdown begins.
        if kind == "lockdown_notes":
            await asyncio.sleep(LOCKDOWN_AFTER)
            await as_facilitator(CommandKind.LOCKDOWN, True)

    counts, _, _ = await asyncio.gather(flooding, probe(), lock_down_soon())
    await asyncio.sleep(0.5)  # bounded: the last probes arrive
    if kind == "waiting_notes":
        await as_facilitator(CommandKind.LOCK, False)
    if kind == "lockdown_notes":
        await as_facilitator(CommandKind.LOCKDOWN, False)
        await as_facilitator(CommandKind.LOCK, False)
    for task in tasks:
        task.cancel()
    for connection in (fac, listener, *(poster for poster, _ in posters)):
        await connection.close()
    after = db_figures(db_path)
    return {
        "flood": kind,
        "latencies": latencies,
        "lost": len(sent_at),
        "counts": counts or {},
        "events": after["events"] - before["events"],
        "event_bytes": after["event_bytes"] - before["event_bytes"],
        "file_bytes": after["file_bytes"] - before["file_bytes"],
    }


def db_figures(db_path: str) -> dict[str, int]:
    """Events stored, their frames' bytes, and the SQLite files' size (with the WAL)."""
    with contextlib.closing(sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)) as db:
        events, frame_bytes = db.execute(
            "SELECT COUNT(*), COALESCE(SUM(LENGTH(frame)), 0) FROM events"
        ).fetchone()
    files = sum(os.path.getsize(p) for p in (db_path, db_path + "-wal") if os.path.exists(p))
    return {"events": events, "event_bytes": frame_bytes, "file_bytes": files}


def percentile(values: list[float], share: float) -> float:
    """The ``share`` quantile (0-1) of ``values``, nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


async def run_relay_and_measure(limits_on: bool, seconds: float) -> list[dict[str, Any]]:
    """Start a relay process, run every flood against it, stop it."""
    with tempfile.TemporaryDirectory() as folder:
        db_path = str(Path(folder) / "abuse.sqlite3")
        relay = await asyncio.create_subprocess_exec(
            sys.executable,
            __file__,
            "--serve",
            db_path,
            "--limits",
            "on" if limits_on else "off",
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
        )
        assert relay.stdout is not None and relay.stdin is not None
        port, key = (await asyncio.wait_for(relay.stdout.readline(), TIMEOUT)).decode().split()
        url = f"ws://127.0.0.1:{port}/bench"
        try:
            return [await measure(url, key, kind, seconds, db_path) for kind in FLOODS]
        finally:
            relay.stdin.close()
            try:
                await asyncio.wait_for(relay.wait(), TIMEOUT)
            except TimeoutError:
                relay.kill()


def report(limits_on: bool, phases: list[dict[str, Any]]) -> None:
    """Print one table for one relay."""
    print(f"\nRate limits {'ON (protocol/rate_limits.py defaults)' if limits_on else 'OFF'}")
    print(
        f"{'flood':<14}{'p50 ms':>8}{'p99 ms':>8}{'<100?':>7}{'lost':>6}{'sent':>8}{'accepted':>10}"
        f"{'refused':>9}{'events':>8}{'event KB':>10}{'db KB':>9}"
    )
    for phase in phases:
        latencies = [1000 * s for s in phase["latencies"]] or [float("nan")]
        p50, p99 = statistics.median(latencies), percentile(latencies, 0.99)
        counts = phase["counts"]
        refused = counts.get("rate_limited", 0) + counts.get("other_refusals", 0)
        print(
            f"{phase['flood']:<14}{p50:>8.1f}{p99:>8.1f}{'yes' if p99 < 100 else 'NO':>7}{phase['lost']:>6}"
            f"{counts.get('sent', 0):>8}{counts.get('accepted', 0):>10}{refused:>9}{phase['events']:>8}"
            f"{phase['event_bytes'] / 1024:>10.1f}{phase['file_bytes'] / 1024:>9.0f}"
        )


async def main(args: argparse.Namespace) -> None:
    """Run the chosen relays and print their tables."""
    print(
        f"Machine: {platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}; {args.seconds:g} s per flood, a probe every "
        f"{PROBE_EVERY * 1000:.0f} ms"
    )
    for limits_on in {"on": [True], "off": [False], "both": [True, False]}[args.limits]:
        report(limits_on, await run_relay_and_measure(limits_on, args.seconds))


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line (``--serve`` and ``--flood`` are the child processes' modes)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=4.0, help="how long each flood lasts")
    parser.add_argument("--limits", choices=("on", "off", "both"), default="both")
    parser.add_argument(
        "--directory", action="store_true", help="measure a crowd asking for /rooms instead"
    )
    parser.add_argument("--serve", metavar="DB", help=argparse.SUPPRESS)
    parser.add_argument("--flood", choices=FLOODS[1:], help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


if __name__ == "__main__":
    arguments = parse_args()
    logging.getLogger("asyncio").setLevel(logging.CRITICAL)  # "socket.send() raised" on closed floods
    if arguments.directory:  # the /rooms crowd lives in its own script; run it with its defaults
        from bench import directory_load

        asyncio.run(directory_load.main(directory_load.parse_args([])))
    elif arguments.serve:
        asyncio.run(serve(arguments.serve, arguments.limits != "off"))
    elif arguments.flood:
        print(json.dumps(asyncio.run(flood(arguments.url, arguments.flood, arguments.seconds))))
    else:
        asyncio.run(main(arguments))
