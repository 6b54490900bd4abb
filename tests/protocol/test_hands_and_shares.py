"""Typed hands, the progressive stack and the shares counted for the fairness hints."""

import pytest

from protocol import Command, CommandKind, EventKind, Refused, Role, apply
from protocol.fairness import not_shared
from protocol.kinds import HandReason
from protocol.privacy import view_for
from protocol.rules import decide
from protocol.state import ShareCount
from tests.protocol.builders import AT, act, event, room

ADA, BO, CY, DI, ED = 1, 2, 3, 4, 5
K = CommandKind
SHARE, RESPONSE, PROCESS = HandReason.SHARE, HandReason.RESPONSE, HandReason.PROCESS


def meeting():
    """Facilitator Ada (1), members Bo, Cy, Di and Ed (2-5)."""
    return room(
        ("Ada", Role.FACILITATOR), ("Bo", Role.MEMBER), ("Cy", Role.MEMBER), ("Di", Role.MEMBER),
        ("Ed", Role.MEMBER),
    )


def raised(state, *hands):
    """``state`` after each ``(pid, reason)`` of ``hands`` raises, in order."""
    for pid, reason in hands:
        state = act(state, pid, K.RAISE, reason)
    return state


def shared(state, pid, seconds=60, at=AT):
    """``pid`` is given the floor at ``at`` and gives it back ``seconds`` later."""
    state = apply(state, event(state.seq + 1, EventKind.FLOOR_GIVEN, pid, at=at))
    return apply(state, event(state.seq + 1, EventKind.FLOOR_RELEASED, at=at + seconds))


def sharing(state, pid=ADA):
    """``state`` with ``pid`` holding the floor (so direct responses are allowed)."""
    return apply(state, event(state.seq + 1, EventKind.FLOOR_GIVEN, pid))


@pytest.mark.parametrize(
    ("hands", "queue"),
    [
        ([(BO, SHARE), (CY, RESPONSE)], (CY, BO)),
        ([(BO, SHARE), (CY, PROCESS)], (CY, BO)),
        ([(BO, RESPONSE), (CY, PROCESS)], (CY, BO)),
        ([(BO, PROCESS), (CY, RESPONSE), (DI, SHARE)], (BO, CY, DI)),
        ([(BO, SHARE), (CY, SHARE), (DI, RESPONSE), (ED, PROCESS)], (ED, DI, BO, CY)),
        ([(BO, RESPONSE), (CY, RESPONSE), (DI, SHARE), (ED, RESPONSE)], (BO, CY, ED, DI)),
        ([(BO, PROCESS), (CY, SHARE), (DI, PROCESS), (ED, RESPONSE)], (BO, DI, ED, CY)),
        ([(BO, None), (CY, SHARE), (DI, None)], (BO, CY, DI)),
    ],
)
def test_hands_order_by_reason_then_arrival(hands, queue):
    """Points of process first, then direct responses, then new shares, each in order of arrival."""
    assert raised(sharing(meeting()), *hands).hand_queue == queue


def test_raised_event_carries_reason_and_place():
    """HAND_RAISED says the reason and the place the relay chose."""
    state = raised(sharing(meeting()), (BO, SHARE))
    decision = decide(state, CY, Command(1, K.RAISE, (RESPONSE,)))
    assert decision == [(EventKind.HAND_RAISED, (CY, RESPONSE, 0))]


def test_reasons_kept_for_hands_that_are_not_new_shares():
    """The room keeps the reason of a response or a point of process, not of a new share."""
    state = raised(sharing(meeting()), (BO, SHARE), (CY, RESPONSE), (DI, PROCESS))
    assert dict(state.hand_reasons) == {CY: RESPONSE, DI: PROCESS}


@pytest.mark.parametrize(
    ("after", "gone"),
    [
        (lambda s: act(s, CY, K.LOWER, None), CY),
        (lambda s: act(s, ADA, K.NEXT), DI),
        (lambda s: act(s, ADA, K.LOWER_ALL), None),
        (lambda s: act(s, CY, K.LEAVE), CY),
    ],
    ids=["lowered", "floor-given", "cleared", "left"],
)
def test_reason_dropped_when_hand_goes_down(after, gone):
    """A hand's reason goes with the hand: lowered, given the floor, cleared, or its owner gone."""
    state = after(raised(sharing(meeting()), (CY, RESPONSE), (DI, PROCESS)))
    assert set(state.hand_reasons) <= set(state.hand_queue)
    assert gone not in state.hand_reasons


def test_response_with_nobody_sharing_refused():
    """A direct response needs a share to respond to."""
    with pytest.raises(Refused) as refused:
        act(meeting(), BO, K.RAISE, RESPONSE)
    assert refused.value.code == "no_share"


def test_same_reason_twice_refused():
    """A hand already up for that reason cannot be raised again."""
    state = raised(sharing(meeting()), (BO, PROCESS))
    with pytest.raises(Refused) as refused:
        act(state, BO, K.RAISE, PROCESS)
    assert refused.value.code == "already_raised"


def test_new_reason_moves_a_raised_hand():
    """A hand up for a share raised again as a point of process moves to the front."""
    state = raised(sharing(meeting()), (BO, SHARE), (CY, SHARE), (DI, SHARE))
    state = act(state, DI, K.RAISE, PROCESS)
    assert state.hand_queue == (DI, BO, CY)
    assert state.hand_reasons[DI] == PROCESS


def test_old_hand_raised_event_appends_as_a_share():
    """An event stored before hands had reasons appends the hand as a new share."""
    state = raised(sharing(meeting()), (BO, PROCESS))
    state = apply(state, event(state.seq + 1, EventKind.HAND_RAISED, CY))
    assert state.hand_queue == (BO, CY)
    assert CY not in state.hand_reasons


