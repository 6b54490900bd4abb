"""Guest speakers in the rules: invitations, a guest's arrival, their role and their floor."""

import pytest

from protocol import Command, CommandKind, EventKind, Hello, Mode, Role, Welcome, decode, encode
from protocol.errors import ProtocolError, Refused
from protocol.fields import segment_rules
from protocol.guest_codes import GUEST_CODE_ALPHABET, guest_code, new_guest_code
from protocol.kinds import PROTOCOL_VERSION
from protocol.limits import GUEST_INVITE_MINUTES, MAX_GUEST_INVITES
from protocol.meeting_format import MeetingFormat, SegmentPlan
from protocol.privacy import view_for
from protocol.rules import Context, decide, entrance
from protocol.state import SegmentRules, state_from_wire, state_to_wire
from tests.protocol.builders import AT, act, facilitated_room, record

ADA, BO, CY = 1, 2, 3
CODE = "K7QH-3MWD"


def fixed(code: str = CODE) -> Context:
    """A context at the tests' clock whose code maker always answers ``code``."""
    return Context(now=AT, new_code=lambda: code)


def invited(name: str = "Dr Lee", code: str = CODE, minutes: int | None = None):
    """The facilitated room with one invitation for ``name``."""
    return act(facilitated_room(), ADA, CommandKind.GUEST_INVITE, name, minutes, context=fixed(code))


def hello(code: str | None, name: str = "Lee") -> Hello:
    return Hello(PROTOCOL_VERSION, name, invite=code)


def test_new_codes_are_two_groups_of_four_unmistakable_characters():
    """A fresh code reads as K7QH-3MWD: eight symbols without 0, O, 1 or I, and a dash."""
    code = new_guest_code()
    assert len(code) == 9 and code[4] == "-"
    assert set(code.replace("-", "")) <= set(GUEST_CODE_ALPHABET)
    assert not set("01IO") & set(code)


def test_a_typed_code_is_read_generously():
    """Lower case, spaces or no dash still name the same code."""
    assert guest_code("k7qh 3mwd") == CODE
    assert guest_code("K7QH3MWD") == CODE


def test_a_code_with_a_lookalike_character_is_refused():
    """An O where no O can be is not a code."""
    with pytest.raises(ProtocolError):
        guest_code("K7QH-3MWO")


def test_invite_records_the_code_and_a_default_expiry_of_a_day():
    """GUEST_INVITE gives the facilitators a code valid for 24 hours."""
    state = invited()
    (invite,) = state.guest_invites
    assert (invite.name, invite.code, invite.expires_at) == ("Dr Lee", CODE, AT + GUEST_INVITE_MINUTES * 60)


def test_invite_may_say_how_long_it_is_valid():
    """An invitation valid for 90 minutes expires 90 minutes on."""
    assert invited(minutes=90).guest_invites[0].expires_at == AT + 90 * 60


def test_a_member_may_not_invite_a_guest():
    """Only leaders make invitations."""
    with pytest.raises(Refused) as refusal:
        act(facilitated_room(), CY, CommandKind.GUEST_INVITE, "Dr Lee", None, context=fixed())
    assert refusal.value.code == "not_facilitator"


def test_open_invitations_are_capped():
    """A room holds at most 20 open invitations; the next is refused."""
    state = facilitated_room()
    for number in range(MAX_GUEST_INVITES):
        code = f"AAAA-{GUEST_CODE_ALPHABET[number]}AAA"
        state = act(state, ADA, CommandKind.GUEST_INVITE, f"Guest {number}", None, context=fixed(code))
    with pytest.raises(Refused) as refusal:
        act(state, ADA, CommandKind.GUEST_INVITE, "One more", None, context=fixed("BBBB-BBBB"))
    assert refusal.value.code == "too_many_invites"


def test_a_repeated_code_is_drawn_again():
    """The relay never hands out a code that is already open."""
    codes = iter([CODE, CODE, "ZZZZ-2222"])
    state = act(invited(), ADA, CommandKind.GUEST_INVITE, "Sam", None,
                context=Context(now=AT, new_code=lambda: next(codes)))
    assert [invite.code for invite in state.guest_invites] == [CODE, "ZZZZ-2222"]


def test_cancel_removes_the_invitation():
    """GUEST_CANCEL takes an open invitation away."""
    state = act(invited(), BO, CommandKind.GUEST_CANCEL, CODE)
    assert state.guest_invites == ()


def test_cancel_of_an_unknown_code_is_refused():
    """Cancelling a code that is not open says so."""
    with pytest.raises(Refused) as refusal:
        act(invited(), ADA, CommandKind.GUEST_CANCEL, "ZZZZ-2222")
    assert refusal.value.code == "no_such_invite"


def test_guest_arrives_as_guest_under_the_invited_name_and_uses_the_code():
    """A hello with the code joins as GUEST under the invited name, and the invitation is gone."""
    state = invited()
    role, decision = entrance(state, hello("k7qh3mwd"), False, AT)
    assert role is Role.GUEST
    assert decision == [(EventKind.JOINED, (5, "Dr Lee", Role.GUEST)), (EventKind.INVITE_USED, (CODE,))]
    after = record(state, decision)
    assert after.participants[5].role is Role.GUEST and after.guest_invites == ()


def test_guest_skips_the_waiting_room():
    """They were invited: a waiting room does not hold a guest."""
    state = act(invited(), ADA, CommandKind.SET_WAITING_ROOM, True)
    _, decision = entrance(state, hello(CODE), False, AT)
    assert decision[0][0] is EventKind.JOINED


@pytest.mark.parametrize("code", ["ZZZZ-2222", "not a code"], ids=["unknown", "malformed"])
def test_a_code_that_opens_nothing_is_refused(code):
    """An unknown or mistyped code is refused as bad_invite."""
    with pytest.raises(Refused) as refusal:
        entrance(invited(), hello(code), False, AT)
    assert refusal.value.code == "bad_invite"


