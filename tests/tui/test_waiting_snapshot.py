"""A snapshot of the waiting room at 80x24, drawn from a fixed waiting view.

As for the meeting's snapshots, the app gets a stand-in session that is already in the
waiting room and never talks to anyone: no network, a fixed clock, UTC times, no cursor
blink. The waiting room against a real relay is tested in ``test_waiting_room``.
"""

import asyncio
import time
from types import MappingProxyType

import pytest

from protocol import Role, RoomState
from protocol.state import Note, Reading, Waiter
from server.settings import DEFAULT_RESOURCES, DEFAULT_WELCOME
from tui.app import TalkingStickApp
from tui.updates import ConnectionStatus

NOW = 1_750_000_000
NEO = 7


def waiting_view() -> RoomState:
    """What Neo, waiting, may see: the welcome, the guidelines, his note and its reply."""
    guidelines = (
        "Speak from your own experience, using I.\n\n"
        "No crosstalk: we do not comment on each other's shares.\n\n"
        "What is shared here stays here.\n\n"
        "You may always pass."
    )
    notes = (
        Note(30, NEO, None, "Neo", "First time here, a bit nervous.", NOW - 120),
        Note(31, 1, NEO, "Fay", "Welcome, Neo. We start in a few minutes.", NOW - 60),
    )
    return RoomState(
        name="demo",
        title="Tuesday evening group",
        seq=31,
        readings=(Reading(1, "Our guidelines", guidelines, True),),
        waiting_room=True,
        waiting=MappingProxyType({NEO: Waiter(NEO, "Neo", accepted_guidelines=True, is_new=True)}),
        notes=notes,
        welcome_text=DEFAULT_WELCOME,
        resources=DEFAULT_RESOURCES,
    )


class StillWaitingSession:
    """A session already in the waiting room that never talks to anyone (snapshots only)."""

    def __init__(self) -> None:
        self.state = waiting_view()
        self.pid = NEO
        self.status = ConnectionStatus.CONNECTED
        self.rtt = 0.42
        self.bytes_sent = 321
        self.bytes_received = 4321
        self.pending = ()
        self.server_offset = 0.0
        self.waiting = True

    @property
    def role(self) -> Role:
        return Role.MEMBER

    def me(self) -> None:
        return None

    def add_listener(self, callback) -> None:
        pass

    async def run(self) -> None:
        await asyncio.Event().wait()

    async def close(self) -> None:
        pass

    def send(self, kind, *args) -> int:
        raise AssertionError("a snapshot must not send")


@pytest.fixture(autouse=True)
def utc(monkeypatch):
    """Show times in UTC whatever the machine's zone."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_waiting_room_at_80x24(snap_compare):
    """Someone waiting sees the welcome, the guidelines, the two boxes, the note box and a reply."""
    app = TalkingStickApp(session=StillWaitingSession(), clock=lambda: NOW)  # type: ignore[arg-type]
    assert snap_compare(app, terminal_size=(80, 24))