def test_progressive_puts_those_who_have_not_shared_first():
    """With the progressive stack on, a new share from someone who has not shared goes first."""
    state = act(shared(meeting(), BO), ADA, K.SET_PROGRESSIVE, True)
    state = raised(state, (BO, SHARE), (CY, SHARE))
    assert state.hand_queue == (CY, BO)


def test_progressive_off_keeps_arrival_order():
    """Without the progressive stack, new shares keep their order of arrival."""
    state = raised(shared(meeting(), BO), (BO, SHARE), (CY, SHARE))
    assert state.hand_queue == (BO, CY)


def test_progressive_keeps_responses_ahead():
    """The progressive stack sorts new shares only: responses and process stay ahead."""
    state = sharing(act(shared(meeting(), BO), ADA, K.SET_PROGRESSIVE, True), ED)
    state = raised(state, (BO, RESPONSE), (CY, SHARE), (DI, PROCESS))
    assert state.hand_queue == (DI, BO, CY)


def test_switching_progressive_on_resorts_the_queue():
    """Switching it on moves the hands of those who have not shared ahead of those who have."""
    state = shared(shared(meeting(), BO), CY)
    state = raised(state, (BO, SHARE), (CY, SHARE), (DI, SHARE), (ED, SHARE))
    decision = decide(state, ADA, Command(1, K.SET_PROGRESSIVE, (True,)))
    assert decision[0] == (EventKind.PROGRESSIVE_SET, (True,))
    assert {kind for kind, _ in decision[1:]} == {EventKind.HAND_MOVED}
    assert act(state, ADA, K.SET_PROGRESSIVE, True).hand_queue == (DI, ED, BO, CY)


def test_switching_progressive_off_moves_nobody():
    """Switching it off leaves the queue as it is."""
    state = act(shared(meeting(), BO), ADA, K.SET_PROGRESSIVE, True)
    state = raised(state, (BO, SHARE), (CY, SHARE))
    assert decide(state, ADA, Command(1, K.SET_PROGRESSIVE, (False,))) == [
        (EventKind.PROGRESSIVE_SET, (False,))
    ]


def test_progressive_same_setting_refused():
    """Switching it to what it is already is refused."""
    with pytest.raises(Refused) as refused:
        act(meeting(), ADA, K.SET_PROGRESSIVE, False)
    assert refused.value.code == "same_progressive"


def test_progressive_refused_to_a_member():
    """Only a facilitator switches the progressive stack."""
    with pytest.raises(Refused) as refused:
        act(meeting(), BO, K.SET_PROGRESSIVE, True)
    assert refused.value.code == "not_facilitator"


def test_progressive_stays_after_the_meeting():
    """The progressive stack is the group's way of meeting: ending the meeting keeps it."""
    state = act(act(meeting(), ADA, K.SET_PROGRESSIVE, True), ADA, K.END_MEETING)
    assert state.progressive is True


def test_a_share_is_counted_with_its_seconds():
    """A turn given back counts one share and its seconds."""
    assert shared(meeting(), BO, seconds=95).shares[BO] == ShareCount(1, 95)


def test_shares_add_up():
    """A second share adds to the count and the time."""
    state = shared(shared(meeting(), BO, seconds=30), BO, seconds=40, at=AT + 100)
    assert state.shares[BO] == ShareCount(2, 70)


def test_a_passed_turn_is_not_a_share():
    """Passing one's turn counts nothing."""
    state = sharing(meeting(), BO)
    state = apply(state, event(state.seq + 1, EventKind.PASSED, BO, at=AT + 10))
    assert BO not in state.shares


def test_the_next_grant_ends_a_share():
    """Giving the floor to someone else ends the share of the one holding it."""
    state = sharing(meeting(), BO)
    state = apply(state, event(state.seq + 1, EventKind.FLOOR_GIVEN, CY, at=AT + 20))
    assert state.shares[BO] == ShareCount(1, 20)
    assert CY not in state.shares


def test_round_turns_are_shares():
    """Each turn of a round that is not passed is a share."""
    state = act(meeting(), ADA, K.ROUND_START)
    first = state.floor_holder
    state = act(state, first, K.DONE)
    second = state.floor_holder
    state = act(state, second, K.PASS)
    assert state.shares[first].count == 1
    assert second not in state.shares


def test_messages_in_open_mode_are_not_shares():
    """Posting in open mode counts no share."""
    state = act(meeting(), BO, K.SAY, "hello")
    assert BO not in state.shares


def test_leaving_while_sharing_drops_the_count():
    """Someone who leaves takes their count with them."""
    state = shared(meeting(), BO)
    state = apply(state, event(state.seq + 1, EventKind.LEFT, BO))
    assert BO not in state.shares


def test_shares_cleared_when_the_meeting_ends():
    """Ending the meeting forgets every share."""
    state = act(shared(meeting(), BO), ADA, K.END_MEETING)
    assert dict(state.shares) == {}


def test_not_shared_lists_those_without_a_share():
    """Everyone present without a share yet, in order of arrival."""
    assert not_shared(shared(meeting(), BO)) == [ADA, CY, DI, ED]


def test_a_member_view_holds_only_their_own_count():
    """A member's view holds their own share count and nobody else's."""
    state = shared(shared(meeting(), BO), CY)
    assert dict(view_for(state, BO).shares) == {BO: ShareCount(1, 60)}
    assert set(view_for(state, ADA).shares) == {BO, CY}
