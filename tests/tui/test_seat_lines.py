"""How events with a limited audience read, from where each reader sits (pure: no relay, no app)."""

from types import MappingProxyType

from protocol import Event, EventKind, Participant, Role, RoomState, apply
from protocol.state import Waiter
from tui.core.narration import PUBLIC_KINDS
from tui.core.narration_seat import SEAT_KINDS
from tui.widgets.lines import narrate, seat_news

AT = 1_750_000_000
FAY, MAX, NEO = 1, 2, 3


def room() -> RoomState:
    people = {
        FAY: Participant(FAY, "Fay", Role.FACILITATOR),
        MAX: Participant(MAX, "[b]Max[/b]", Role.MEMBER),
    }
    waiting = {NEO: Waiter(NEO, "Neo", accepted_guidelines=True, is_new=True)}
    return RoomState(
        "demo",
        "Demo",
        seq=10,
        participants=MappingProxyType(people),
        waiting=MappingProxyType(waiting),
        next_pid=4,
    )


def told(kind: EventKind, fields: tuple, reader: int, actor: int | None = FAY):
    before = room()
    event = Event(11, AT, kind, actor, None, fields)
    return seat_news(before, apply(before, event), event, reader)


def test_facilitator_is_told_who_is_waiting_and_how_to_admit():
    """An update of a waiting person reads "Neo is waiting (new, ...) — F10 to admit" for a facilitator."""
    news = told(EventKind.WAITER_UPDATED, (NEO, True, True), FAY, actor=NEO)
    assert "Neo is waiting (new, accepted the guidelines) — F10 to admit" in news[0].plain


def test_a_reply_reads_as_private_for_its_addressee_and_notifies():
    """A facilitator's reply reads "Fay (private): ..." for the member, with a notification."""
    news = told(EventKind.NOTED, (FAY, MAX, "Welcome back"), MAX)
    assert "Fay (private): Welcome back" in news[0].plain and news[1] == "Fay (private): Welcome back"


def test_names_with_markup_stay_text():
    """A name that looks like markup is shown as typed, brackets and all."""
    news = told(EventKind.SUPPORT_SET, (MAX, True), FAY, actor=MAX)
    assert "[b]Max[/b] asked for support" in news[0].plain


def test_paused_member_reads_for_how_long():
    """The member paused reads the minutes; lifting it reads "You may post again"."""
    assert "paused your messages for 5 minutes" in told(EventKind.SILENCED, (MAX, AT + 300), MAX)[0].plain
    assert "You may post again" in told(EventKind.SILENCED, (MAX, 0), MAX)[0].plain


def test_the_public_narrator_leaves_seat_events_to_the_seat_narrator():
    """Every kind told here gets no line from the meeting's own narrator, so nothing is told twice."""
    before = room()
    samples = {
        EventKind.DROPPED: (MAX,),
        EventKind.WAITER_ARRIVED: (5, "Zed"),
        EventKind.WAITER_UPDATED: (NEO, False, False),
        EventKind.WAITER_LEFT: (NEO,),
        EventKind.ADMITTED: (NEO,),
        EventKind.DECLINED: (NEO, "Sorry"),
        EventKind.NOTED: (MAX, None, "hi"),
        EventKind.SUPPORT_SET: (MAX, True),
        EventKind.SILENCED: (MAX, AT + 60),
        EventKind.FLOOD_STOPPED: (MAX, 20, AT + 300),
        EventKind.LOCK_SET: (True,),
        EventKind.WAITING_ROOM_SET: (True,),
        EventKind.LOBBY_NOTED: (7, "Sam", "first time"),
        EventKind.LOBBY_NOTE_DELETED: (7,),
        EventKind.STEPPED_OUT: (MAX, True),
        EventKind.LINK_HEALTH: (MAX, 2400, 25),
        EventKind.GUEST_INVITED: ("Dr Lee", "K7QH-3MWD", AT + 3600),
        EventKind.INVITE_USED: ("K7QH-3MWD",),
        EventKind.GUEST_CANCELLED: ("K7QH-3MWD",),
    }
    assert set(samples) == SEAT_KINDS
    for kind, fields in samples.items():
        event = Event(11, AT, kind, FAY, None, fields)
        assert narrate(before, apply(before, event), event) is None, kind


def test_each_event_kind_is_narrated_in_one_place_only():
    """No event kind is told both as a public line and from the reader's seat."""
    assert not PUBLIC_KINDS & SEAT_KINDS


def test_co_facilitator_is_told_they_lead_when_the_facilitator_drops():
    """When the only facilitator's link drops, a co-facilitator reads that they are leading now."""
    before = apply(room(), Event(11, AT, EventKind.ROLE_SET, FAY, None, (MAX, Role.COFACILITATOR)))
    event = Event(12, AT, EventKind.DROPPED, None, None, (FAY,))
    line, toast = seat_news(before, apply(before, event), event, MAX)
    assert "Fay's link dropped; you are leading" in line.plain and toast is not None


def test_member_reads_only_that_the_facilitator_dropped():
    """A member reads that the facilitator lost their connection, nothing about leading."""
    line, _ = told(EventKind.DROPPED, (FAY,), MAX, actor=None)
    assert "Fay lost their connection" in line.plain and "leading" not in line.plain


def test_one_whose_own_link_dropped_reads_it_in_their_own_words():
    """Their own DROPPED (replayed on resuming) reads "Your link dropped", not "You lost their connection"."""
    line, _ = told(EventKind.DROPPED, (MAX,), MAX, actor=None)
    assert line.plain.endswith("Your link dropped; the relay kept your place")


def test_member_who_steps_out_reads_that_their_place_is_kept():
    """The one stepping out reads that their hand and round place are kept, and how to come back."""
    line = told(EventKind.STEPPED_OUT, (MAX, True), MAX, actor=MAX)[0].plain
    assert "You stepped out. Your hand and your place in the round are kept." in line
    assert "when you are back" in line


def test_facilitator_reads_who_stepped_out_and_who_is_back():
    """A facilitator reads "Max stepped out for a moment", then "Max is back"."""
    out = told(EventKind.STEPPED_OUT, (MAX, True), FAY, MAX)[0].plain
    assert "[b]Max[/b] stepped out for a moment" in out
    assert "[b]Max[/b] is back" in told(EventKind.STEPPED_OUT, (MAX, False), FAY, MAX)[0].plain


def test_link_health_makes_no_line():
    """A changed link marker shows in the People list only, never as a transcript line."""
    assert told(EventKind.LINK_HEALTH, (MAX, 2400, 25), FAY, MAX) is None


def test_facilitator_reads_the_new_invitations_code_and_how_long_it_lasts():
    """GUEST_INVITED tells the facilitators who invited whom, the code, and for how long."""
    news = told(EventKind.GUEST_INVITED, ("Dr Lee", "K7QH-3MWD", AT + 24 * 3600), FAY)
    assert "You invited Dr Lee as a guest speaker: code K7QH-3MWD, valid once for 24 hours" in news[0].plain


def test_an_invitation_from_the_command_line_names_the_operator():
    """An invitation the relay's operator made (no actor) says so."""
    news = told(EventKind.GUEST_INVITED, ("Dr Lee", "K7QH-3MWD", AT + 3 * 24 * 3600), FAY, actor=None)
    expected = "The relay's operator invited Dr Lee as a guest speaker: code K7QH-3MWD, valid once for 3 days"
    assert expected in news[0].plain
