"""Measure what a crowd asking for ``GET /rooms`` costs the meetings, and print a table.

    python bench/directory_load.py [--rooms 500] [--requests 100] [--rounds 5]

Three processes on 127.0.0.1: a relay (this script with ``--serve``, an ephemeral port, a
fresh SQLite file holding ``--rooms`` rooms, each with a directory entry), a crowd (this
script with ``--crowd``) that sends ``--requests`` anonymous ``GET /rooms`` at once,
``--rounds`` times one second apart, and this process, where one member posts a short
message every 20 ms and another measures how long each takes to arrive.

Three relays, one after the other: ``before`` (the listing built on every request and
no HTTP budget: the relay as it was), ``cache`` (``server.directory.DirectoryCache``,
still no budget: as if every request came from another address) and ``cache+budget``
(the defaults: the cache, and 10 requests per address per 10 s, 429 beyond). For each
it prints the relay's own time to build the listing and to answer from the cache (on its
event loop, measured in the relay process), the chat's p50 and p99 delivery latency
quiet and while the crowd asks, and how the crowd was answered. Every wait is bounded.
"""

import argparse
import asyncio
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from websockets.asyncio.client import connect

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from protocol import PROTOCOL_VERSION, Command, CommandKind, Event, EventKind, Hello  # noqa: E402
from protocol.codec import decode, encode  # noqa: E402

TIMEOUT = 30.0
POST_EVERY = 0.02
"""The member posts this often (seconds)."""
QUIET_MESSAGES = 100
CONFIGS = ("before", "cache", "cache+budget")


# --- the relay process -------------------------------------------------------------


async def serve(db_path: str, config: str, rooms: int) -> None:
    """Run a relay with ``rooms`` rooms; print ``port key``, then the listing's timings."""
    import server.directory
    from protocol.rate_limits import NO_LIMITS
    from server.door_limits import DoorLimits
    from server.relay import Relay

    if config == "before":
        server.directory.CACHE_SECONDS = 0.0  # every request builds the listing again
    budget = DoorLimits() if config == "cache+budget" else DoorLimits(http_per_address=10**9)
    relay = Relay(db_path, "127.0.0.1", 0, rate_limits=NO_LIMITS, door=budget)
    for number in range(rooms):
        relay.store.create_room(f"room-{number}", f"Meeting {number}")
        directory = {"schedule": "weekly Tue 19:00 America/Chicago", "description": "A friendly group."}
        relay.store.update_settings(f"room-{number}", {"directory": directory})
    await relay.start()
    key = relay.create_room("chat", "Chat meeting")
    print(relay.port, key, flush=True)
    print(json.dumps(listing_timings(relay)), flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)  # parent closes stdin to stop us
    await relay.stop()


def listing_timings(relay: Any) -> dict[str, float]:
    """Milliseconds to build the listing, and to answer from the cache, each the mean of 20."""
    from server.directory import listing

    started = time.perf_counter()
    for _ in range(20):
        listing(relay.store, relay.rooms)
    built = (time.perf_counter() - started) / 20
    relay.directory.body()
    started = time.perf_counter()
    for _ in range(20):
        relay.directory.body()
    cached = (time.perf_counter() - started) / 20
    return {"build_ms": built * 1000, "cached_ms": cached * 1000}


# --- the crowd process -------------------------------------------------------------


async def crowd(http_url: str, requests: int, rounds: int) -> dict[str, int]:
    """``requests`` anonymous GET /rooms at once, ``rounds`` times a second apart; count the answers."""
    counts: dict[str, int] = {}
    limits = httpx.Limits(max_connections=requests, max_keepalive_connections=0)
    async with httpx.AsyncClient(base_url=http_url, timeout=TIMEOUT, limits=limits) as http:
        for _ in range(rounds):
            started = time.monotonic()
            answers = await asyncio.gather(
                *(http.get("/rooms") for _ in range(requests)), return_exceptions=True
            )
            for answer in answers:
                status = str(answer.status_code) if isinstance(answer, httpx.Response) else "error"
                counts[status] = counts.get(status, 0) + 1
            await asyncio.sleep(max(0.0, 1.0 - (time.monotonic() - started)))
    return counts


# --- this process: the meeting -----------------------------------------------------


async def join(url: str, name: str, key: str | None = None) -> Any:
    connection = await connect(url, open_timeout=TIMEOUT)
    await connection.send(encode(Hello(PROTOCOL_VERSION, name, key, None, None)))
    await asyncio.wait_for(connection.recv(), TIMEOUT)  # the welcome
    return connection


