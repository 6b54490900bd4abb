"""Measure whether the client stays usable while a room is flooded, and print a plain table.

    python bench/client_flood.py [--messages 1000] [--chars 1900] [--flooders 1]

Two processes, so that the client's CPU time is its own. A child process (this script
with ``--relay-side``) runs the relay on 127.0.0.1 (an ephemeral port, a fresh SQLite
file in a temporary folder) and the raw websocket clients: the flooders and a
facilitator. This process runs only the talkingstick app, headless through
``App.run_test()`` at 80x24 with the settings of the ``talkingstick`` command
(``TEXTUAL_FPS`` 10, no animations, its own theme), joined to the room as a member. Its
driver lets Textual render as for a terminal and counts the bytes; the facilitator's
message counts as shown once those bytes contain it.

The flooders join with the room's facilitator key, so that a relay which slows members
down still lets the bench send its flood; if a relay limits facilitators as well, spread
the flood over several connections with ``--flooders``. Once the relay has recorded the
whole flood (so that the facilitator's message comes after every flood line), the
facilitator posts one short message. Three parts:

(a) ``--messages`` messages of ``--chars`` characters sent as fast as the relay reads
    them (each websocket send waits only for the socket to drain): how long until the
    facilitator's message is on the app's screen, the app's CPU time meanwhile, the
    terminal bytes and whether the app's link dropped.
(b) ``--calm`` short messages ``--pace`` seconds apart: the terminal bytes per message
    of an ordinary meeting (the paged transcript's reason to be).
(c) The cost of one incoming line against the entries the transcript keeps (10 and
    500): a bare transcript at 80x24 filled with as many flood messages, the mean time
    of ``Transcript.add`` and the wraps (``Content.wrap`` or ``fast_wrap``) it makes per line.

Everything is loopback only, every wait has a timeout, and the run stops by itself.
"""

import argparse
import asyncio
import json
import os
import platform
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("TEXTUAL_FPS", "10")  # as the talkingstick command sets them,
os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")  # before Textual is imported

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from textual.app import App, ComposeResult  # noqa: E402
from textual.content import Content  # noqa: E402
from textual.drivers.headless_driver import HeadlessDriver  # noqa: E402
from tui.session import Session  # noqa: E402
from tui.updates import ConnectionStatus, StatusChanged  # noqa: E402
from websockets.asyncio.client import ClientConnection, connect  # noqa: E402

from protocol import (  # noqa: E402
    PROTOCOL_VERSION,
    Command,
    CommandKind,
    ErrorFrame,
    Event,
    EventKind,
    Hello,
    Message,
    Welcome,
    decode,
    encode,
)
from tui.app import TalkingStickApp  # noqa: E402
from tui.widgets import lines, transcript  # noqa: E402
from tui.widgets.transcript import Transcript  # noqa: E402

TIMEOUT = 15.0
"""Longest a join or a hand-shake between the two processes may take."""
SIZE = (80, 24)
ROOM = "flood"
MARKER = "Let us pause here for a moment."
"""The facilitator's message after the flood."""
VOCABULARY = (
    "the we you it check in how are feeling today thanks for sharing that really helps "
    "me this week was hard good better sleep work family group listen next time"
)
WORDS = VOCABULARY.split()


def flood_text(rng: random.Random, chars: int) -> str:
    """A message of ``chars`` characters made of ordinary words."""
    text = ""
    while len(text) < chars:
        text += rng.choice(WORDS) + " "
    return text[:chars].rstrip().ljust(chars, ".")


# The relay side: a child process with the relay, the flooders and the facilitator.


async def join(url: str, name: str, key: str) -> tuple[ClientConnection, int]:
    """A raw websocket participant joined with ``key``: (connection, participant id)."""
    connection = await asyncio.wait_for(connect(url, max_size=None), TIMEOUT)
    await connection.send(encode(Hello(PROTOCOL_VERSION, name, key, None, None)))
    welcome = decode(await asyncio.wait_for(connection.recv(), TIMEOUT))
    if not isinstance(welcome, Welcome):
        raise RuntimeError(f"{name} was not welcomed: {welcome!r}")
    return connection, welcome.pid


