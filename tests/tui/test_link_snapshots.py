"""Snapshots of the People list's link markers and of a member who stepped out, at 80x24 and
60x20, in colour and under NO_COLOR."""

from dataclasses import replace
from types import MappingProxyType

import pytest

from protocol import RoomState
from protocol.state import LinkHealth
from tests.tui.conftest import SIZE_IDS, SIZES
from tests.tui.test_snapshots import app_for, fixed_room

pytestmark = pytest.mark.usefixtures("utc")


def marked_room() -> RoomState:
    """Max's link is slow, Chris is 25 s behind, Ana stepped out with her hand up, Bo is away."""
    return replace(
        fixed_room(),
        link_health=MappingProxyType({2: LinkHealth(2400, 0), 5: LinkHealth(90, 25)}),
        stepped_out=frozenset({3}),
    )


def stepped_out_room() -> RoomState:
    """Max stepped out while nobody has the floor."""
    return replace(fixed_room(), floor_holder=None, floor_since=None, stepped_out=frozenset({2}))


def test_facilitator_sees_link_markers_at_80x24(snap_compare):
    """The facilitator's People list reads "(slow)", "(25 s behind)", "(stepped out)" and "(reconnecting)"."""
    assert snap_compare(app_for(1, marked_room()), terminal_size=(80, 24))


def test_facilitator_sees_link_markers_at_60x20(snap_compare):
    """At 60x20 every marker is still read whole, beside the name or under a long one."""
    assert snap_compare(app_for(1, marked_room()), terminal_size=(60, 20))


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_facilitator_sees_link_markers_without_colour(snap_compare, no_color, size):
    """Under NO_COLOR the markers are words, as in colour."""
    assert snap_compare(app_for(1, marked_room()), terminal_size=size)


def test_member_who_stepped_out_at_80x24(snap_compare):
    """A member who stepped out reads it in the status line and beside their own name only."""
    assert snap_compare(app_for(2, stepped_out_room()), terminal_size=(80, 24))


def test_member_who_stepped_out_at_60x20(snap_compare):
    """The same at 60x20."""
    assert snap_compare(app_for(2, stepped_out_room()), terminal_size=(60, 20))


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_member_who_stepped_out_without_colour(snap_compare, no_color, size):
    """The same under NO_COLOR."""
    assert snap_compare(app_for(2, stepped_out_room()), terminal_size=size)
