"""Measure what the full-screen client writes to its terminal: start-up, per message, idle.

    python bench/terminal.py [--messages 10] [--burst 25] [--idle 20]

Runs a relay in this process on 127.0.0.1 (an ephemeral port, a fresh SQLite file in a
temporary folder) and starts this checkout's client (``python -m tui.cli`` with this
folder first on ``PYTHONPATH``, so that an installed copy elsewhere is not what is
measured) on a pseudo-terminal (80x24, ``TERM=xterm-256color``), once in the default
mode (``--no-low-bandwidth``) and once in low-bandwidth mode (``--low-bandwidth``). For
each it counts the bytes the client writes to the terminal:

* **start-up**: from launch until the relay counts the client in the room and the
  terminal has then been quiet for ``QUIET_SECONDS``;
* **per message, one every 2 s**: members over raw websockets (``MEMBERS``, who join
  after start-up is counted and accept the guidelines, and take turns so that no one
  meets the members' pace limit) post ``--messages`` different 40-character messages,
  one every 2 s; all bytes written until quiet, divided by the count. Members, because
  most of what a meeting says is theirs (a leader's line also carries its role word);
* **per message, five a second**: the same with ``--burst`` messages 0.2 s apart;
* **per idle minute**: ``--idle`` seconds with nothing said, scaled to a minute (60
  measures a whole minute).

Each mode gets a room of its own, so that neither sees the other's people. Loopback
only, every wait bounded, and it stops by itself (about two minutes). Figures
go in ``docs/performance.md``; tests never assert on them.
"""

import argparse
import asyncio
import fcntl
import os
import pty
import random
import struct
import sys
import tempfile
import termios
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this checkout's modules

from protocol import CommandKind  # noqa: E402
from protocol.codec import decode  # noqa: E402
from protocol.frames import ErrorFrame  # noqa: E402
from server.relay import Relay  # noqa: E402
from tests.wire_client import WireClient  # noqa: E402

TIMEOUT = 60.0
"""Seconds any one wait may take before the bench gives up."""
QUIET_SECONDS = 2.0
"""The terminal counts as settled after this long without a byte."""
IRSSI = {
    "start-up": "6,000",
    "per message (every 2 s)": "170-180",
    "per message (5/s)": "-",
    "per idle minute": "-",
}
"""irssi at 80x24 with one 40-character message every 2 s, for comparison."""
DUMP = os.environ.get("TERMINAL_BENCH_DUMP", "")
"""A folder to write each mode's raw terminal output to, for reading (empty: none)."""
MEMBERS = ("Ann", "Bea", "Cal", "Dee", "Eli")
"""The members who post, in turn; names of one length, so each line costs the same."""
SENTENCES = (
    "thanks for sharing that today I feel calmer than last week the meeting helps me "
    "a lot and I am grateful for this group my sponsor said to keep coming back one "
    "day at a time I noticed the urge passed after an hour walking helped"
)
WORDS = tuple(SENTENCES.split(" "))
"""Common words of a sharing meeting, from which the messages are made."""


def message(rng: random.Random) -> str:
    """A 40-character message of common words, different each time."""
    text = ""
    while len(text) < 40:
        text += rng.choice(WORDS) + " "
    return text[:40].rstrip().ljust(40, ".")


ROOT = Path(__file__).resolve().parent.parent
"""This checkout, whose client is measured (not whichever one is installed)."""


def command() -> list[str]:
    """This checkout's client, run by this Python (``python -m tui.cli``)."""
    return [sys.executable, "-m", "tui.cli"]


class Terminal:
    """A pseudo-terminal with the client on the other side; counts what it writes."""

    def __init__(self, mode_flag: str, url: str) -> None:
        self.count = 0
        self.last_write = time.monotonic()
        self._flag = mode_flag
        self._url = url
        self._leader = -1
        self._process: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        leader, follower = pty.openpty()
        fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        env = {key: value for key, value in os.environ.items() if key not in ("SSH_CONNECTION", "NO_COLOR")}
        # PYTHONPATH first, so that this checkout's modules win over an installed copy.
        env.update(TERM="xterm-256color", COLORTERM="", PYTHONPATH=str(ROOT))
        for key in ("TEXTUAL_FPS", "TEXTUAL_ANIMATIONS"):
            env.pop(key, None)
        self._process = await asyncio.create_subprocess_exec(
            *command(), "--no-line", self._flag, self._url, "--name", "Painted",
            stdin=follower, stdout=follower, stderr=follower, env=env, cwd=ROOT,
        )  # fmt: skip
        os.close(follower)
        self._leader = leader
        asyncio.get_running_loop().add_reader(leader, self._read)

    def _read(self) -> None:
        try:
            data = os.read(self._leader, 65536)
        except OSError:
            data = b""
        if data:
            if DUMP:
                with open(f"{DUMP}/{self._flag.strip('-')}.out", "ab") as handle:
                    handle.write(f"\n@@{time.monotonic():.2f} {len(data)}\n".encode() + data)
            self.count += len(data)
            self.last_write = time.monotonic()

    async def quiet(self) -> None:
        """Wait until nothing has been written for ``QUIET_SECONDS`` (bounded)."""
        async with asyncio.timeout(TIMEOUT):
            while time.monotonic() - self.last_write < QUIET_SECONDS:
                await asyncio.sleep(0.1)

    async def stop(self) -> None:
        asyncio.get_running_loop().remove_reader(self._leader)
        if self._process is not None and self._process.returncode is None:
            self._process.terminate()
            await asyncio.wait_for(self._process.wait(), TIMEOUT)
        os.close(self._leader)


