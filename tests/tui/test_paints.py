"""What the meeting screen writes to its terminal, and how often it is painted whole: on
a 9.6 kbit/s link a whole paint of 80x24 is 4 KB, seconds before a member sees anything.

Textual repaints the whole screen when its compositor finds the screen's own region
dirty (``Compositor.render_full_update``, a private class: nothing public counts
paints); one test counts those calls for the meeting screen, another reads what is
written (``tui.terminal_frame`` decides which rows). They count paints and rows, never
bytes or time, so they hold on any machine.
"""

import asyncio
import socket
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from textual._compositor import Compositor
from textual.drivers.headless_driver import HeadlessDriver

from tests.tui.helpers import SIZE, Seat, until
from tests.tui.terminal_bytes import CONTROL
from tui.app import TalkingStickApp
from tui.core.session import Session
from tui.low_bandwidth import LOW_BANDWIDTH_PACE
from tui.widgets.composer import Composer
from tui.widgets.people import PeopleList


class HeldSession(Session):
    """A session that opens its link only once let go, so that the welcome arrives after
    the screen's first paint, as it does over a real link."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.go = asyncio.Event()

    async def run(self) -> None:
        await self.go.wait()
        await super().run()


def count_full_paints(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Count the whole-screen paints from now on, by the name of the screen painted."""
    counts: Counter[str] = Counter()
    paint: Callable[..., Any] = Compositor.render_full_update

    def counted(compositor: Compositor, *args: Any, **kwargs: Any) -> Any:
        counts[type(compositor.root).__name__] += 1
        return paint(compositor, *args, **kwargs)

    monkeypatch.setattr(Compositor, "render_full_update", counted)
    return counts


def captured_output(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What the app writes to its terminal from now on (the headless driver drops it otherwise)."""
    captured: list[str] = []
    monkeypatch.setattr(HeadlessDriver, "is_headless", property(lambda driver: False))
    monkeypatch.setattr(HeadlessDriver, "write", lambda driver, data: captured.append(data))
    return captured


def plain(output: list[str]) -> str:
    """The text written, without its escape sequences."""
    return CONTROL.sub("", "".join(output))


async def test_the_room_is_written_once_after_a_connecting_line(relay, room, monkeypatch):
    """Until the welcome the terminal shows one line, not the empty layout; then the room
    is written once, each row of it one time (it used to be the empty layout, then the
    room twice: 13 KB at 80x24, more than ten seconds on a 9.6 kbit/s link)."""
    name, _ = room
    output = captured_output(monkeypatch)
    session = HeldSession(relay.url(name), "Sam", min_backoff=0.05, max_backoff=0.3)
    app = TalkingStickApp(session=session, keymap={}, pace=LOW_BANDWIDTH_PACE)
    async with app.run_test(size=SIZE) as pilot:
        seat = Seat(app, pilot)
        await seat.wait(lambda: f"Connecting to {name}…" in plain(output), "the connecting line")
        await pilot.pause(0.3)  # the layout is painted meanwhile, and nothing of it written
        before = plain(output)
        assert "People" not in before and "Type a message" not in before
        written = len(output)
        session.go.set()
        await seat.wait(lambda: any("(you)" in row for row in seat.people), "Sam in the People list")
        await pilot.pause(0.5)
        after = plain(output[written:])
        assert after.count("Demo meeting  open mode") == 1
        assert after.count("People (1)") == 1
        assert after.count("Type a message") == 1


async def test_a_relay_that_does_not_answer_shows_the_screen_and_why(monkeypatch):
    """When the link fails before any welcome, the screen is written, with the status line
    saying the client is reconnecting: the connecting line does not stand there alone."""
    output = captured_output(monkeypatch)
    with socket.socket() as unused:  # a loopback port nothing listens on
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    session = Session(f"ws://127.0.0.1:{port}/demo", "Sam", min_backoff=0.05, max_backoff=0.3)
    app = TalkingStickApp(session=session, keymap={}, pace=LOW_BANDWIDTH_PACE)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: "reconnecting" in plain(output), "the status line")
        assert "Connecting to demo…" in plain(output) and "Type a message" in plain(output)


async def test_moving_the_focus_paints_only_what_changes(relay, room, monkeypatch):
    """Moving the focus (to a panel, back to the composer) repaints the widgets that gain
    or lose it, never the whole screen."""
    name, _ = room
    session = Session(relay.url(name), "Sam", min_backoff=0.05, max_backoff=0.3)
    app = TalkingStickApp(session=session, keymap={}, pace=LOW_BANDWIDTH_PACE)
    async with app.run_test(size=SIZE) as pilot:
        seat = Seat(app, pilot)
        await seat.wait(lambda: any("(you)" in row for row in seat.people), "Sam in the People list")
        await pilot.pause(0.3)
        full = count_full_paints(monkeypatch)
        people = seat.meeting.query_one(PeopleList)
        people.focus()
        await seat.wait(lambda: people.has_focus, "the People list's focus")
        await seat.composer()
        await pilot.pause(0.3)
        assert full["MeetingScreen"] == 0


async def test_ctrl_l_writes_the_whole_screen_again(relay, room, monkeypatch):
    """Only changed cells are written, so something else written over the screen (a wall
    message, a stray line) stays: Ctrl+L clears the terminal and writes everything again."""
    name, _ = room
    output = captured_output(monkeypatch)
    session = Session(relay.url(name), "Sam", min_backoff=0.05, max_backoff=0.3)
    app = TalkingStickApp(session=session, keymap={}, pace=LOW_BANDWIDTH_PACE)
    async with app.run_test(size=SIZE) as pilot:
        seat = Seat(app, pilot)
        await seat.wait(lambda: "People (1)" in plain(output), "the room written")
        written = len(output)
        await pilot.press("ctrl+l")
        await seat.wait(lambda: "People (1)" in plain(output[written:]), "the room written again")
        assert "\x1b[2J" in "".join(output[written:])
        assert seat.meeting.query_one(Composer).value == ""  # Ctrl+L typed nothing