async def chat_latencies(url: str, key: str, until: asyncio.Future[Any] | int) -> list[float]:
    """Post every ``POST_EVERY`` s until ``until`` is done (or that many posts); each delivery time."""
    sender, reader = await join(url, "Fran", key), await join(url, "Ann")
    sent_at: dict[str, float] = {}
    latencies: list[float] = []

    async def read() -> None:
        while True:
            frame = decode(await reader.recv())
            if isinstance(frame, Event) and frame.kind is EventKind.SAID and frame.fields[0] in sent_at:
                latencies.append(time.perf_counter() - sent_at.pop(frame.fields[0]))

    reading = asyncio.create_task(read())
    number = 0
    while (number < until) if isinstance(until, int) else not until.done():
        number += 1
        text = f"probe {number}"
        sent_at[text] = time.perf_counter()
        await sender.send(encode(Command(number, CommandKind.SAY, (text,))))
        await asyncio.sleep(POST_EVERY)
    await asyncio.sleep(0.5)  # the last ones arrive
    reading.cancel()
    await sender.close()
    await reader.close()
    return latencies


async def measure(config: str, args: argparse.Namespace) -> dict[str, Any]:
    """One relay: its listing timings, the chat quiet and under the crowd, the crowd's answers."""
    with tempfile.TemporaryDirectory() as folder:
        relay = await asyncio.create_subprocess_exec(
            sys.executable, __file__, "--serve", str(Path(folder) / "relay.sqlite3"), "--config", config,
            "--rooms", str(args.rooms), stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        )  # fmt: skip
        assert relay.stdout is not None and relay.stdin is not None
        port, key = (await asyncio.wait_for(relay.stdout.readline(), 120)).decode().split()
        timings = json.loads(await asyncio.wait_for(relay.stdout.readline(), 120))
        url = f"ws://127.0.0.1:{port}/chat"
        try:
            quiet = await chat_latencies(url, key, QUIET_MESSAGES)
            crowd_process = await asyncio.create_subprocess_exec(
                sys.executable, __file__, "--crowd", f"http://127.0.0.1:{port}",
                "--requests", str(args.requests), "--rounds", str(args.rounds),
                stdout=asyncio.subprocess.PIPE,
            )  # fmt: skip
            answered = asyncio.ensure_future(crowd_process.communicate())
            loaded = await chat_latencies(url, key, answered)
            counts = json.loads((await answered)[0])
        finally:
            relay.stdin.close()
            await asyncio.wait_for(relay.wait(), TIMEOUT)
    return {"config": config, **timings, "quiet": quiet, "loaded": loaded, "counts": counts}


def report(results: list[dict[str, Any]], args: argparse.Namespace) -> None:
    print(f"\n{args.rooms} rooms; a crowd of {args.requests} GET /rooms at once, {args.rounds} times")
    print(
        f"{'relay':<14}{'build ms':>9}{'cached ms':>10}{'quiet p50':>10}{'p99':>7}"
        f"{'crowd p50':>10}{'p99':>8}  answers"
    )
    for result in results:
        quiet, loaded = [1000 * s for s in result["quiet"]], [1000 * s for s in result["loaded"]]
        print(
            f"{result['config']:<14}{result['build_ms']:>9.1f}{result['cached_ms']:>10.3f}"
            f"{statistics.median(quiet):>10.1f}{percentile(quiet, 0.99):>7.1f}"
            f"{statistics.median(loaded):>10.1f}{percentile(loaded, 0.99):>8.1f}  {result['counts']}"
        )


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values) or [float("nan")]
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


async def main(args: argparse.Namespace) -> None:
    print(
        f"Machine: {platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}"
    )
    report([await measure(config, args) for config in CONFIGS], args)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rooms", type=int, default=500)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--serve", metavar="DB", help=argparse.SUPPRESS)
    parser.add_argument("--config", choices=CONFIGS, default="cache+budget", help=argparse.SUPPRESS)
    parser.add_argument("--crowd", metavar="URL", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


if __name__ == "__main__":
    arguments = parse_args()
    if arguments.serve:
        asyncio.run(serve(arguments.serve, arguments.config, arguments.rooms))
    elif arguments.crowd:
        print(json.dumps(asyncio.run(crowd(arguments.crowd, arguments.requests, arguments.rounds))))
    else:
        asyncio.run(main(arguments))