def test_an_expired_code_is_refused():
    """After its expiry the code opens nothing."""
    state = invited(minutes=10)
    with pytest.raises(Refused) as refusal:
        entrance(state, hello(CODE), False, AT + 10 * 60)
    assert refusal.value.code == "bad_invite"


def test_a_used_code_is_refused():
    """A second hello with the same code is refused."""
    state = invited()
    state = record(state, entrance(state, hello(CODE), False, AT)[1])
    with pytest.raises(Refused):
        entrance(state, hello(CODE), False, AT)


def test_guest_does_not_lead():
    """A guest is no leader: leaders' commands are refused."""
    state = invited()
    state = record(state, entrance(state, hello(CODE), False, AT)[1])
    assert not Role.GUEST.leads
    with pytest.raises(Refused) as refusal:
        decide(state, 5, Command(1, CommandKind.NEXT, ()), Context(now=AT))
    assert refusal.value.code == "not_facilitator"


@pytest.mark.parametrize(("target", "role"), [(CY, Role.GUEST), (5, Role.COFACILITATOR), (5, Role.MEMBER)])
def test_no_role_change_makes_or_unmakes_a_guest(target, role):
    """SET_ROLE never makes someone a guest, nor a guest anything else."""
    state = invited()
    state = record(state, entrance(state, hello(CODE), False, AT)[1])
    with pytest.raises(Refused) as refusal:
        act(state, ADA, CommandKind.SET_ROLE, target, role)
    assert refusal.value.code == "guest_role"


def test_members_and_guests_never_see_invitations():
    """view_for leaves the codes out for anyone but the leaders."""
    state = invited()
    state = record(state, entrance(invited("Sam", "ZZZZ-2222"), hello("ZZZZ-2222"), False, AT)[1])
    assert view_for(state, CY).guest_invites == ()
    assert view_for(state, 5).guest_invites == ()
    assert view_for(state, BO).guest_invites == state.guest_invites


def test_segment_rules_with_a_speaker_round_trip():
    """Six-element rules keep the speaker through the wire and a snapshot."""
    rules = SegmentRules(Mode.FLOOR, False, None, True, None, "Dr Lee")
    assert segment_rules(rules.to_wire()) == (Mode.FLOOR, False, None, True, None, "Dr Lee")
    wire_rules = segment_rules(rules.to_wire())
    state = act(facilitated_room(), ADA, CommandKind.AGENDA_ADD, "Our guest", 20, wire_rules)
    back = decode(encode(Welcome(ADA, Role.FACILITATOR, "t", 0.0, state)))
    assert isinstance(back, Welcome) and back.snapshot is not None
    assert back.snapshot.agenda[0].rules == rules


def test_rules_without_a_speaker_keep_five_elements():
    """Rules without a speaker travel as the five elements older peers read."""
    assert len(SegmentRules(Mode.OPEN).to_wire()) == 5
    assert segment_rules([0, True, None, False, None]) == (Mode.OPEN, True, None, False, None)


def test_a_snapshot_with_five_element_rules_still_reads():
    """Agenda rules stored before speakers read as rules without one."""
    wire = state_to_wire(act(facilitated_room(), ADA, CommandKind.AGENDA_ADD, "Shares", 30,
                             (Mode.FLOOR, True, 120, False, None)))
    assert len(wire[7][0][3]) == 5
    assert state_from_wire(wire).agenda[0].rules == SegmentRules(Mode.FLOOR, True, 120, False, None)


def guest_item_room(present: bool = True):
    """A room whose one agenda item (20 minutes, no share limit) names Dr Lee; the guest is in."""
    state = invited()
    if present:
        state = record(state, entrance(state, hello(CODE), False, AT)[1])
    rules = (Mode.FLOOR, True, None, False, None, "Dr Lee")
    return act(state, ADA, CommandKind.AGENDA_ADD, "Our guest speaker", 20, rules)


def test_the_item_naming_a_present_guest_gives_them_the_floor():
    """Moving to the guest's item hands them the floor."""
    state = act(guest_item_room(), ADA, CommandKind.AGENDA_NEXT)
    assert state.floor_holder == 5


def test_the_guests_share_ends_with_the_items_time_box():
    """The guest's deadline is the item's 20 minutes, not an open-ended share."""
    state = act(guest_item_room(), ADA, CommandKind.AGENDA_NEXT)
    assert state.share_deadline() == AT + 20 * 60


def test_the_item_without_its_guest_leaves_the_floor_free():
    """A named speaker who is not here gets nothing; the floor stays free."""
    state = act(guest_item_room(present=False), ADA, CommandKind.AGENDA_NEXT)
    assert state.floor_holder is None and state.share_deadline() is None


def test_someone_else_on_the_floor_has_no_time_box_from_the_item():
    """Only the named speaker's share is time-boxed by the item."""
    state = act(guest_item_room(), ADA, CommandKind.AGENDA_NEXT)
    state = act(state, ADA, CommandKind.GRANT, CY)
    assert state.share_deadline() is None


def test_a_format_segment_naming_a_speaker_becomes_six_element_rules():
    """LOAD_FORMAT carries a segment's speaker into the item's rules."""
    talk = SegmentPlan("Talk", 20, Mode.FLOOR, False, speaker="Dr Lee")
    plan = MeetingFormat("guest", "Guest", "", (talk,))
    formats = Context(formats={"guest": plan})
    state = act(facilitated_room(), ADA, CommandKind.LOAD_FORMAT, "guest", context=formats)
    assert state.agenda[0].rules == SegmentRules(Mode.FLOOR, False, None, False, None, "Dr Lee")
