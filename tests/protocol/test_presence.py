"""Link health and stepping out: the reducer's cases, the markers, and the rules of rounds and NEXT."""

import pytest

from protocol import Command, CommandKind, EventKind, Mode, Refused
from protocol.link_health import FINE, LinkMarker, marker_of, needs_asking
from protocol.privacy import view_for
from protocol.rounds import next_turn, upcoming
from protocol.rules import Context, decide
from protocol.state import LinkHealth
from tests.protocol.builders import act, facilitated_room, record

ADA, BO, CY, DI = 1, 2, 3, 4  # facilitator, co-facilitator, member, member
ROUND_RULES = (Mode.ROUND, True, None, False, None)


def decided(state, actor, kind, *args, context=None):
    return decide(state, actor, Command(1, kind, tuple(args)), context)


def refusal(state, actor, kind, *args) -> str:
    with pytest.raises(Refused) as caught:
        decided(state, actor, kind, *args)
    return caught.value.code


def stepped_out(state, *pids):
    return record(state, [(EventKind.STEPPED_OUT, (pid, True)) for pid in pids])


# Link health


def test_link_health_sets_the_persons_link():
    """LINK_HEALTH keeps the person's round trip and how far behind they are."""
    state = record(facilitated_room(), [(EventKind.LINK_HEALTH, (CY, 2400, 25))])
    assert state.link_health[CY] == LinkHealth(2400, 25)


def test_link_health_goes_when_the_person_leaves():
    """Someone who leaves takes their link report with them."""
    state = record(facilitated_room(), [(EventKind.LINK_HEALTH, (CY, 2400, 25)), (EventKind.LEFT, (CY,))])
    assert CY not in state.link_health


def test_link_health_for_someone_gone_is_a_no_op():
    """A report about someone no longer here changes nothing."""
    state = record(facilitated_room(), [(EventKind.LINK_HEALTH, (9, 2400, 25))])
    assert 9 not in state.link_health


def test_markers_come_in_steps():
    """A marker is fine, slow above 1.5 s, or behind in 10-second steps from 10 s."""
    assert marker_of(None) == FINE
    assert marker_of(LinkHealth(1500, 9)) == FINE
    assert marker_of(LinkHealth(1501, 0)) == LinkMarker(slow=True)
    assert marker_of(LinkHealth(100, 12)) == marker_of(LinkHealth(100, 19)) == LinkMarker(behind_step=1)
    assert marker_of(LinkHealth(100, 25)) == LinkMarker(behind_step=2)


def test_first_slow_report_becomes_link_health():
    """A report whose marker differs from the last one becomes LINK_HEALTH for the facilitators."""
    assert decided(facilitated_room(), CY, CommandKind.LINK_REPORT, 2400, 0) == [
        (EventKind.LINK_HEALTH, (CY, 2400, 0))
    ]


def test_same_marker_again_records_nothing():
    """A report with the same marker as the last one records no event."""
    state = record(facilitated_room(), [(EventKind.LINK_HEALTH, (CY, 2400, 0))])
    assert decided(state, CY, CommandKind.LINK_REPORT, 3100, 0) == []


def test_behind_comes_from_the_relays_measure():
    """How far behind a report says is the relay's measure, in the context, not the client's word."""
    context = Context(behind_seconds=25.7)
    assert decided(facilitated_room(), CY, CommandKind.LINK_REPORT, 80, 3, context=context) == [
        (EventKind.LINK_HEALTH, (CY, 80, 25))
    ]


def test_a_fine_report_after_a_slow_one_clears_the_marker():
    """Back to a fine link is news too: the marker goes."""
    state = record(facilitated_room(), [(EventKind.LINK_HEALTH, (CY, 2400, 0))])
    assert decided(state, CY, CommandKind.LINK_REPORT, 90, 0) == [(EventKind.LINK_HEALTH, (CY, 90, 0))]


def test_members_never_see_link_health():
    """A member's view of the room holds nobody's link, not even their own."""
    state = record(facilitated_room(), [(EventKind.LINK_HEALTH, (CY, 2400, 25))])
    assert dict(view_for(state, CY).link_health) == {}
    assert view_for(state, BO).link_health[CY] == LinkHealth(2400, 25)


@pytest.mark.parametrize(
    ("events", "why"),
    [
        ([(EventKind.LINK_HEALTH, (CY, 100, 25))], "behind"),
        ([(EventKind.DROPPED, (CY,))], "reconnecting"),
        ([(EventKind.STEPPED_OUT, (CY, True))], "stepped_out"),
        ([(EventKind.LINK_HEALTH, (CY, 2400, 0))], None),
    ],
)
def test_giving_the_floor_asks_first_when_they_may_not_see_it(events, why):
    """Far behind, reconnecting or stepped out asks first; merely slow does not."""
    assert needs_asking(record(facilitated_room(), events), CY) == why


# Stepping out


def test_step_out_and_back():
    """STEP_OUT true marks someone out, false brings them back."""
    state = act(facilitated_room(), CY, CommandKind.STEP_OUT, True)
    assert CY in state.stepped_out
    state = act(state, CY, CommandKind.STEP_OUT, False)
    assert CY not in state.stepped_out


