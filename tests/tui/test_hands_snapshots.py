"""Snapshots of typed hands and the facilitators' fairness hints, at 80x24 and 60x20, in colour and
under NO_COLOR."""

from dataclasses import replace
from types import MappingProxyType

import pytest

from protocol.kinds import HandReason
from protocol.privacy import view_for
from protocol.state import RoomState, ShareCount
from tests.tui.conftest import SIZE_IDS, SIZES
from tests.tui.helpers import StillSession, still_app
from tests.tui.test_snapshots import NOW, fixed_room
from tui.app import TalkingStickApp

pytestmark = pytest.mark.usefixtures("utc")


def typed_room() -> RoomState:
    """Chris shares; Ana raised a point of process, Bo a direct response, Max a new share.

    Fay and Bo have shared before in this meeting; the progressive stack is on.
    """
    return replace(
        fixed_room(),
        floor_holder=5,
        floor_since=NOW - 40,
        hand_queue=(3, 4, 2),
        hand_reasons=MappingProxyType({3: HandReason.PROCESS, 4: HandReason.RESPONSE}),
        shares=MappingProxyType({1: ShareCount(1, 95), 4: ShareCount(2, 185)}),
        progressive=True,
    )


def _app(pid: int) -> TalkingStickApp:
    return still_app(StillSession(pid, view_for(typed_room(), pid)), NOW)


def test_member_reads_place_and_why_at_80x24(snap_compare):
    """Max, behind a point of process and a response, reads his place and why."""
    assert snap_compare(_app(2), terminal_size=(80, 24))


def test_member_reads_place_and_why_at_60x20(snap_compare):
    """The same at 60x20."""
    assert snap_compare(_app(2), terminal_size=(60, 20))


def test_facilitator_fairness_view_at_80x24(snap_compare):
    """Fay reads each hand's reason, who has not shared and everyone's shares."""
    assert snap_compare(_app(1), terminal_size=(80, 24))


def test_facilitator_fairness_view_at_60x20(snap_compare):
    """The same at 60x20."""
    assert snap_compare(_app(1), terminal_size=(60, 20))


def test_facilitator_not_shared_filter_at_80x24(snap_compare):
    """After the room key and F, Fay's queue lists only those who have not shared."""
    assert snap_compare(_app(1), press=["ctrl+r", "F"], terminal_size=(80, 24))


def test_facilitator_not_shared_filter_at_60x20(snap_compare):
    """The same at 60x20."""
    assert snap_compare(_app(1), press=["ctrl+r", "F"], terminal_size=(60, 20))


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_member_reads_place_and_why_without_colour(snap_compare, no_color, size):
    """Under NO_COLOR Max reads his place and why in words."""
    assert snap_compare(_app(2), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_facilitator_fairness_view_without_colour(snap_compare, no_color, size):
    """Under NO_COLOR each hand's reason and each person's shares are words."""
    assert snap_compare(_app(1), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_facilitator_not_shared_filter_without_colour(snap_compare, no_color, size):
    """The filtered queue under NO_COLOR."""
    assert snap_compare(_app(1), press=["ctrl+r", "F"], terminal_size=size)
