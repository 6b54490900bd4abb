"""The room's size limits agree: a full room's snapshot always fits one frame, and
commands that would grow the room's text past its budget are refused."""

from dataclasses import replace
from types import MappingProxyType

import pytest

from protocol import CommandKind, Role, RoomState, Welcome, decode, encode
from protocol.errors import Refused
from protocol.frames import Command
from protocol.kinds import HandReason
from protocol.limits import (
    FACILITATOR_SEATS,
    MAX_AGENDA_ITEMS,
    MAX_FRAME_BYTES,
    MAX_GUEST_INVITES,
    MAX_KEY_CHARS,
    MAX_LIST_ITEMS,
    MAX_NAME_CHARS,
    MAX_PARTICIPANTS,
    MAX_READING_CHARS,
    MAX_READINGS,
    MAX_TITLE_CHARS,
    NOTES_KEEP,
    TRANSCRIPT_KEEP,
)
from protocol.meeting_format import MeetingFormat, ReadingPlan, SegmentPlan
from protocol.room_budget import MAX_PEOPLE, ROOM_TEXT_BYTES, WAITING_CAP, room_text_bytes
from protocol.rules import Context, check_may_lead, decide
from protocol.state import (
    AgendaItem,
    GuestInvite,
    LinkHealth,
    Participant,
    ReadAloud,
    Reading,
    Round,
    SegmentRules,
    ShareCount,
    Waiter,
    state_to_wire,
)
from tests.protocol.builders import room

ASTRAL = "\U0001d538"
"""A character of 4 UTF-8 bytes, the most any character takes."""
CJK = "\u8bfb"
"""A character of 3 UTF-8 bytes."""
BIG_PID = 2**32 - MAX_PARTICIPANTS
"""Participant ids as large as a long-lived room gives out (about four billion arrivals)."""


def fill_text(state: RoomState, char: str) -> RoomState:
    """``state`` with readings of ``char`` taking as much of the room's text budget as fits."""
    readings: list[Reading] = []
    while len(readings) < MAX_READINGS:
        for size in (MAX_READING_CHARS, 1000, 100, 10, 1):
            candidate = Reading(len(readings) + 1, ASTRAL * MAX_TITLE_CHARS, char * size, True)
            if room_text_bytes(replace(state, readings=(*readings, candidate))) <= ROOM_TEXT_BYTES:
                readings.append(candidate)
                break
        else:
            break
    return replace(state, readings=tuple(readings))


def fullest_room() -> RoomState:
    """A room at every limit at once: people, waiting room, seats, agenda and readings, and the
    facilitators' own lists (link health, shares, hands' reasons, who stepped out, invitations)."""
    present = MAX_PARTICIPANTS // 2 + FACILITATOR_SEATS
    people = {
        BIG_PID + i: Participant(BIG_PID + i, ASTRAL * MAX_NAME_CHARS, Role.MEMBER, False)
        for i in range(present)
    }
    waiting = {
        BIG_PID + i: Waiter(BIG_PID + i, ASTRAL * MAX_NAME_CHARS, True, True)
        for i in range(present, MAX_PEOPLE)
    }
    pids = tuple(people)
    rules = SegmentRules(share_seconds=2**31, reading_id=BIG_PID)
    state = RoomState(
        name="a" * 32,
        title=ASTRAL * MAX_TITLE_CHARS,
        seq=2**40,
        participants=MappingProxyType(people),
        hand_queue=pids,
        floor_holder=pids[0],
        agenda=tuple(AgendaItem(BIG_PID + i, ASTRAL * MAX_TITLE_CHARS, 24 * 60, rules) for i in range(8)),
        current_item=BIG_PID,
        current_started_at=2**40,
        next_pid=2**32,
        next_item_id=2**32,
        round=Round(pids, frozenset(pids)),
        floor_since=2**40,
        reactions=(2**31, 2**31, 2**31),
        reader=ReadAloud(pids[0], BIG_PID, 2**31),
        waiting_room=True,
        waiting=MappingProxyType(waiting),
        support=frozenset(pids),
        silenced=MappingProxyType({pid: 2**40 for pid in pids}),
        locked=True,
        lockdown=True,
        welcome_text=ASTRAL * 2000,
        # The facilitators' maps about each person, each at its widest values.
        link_health=MappingProxyType({pid: LinkHealth(2**16, 2**31) for pid in pids}),
        shares=MappingProxyType({pid: ShareCount(2**16, 2**31) for pid in pids}),
        hand_reasons=MappingProxyType({pid: int(HandReason.PROCESS) for pid in pids}),
        stepped_out=frozenset(pids),
        guest_invites=tuple(
            GuestInvite(ASTRAL * MAX_NAME_CHARS, "K7QH3MWD", 2**40) for _ in range(MAX_GUEST_INVITES)
        ),
    )
    return fill_text(state, ASTRAL)