async def drain(connection: ClientConnection, pid: int, expected: int, refused: list[str]) -> asyncio.Event:
    """Read everything (a silent reader would look like a laggard) in a task; note refusals.

    Returns:
        An event set once ``expected`` of this participant's own messages (or refusals)
        have come back.
    """
    answered, heard = 0, asyncio.Event()

    async def read() -> None:
        nonlocal answered
        async for data in connection:
            frame = decode(data)
            if isinstance(frame, ErrorFrame):
                refused.append(frame.code)
            elif not (isinstance(frame, Event) and frame.kind is EventKind.SAID and frame.actor == pid):
                continue
            answered += 1
            if answered >= expected:
                heard.set()

    readers.append(asyncio.create_task(read()))
    return heard


readers: list[asyncio.Task[None]] = []
"""The relay side's reading tasks."""


async def relay_side(args: argparse.Namespace) -> None:
    """Run the relay and its clients; talk to the app's process by lines on stdin/stdout."""
    from server.relay import Relay

    with tempfile.TemporaryDirectory() as folder:
        relay = Relay(Path(folder) / "flood.sqlite3", "127.0.0.1", 0)
        await relay.start()
        try:
            key = relay.create_room(ROOM, "Flooded meeting")
            url = relay.url(ROOM)
            refused: list[str] = []
            facilitator, facilitator_pid = await join(url, "Facilitator", key)
            flooders = [await join(url, f"Flood {n + 1}", key) for n in range(args.flooders)]
            rng = random.Random(7)
            texts = [flood_text(rng, args.chars) for _ in range(args.messages)]
            shares = [texts[n :: args.flooders] for n in range(args.flooders)]
            marker_heard = await drain(facilitator, facilitator_pid, 1, refused)
            flood_heard = [
                await drain(c, p, len(share), refused) for (c, p), share in zip(flooders, shares, strict=True)
            ]
            print(json.dumps({"url": url}), flush=True)
            await asyncio.to_thread(sys.stdin.readline)  # "go"

            started = time.monotonic()
            await asyncio.gather(
                *(flood(c, share, args.pace) for (c, _), share in zip(flooders, shares, strict=True))
            )
            sent = time.monotonic()
            # The facilitator speaks once the relay has recorded the whole flood, so that
            # the message comes after every flood line and must end up on screen.
            await asyncio.wait_for(asyncio.gather(*(heard.wait() for heard in flood_heard)), args.timeout)
            recorded = time.monotonic()
            await facilitator.send(encode(Command(1, CommandKind.SAY, (MARKER,))))
            marker_sent = time.monotonic()
            await asyncio.wait_for(marker_heard.wait(), args.timeout)
            report = {
                "started": started,
                "sent": sent,
                "recorded": recorded,
                "marker_sent": marker_sent,
                "marker_recorded": time.monotonic(),
                "refused": len(refused),
            }
            print(json.dumps(report), flush=True)
            await asyncio.to_thread(sys.stdin.readline)  # "stop"
            for task in readers:
                task.cancel()
            for connection in (facilitator, *(c for c, _ in flooders)):
                await connection.close()
        finally:
            await relay.stop()


async def flood(connection: ClientConnection, texts: list[str], pace: float) -> None:
    """Send every text as a chat message, ``pace`` seconds apart or as fast as the socket drains."""
    for request_id, text in enumerate(texts, start=1):
        await connection.send(encode(Command(request_id, CommandKind.SAY, (text,))))
        if pace:
            await asyncio.sleep(pace)


# The app side: this process.


