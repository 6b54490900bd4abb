"""The room's rules: who may do what, and the events each allowed command becomes."""

import contextlib

import pytest

from protocol import Command, CommandKind, EventKind, Mode, ProtocolError, Refused, Role, decode, encode
from protocol.fields import COMMAND_ARGS
from protocol.kinds import LEADER_COMMANDS, HandReason
from protocol.limits import MAX_AGENDA_ITEMS, MAX_MESSAGE_CHARS, MAX_PARTICIPANTS
from protocol.rules import check_may_join, decide, join, may, unique_name
from tests.protocol.builders import act, event, facilitated_room, room, sample_args

ADA, BO, CY, DI = 1, 2, 3, 4  # facilitator, co-facilitator, member, member


def refusal(state, actor, kind, *args) -> str:
    with pytest.raises(Refused) as caught:
        decide(state, actor, Command(1, kind, tuple(args)))
    return caught.value.code


def decided(state, actor, kind, *args):
    return decide(state, actor, Command(1, kind, tuple(args)))


@pytest.mark.parametrize("kind", sorted(LEADER_COMMANDS), ids=lambda kind: kind.name)
def test_leader_command_refused_for_member(kind):
    """Every facilitator-only command is refused for a member with not_facilitator."""
    assert refusal(facilitated_room(), CY, kind, *sample_args(COMMAND_ARGS[kind])) == "not_facilitator"


@pytest.mark.parametrize("kind", sorted(LEADER_COMMANDS), ids=lambda kind: kind.name)
def test_leader_command_not_refused_for_role_reasons_for_cofacilitator(kind):
    """A co-facilitator is never refused a leader command for their role."""
    try:
        decided(facilitated_room(), BO, kind, *sample_args(COMMAND_ARGS[kind]))
    except Refused as refused:
        assert refused.code != "not_facilitator"


def test_may_matches_leader_commands():
    """``may`` offers members exactly the commands outside LEADER_COMMANDS."""
    for kind in CommandKind:
        assert may(Role.MEMBER, kind) is (kind not in LEADER_COMMANDS)
        assert may(Role.COFACILITATOR, kind)
        assert may(Role.FACILITATOR, kind)


@pytest.mark.parametrize("kind", sorted(set(CommandKind) - LEADER_COMMANDS), ids=lambda kind: kind.name)
def test_member_command_never_crashes_the_rules(kind):
    """Every command a member may send is decided or refused, never a crash (a KeyError)."""
    with contextlib.suppress(Refused, ProtocolError):
        decided(facilitated_room(), CY, kind, *sample_args(COMMAND_ARGS[kind]))


def test_waiter_update_from_someone_admitted_accepts_the_guidelines():
    """WAITER_UPDATE from someone in the meeting records their late acceptance of the guidelines."""
    assert decided(facilitated_room(), CY, CommandKind.WAITER_UPDATE, True, False) == [
        (EventKind.WAITER_UPDATED, (CY, True, False))
    ]


def test_second_acceptance_refused():
    """Accepting the guidelines twice is refused with nothing_to_update."""
    state = act(facilitated_room(), CY, CommandKind.WAITER_UPDATE, True, False)
    assert refusal(state, CY, CommandKind.WAITER_UPDATE, True, False) == "nothing_to_update"


def test_command_from_someone_not_in_room_refused():
    """A command from a pid not in the room is refused with not_in_room."""
    assert refusal(facilitated_room(), 99, CommandKind.RAISE) == "not_in_room"


def test_say_in_open_mode_becomes_said():
    """In open mode anyone may post; SAY becomes SAID with the cleaned text."""
    assert decided(facilitated_room(), CY, CommandKind.SAY, "  hello  ") == [(EventKind.SAID, ("hello",))]


def test_floor_mode_refuses_say_without_floor():
    """In floor mode a member without the floor may not post."""
    state = act(facilitated_room(), ADA, CommandKind.SET_MODE, Mode.FLOOR)
    assert refusal(state, CY, CommandKind.SAY, "may I?") == "not_your_turn"