def test_stepping_out_keeps_the_hand_up():
    """A raised hand stays in the queue while its owner is out."""
    state = act(act(facilitated_room(), CY, CommandKind.RAISE), CY, CommandKind.STEP_OUT, True)
    assert state.hand_queue == (CY,)


def test_step_out_twice_or_back_without_stepping_out_refused():
    """Stepping out twice, or back when not out, is refused with a reason."""
    state = stepped_out(facilitated_room(), CY)
    assert refusal(state, CY, CommandKind.STEP_OUT, True) == "already_out"
    assert refusal(state, DI, CommandKind.STEP_OUT, False) == "not_out"


def test_the_floor_holder_finishes_before_stepping_out():
    """Someone holding the floor is asked to finish or pass first."""
    state = act(facilitated_room(), ADA, CommandKind.GRANT, CY)
    assert refusal(state, CY, CommandKind.STEP_OUT, True) == "has_floor"


def test_stepped_out_is_seen_by_leaders_and_the_person_only():
    """A member sees only their own stepping out; the leaders see everyone's."""
    state = stepped_out(facilitated_room(), CY, DI)
    assert view_for(state, CY).stepped_out == {CY}
    assert view_for(state, BO).stepped_out == {CY, DI}


def test_leaving_and_the_meeting_end_clear_stepping_out():
    """Someone who leaves is no longer out; the meeting's end brings everyone back."""
    state = record(stepped_out(facilitated_room(), CY, DI), [(EventKind.LEFT, (CY,))])
    assert state.stepped_out == {DI}
    state = record(state, [(EventKind.MEETING_ENDED, ())])
    assert state.stepped_out == frozenset()


def test_next_passes_over_stepped_out_hands():
    """NEXT gives the floor to the first raised hand that is not stepped out."""
    state = act(act(facilitated_room(), CY, CommandKind.RAISE), DI, CommandKind.RAISE)
    state = stepped_out(state, CY)
    assert decided(state, ADA, CommandKind.NEXT) == [(EventKind.FLOOR_GIVEN, (DI,))]


def test_next_with_only_stepped_out_hands_refused():
    """NEXT says so when everyone with a hand up has stepped out."""
    state = stepped_out(act(facilitated_room(), CY, CommandKind.RAISE), CY)
    assert refusal(state, ADA, CommandKind.NEXT) == "hands_stepped_out"


def test_round_passes_over_someone_stepped_out_and_keeps_their_place():
    """A round's turn skips someone stepped out without marking their turn had."""
    state = stepped_out(act(facilitated_room(), ADA, CommandKind.ROUND_START), BO)
    assert upcoming(state) == CY
    state = act(state, ADA, CommandKind.DONE)
    assert state.floor_holder == CY
    assert BO not in state.round.done


def test_round_gives_the_turn_back_once_they_return():
    """Back before the round is over, someone passed over gets their turn when the current one ends."""
    state = stepped_out(act(facilitated_room(), ADA, CommandKind.ROUND_START), BO)
    state = act(state, ADA, CommandKind.DONE)
    state = act(act(state, CY, CommandKind.DONE), BO, CommandKind.STEP_OUT, False)
    assert state.floor_holder == DI
    state = act(state, DI, CommandKind.DONE)
    assert state.floor_holder == BO
    assert next_turn(state, BO) is None


def test_round_waits_for_someone_stepped_out_then_gives_them_the_floor():
    """With only stepped-out people left the round waits; the first back gets the floor."""
    state = stepped_out(act(facilitated_room(), ADA, CommandKind.ROUND_START), DI)
    for holder in (ADA, BO, CY):
        state = act(state, holder, CommandKind.DONE)
    assert state.round is not None and state.floor_holder is None
    assert decided(state, DI, CommandKind.STEP_OUT, False) == [
        (EventKind.STEPPED_OUT, (DI, False)),
        (EventKind.FLOOR_GIVEN, (DI,)),
    ]


def test_round_starts_with_the_first_who_is_not_out():
    """A new round's first turn goes to the first person not stepped out; they keep their place."""
    state = stepped_out(facilitated_room(), ADA)
    decision = decided(state, BO, CommandKind.ROUND_START)
    assert decision == [(EventKind.ROUND_STARTED, ((ADA, BO, CY, DI),)), (EventKind.FLOOR_GIVEN, (BO,))]


def test_a_round_segment_starts_with_the_first_who_is_not_out():
    """Moving on to a round segment gives its first turn as ROUND_START does: not to someone out."""
    state = act(facilitated_room(), ADA, CommandKind.AGENDA_ADD, "Round", 10, ROUND_RULES)
    state = stepped_out(state, ADA)
    decision = decided(state, BO, CommandKind.AGENDA_NEXT)
    assert decision[-1] == (EventKind.FLOOR_GIVEN, (BO,))
    assert (EventKind.ROUND_STARTED, ((ADA, BO, CY, DI),)) in decision


def test_a_round_segment_with_everyone_out_waits():
    """With everyone stepped out, a round segment's round starts and waits for the first back."""
    state = act(facilitated_room(), ADA, CommandKind.AGENDA_ADD, "Round", 10, ROUND_RULES)
    state = act(stepped_out(state, ADA, BO, CY, DI), ADA, CommandKind.AGENDA_NEXT)
    assert state.round is not None and state.floor_holder is None
