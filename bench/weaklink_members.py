"""The people of the weak-link bench: UI-free members on the real client core, and one in line mode.

``Member`` is what a person's client is underneath the screen: a ``tui.core.session.Session``
(joining, reconnecting, resuming, the outbox) acted on through ``tui.core.intents.Intents``,
reached through a ``DelayProxy`` of its own on loopback. It notes, from the session's own
updates, when each numbered message reached it, whether one came twice or before an
earlier one from the same sender, how long joining and each resume took, and any command
the relay refused.

``LineMember`` runs the installed ``talkingstick --line`` as a subprocess in the same
namespace and notes when each numbered message appears on its standard output.

Messages carry their number as ``#0001`` at the start of the text; nothing else here
depends on what they say.
"""

import asyncio
import contextlib
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bench.delay_proxy import DelayProxy
from protocol import EventKind
from tui.core.intents import Intents, Sent
from tui.core.session import Session
from tui.core.updates import CommandRefused, ConnectionStatus, EventApplied, SessionUpdate, StatusChanged

TAG = re.compile(r"#(\d{4})")
"""A message's number, as the bench writes it at the start of each message."""


class Deliveries:
    """When each numbered message reached one person, and what arrived twice or out of order."""

    def __init__(self) -> None:
        self.arrived: dict[int, float] = {}
        self.duplicated = 0
        self.out_of_order = 0
        self._last_from: dict[str, int] = {}

    def note(self, text: str, sender: str) -> None:
        """A message ``text`` from ``sender`` arrived now."""
        match = TAG.search(text)
        if match is None:
            return
        number = int(match.group(1))
        if number in self.arrived:
            self.duplicated += 1
            return
        self.arrived[number] = time.monotonic()
        if number < self._last_from.get(sender, 0):
            self.out_of_order += 1
        self._last_from[sender] = max(number, self._last_from.get(sender, 0))


class Member:
    """One person's client core, over a weak line of its own."""

    def __init__(self, name: str, url: str, proxy: DelayProxy, facilitator_key: str | None = None) -> None:
        self.name = name
        self.proxy = proxy
        self.session = Session(url, name, facilitator_key, min_backoff=0.5, max_backoff=4.0)
        self.intents = Intents(self.session)
        self.deliveries = Deliveries()
        self.refused: list[str] = []
        self.refused_numbers: set[int] = set()
        """Messages the relay refused (they are not counted as lost)."""
        self._numbers: dict[int, int] = {}  # request id -> message number
        self.join_seconds: float | None = None
        self.resume_seconds: list[float] = []
        self.unforced_drops = 0
        self._started = 0.0
        self._cut_at: float | None = None
        self._connected = False
        self._task: asyncio.Task[None] | None = None
        self.session.add_listener(self._on_update)

    @property
    def pid(self) -> int | None:
        """This person's id in the room, once welcomed."""
        return self.session.pid

    def start(self) -> None:
        """Start joining (the join time runs from here)."""
        self._started = time.monotonic()
        self._task = asyncio.create_task(self.session.run())

    def cut(self) -> None:
        """Drop this person's line at once (both sockets), as a failing link would."""
        self._cut_at = time.monotonic()
        self.proxy.cut()

    def holds_floor(self) -> bool:
        """Whether this person's own copy of the room says they have the floor."""
        state = self.session.state
        return state is not None and state.floor_holder == self.pid

    def says(self, number: int, text: str) -> float:
        """Post message ``number``; returns when it was sent (monotonic seconds)."""
        outcome = self.intents.typed(f"#{number:04d} {text}")
        if isinstance(outcome, Sent):
            self._numbers[outcome.request_id] = number
        else:
            self.refused.append(f"not sent: {outcome}")
            self.refused_numbers.add(number)
        return time.monotonic()

    def _on_update(self, update: SessionUpdate) -> None:
        now = time.monotonic()
        if isinstance(update, EventApplied):
            event = update.event
            if event.kind is EventKind.SAID and event.actor != self.pid:
                sender = update.state.participant(event.actor) if event.actor is not None else None
                self.deliveries.note(str(event.fields[0]), sender.name if sender else "?")
        elif isinstance(update, StatusChanged):
            self._status(update, now)
        elif isinstance(update, CommandRefused):
            self.refused.append(f"{update.code}: {update.message}")
            if update.request_id in self._numbers:
                self.refused_numbers.add(self._numbers[update.request_id])

    def _status(self, update: StatusChanged, now: float) -> None:
        if update.status is ConnectionStatus.CONNECTED and not self._connected:
            self._connected = True
            if self.join_seconds is None:
                self.join_seconds = now - self._started
            elif self._cut_at is not None:
                self.resume_seconds.append(now - self._cut_at)
                self._cut_at = None
        elif update.status is not ConnectionStatus.CONNECTED and self._connected:
            self._connected = False
            if self._cut_at is None and update.status is ConnectionStatus.RECONNECTING:
                self.unforced_drops += 1

    async def stop(self) -> None:
        """Close the session (without leaving the room) and wait for it."""
        await self.session.close()
        if self._task is not None:
            with contextlib.suppress(asyncio.CancelledError, TimeoutError):
                await asyncio.wait_for(self._task, 10)


def line_command() -> list[str]:
    """The installed ``talkingstick`` beside this interpreter, or the module if there is none."""
    script = Path(sys.executable).with_name("talkingstick")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from tui.cli import main; sys.exit(main())"]


class LineMember:
    """``talkingstick --line`` as a subprocess: its output lines are what it delivered."""

    def __init__(self, name: str, url: str, proxy: DelayProxy) -> None:
        self.name = name
        self.url = url
        self.proxy = proxy
        self.deliveries = Deliveries()
        self.lines = 0
        self.process: asyncio.subprocess.Process | None = None
        self._reader: asyncio.Task[None] | None = None
        self.on_line: Callable[[str], None] | None = None

    async def start(self) -> None:
        """Start the client; it joins on its own."""
        self.process = await asyncio.create_subprocess_exec(
            *line_command(), "--line", self.url, "--name", self.name,
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL,
        )  # fmt: skip
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        if self.process is None or self.process.stdout is None:
            return
        while raw := await self.process.stdout.readline():
            line = raw.decode("utf-8", "replace")
            self.lines += 1
            tag = TAG.search(line)
            if tag is not None:  # "HH:MM Name: #0001 text": the sender is between clock and tag
                self.deliveries.note(line, line[: tag.start()].split(" ", 1)[-1])
            if self.on_line is not None:
                self.on_line(line)

    def type(self, text: str) -> None:
        """Type one line into the client."""
        if self.process is not None and self.process.stdin is not None:
            self.process.stdin.write((text + "\n").encode())

    async def stop(self) -> int | None:
        """End its input (it leaves the meeting) and wait for it to exit."""
        if self.process is None:
            return None
        if self.process.stdin is not None:
            self.process.stdin.close()
        try:
            return await asyncio.wait_for(self.process.wait(), 30)
        except TimeoutError:
            self.process.kill()
            return await self.process.wait()
        finally:
            if self._reader is not None:
                self._reader.cancel()