def test_floor_mode_allows_holder_and_leaders():
    """In floor mode the floor holder and facilitators may post."""
    state = act(facilitated_room(), ADA, CommandKind.SET_MODE, Mode.FLOOR)
    state = act(state, ADA, CommandKind.GRANT, CY)
    for speaker in (CY, ADA, BO):
        assert decided(state, speaker, CommandKind.SAY, "ok")[0][0] is EventKind.SAID
    assert refusal(state, DI, CommandKind.SAY, "me too") == "not_your_turn"


def test_say_empty_is_a_protocol_error():
    """A message that is blank after trimming is refused as bad_message."""
    with pytest.raises(ProtocolError) as caught:
        decided(facilitated_room(), CY, CommandKind.SAY, " \n ")
    assert caught.value.code == "bad_message"


def test_said_event_always_fits_the_message_limit():
    """Tabs expanded by cleaning never make a SAID event its own decoder would refuse."""
    text = "a\t" * (MAX_MESSAGE_CHARS // 2)
    try:
        decisions = decided(facilitated_room(), CY, CommandKind.SAY, text)
    except ProtocolError as error:
        assert error.code == "bad_message"
        return
    ((kind, fields),) = decisions
    decode(encode(event(9, kind, *fields, actor=CY)))


def test_raise_queues_actor():
    """RAISE puts the actor's hand up."""
    raised = [(EventKind.HAND_RAISED, (CY, HandReason.SHARE, 0))]
    assert decided(facilitated_room(), CY, CommandKind.RAISE) == raised


def test_raise_twice_refused():
    """A hand already up cannot be raised again."""
    state = act(facilitated_room(), CY, CommandKind.RAISE)
    assert refusal(state, CY, CommandKind.RAISE) == "already_raised"


def test_raise_while_holding_floor_refused():
    """The floor holder does not raise a hand."""
    state = act(facilitated_room(), ADA, CommandKind.GRANT, CY)
    assert refusal(state, CY, CommandKind.RAISE) == "has_floor"


def test_lower_own_hand():
    """A member may lower their own hand (LOWER with no target)."""
    state = act(facilitated_room(), CY, CommandKind.RAISE)
    assert decided(state, CY, CommandKind.LOWER, None) == [(EventKind.HAND_LOWERED, (CY,))]


def test_lower_other_hand_needs_facilitator():
    """Lowering someone else's hand is a facilitator's act."""
    state = act(facilitated_room(), DI, CommandKind.RAISE)
    assert refusal(state, CY, CommandKind.LOWER, DI) == "not_facilitator"
    assert decided(state, BO, CommandKind.LOWER, DI) == [(EventKind.HAND_LOWERED, (DI,))]


def test_lower_hand_not_raised_refused():
    """Lowering a hand that is down is refused."""
    assert refusal(facilitated_room(), CY, CommandKind.LOWER, None) == "hand_not_raised"


def test_done_only_by_floor_holder():
    """Only the person holding the floor can say they are done."""
    state = act(facilitated_room(), ADA, CommandKind.GRANT, CY)
    assert refusal(state, DI, CommandKind.DONE) == "no_floor"
    assert refusal(state, ADA, CommandKind.DONE) == "no_floor"
    assert decided(state, CY, CommandKind.DONE) == [(EventKind.FLOOR_RELEASED, ())]


def test_next_gives_floor_to_first_hand():
    """NEXT gives the floor to the first hand in the queue."""
    state = act(act(facilitated_room(), DI, CommandKind.RAISE), CY, CommandKind.RAISE)
    state = act(state, ADA, CommandKind.NEXT)
    assert state.floor_holder == DI
    assert state.hand_queue == (CY,)


def test_next_with_no_hands_refused():
    """NEXT with an empty queue is refused."""
    assert refusal(facilitated_room(), ADA, CommandKind.NEXT) == "no_hands"


def test_lower_all_with_no_hands_refused():
    """LOWER_ALL with an empty queue is refused."""
    assert refusal(facilitated_room(), ADA, CommandKind.LOWER_ALL) == "no_hands"


def test_grant_to_absent_person_refused():
    """GRANT names someone who is in the room."""
    assert refusal(facilitated_room(), ADA, CommandKind.GRANT, 99) == "no_such_participant"


def test_grant_to_holder_refused():
    """Granting the floor to its holder is refused."""
    state = act(facilitated_room(), ADA, CommandKind.GRANT, CY)
    assert refusal(state, ADA, CommandKind.GRANT, CY) == "has_floor"


def test_take_back_with_nobody_holding_refused():
    """TAKE_BACK needs someone to hold the floor."""
    assert refusal(facilitated_room(), ADA, CommandKind.TAKE_BACK) == "no_floor"


def test_move_hand_clamps_and_refuses_no_move():
    """MOVE_HAND moves by a delta within the queue; a move that goes nowhere is refused."""
    state = act(
        act(act(facilitated_room(), BO, CommandKind.RAISE), CY, CommandKind.RAISE), DI, CommandKind.RAISE
    )
    assert act(state, ADA, CommandKind.MOVE_HAND, DI, -10).hand_queue == (DI, BO, CY)
    assert refusal(state, ADA, CommandKind.MOVE_HAND, BO, -1) == "cannot_move"
    assert refusal(state, ADA, CommandKind.MOVE_HAND, ADA, 1) == "hand_not_raised"


def test_set_same_mode_refused():
    """Setting the mode the room is already in is refused."""
    assert refusal(facilitated_room(), ADA, CommandKind.SET_MODE, Mode.OPEN) == "same_mode"


def test_agenda_add_uses_next_item_id():
    """AGENDA_ADD allocates item ids in order."""
    state = act(
        act(facilitated_room(), ADA, CommandKind.AGENDA_ADD, "One", 5), ADA, CommandKind.AGENDA_ADD, "Two", 5
    )
    assert [item.item_id for item in state.agenda] == [1, 2]


def test_agenda_full_refused():
    """An agenda holds at most MAX_AGENDA_ITEMS items."""
    state = facilitated_room()
    for number in range(MAX_AGENDA_ITEMS):
        state = act(state, ADA, CommandKind.AGENDA_ADD, f"Item {number}", 5)
    assert refusal(state, ADA, CommandKind.AGENDA_ADD, "One more", 5) == "agenda_full"


@pytest.mark.parametrize(
    ("kind", "args"),
    [
        (CommandKind.AGENDA_EDIT, (9, "x", 5)),
        (CommandKind.AGENDA_MOVE, (9, 0)),
        (CommandKind.AGENDA_REMOVE, (9,)),
        (CommandKind.AGENDA_SET_CURRENT, (9,)),
    ],
    ids=["edit", "move", "remove", "set-current"],
)
def test_agenda_command_on_missing_item_refused(kind, args):
    """Agenda commands naming a missing item are refused with no_such_item."""
    assert refusal(facilitated_room(), ADA, kind, *args) == "no_such_item"


def test_agenda_next_walks_the_agenda():
    """AGENDA_NEXT starts at the first item, moves on, and stops at the last."""
    state = facilitated_room()
    assert refusal(state, ADA, CommandKind.AGENDA_NEXT) == "agenda_empty"
    state = act(act(state, ADA, CommandKind.AGENDA_ADD, "One", 5), ADA, CommandKind.AGENDA_ADD, "Two", 5)
    state = act(state, ADA, CommandKind.AGENDA_NEXT)
    assert state.current_item == 1
    state = act(state, BO, CommandKind.AGENDA_NEXT)
    assert state.current_item == 2
    assert refusal(state, ADA, CommandKind.AGENDA_NEXT) == "agenda_end"


def test_agenda_set_current_none_clears():
    """AGENDA_SET_CURRENT with None is allowed and clears the current item."""
    state = act(
        act(facilitated_room(), ADA, CommandKind.AGENDA_ADD, "One", 5), ADA, CommandKind.AGENDA_SET_CURRENT, 1
    )
    assert act(state, ADA, CommandKind.AGENDA_SET_CURRENT, None).current_item is None


def test_remove_member_and_bar_rejoin():
    """A removed member is gone and may not join again until allowed."""
    state = act(facilitated_room(), BO, CommandKind.REMOVE, CY)
    assert CY not in state.participants
    with pytest.raises(Refused) as caught:
        check_may_join(state, "cy")
    assert caught.value.code == "removed"
    state = act(state, ADA, CommandKind.ALLOW, "Cy")
    check_may_join(state, "Cy")


def test_remove_self_refused():
    """Nobody removes themselves; they leave."""
    assert refusal(facilitated_room(), ADA, CommandKind.REMOVE, ADA) == "cannot_remove_self"


def test_remove_leaders_refused():
    """The facilitator cannot be removed; a co-facilitator only by the facilitator."""
    state = act(facilitated_room(), ADA, CommandKind.SET_ROLE, CY, Role.COFACILITATOR)
    assert refusal(state, BO, CommandKind.REMOVE, ADA) == "cannot_remove_leader"
    assert refusal(state, BO, CommandKind.REMOVE, CY) == "cannot_remove_leader"
    assert decided(state, ADA, CommandKind.REMOVE, CY) == [
        (EventKind.REMOVED, (CY,)),
        (EventKind.WITHDRAWN, (CY,)),
        (EventKind.LEFT, (CY,)),
    ]


def test_remove_becomes_removed_then_left():
    """REMOVE is recorded as REMOVED (for leaders and the person), WITHDRAWN and LEFT (for everyone)."""
    assert decided(facilitated_room(), BO, CommandKind.REMOVE, DI) == [
        (EventKind.REMOVED, (DI,)),
        (EventKind.WITHDRAWN, (DI,)),
        (EventKind.LEFT, (DI,)),
    ]


def test_allow_name_not_removed_refused():
    """ALLOW of a name nobody removed is refused."""
    assert refusal(facilitated_room(), ADA, CommandKind.ALLOW, "Zed") == "not_removed"


def test_set_role_rules():
    """SET_ROLE cannot make or unmake the facilitator, nor set a role already held."""
    state = facilitated_room()
    assert refusal(state, ADA, CommandKind.SET_ROLE, CY, Role.FACILITATOR) == "key_only"
    assert refusal(state, BO, CommandKind.SET_ROLE, ADA, Role.MEMBER) == "key_only"
    assert refusal(state, ADA, CommandKind.SET_ROLE, CY, Role.MEMBER) == "same_role"
    assert (
        act(state, ADA, CommandKind.SET_ROLE, CY, Role.COFACILITATOR).participants[CY].role
        is Role.COFACILITATOR
    )


def test_leave_becomes_left():
    """LEAVE becomes LEFT for the actor, whoever they are."""
    assert decided(facilitated_room(), DI, CommandKind.LEAVE) == [(EventKind.LEFT, (DI,))]


def test_full_room_refuses_newcomer():
    """A room with MAX_PARTICIPANTS present refuses another."""
    state = room(*[(f"P{number}", Role.MEMBER) for number in range(MAX_PARTICIPANTS)])
    with pytest.raises(Refused) as caught:
        check_may_join(state, "Late")
    assert caught.value.code == "room_full"


def test_join_picks_unique_name_and_next_pid():
    """A second "Ada" joins as "Ada 2" with the next pid."""
    state = facilitated_room()
    assert join(state, "ada", Role.MEMBER) == (EventKind.JOINED, (5, "ada 2", Role.MEMBER))


def test_unique_name_stays_within_32_chars():
    """A suffixed long name is cut so it still fits the name limit."""
    state = room(("n" * 32, Role.MEMBER))
    assert unique_name(state, "n" * 32) == "n" * 30 + " 2"


def test_removal_withdraws_their_messages():
    """A removed person's messages leave the transcript; everyone else's stay."""
    state = act(facilitated_room(), DI, CommandKind.SAY, "I'm 10 days sober today")
    state = act(state, CY, CommandKind.SAY, "Welcome, everyone")
    state = act(state, ADA, CommandKind.REMOVE, DI)
    assert [m.text for m in state.transcript] == ["Welcome, everyone"]


def test_lock_refused_during_lockdown():
    """Lockdown holds the lock: a plain LOCK is refused until the lockdown is lifted."""
    state = act(facilitated_room(), ADA, CommandKind.LOCKDOWN, True)
    assert refusal(state, ADA, CommandKind.LOCK, False) == "in_lockdown"
