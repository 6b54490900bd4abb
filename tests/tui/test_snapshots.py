"""Snapshots of the meeting screen at 80x24 (and wider), drawn from a fixed room.

Snapshots test rendering only, so the screen gets a stand-in session holding a preset
room whose ``run`` just waits: no network, a fixed clock, UTC times, no cursor blink.
Everything that talks to a relay is tested against a real one in the other modules.
"""

import asyncio
import time
from types import MappingProxyType

import pytest

from protocol import AgendaItem, Message, Mode, Participant, Role, RoomState
from tui.app import TalkingStickApp
from tui.updates import ConnectionStatus

STARTED = 1_750_000_000
"""When the current agenda item started, on the relay's clock."""
NOW = STARTED + 754
"""The fixed local time of the snapshots: 12 min 34 s into a 30 min item."""


def fixed_room() -> RoomState:
    people = {
        1: Participant(1, "Fay", Role.FACILITATOR),
        2: Participant(2, "Max", Role.MEMBER),
        3: Participant(3, "Ana", Role.COFACILITATOR),
        4: Participant(4, "Bo", Role.MEMBER, connected=False),
        5: Participant(5, "Chris with a rather long name", Role.MEMBER),
    }
    transcript = (
        Message(10, 1, "Fay", "Welcome, everyone. Let's start with a short round.", STARTED - 600),
        Message(11, 2, "Max", "Thanks. This week was hard, but I kept going to the group.", STARTED - 540),
        Message(12, 3, "Ana", "[@click=app.quit]x[/] is just text here", STARTED - 300),
        Message(13, 2, "Max", "I would like to share something later.", STARTED + 60),
    )
    return RoomState(
        name="demo",
        title="Demo meeting",
        seq=20,
        mode=Mode.FLOOR,
        participants=MappingProxyType(people),
        hand_queue=(3, 4),
        floor_holder=2,
        agenda=(AgendaItem(1, "Check-in", 10), AgendaItem(2, "Sharing", 30), AgendaItem(3, "Closing", 5)),
        current_item=2,
        current_started_at=STARTED,
        transcript=transcript,
        next_pid=6,
        next_item_id=4,
    )


class StillSession:
    """A session that is already in the fixed room and never talks to anyone (snapshots only)."""

    def __init__(self, pid: int) -> None:
        self.state = fixed_room()
        self.pid = pid
        self.status = ConnectionStatus.CONNECTED
        self.rtt = 0.42
        self.bytes_sent = 1234
        self.bytes_received = 56789
        self.pending = ()
        self.server_offset = 0.0

    @property
    def role(self) -> Role:
        return self.state.participants[self.pid].role

    def me(self) -> Participant:
        return self.state.participants[self.pid]

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


def app_for(pid: int) -> TalkingStickApp:
    return TalkingStickApp(session=StillSession(pid), clock=lambda: NOW)  # type: ignore[arg-type]


def test_member_view_at_80x24(snap_compare):
    """A member (Max, holding the floor) sees the room at 80x24."""
    assert snap_compare(app_for(2), terminal_size=(80, 24))


def test_facilitator_view_at_80x24(snap_compare):
    """The facilitator sees the same room with their keys in the footer."""
    assert snap_compare(app_for(1), terminal_size=(80, 24))


def test_facilitator_room_keys_at_80x24(snap_compare):
    """After Escape the People list has the focus and the footer shows the room keys."""
    assert snap_compare(app_for(1), press=["escape"], terminal_size=(80, 24))


def test_facilitator_view_on_a_large_terminal(snap_compare):
    """A wider, taller terminal gets a wider sidebar and a longer agenda."""
    assert snap_compare(app_for(1), terminal_size=(120, 40))
