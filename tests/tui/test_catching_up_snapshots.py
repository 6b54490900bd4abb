"""Snapshots of catching up at 80x24 and 60x20, in colour and under NO_COLOR: the introduction
offered on one's turn, and the line about what was missed, drawn from the fixed rooms of
``test_snapshots`` (no network)."""

from dataclasses import replace

import pytest
from textual.pilot import Pilot

from protocol import Command, CommandKind, EventKind, apply
from protocol.rules import decide
from protocol.state import Round
from tests.protocol.builders import event
from tests.tui.conftest import SIZE_IDS, SIZES
from tests.tui.helpers import StillSession
from tests.tui.test_snapshots import NOW, app_for, fixed_room, round_room
from tui import messages
from tui.app import TalkingStickApp
from tui.core.introduction import Introduction
from tui.core.updates import ConnectionStatus, StatusChanged

pytestmark = pytest.mark.usefixtures("utc")

FAY, MAX, ANA = 1, 2, 3


def offered_app() -> TalkingStickApp:
    """Max's turn in the check-in round, with an introduction kept for this room."""
    Introduction(StillSession(MAX, fixed_room()).url).write("Hi, I'm Max. Third meeting.", keep=True)
    return app_for(MAX, replace(round_room(), floor_holder=MAX, round=Round((1, 3, 2, 5), frozenset({1, 3}))))


async def _dropped_and_back(pilot: Pilot) -> None:
    """Max's link drops; meanwhile the meeting moves to Closing and Ana shares; then he is back."""
    screen = pilot.app.screen
    state = screen.session.state
    screen._deliver(StatusChanged(ConnectionStatus.RECONNECTING, "retrying in 2 s"))
    screen._deliver(StatusChanged(ConnectionStatus.CONNECTED, "resumed"))
    for actor, kind, args in (
        (FAY, CommandKind.AGENDA_NEXT, ()),
        (FAY, CommandKind.GRANT, (ANA,)),
        (ANA, CommandKind.SAY, ("Thank you all for tonight.",)),
    ):
        for kind_of_event, fields in decide(state, actor, Command(1, kind, args)):
            recorded = event(state.seq + 1, kind_of_event, *fields, actor=actor, at=NOW - 60)
            state = apply(state, recorded)
            screen.post_message(messages.RoomEvent(recorded, state))
    returned = event(state.seq + 1, EventKind.RETURNED, MAX, actor=MAX, at=NOW)
    screen.post_message(messages.RoomEvent(returned, apply(state, returned)))
    await pilot.pause()


def test_the_introduction_offered_on_my_turn_at_80x24(snap_compare):
    """On Max's round turn the line above the composer offers his introduction."""
    assert snap_compare(offered_app(), terminal_size=(80, 24))


def test_what_was_missed_after_a_drop_at_80x24(snap_compare):
    """Back after a drop, one line says the meeting moved to Closing, Ana shared, how many lines came."""
    assert snap_compare(app_for(MAX), terminal_size=(80, 24), run_before=_dropped_and_back)


def test_the_introduction_offered_on_my_turn_at_60x20(snap_compare):
    """The same offer at 60x20."""
    assert snap_compare(offered_app(), terminal_size=(60, 20))


def test_what_was_missed_after_a_drop_at_60x20(snap_compare):
    """The same line at 60x20."""
    assert snap_compare(app_for(MAX), terminal_size=(60, 20), run_before=_dropped_and_back)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_the_introduction_offered_on_my_turn_without_colour(snap_compare, no_color, size):
    """The offer under NO_COLOR."""
    assert snap_compare(offered_app(), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_what_was_missed_after_a_drop_without_colour(snap_compare, no_color, size):
    """The line about what was missed under NO_COLOR."""
    assert snap_compare(app_for(MAX), terminal_size=size, run_before=_dropped_and_back)
