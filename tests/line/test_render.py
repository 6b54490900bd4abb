"""The renderer on its own: the lines it makes from events, without a relay."""

from protocol import Event, EventKind, Mode, Role, RoomState, apply
from protocol.state import AgendaItem, Participant, SegmentRules
from tui.core.updates import EventApplied, Welcomed
from tui.line.render import LineRenderer


def room_with_share_limit() -> RoomState:
    """Fran and Sam, in a floor-mode segment whose shares last 4 minutes."""
    item = AgendaItem(1, "Sharing", 30, SegmentRules(mode=Mode.FLOOR, share_seconds=240))
    people = {1: Participant(1, "Fran", Role.FACILITATOR), 2: Participant(2, "Sam", Role.MEMBER)}
    return RoomState("demo", "Demo meeting", seq=5, participants=people, agenda=(item,), current_item=1)


def test_the_floor_given_says_how_long_the_share_may_be():
    """``Sam has the floor, 4 min`` when the segment limits shares, and Sam reads it is theirs."""
    renderer = LineRenderer()
    before = room_with_share_limit()
    renderer.update(Welcomed(before), 2)
    event = Event(6, 1_700_000_000, EventKind.FLOOR_GIVEN, 1, 3, (2,))
    lines = renderer.update(EventApplied(event, apply(before, event)), 2)
    assert lines[0].endswith(" Sam has the floor, 4 min")
    assert lines[1] == "You have the floor"


def test_an_event_seen_again_prints_nothing():
    """An event at or below the last printed sequence number is not printed a second time."""
    renderer = LineRenderer()
    before = room_with_share_limit()
    renderer.update(Welcomed(before), 1)
    event = Event(6, 1_700_000_000, EventKind.FLOOR_GIVEN, 1, 3, (2,))
    after = apply(before, event)
    assert renderer.update(EventApplied(event, after), 1) != []
    assert renderer.update(EventApplied(event, after), 1) == []
