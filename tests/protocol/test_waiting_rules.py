"""The waiting room's rules: who waits, what a waiter may do, admitting and declining, notes."""

import pytest

from protocol import Command, CommandKind, EventKind, Refused, Role
from protocol.fields import COMMAND_ARGS
from protocol.kinds import WAITER_COMMANDS
from protocol.rules import decide, decide_waiting, join
from tests.protocol.builders import act, arrive, facilitated_room, sample_args

ADA, BO, CY, DI = 1, 2, 3, 4  # facilitator, co-facilitator, member, member


def refusal(state, actor, kind, *args) -> str:
    with pytest.raises(Refused) as caught:
        decide(state, actor, Command(1, kind, tuple(args)))
    return caught.value.code


def decided(state, actor, kind, *args):
    return decide(state, actor, Command(1, kind, tuple(args)))


def with_waiting_room():
    return act(facilitated_room(), ADA, CommandKind.SET_WAITING_ROOM, True)


def test_member_joins_directly_without_a_waiting_room():
    """With no waiting room and no lock, a member joins the meeting at once."""
    assert join(facilitated_room(), "Eve", Role.MEMBER) == (EventKind.JOINED, (5, "Eve", Role.MEMBER))


def test_member_waits_when_the_room_has_a_waiting_room():
    """With the waiting room on, a member arrives in it, not in the meeting."""
    assert join(with_waiting_room(), "Eve", Role.MEMBER) == (EventKind.WAITER_ARRIVED, (5, "Eve"))
    state, eve = arrive(with_waiting_room(), "Eve")
    assert eve in state.waiting and eve not in state.participants
    assert state.next_pid == eve + 1


def test_member_waits_when_the_room_is_locked():
    """A locked room seats newcomers in the waiting room even with the waiting room off."""
    state = act(facilitated_room(), ADA, CommandKind.LOCK, True)
    assert join(state, "Eve", Role.MEMBER)[0] is EventKind.WAITER_ARRIVED


def test_facilitator_walks_in_past_the_waiting_room():
    """The facilitator (with the key) joins directly even when the room is locked."""
    state = act(with_waiting_room(), ADA, CommandKind.LOCK, True)
    assert join(state, "Fran", Role.FACILITATOR)[0] is EventKind.JOINED


def test_waiter_name_is_unique_against_people_and_waiters():
    """A second "Eve" waits as "Eve 2"; a waiter named like a participant gets a number too."""
    state, _ = arrive(with_waiting_room(), "Eve")
    assert join(state, "eve", Role.MEMBER)[1][1] == "eve 2"
    assert join(state, "Cy", Role.MEMBER)[1][1] == "Cy 2"


def test_admit_becomes_admitted_then_joined():
    """ADMIT takes the waiter out of the waiting room and into the meeting as a member."""
    state, eve = arrive(with_waiting_room(), "Eve")
    assert decided(state, BO, CommandKind.ADMIT, eve) == [
        (EventKind.ADMITTED, (eve,)),
        (EventKind.JOINED, (eve, "Eve", Role.MEMBER)),
    ]
    state = act(state, BO, CommandKind.ADMIT, eve)
    assert eve not in state.waiting and state.participants[eve].role is Role.MEMBER


def test_admitted_waiter_keeps_their_name():
    """Someone admitted joins under the name they waited with, not "Eve 2"."""
    state, eve = arrive(with_waiting_room(), "Eve")
    assert act(state, ADA, CommandKind.ADMIT, eve).participants[eve].name == "Eve"


def test_admit_someone_not_waiting_refused():
    """ADMIT of someone not in the waiting room is refused with not_waiting."""
    assert refusal(with_waiting_room(), ADA, CommandKind.ADMIT, CY) == "not_waiting"


def test_admit_all_admits_everyone_in_arrival_order():
    """ADMIT_ALL is ADMITTED then JOINED for each waiter; with nobody waiting it is refused."""
    state, eve = arrive(with_waiting_room(), "Eve")
    state, fay = arrive(state, "Fay")
    kinds = [(kind, fields[0]) for kind, fields in decided(state, ADA, CommandKind.ADMIT_ALL)]
    assert kinds == [
        (EventKind.ADMITTED, eve),
        (EventKind.JOINED, eve),
        (EventKind.ADMITTED, fay),
        (EventKind.JOINED, fay),
    ]
    names = [
        fields[1] for kind, fields in decided(state, ADA, CommandKind.ADMIT_ALL) if kind is EventKind.JOINED
    ]
    assert names == ["Eve", "Fay"]
    assert refusal(with_waiting_room(), ADA, CommandKind.ADMIT_ALL) == "nobody_waiting"


