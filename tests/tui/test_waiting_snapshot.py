"""A snapshot of the waiting room at 80x24, drawn from a fixed waiting view.

As for the meeting's snapshots, the app gets a stand-in session that is already in the
waiting room and never talks to anyone: no network, a fixed clock, UTC times, no cursor
blink. The waiting room against a real relay is tested in ``test_waiting_room``.
"""

from types import MappingProxyType

import pytest

from protocol import RoomState
from protocol.state import Note, Reading, Waiter
from server.settings import DEFAULT_RESOURCES, DEFAULT_WELCOME
from tests.tui.helpers import StillSession, still_app

pytestmark = pytest.mark.usefixtures("utc")

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


def test_waiting_room_at_80x24(snap_compare):
    """Someone waiting sees the welcome, the guidelines, the two boxes, the note box and a reply."""
    session = StillSession(NEO, waiting_view(), bytes_sent=321, bytes_received=4321)
    assert snap_compare(still_app(session, NOW), terminal_size=(80, 24))
