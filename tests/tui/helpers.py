"""Helpers for driving the client with Pilot against a real relay, and for snapshots.

``joined`` runs an app for one participant and waits until the relay has welcomed it;
``until`` polls a condition between Pilot pauses with a deadline, because a pause does
not wait for network traffic. Nor does a key press wait for what the key does: Pilot only
guesses from the process's CPU time that the app is idle, and on a loaded machine (the
process starved of CPU looks idle) it returns before a pushed screen has its focus or a
list has moved. So after a key that opens a screen, moves the focus or moves a selection,
wait for that (``opened``, ``room_keys``, ``select``), never for a Pilot pause.
``StillSession`` stands in for a session in snapshots, which test drawing only.
"""

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

from textual.pilot import Pilot
from textual.screen import Screen

from protocol import Participant, Role, RoomState
from tui.app import TalkingStickApp
from tui.core.session import Session
from tui.core.updates import ConnectionStatus
from tui.low_bandwidth import DEFAULT_PACE, ScreenPace
from tui.screens.meeting import MeetingScreen
from tui.widgets.agenda import AgendaPanel
from tui.widgets.hands import HandQueue
from tui.widgets.people import PeopleList
from tui.widgets.transcript import Transcript

DEADLINE = 10.0
"""Seconds any condition may take on a loaded machine before a test fails."""
SIZE = (80, 24)


async def until(
    pilot: Pilot, condition: Callable[[], bool], what: str = "condition", timeout: float = DEADLINE
) -> None:
    """Let the app run until ``condition()`` holds; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await pilot.pause(0.02)


@dataclass
class Seat:
    """One participant's running app and its pilot."""

    app: TalkingStickApp
    pilot: Pilot

    @property
    def meeting(self) -> MeetingScreen:
        screen = self.app.meeting_screen()
        assert screen is not None, "no meeting screen is open"
        return screen

    @property
    def transcript(self) -> list[str]:
        """The transcript lines on screen, as plain text."""
        return self.meeting.query_one(Transcript).visible_text

    def shows(self, text: str) -> bool:
        """Whether any transcript line on screen contains ``text``."""
        return any(text in line for line in self.transcript)

    @property
    def people(self) -> list[str]:
        return self.meeting.query_one(PeopleList).rows_text

    @property
    def hands(self) -> str:
        return self.meeting.query_one(HandQueue).plain

    @property
    def agenda(self) -> AgendaPanel:
        return self.meeting.query_one(AgendaPanel)

    async def wait(self, condition: Callable[[], bool], what: str = "condition") -> None:
        await until(self.pilot, condition, what)

    async def opened(self, kind: type[Screen[Any]]) -> Any:
        """Wait until a screen of ``kind`` is on top and has focused one of its widgets; return it.

        A screen fills itself and takes the focus once mounted: a key sent earlier is lost.
        """

        def ready() -> bool:
            return isinstance(self.app.screen, kind) and self.app.screen.focused is not None

        await self.wait(ready, f"the {kind.__name__} to show")
        return self.app.screen

    async def room_keys(self) -> None:
        """Arm the room key prefix (Ctrl+R) so that the next letter acts on the room, and wait until it is."""
        if not self.meeting.armed:
            await self.pilot.press("ctrl+r")
        await self.wait(lambda: self.meeting.armed, "the room key prefix")

    async def composer(self) -> None:
        """Go back to writing (Escape) and wait until the composer has the focus."""
        composer = self.meeting.query_one("#composer")
        if not composer.has_focus:
            await self.pilot.press("escape")
        await self.wait(lambda: composer.has_focus, "the composer")

    async def select(self, name: str) -> None:
        """Arm the room key prefix and move the People list's selection to ``name`` (the next
        letter pressed acts on them)."""
        people = self.meeting.query_one(PeopleList)
        await self.room_keys()
        state = self.meeting.session.state
        wanted = state.find_by_name(name).pid
        for _ in range(len(state.participants) + 1):
            selected = people.selected_pid
            if selected == wanted:
                return
            await self.pilot.press("down" if (selected or 0) < wanted else "up")
            await self.wait(lambda was=selected: people.selected_pid != was, "the selection to move")
        raise AssertionError(f"could not select {name}")

    async def type(self, text: str) -> None:
        """Type ``text`` into the composer and press Enter."""
        await self.composer()
        await self.pilot.press(*text)
        await self.pilot.press("enter")


@contextlib.asynccontextmanager
async def joined(
    url: str,
    name: str,
    key: str | None = None,
    *,
    notifications: bool = False,
    keymap: dict[str, str] | None = None,
    pace: ScreenPace = DEFAULT_PACE,
) -> AsyncIterator[Seat]:
    """Run the client for ``name`` in the room at ``url`` until the relay has welcomed it.

    Pilot draws no notifications unless ``notifications`` is set. The keys are the
    defaults (never the keymap of whoever runs the tests) unless ``keymap`` is given.
    """
    session = Session(url, name, key, min_backoff=0.05, max_backoff=0.3)
    app = TalkingStickApp(session=session, keymap=keymap or {}, pace=pace)
    async with app.run_test(size=SIZE, notifications=notifications) as pilot:
        seat = Seat(app, pilot)
        await seat.wait(
            lambda: session.status is ConnectionStatus.CONNECTED and session.state is not None,
            f"{name} to join",
        )
        await seat.wait(lambda: any("(you)" in row for row in seat.people), f"{name} to see the room")
        yield seat


class StillSession:
    """A session already in a fixed room (or its waiting room) that never talks to anyone.

    Snapshots test drawing only: no network, and sending fails the test.
    """

    def __init__(
        self, pid: int, state: RoomState, *, bytes_sent: int = 1234, bytes_received: int = 56789
    ) -> None:
        self.state = state
        self.url = "ws://127.0.0.1:1/demo"
        self.pid = pid
        self.status = ConnectionStatus.CONNECTED
        self.rtt = 0.42
        self.bytes_sent = bytes_sent
        self.bytes_received = bytes_received
        self.pending = ()
        self.server_offset = 0.0
        self.silent_for = None
        self.cafile = None

    @property
    def role(self) -> Role:
        person = self.me()
        return person.role if person is not None else Role.MEMBER

    def me(self) -> Participant | None:
        return self.state.participant(self.pid)

    def add_listener(self, callback: Callable[[object], None]) -> None:
        pass

    def remove_listener(self, callback: Callable[[object], None]) -> None:
        pass

    async def run(self) -> None:
        await asyncio.Event().wait()

    async def close(self) -> None:
        pass

    def send(self, kind: Any, *args: Any) -> int:
        raise AssertionError("a snapshot must not send")


def still_app(session: StillSession, now: float) -> TalkingStickApp:
    """The client showing ``session``'s room, with its clock fixed at ``now``."""
    return TalkingStickApp(session=session, clock=lambda: now, keymap={})  # type: ignore[arg-type]