@dataclass
class Figures:
    """Bytes written by one mode."""

    startup: int
    every_2s: float
    five_a_second: float
    idle_minute: float


async def post(posters: list[WireClient], count: int, gap: float, rng: random.Random) -> None:
    """``count`` messages, one every ``gap`` seconds, the posters taking turns."""
    for index in range(count):
        started = time.monotonic()
        await posters[index % len(posters)].send(CommandKind.SAY, message(rng))
        await asyncio.sleep(max(0.0, gap - (time.monotonic() - started)))


async def measure(mode_flag: str, relay: Relay, args: argparse.Namespace) -> Figures:
    """Start the client in one mode, in a room of its own, and count its bytes in each phase."""
    name = f"bench-{mode_flag.strip('-')}"
    key = relay.create_room(name, "Bench meeting")
    url = relay.url(name)
    room = relay.room(name)
    assert room is not None
    terminal = Terminal(mode_flag, url)
    facilitator = await WireClient.join(url, "Poster", key)
    clients = [facilitator]
    refused: list[ErrorFrame] = []
    drains = [asyncio.create_task(_drain(facilitator, refused))]
    rng = random.Random(7)
    try:
        await terminal.start()
        async with asyncio.timeout(TIMEOUT):
            while len(room.state.participants) < 2:
                await asyncio.sleep(0.05)
        await terminal.quiet()
        startup = terminal.count
        for member_name in MEMBERS:
            member = await WireClient.join(url, member_name)
            accepted = await member.answer_to(await member.send(CommandKind.WAITER_UPDATE, True, False))
            assert not isinstance(accepted, ErrorFrame), accepted
            clients.append(member)
            drains.append(asyncio.create_task(_drain(member, refused)))
        await terminal.quiet()
        posters = clients[1:]
        mark = terminal.count
        await post(posters, args.messages, 2.0, rng)
        await terminal.quiet()
        every_2s = (terminal.count - mark) / args.messages
        mark = terminal.count
        await post(posters, args.burst, 0.2, rng)
        await terminal.quiet()
        five = (terminal.count - mark) / args.burst
        mark = terminal.count
        await asyncio.sleep(args.idle)  # the measured window itself, not a wait for a condition
        idle = (terminal.count - mark) * 60.0 / args.idle
        if refused:
            print(f"warning: the relay refused {len(refused)} posts: {refused[0]!r}", file=sys.stderr)
        return Figures(startup, every_2s, five, idle)
    finally:
        await terminal.stop()
        for drain in drains:
            drain.cancel()
        for client in clients:
            await client.close()


async def _drain(client: WireClient, refused: list[ErrorFrame]) -> None:
    """Read a poster's frames so that the relay never sees it as not reading; keep refusals."""
    while True:
        frame = decode(await client.connection.recv())
        if isinstance(frame, ErrorFrame):
            refused.append(frame)


async def main(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as folder:
        # A member may post 5 at once, then one every 2 s: five members in turn manage 25
        # at five a second.
        relay = Relay(Path(folder) / "relay.sqlite3", "127.0.0.1", 0)
        await relay.start()
        try:
            results = {}
            for label, flag in (("default", "--no-low-bandwidth"), ("low-bandwidth", "--low-bandwidth")):
                results[label] = await measure(flag, relay, args)
        finally:
            await relay.stop()
    idle_note = "measured" if args.idle >= 60 else f"{args.idle:g} s measured, scaled to 60 s"
    print("talkingstick at 80x24, TERM=xterm-256color; bytes written to the terminal")
    print(f"{'':<26}{'default':>12}{'low-bandwidth':>15}{'irssi':>10}")
    rows = (
        ("start-up", "startup", "{:,.0f}"),
        ("per message (every 2 s)", "every_2s", "{:,.0f}"),
        ("per message (5/s)", "five_a_second", "{:,.0f}"),
        ("per idle minute", "idle_minute", "{:,.0f}"),
    )
    for label, attribute, shape in rows:
        default = shape.format(getattr(results["default"], attribute))
        low = shape.format(getattr(results["low-bandwidth"], attribute))
        print(f"{label:<26}{default:>12}{low:>15}{IRSSI[label]:>10}")
    print(f"({args.messages} messages every 2 s, {args.burst} at five a second, from {len(MEMBERS)} members")
    print(f" in turn; idle: {idle_note})")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=10, help="messages posted one every 2 s")
    parser.add_argument("--burst", type=int, default=25, help="messages posted five a second")
    parser.add_argument("--idle", type=float, default=20.0, help="idle seconds measured (scaled to a minute)")
    asyncio.run(main(parser.parse_args()))
