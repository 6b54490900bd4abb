"""Measure the client's memory after joining a room of 30: line mode against the full-screen app.

    python bench/memory.py [--people 30]

Runs a relay in this process on 127.0.0.1 (an ephemeral port, a fresh SQLite file in a
temporary folder), fills the room with ``--people`` minus one members over raw
websockets (each posts one message, so the snapshot carries a transcript), then starts
the installed ``talkingstick`` twice as a child process and prints each one's resident
memory once it has joined.

Each row gives RSS, PSS and the private pages (from ``/proc/PID/status`` and
``smaps_rollup``):

* ``talkingstick --line`` with pipes, measured when it has printed its welcome;
* ``talkingstick --no-line`` on a pseudo-terminal (80x24, ``TERM=xterm-256color``),
  measured once the relay counts it in the room and its screen has been drawn for a
  moment.

Linux only (it reads ``/proc``). Every wait has a timeout and the run stops by itself.
"""

import argparse
import asyncio
import fcntl
import os
import pty
import shutil
import struct
import sys
import tempfile
import termios
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from protocol import CommandKind  # noqa: E402
from server.relay import Relay  # noqa: E402
from tests.wire_client import WireClient  # noqa: E402

TIMEOUT = 60.0
SETTLE_SECONDS = 3.0
"""How long the full app draws before it is measured (its first paint and layout)."""


def rss_kib(pid: int) -> tuple[int, int, int]:
    """(VmRSS, Pss, private) of process ``pid`` in KiB.

    RSS counts the shared libraries' pages (OpenSSL, libpython) in full; the private
    pages are what one more such process costs a host running many of them.
    """
    fields = {}
    for path in (f"/proc/{pid}/status", f"/proc/{pid}/smaps_rollup"):
        for line in Path(path).read_text().splitlines():
            key, _, value = line.partition(":")
            fields[key] = value.strip()

    def kib(key: str) -> int:
        return int(fields.get(key, "0 kB").split()[0])

    return kib("VmRSS"), kib("Pss"), kib("Private_Clean") + kib("Private_Dirty")


def command() -> str:
    beside = Path(sys.executable).with_name("talkingstick")
    return str(beside) if beside.exists() else shutil.which("talkingstick") or "talkingstick"


async def line_mode(url: str) -> tuple[int, int, int]:
    """RSS of ``talkingstick --line`` once it has joined and printed the welcome."""
    process = await asyncio.create_subprocess_exec(
        command(),
        "--line",
        url,
        "--name",
        "Measured",
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL,
    )
    assert process.stdout is not None and process.stdin is not None
    try:
        async with asyncio.timeout(TIMEOUT):
            while b"/help lists the commands" not in await process.stdout.readline():
                pass
        return rss_kib(process.pid)
    finally:
        process.stdin.close()
        await asyncio.wait_for(process.wait(), TIMEOUT)


async def full_app(url: str, relay: Relay, people: int) -> tuple[int, int, int]:
    """RSS of the full-screen app on a pseudo-terminal once the relay counts it in the room."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color"}
    process = await asyncio.create_subprocess_exec(
        command(),
        "--no-line",
        url,
        "--name",
        "Painted",
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=env,
    )
    os.close(follower)
    loop = asyncio.get_running_loop()
    loop.add_reader(leader, lambda: os.read(leader, 65536))  # keep the terminal drained
    try:
        async with asyncio.timeout(TIMEOUT):
            while len(relay.room("demo").state.participants) < people + 1:
                await asyncio.sleep(0.05)
        await asyncio.sleep(SETTLE_SECONDS)  # a measurement settling, not a test waiting
        return rss_kib(process.pid)
    finally:
        loop.remove_reader(leader)
        process.terminate()
        await asyncio.wait_for(process.wait(), TIMEOUT)
        os.close(leader)


async def main(people: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        relay = Relay(Path(folder) / "relay.sqlite3", "127.0.0.1", 0)
        await relay.start()
        try:
            relay.create_room("demo", "Demo meeting")
            url = relay.url("demo")
            members = [await WireClient.join(url, f"Member{n}") for n in range(people - 1)]
            for member in members:
                await member.answer_to(await member.send(CommandKind.SAY, "checking in, thanks all"))
            started = time.monotonic()
            line = await line_mode(url)
            full = await full_app(url, relay, people - 1)
            print(f"room of {people} (the measured client included), {time.monotonic() - started:.1f} s")
            for label, (rss, pss, private) in (("line mode", line), ("full app", full)):
                print(
                    f"{label:<10} RSS {rss / 1024:5.1f} MiB   PSS {pss / 1024:5.1f} MiB"
                    f"   private {private / 1024:5.1f} MiB"
                )
            for member in members:
                await member.close()
        finally:
            await relay.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--people", type=int, default=30, help="people in the room, the measured client included"
    )
    asyncio.run(main(parser.parse_args().people))