def test_lists_fit_the_codec():
    """Everyone present or waiting, and every kept list, fits the codec's longest array."""
    assert MAX_PARTICIPANTS + WAITING_CAP <= MAX_LIST_ITEMS
    assert MAX_PEOPLE == MAX_PARTICIPANTS + FACILITATOR_SEATS + WAITING_CAP <= MAX_LIST_ITEMS
    assert max(TRANSCRIPT_KEEP, NOTES_KEEP, MAX_AGENDA_ITEMS, MAX_READINGS) <= MAX_LIST_ITEMS


def test_fullest_room_snapshot_fits_one_frame():
    """A worst-case room (astral names, every seat list full, text at its budget) encodes under a frame."""
    state = fullest_room()
    assert room_text_bytes(state) <= ROOM_TEXT_BYTES
    welcome = Welcome(BIG_PID, Role.FACILITATOR, "t" * MAX_KEY_CHARS, 1.5, None, state_to_wire(state))
    data = encode(welcome)
    assert len(data) <= MAX_FRAME_BYTES
    decoded = decode(data)
    assert isinstance(decoded, Welcome) and decoded.snapshot is not None
    assert len(decoded.snapshot.participants) + len(decoded.snapshot.waiting) == MAX_PEOPLE


@pytest.mark.parametrize("char", ["a", "\u0436", CJK, ASTRAL])
def test_reading_past_the_budget_is_refused(char):
    """Adding a long reading once the room's text is full is refused with a sentence saying what to do."""
    state = fill_text(room(("Ada", Role.FACILITATOR)), char)
    with pytest.raises(Refused) as refusal:
        decide(
            state,
            1,
            Command(1, CommandKind.READING_ADD, ("More", char * MAX_READING_CHARS, False)),
            Context(),
        )
    assert refusal.value.code == "readings_full"
    assert refusal.value.message == "The room's readings are full: remove one first."


def test_agenda_past_the_budget_is_refused():
    """An agenda item that would take the room's text over its budget is refused."""
    state = fill_text(room(("Ada", Role.FACILITATOR)), ASTRAL)
    with pytest.raises(Refused) as refusal:
        decide(state, 1, Command(1, CommandKind.AGENDA_ADD, (ASTRAL * MAX_TITLE_CHARS, 10)), Context())
    assert refusal.value.code == "agenda_full"


def test_a_long_cjk_reading_fits_an_empty_room():
    """A reading of 7,000 CJK characters (the budget's worth, 3 bytes each) fits a room with nothing else."""
    state = room(("Ada", Role.FACILITATOR))
    events = decide(state, 1, Command(1, CommandKind.READING_ADD, ("Preamble", CJK * 7000)), Context())
    assert len(events) == 1


def test_format_past_the_budget_is_refused():
    """Loading a format whose readings would take the room's text over its budget is refused."""
    state = fill_text(room(("Ada", Role.FACILITATOR)), CJK)
    plan = MeetingFormat(
        "big", "Big", "", (SegmentPlan("Reading", 5, reading="Long"),), (ReadingPlan("Long", CJK * 4000),)
    )
    with pytest.raises(Refused) as refusal:
        decide(state, 1, Command(1, CommandKind.LOAD_FORMAT, ("big",)), Context(formats={"big": plan}))
    assert refusal.value.code == "readings_full"


def test_facilitator_may_take_a_place_in_a_full_room_up_to_their_seats():
    """Someone with the key gets in past the room's cap, but not past the facilitators' places."""
    people = [(f"P{n}", Role.MEMBER) for n in range(MAX_PARTICIPANTS)]
    check_may_lead(room(*people))
    with pytest.raises(Refused):
        check_may_lead(room(*people, *[(f"F{n}", Role.FACILITATOR) for n in range(FACILITATOR_SEATS)]))
