"""What the transcript says for each event: every kind is told without error, safely."""

from types import MappingProxyType

import pytest

from protocol import AgendaItem, Event, EventKind, Mode, Participant, Role, RoomState, apply
from protocol.state import Reading
from tui.core.narration import UNTOLD_KINDS
from tui.core.narration_seat import SEAT_KINDS
from tui.widgets.lines import SHOWN_AS_MESSAGES, narrate, ordinal

BEFORE = RoomState(
    name="demo",
    title="Demo meeting",
    seq=1,
    participants=MappingProxyType(
        {1: Participant(1, "Fay", Role.FACILITATOR), 2: Participant(2, "Max\u202e", Role.MEMBER)}
    ),
    hand_queue=(2,),
    floor_holder=1,
    agenda=(AgendaItem(1, "Check-in", 10),),
    readings=(Reading(1, "Guidelines\u202e", "One.\n\nTwo."),),
    next_pid=3,
    next_item_id=2,
    next_reading_id=2,
)

SAMPLES = {
    EventKind.JOINED: (3, "Ana", Role.MEMBER),
    EventKind.RETURNED: (2,),
    EventKind.DROPPED: (2,),
    EventKind.LEFT: (2,),
    EventKind.HAND_RAISED: (1,),
    EventKind.HAND_LOWERED: (2,),
    EventKind.HANDS_CLEARED: (),
    EventKind.HAND_MOVED: (2, 0),
    EventKind.FLOOR_GIVEN: (2,),
    EventKind.FLOOR_RELEASED: (),
    EventKind.MODE_SET: (Mode.FLOOR,),
    EventKind.AGENDA_ADDED: (2, "Sharing", 30),
    EventKind.AGENDA_EDITED: (1, "Arrival", 5),
    EventKind.AGENDA_MOVED: (1, 0),
    EventKind.AGENDA_REMOVED: (1,),
    EventKind.AGENDA_CURRENT: (1,),
    EventKind.REMOVED: (2,),
    EventKind.ALLOWED: ("Bo",),
    EventKind.ROLE_SET: (2, Role.COFACILITATOR),
    EventKind.PASSED: (2,),
    EventKind.ROUND_STARTED: ((1, 2),),
    EventKind.ROUND_MOVED: (2, 0),
    EventKind.ROUND_SKIPPED: (2,),
    EventKind.ROUND_ENDED: (),
    EventKind.CROSSTALK_SET: (False,),
    EventKind.PROGRESSIVE_SET: (True,),
    EventKind.AGENDA_CLEARED: (),
    EventKind.READING_ADDED: (2, "Preamble\x1b[31m", "Text.", False),
    EventKind.READING_SHOWN: (1,),
    EventKind.READING_ASKED: (1, 2),
    EventKind.READING_REMOVED: (1,),
    EventKind.LOCKDOWN_SET: (True,),
    EventKind.MEETING_ENDED: (),
    EventKind.WITHDRAWN: (2,),
}
SILENT_ON_PURPOSE = SEAT_KINDS | SHOWN_AS_MESSAGES | UNTOLD_KINDS | {EventKind.REACTED}
"""Kinds told elsewhere: private ones from the reader's seat, messages and readings aloud as
messages, reactions only as counts, a name shown with the message or role that follows."""


@pytest.mark.parametrize("kind", [kind for kind in EventKind if kind not in SILENT_ON_PURPOSE])
def test_every_event_kind_is_told_without_control_characters(kind):
    """Each non-message event becomes one system line with no bidi or control character."""
    event = Event(2, 1_750_000_000, kind, 1, None, SAMPLES[kind])
    line = narrate(BEFORE, apply(BEFORE, event), event)
    assert line is not None and line.plain
    assert "\u202e" not in line.plain and "\x1b" not in line.plain


def test_a_facilitator_lowering_a_hand_names_both():
    """When someone else lowers a hand, the line says who lowered whose."""
    event = Event(2, 1_750_000_000, EventKind.HAND_LOWERED, 1, None, (2,))
    assert "Fay lowered Max" in narrate(BEFORE, apply(BEFORE, event), event).plain


def test_ones_own_return_reads_you_are_back():
    """Max reads "You are back" for his own RETURNED; Fay reads "Max is back"."""
    event = Event(2, 1_750_000_000, EventKind.RETURNED, None, None, (2,))
    after = apply(BEFORE, event)
    assert narrate(BEFORE, after, event, 2).plain.endswith("You are back")
    fay_reads = narrate(BEFORE, after, event, 1).plain
    assert "Max" in fay_reads and fay_reads.endswith(" is back")


def test_ordinals():
    """Queue places read as people say them."""
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101)] == [
        "1st",
        "2nd",
        "3rd",
        "4th",
        "11th",
        "12th",
        "13th",
        "21st",
        "22nd",
        "101st",
    ]


@pytest.mark.parametrize("kind", sorted(SILENT_ON_PURPOSE))
def test_kinds_told_elsewhere_get_no_system_line(kind):
    """Reactions, messages read aloud and the private kinds are not narrated here."""
    event = Event(2, 1_750_000_000, kind, 1, None, (0,))
    assert narrate(BEFORE, BEFORE, event) is None
