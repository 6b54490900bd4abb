"""Measure how much the relay's database grows when one member toggles support many times.

    python bench/storage_growth.py [--toggles 20000] [--db-dir DIR]

A relay runs in this process on 127.0.0.1 over a fresh SQLite file; one real websocket
client joins a room and sends ``SUPPORT`` on/off ``--toggles`` times (up to 64 commands
in flight, each one committed with ``synchronous=FULL`` as in production). The database
and its WAL are measured while the relay runs and after it has closed them (WAL
checkpointed and removed),
once with every toggle's record kept (as the relay did before it dropped superseded
toggles) and once as the relay does now. Then the meeting is ended and the size after
its purge is printed. Every wait has a timeout; 20,000 toggles take about a minute per
run on a local disk.
"""

import argparse
import asyncio
import platform
import sys
import tempfile
import time
from pathlib import Path

from websockets.asyncio.client import connect

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import server.store  # noqa: E402  (the path above makes the checkout importable)
from protocol import (  # noqa: E402
    PROTOCOL_VERSION,
    Command,
    CommandKind,
    Event,
    Hello,
    Welcome,
    decode,
    encode,
)
from protocol.rate_limits import NO_LIMITS  # noqa: E402
from server.relay import Relay  # noqa: E402

TIMEOUT = 60.0
"""Longest any single wait may take before the run gives up."""
IN_FLIGHT = 64


async def _toggle(url: str, toggles: int, key: str) -> None:
    """Join, toggle support ``toggles`` times with a bounded window in flight, end the meeting."""
    async with connect(url, open_timeout=TIMEOUT) as connection:
        await connection.send(encode(Hello(PROTOCOL_VERSION, "Bench member", key, None, None)))
        welcome = decode(await asyncio.wait_for(connection.recv(), TIMEOUT))
        assert isinstance(welcome, Welcome), welcome
        sent = answered = 0
        while answered < toggles:
            while sent < toggles and sent - answered < IN_FLIGHT:
                sent += 1
                await connection.send(encode(Command(sent, CommandKind.SUPPORT, (sent % 2 == 1,))))
            frame = decode(await asyncio.wait_for(connection.recv(), TIMEOUT))
            if isinstance(frame, Event) and frame.actor == welcome.pid and frame.request_id:
                answered += 1


async def _end_meeting(url: str, key: str) -> None:
    async with connect(url, open_timeout=TIMEOUT) as connection:
        await connection.send(encode(Hello(PROTOCOL_VERSION, "Bench facilitator", key, None, None)))
        welcome = decode(await asyncio.wait_for(connection.recv(), TIMEOUT))
        assert isinstance(welcome, Welcome), welcome
        await connection.send(encode(Command(1, CommandKind.END_MEETING, ())))
        while True:
            frame = decode(await asyncio.wait_for(connection.recv(), TIMEOUT))
            if isinstance(frame, Event) and frame.actor == welcome.pid and frame.request_id == 1:
                return


def _on_disk(db: Path) -> int:
    """Bytes of the database and its WAL."""
    wal = db.with_name(db.name + "-wal")
    return db.stat().st_size + (wal.stat().st_size if wal.exists() else 0)


async def measure(db: Path, toggles: int) -> tuple[int, int, int, int, float]:
    """Bytes before, with the WAL while running, after the toggles, after the purge; toggling time."""
    async with Relay(db, rate_limits=NO_LIMITS) as relay:
        key = relay.create_room("grp", "Bench")
    empty = _on_disk(db)
    async with Relay(db, rate_limits=NO_LIMITS) as relay:
        started = time.perf_counter()
        await _toggle(relay.url("grp"), toggles, key)
        seconds = time.perf_counter() - started
        running = _on_disk(db)
    toggled = _on_disk(db)
    async with Relay(db, rate_limits=NO_LIMITS) as relay:
        await _end_meeting(relay.url("grp"), key)
    return empty, running, toggled, _on_disk(db), seconds


def main() -> None:
    """Run both measurements and print a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--toggles", type=int, default=20_000)
    parser.add_argument("--db-dir", type=Path, default=None, help="where the SQLite files go")
    args = parser.parse_args()
    kept_now = server.store.TOGGLES_KEPT
    print(f"{platform.node()} Python {platform.python_version()}, {args.toggles} support toggles")
    print(
        "| records kept per person | file before | file + WAL while running | file after | growth "
        "| after the purge | toggles/s |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for label, kept in (("all (no compaction)", 10**9), (str(kept_now), kept_now)):
        server.store.TOGGLES_KEPT = kept
        with tempfile.TemporaryDirectory(dir=args.db_dir) as folder:
            db = Path(folder) / "relay.sqlite3"
            empty, running, toggled, purged, seconds = asyncio.run(measure(db, args.toggles))
        print(
            f"| {label} | {empty / 1024:.0f} KiB | {running / 1024:.0f} KiB | {toggled / 1024:.0f} KiB | "
            f"{(toggled - empty) / 1024:+.0f} KiB | {purged / 1024:.0f} KiB | {args.toggles / seconds:.0f} |"
        )


if __name__ == "__main__":
    main()