class CountingDriver(HeadlessDriver):
    """A headless driver that lets Textual render, and counts what a terminal would get."""

    written = 0
    """Bytes (UTF-8) written since the last reset."""
    writes = 0
    """Screen updates written since the last reset."""
    watch_for = ""
    seen_at: float | None = None
    """When the output first contained ``watch_for`` (``time.monotonic``)."""

    @property
    def is_headless(self) -> bool:
        return False

    @classmethod
    def start_watching(cls, text: str) -> None:
        """Count from zero, and note when ``text`` is first written."""
        cls.written = cls.writes = 0
        cls.watch_for, cls.seen_at = text, None

    def write(self, data: str) -> None:
        cls = type(self)
        cls.written += len(data.encode())
        cls.writes += 1
        if cls.seen_at is None and cls.watch_for and cls.watch_for in data:
            cls.seen_at = time.monotonic()

    def flush(self) -> None:
        pass


async def read_json(stream: asyncio.StreamReader, timeout: float) -> dict[str, Any]:
    """The next JSON line from the relay side."""
    line = await asyncio.wait_for(stream.readline(), timeout)
    if not line:
        raise RuntimeError("the relay side stopped early")
    return json.loads(line)


async def wait_for(condition: Any, timeout: float, what: str) -> None:
    """Poll ``condition()`` every 10 ms until it holds; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError(f"timed out waiting for {what}")
        await asyncio.sleep(0.01)


async def flooded(args: argparse.Namespace, messages: int, chars: int, pace: float) -> dict[str, float]:
    """Run the app while ``messages`` of ``chars`` characters arrive ``pace`` seconds apart
    (0: as fast as the relay takes them), then the facilitator's message; the figures."""
    child = await asyncio.create_subprocess_exec(
        sys.executable, __file__, "--relay-side", "--messages", str(messages), "--chars", str(chars),
        "--pace", str(pace), "--flooders", str(args.flooders), "--timeout", str(args.timeout),
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
    )  # fmt: skip
    assert child.stdin is not None and child.stdout is not None
    try:
        url = (await read_json(child.stdout, TIMEOUT))["url"]
        session = Session(url, "Watcher")
        drops: list[StatusChanged] = []

        def note_drops(update: object) -> None:
            if isinstance(update, StatusChanged) and update.status is not ConnectionStatus.CONNECTED:
                drops.append(update)

        session.add_listener(note_drops)
        app = TalkingStickApp(session=session)
        app.driver_class = CountingDriver
        async with app.run_test(size=SIZE, headless=False):
            await wait_for(lambda: app.meeting_screen() is not None, TIMEOUT, "the meeting screen")
            screen = app.meeting_screen()
            assert screen is not None
            shown = screen.query_one(Transcript)
            await wait_for(
                lambda: any("You are in" in line for line in shown.visible_text), TIMEOUT, "joining"
            )
            await asyncio.sleep(0.5)  # let the first screens settle before counting
            CountingDriver.start_watching(MARKER)
            drops.clear()
            cpu, wall = time.process_time(), time.monotonic()
            child.stdin.write(b"go\n")
            await wait_for(lambda: CountingDriver.seen_at is not None, args.timeout, "the facilitator's line")
            cpu, wall = time.process_time() - cpu, time.monotonic() - wall
            report = await read_json(child.stdout, args.timeout)
            seen_at = CountingDriver.seen_at or 0.0
            figures = {
                "flood sent in (s)": report["sent"] - report["started"],
                "flood recorded by the relay in (s)": report["recorded"] - report["started"],
                "facilitator's message on screen after (s)": seen_at - report["marker_sent"],
                "  of which the relay took (s)": report["marker_recorded"] - report["marker_sent"],
                "app CPU time from flood to message (s)": cpu,
                "app CPU share of that time (%)": 100 * cpu / wall,
                "terminal bytes per flood message": CountingDriver.written / messages,
                "screen updates written": CountingDriver.writes,
                "messages refused by the relay": report["refused"],
                "times the link dropped": len(drops),
            }
        child.stdin.write(b"stop\n")
        await asyncio.wait_for(child.wait(), TIMEOUT)
        return figures
    finally:
        if child.returncode is None:
            child.kill()
            await child.wait()


