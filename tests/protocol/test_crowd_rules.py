"""The rules that keep a crowd of strangers from filling a room: the waiting room's own
cap, lockdown closing the door, admitting only while there are places, declining all."""

import pytest

from protocol import Command, CommandKind, EventKind, Refused, Role
from protocol.limits import MAX_PARTICIPANTS, MAX_WAITING
from protocol.rules import check_may_join, decide
from protocol.rules.admission import DEFAULT_DECLINE
from tests.protocol.builders import act, arrive, facilitated_room, room

ADA, CY = 1, 3  # facilitator, member


def refused(state, name: str) -> str:
    with pytest.raises(Refused) as caught:
        check_may_join(state, name)
    return caught.value.code


def with_waiting_room():
    return act(facilitated_room(), ADA, CommandKind.SET_WAITING_ROOM, True)


def crowded_waiting_room():
    state = with_waiting_room()
    for number in range(MAX_WAITING):
        state, _ = arrive(state, f"W{number}")
    return state


def test_waiting_room_has_its_own_small_cap():
    """Once MAX_WAITING people wait, the next arrival is refused waiting_full."""
    assert refused(crowded_waiting_room(), "One more") == "waiting_full"


def test_waiters_do_not_take_the_meetings_places():
    """A full waiting room does not stop a newcomer when the room has no waiting room."""
    state = act(crowded_waiting_room(), ADA, CommandKind.SET_WAITING_ROOM, False)
    check_may_join(state, "Friend")  # no refusal: the meeting has places


def test_a_full_meeting_refuses_room_full_even_with_a_waiting_room():
    """With MAX_PARTICIPANTS in the meeting, an arrival is refused room_full, not seated to wait."""
    people = [("Ada", Role.FACILITATOR)] + [(f"P{n}", Role.MEMBER) for n in range(MAX_PARTICIPANTS - 1)]
    state = act(room(*people), ADA, CommandKind.SET_WAITING_ROOM, True)
    assert refused(state, "One more") == "room_full"


def test_lockdown_closes_the_waiting_room():
    """In lockdown a newcomer is refused closed_to_arrivals instead of waiting."""
    state = act(with_waiting_room(), ADA, CommandKind.LOCKDOWN, True)
    assert refused(state, "Eve") == "closed_to_arrivals"


def test_admit_is_refused_when_the_meeting_is_full():
    """Admitting someone into a meeting with every place taken is refused room_full."""
    people = [("Ada", Role.FACILITATOR)] + [(f"P{n}", Role.MEMBER) for n in range(MAX_PARTICIPANTS - 1)]
    state = act(room(*people), ADA, CommandKind.SET_WAITING_ROOM, True)
    state, eve = arrive(state, "Eve")
    with pytest.raises(Refused) as caught:
        decide(state, ADA, Command(1, CommandKind.ADMIT, (eve,)))
    assert caught.value.code == "room_full"


def test_decline_all_declines_everyone_waiting_in_arrival_order():
    """DECLINE_ALL is one DECLINED with the kind default message per waiter, earliest first."""
    state, eve = arrive(with_waiting_room(), "Eve")
    state, fay = arrive(state, "Fay")
    decisions = decide(state, ADA, Command(1, CommandKind.DECLINE_ALL, ()))
    assert decisions == [
        (EventKind.DECLINED, (eve, DEFAULT_DECLINE)),
        (EventKind.DECLINED, (fay, DEFAULT_DECLINE)),
    ]


def test_decline_all_with_nobody_waiting_is_refused():
    """DECLINE_ALL with an empty waiting room is refused nobody_waiting."""
    with pytest.raises(Refused) as caught:
        decide(with_waiting_room(), ADA, Command(1, CommandKind.DECLINE_ALL, ()))
    assert caught.value.code == "nobody_waiting"


def test_a_member_may_not_decline_all():
    """A member's DECLINE_ALL is refused not_facilitator."""
    state, _ = arrive(with_waiting_room(), "Eve")
    with pytest.raises(Refused) as caught:
        decide(state, CY, Command(1, CommandKind.DECLINE_ALL, ()))
    assert caught.value.code == "not_facilitator"
