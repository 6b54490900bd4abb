"""Snapshots with a guest speaker: the guest on the floor, and the desk's open invitations, at 80x24
and 60x20, in colour and under NO_COLOR."""

from dataclasses import replace
from types import MappingProxyType

import pytest

from protocol import AgendaItem, Message, Mode, Participant, Role, RoomState
from protocol.state import GuestInvite, SegmentRules
from tests.tui.conftest import SIZE_IDS, SIZES
from tests.tui.test_snapshots import NOW, STARTED, app_for, fixed_room

pytestmark = pytest.mark.usefixtures("utc")

GUEST = 6


def guest_room() -> RoomState:
    """Dr Lee, a guest speaker, has the floor for the item that names them; one invitation is open."""
    room = fixed_room()
    people = {**room.participants, GUEST: Participant(GUEST, "Dr Lee", Role.GUEST)}
    rules = SegmentRules(Mode.FLOOR, False, speaker="Dr Lee")
    talk = AgendaItem(4, "Our guest: recovery and sleep", 20, rules)
    words = "Thank you for having me. I will speak for about fifteen minutes."
    said = Message(21, GUEST, "Dr Lee", words, NOW - 60)
    return replace(
        room,
        participants=MappingProxyType(people),
        agenda=(*room.agenda[:2], talk, room.agenda[2]),
        current_item=4,
        current_started_at=STARTED + 300,
        floor_holder=GUEST,
        floor_since=STARTED + 300,
        crosstalk=False,
        hand_queue=(),
        transcript=(*room.transcript, said),
        guest_invites=(GuestInvite("Sam from the clinic", "K7QH-3MWD", NOW + 24 * 3600),),
        next_pid=7,
        next_item_id=5,
    )


def test_people_list_marks_the_guest_at_80x24(snap_compare):
    """A member sees the guest marked in the people list and in the transcript, with their time box."""
    assert snap_compare(app_for(2, guest_room()), terminal_size=(80, 24))


def test_desk_lists_an_open_invitation_at_80x24(snap_compare):
    """The desk shows the open invitation with its code and expiry."""
    assert snap_compare(app_for(1, guest_room()), press=["f10"], terminal_size=(80, 24))


def test_people_list_marks_the_guest_at_60x20(snap_compare):
    """At 60x20 "(guest)" is still read whole."""
    assert snap_compare(app_for(2, guest_room()), terminal_size=(60, 20))


def test_desk_lists_an_open_invitation_at_60x20(snap_compare):
    """The same desk at 60x20."""
    assert snap_compare(app_for(1, guest_room()), press=["f10"], terminal_size=(60, 20))


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_people_list_marks_the_guest_without_colour(snap_compare, no_color, size):
    """Under NO_COLOR the guest is marked by the word."""
    assert snap_compare(app_for(2, guest_room()), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_desk_lists_an_open_invitation_without_colour(snap_compare, no_color, size):
    """The desk's invitations under NO_COLOR."""
    assert snap_compare(app_for(1, guest_room()), press=["f10"], terminal_size=size)
