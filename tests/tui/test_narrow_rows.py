"""Rows of the narrow sidebar (18 cells at 60 columns) keep the words a facilitator needs."""

from dataclasses import replace
from types import MappingProxyType

from protocol.state import LinkHealth
from tests.tui.test_guest_snapshots import GUEST, guest_room
from tests.tui.test_hands_snapshots import typed_room
from tests.tui.test_link_snapshots import marked_room
from tui.widgets.hands import queue_text
from tui.widgets.people import person_row

NARROW = 18
"""The cells of a sidebar row at 60 columns."""


def test_a_long_name_gives_way_to_the_link_marker():
    """At 80 columns Chris's name is cut before "(25 s behind)" is."""
    assert person_row(marked_room(), 5, 1, 25).plain == "     Chris… (25 s behind)"


def test_a_marker_shortens_to_stay_beside_the_name():
    """At 60 columns "(stepped out)" reads "(out)" beside Ana's name: the People list is
    three rows high at 60x20, and a marker on a row of its own may be out of sight."""
    assert person_row(marked_room(), 3, 1, NARROW).plain == "+ ^1 Ana (out)"


def test_a_marker_that_cannot_fit_beside_the_name_goes_under_it():
    """Stepped out and 25 s behind does not fit beside Ana even in short: it goes under her name."""
    room = replace(marked_room(), link_health=MappingProxyType({3: LinkHealth(100, 25)}))
    assert person_row(room, 3, 1, NARROW).plain == "+ ^1 Ana\n    (out, 25s)"


def test_the_guest_word_survives_a_narrow_row():
    """The word (guest) is read whole at 60 columns."""
    row = person_row(guest_room(), GUEST, 2, NARROW).plain
    assert "(guest)" in row
    assert all(len(line) <= NARROW for line in row.split("\n"))


def test_share_counts_shorten_before_they_go():
    """At 60 columns a facilitator reads "1x" and "0x" for shares."""
    assert person_row(typed_room(), 1, 1, NARROW).plain == "*    Fay (you) 1x"
    assert person_row(typed_room(), 2, 1, NARROW).plain == "  ^3 Max 0x"


def test_the_queue_keeps_each_reason_and_the_place():
    """At 60 columns the queue reads "proc" and "0x", and the member's place whole."""
    lines = queue_text(typed_room(), 1, width=NARROW).plain.split("\n")
    assert lines[:3] == ["1. Ana (proc, 0x)", "2. Bo (response)", "3. Max (0x)"]
    place = queue_text(typed_room(), 2, width=NARROW).plain.split("\n")[-2:]
    assert place == ["Hand up: 3rd", "(process first)"]


def test_a_row_that_fits_is_written_as_it_always_was():
    """At 80 columns a short row keeps its full words."""
    assert person_row(typed_room(), 1, 1, 25).plain == "*    Fay (you) 1x 1:35"


def test_a_dropped_link_reads_reconnecting_to_a_facilitator_and_away_to_a_member():
    """Facilitators read "(reconnecting)" beside someone whose link dropped; members "(away)"."""
    room = marked_room()
    dropped = next(p.pid for p in room.participants.values() if not p.connected)
    assert "(reconnecting)" in person_row(room, dropped, 1, 40).plain
    member = next(p.pid for p in room.participants.values() if p.connected and not p.role.leads)
    assert "(away)" in person_row(room, dropped, member, 40).plain