def test_decline_carries_a_message():
    """DECLINE records the facilitators' message, or a kind default when none is given."""
    state, eve = arrive(with_waiting_room(), "Eve")
    assert decided(state, ADA, CommandKind.DECLINE, eve, "Next week, please.") == [
        (EventKind.DECLINED, (eve, "Next week, please."))
    ]
    ((_, (_, default)),) = decided(state, ADA, CommandKind.DECLINE, eve, None)
    assert default
    assert eve not in act(state, ADA, CommandKind.DECLINE, eve, None).waiting
    assert refusal(state, ADA, CommandKind.DECLINE, CY, None) == "not_waiting"


@pytest.mark.parametrize("kind", sorted(set(CommandKind) - WAITER_COMMANDS), ids=lambda kind: kind.name)
def test_waiter_may_not_act_in_the_meeting(kind):
    """Everything but WAITER_UPDATE, NOTE and LEAVE is refused to a waiter with code waiting."""
    state, eve = arrive(with_waiting_room(), "Eve")
    assert refusal(state, eve, kind, *sample_args(COMMAND_ARGS[kind])) == "waiting"


def test_waiter_update_accepts_guidelines_and_says_new():
    """WAITER_UPDATE records the waiter's guideline acceptance and whether they are new."""
    state, eve = arrive(with_waiting_room(), "Eve")
    assert decided(state, eve, CommandKind.WAITER_UPDATE, True, False) == [
        (EventKind.WAITER_UPDATED, (eve, True, False))
    ]
    waiter = act(state, eve, CommandKind.WAITER_UPDATE, True, True).waiting[eve]
    assert (waiter.accepted_guidelines, waiter.is_new) == (True, True)


def test_waiter_note_goes_to_the_facilitators():
    """A waiter's NOTE is addressed to the facilitators and cleaned."""
    state, eve = arrive(with_waiting_room(), "Eve")
    assert decided(state, eve, CommandKind.NOTE, " first time here \x1b") == [
        (EventKind.NOTED, (eve, None, "first time here \ufffd"))
    ]
    assert act(state, eve, CommandKind.NOTE, "hello").notes[-1].name == "Eve"


def test_waiter_leave_becomes_waiter_left():
    """A waiter who leaves is recorded as WAITER_LEFT, not LEFT."""
    state, eve = arrive(with_waiting_room(), "Eve")
    assert decided(state, eve, CommandKind.LEAVE) == [(EventKind.WAITER_LEFT, (eve,))]
    assert eve not in act(state, eve, CommandKind.LEAVE).waiting


def test_decide_waiting_for_someone_not_waiting_refused():
    """decide_waiting on a pid that is not waiting is refused with not_in_room."""
    with pytest.raises(Refused) as caught:
        decide_waiting(facilitated_room(), CY, Command(1, CommandKind.LEAVE))
    assert caught.value.code == "not_in_room"


def test_reply_reaches_someone_waiting():
    """A leader may reply privately to someone in the waiting room; not to someone absent."""
    state, eve = arrive(with_waiting_room(), "Eve")
    assert decided(state, BO, CommandKind.REPLY, eve, "one moment") == [
        (EventKind.NOTED, (BO, eve, "one moment"))
    ]
    assert refusal(state, BO, CommandKind.REPLY, 99, "hello?") == "no_such_participant"


def test_note_and_support_are_the_senders_own():
    """NOTE goes to the facilitators (to_pid nil); SUPPORT sets the sender's own flag."""
    state = facilitated_room()
    assert decided(state, CY, CommandKind.NOTE, " rough day ") == [(EventKind.NOTED, (CY, None, "rough day"))]
    assert decided(state, CY, CommandKind.SUPPORT, True) == [(EventKind.SUPPORT_SET, (CY, True))]
