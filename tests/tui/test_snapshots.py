"""Snapshots of the meeting screen at 80x24 (and wider), drawn from fixed rooms.

Snapshots test rendering only, so the screen gets a stand-in session holding a preset
room whose ``run`` just waits: no network, a fixed clock, UTC times, no cursor blink.
Everything that talks to a relay is tested against a real one in the other modules.
"""

from dataclasses import replace
from types import MappingProxyType

import pytest

from protocol import AgendaItem, Message, Mode, Participant, Role, RoomState
from protocol.state import Reading, Round, SegmentRules
from tests.tui.helpers import StillSession, still_app
from tui.app import TalkingStickApp

pytestmark = pytest.mark.usefixtures("utc")

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


GUIDELINES = Reading(
    1,
    "Guidelines",
    "What is said here stays here.\n\nSpeak from your own experience.\n\n"
    "No crosstalk: let each person finish. A silent reaction is always welcome.\n\n"
    "You may always pass, and you never have to say why.",
    guidelines=True,
)
CHECK_IN = SegmentRules(Mode.ROUND, crosstalk=False, share_seconds=120)
SEGMENTS = (
    AgendaItem(1, "Welcome and guidelines", 5, SegmentRules(Mode.OPEN, reading_id=1)),
    AgendaItem(2, "Check-in round", 15, CHECK_IN),
    AgendaItem(3, "Silent reflection", 25, SegmentRules(Mode.SILENT)),
    AgendaItem(4, "Working time", 45, SegmentRules(Mode.FLOOR)),
    AgendaItem(5, "Check-out round", 15, CHECK_IN),
)


def round_room(shared_for: int = 37) -> RoomState:
    """The check-in round: Fay has had her turn, Ana shares (for ``shared_for`` s), Max is next."""
    return replace(
        fixed_room(),
        mode=Mode.ROUND,
        crosstalk=False,
        hand_queue=(),
        floor_holder=3,
        floor_since=NOW - shared_for,
        round=Round((1, 3, 2, 5), frozenset({1})),
        reactions=(2, 1, 3),
        agenda=SEGMENTS,
        current_item=2,
        next_item_id=6,
    )


def silent_room() -> RoomState:
    """The silent reflection: 25 minutes, 12 min 34 s in."""
    return replace(
        round_room(),
        mode=Mode.SILENT,
        floor_holder=None,
        floor_since=None,
        round=None,
        reactions=(0, 0, 0),
        current_item=3,
    )


def reading_room() -> RoomState:
    """Working time, for someone who arrived after the guidelines were read (and accepted them)."""
    return replace(
        round_room(),
        mode=Mode.FLOOR,
        crosstalk=True,
        floor_holder=2,
        round=None,
        reactions=(0, 0, 0),
        current_item=4,
        readings=(GUIDELINES,),
        next_reading_id=2,
        accepted=frozenset({5}),
    )


def app_for(pid: int, room: RoomState | None = None) -> TalkingStickApp:
    return still_app(StillSession(pid, room if room is not None else fixed_room()), NOW)


def test_member_view_at_80x24(snap_compare):
    """A member (Max, holding the floor) sees the room at 80x24."""
    assert snap_compare(app_for(2), terminal_size=(80, 24))


def test_facilitator_view_at_80x24(snap_compare):
    """The facilitator sees the same room with their keys in the footer."""
    assert snap_compare(app_for(1), terminal_size=(80, 24))


def test_facilitator_room_keys_at_80x24(snap_compare):
    """After Ctrl+R the status line says ROOM KEY in reverse video and the footer shows the letters."""
    assert snap_compare(app_for(1), press=["ctrl+r"], terminal_size=(80, 24))


def test_facilitator_f8_asks_for_a_second_press_at_80x24(snap_compare):
    """F8 once says in reverse video what F8 again will do."""
    assert snap_compare(app_for(1), press=["f8"], terminal_size=(80, 24))


def test_remove_question_at_80x24(snap_compare):
    """The remove question, its No button focused, fits 80x24."""
    assert snap_compare(app_for(1), press=["ctrl+r", "r"], terminal_size=(80, 24))


def test_remove_question_at_60x20(snap_compare):
    """The remove question fits 60x20, its buttons in sight."""
    assert snap_compare(app_for(1), press=["ctrl+r", "r"], terminal_size=(60, 20))


def test_facilitator_view_on_a_large_terminal(snap_compare):
    """A wider, taller terminal gets a wider sidebar and a longer agenda."""
    assert snap_compare(app_for(1), terminal_size=(120, 40))


def test_member_view_during_a_round_at_80x24(snap_compare):
    """During a round a member sees who shares, the time left, the reactions, and that they are next."""
    assert snap_compare(app_for(2, round_room()), terminal_size=(80, 24))


def test_facilitator_sees_the_overrun_at_80x24(snap_compare):
    """A facilitator sees by how much the share has run over its two minutes."""
    assert snap_compare(app_for(1, round_room(shared_for=155)), terminal_size=(80, 24))


def test_silent_pause_at_80x24(snap_compare):
    """In a silent pause everyone sees a calm countdown to its end."""
    assert snap_compare(app_for(2, silent_room()), terminal_size=(80, 24))


def test_missed_guidelines_open_once_at_80x24(snap_compare):
    """Someone arriving after the guidelines were read finds them open above the transcript."""
    assert snap_compare(app_for(5, reading_room()), terminal_size=(80, 24))