class OnlyTranscript(App[None]):
    """A bare app holding one transcript."""

    def compose(self) -> ComposeResult:
        yield Transcript()


async def per_line_cost(kept: int, chars: int, lines_added: int = 100) -> tuple[float, float]:
    """(microseconds, wraps) per line added to a transcript holding ``kept`` entries."""
    rng = random.Random(11)
    messages = [
        lines.said(Message(n, 2, "Flood 1", flood_text(rng, chars), 1_700_000_000), 1)
        for n in range(kept + lines_added)
    ]
    wraps = 0

    def counting(real: Any) -> Any:
        def counted(*args: Any, **kwargs: Any) -> Any:
            nonlocal wraps
            wraps += 1
            return real(*args, **kwargs)

        return counted

    app = OnlyTranscript()
    async with app.run_test(size=SIZE) as pilot:
        widget = app.query_one(Transcript)
        for message in messages[:kept]:
            widget.add(message)
        await pilot.pause()
        real_wrap, real_fast_wrap = Content.wrap, transcript.fast_wrap
        Content.wrap, transcript.fast_wrap = counting(real_wrap), counting(real_fast_wrap)  # type: ignore[method-assign]
        try:
            began = time.perf_counter()
            for message in messages[kept:]:
                widget.add(message)
            spent = time.perf_counter() - began
        finally:
            Content.wrap, transcript.fast_wrap = real_wrap, real_fast_wrap  # type: ignore[method-assign]
    return spent / lines_added * 1e6, wraps / lines_added


async def app_side(args: argparse.Namespace) -> None:
    """Every part, printed as a table."""
    print(
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, TEXTUAL_FPS={os.environ['TEXTUAL_FPS']}; "
        f"the app at {SIZE[0]}x{SIZE[1]}, flood from {args.flooders} connection(s)"
    )
    parts = (
        (f"(a) {args.messages} messages of {args.chars} characters at once", args.messages, args.chars, 0.0),
        (f"(b) {args.calm} messages of 40 characters, {args.pace} s apart", args.calm, 40, args.pace),
    )
    for title, messages, chars, pace in parts:
        print(f"\n{title}, then one from the facilitator")
        for label, value in (await flooded(args, messages, chars, pace)).items():
            shown = f"{value:>10,.2f}" if isinstance(value, float) else f"{value:>10,}"
            print(f"  {label:<45} {shown}")
    print(f"\n(c) one incoming {args.chars}-character line, against the entries kept")
    print(f"  {'entries kept':<16} {'µs per line':>12} {'wraps per line':>15}")
    await per_line_cost(10, args.chars)  # a first run pays for imports and caches: not counted
    for kept in (10, transcript.KEEP_ENTRIES):
        micros, wraps = await per_line_cost(kept, args.chars)
        print(f"  {kept:<16} {micros:>12,.0f} {wraps:>15,.1f}")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=1000, help="flood messages (default 1000)")
    parser.add_argument("--chars", type=int, default=1900, help="characters per flood message (default 1900)")
    parser.add_argument("--flooders", type=int, default=1, help="connections sharing the flood (default 1)")
    parser.add_argument("--calm", type=int, default=100, help="messages at a calm pace (default 100)")
    parser.add_argument("--pace", type=float, default=0.1, help="seconds between calm messages (default 0.1)")
    parser.add_argument("--timeout", type=float, default=600.0, help="longest a flood may take (default 600)")
    parser.add_argument("--relay-side", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args()


if __name__ == "__main__":
    arguments = parse_args()
    asyncio.run(relay_side(arguments) if arguments.relay_side else app_side(arguments))
