"""The meeting flow's rules: rounds, passing, crosstalk, reactions, silence, readings, lockdown."""

import pytest

from protocol import Command, CommandKind, EventKind, Mode, Refused
from protocol.kinds import Reaction
from protocol.rounds import next_turn, starting_order, upcoming
from protocol.rules import Context, decide, share_time_up
from tests.protocol.builders import AT, DEMO_FORMAT, act, arrive, facilitated_room, record

ADA, BO, CY, DI = 1, 2, 3, 4  # facilitator, co-facilitator, member, member

ROUND = (Mode.ROUND, False, 120, False, None)
SHARES = (Mode.FLOOR, False, 180, True, None)
SILENT = (Mode.SILENT, False, None, False, None)


def refusal(state, actor, kind, *args, context=None) -> str:
    with pytest.raises(Refused) as caught:
        decide(state, actor, Command(1, kind, tuple(args)), context)
    return caught.value.code


def decided(state, actor, kind, *args, context=None):
    return decide(state, actor, Command(1, kind, tuple(args)), context)


def in_round():
    """The facilitated room in a go-around: Ada holds the floor, then Bo, Cy, Di."""
    return act(facilitated_room(), ADA, CommandKind.ROUND_START)


def with_segment(rules, title="Segment"):
    """The facilitated room with one agenda item of ``rules``, made current."""
    state = act(facilitated_room(), ADA, CommandKind.AGENDA_ADD, title, 10, rules)
    return act(state, ADA, CommandKind.AGENDA_NEXT)


# Rounds


def test_round_start_orders_everyone_connected_by_arrival():
    """ROUND_START lists everyone connected in arrival order and gives the first the floor."""
    state = record(facilitated_room(), [(EventKind.DROPPED, (BO,))])
    assert decided(state, ADA, CommandKind.ROUND_START) == [
        (EventKind.ROUND_STARTED, ((ADA, CY, DI),)),
        (EventKind.FLOOR_GIVEN, (ADA,)),
    ]


def test_round_turn_passes_in_order_and_ends():
    """DONE hands the floor to the next in the round; after the last turn the round ends."""
    state = in_round()
    assert upcoming(state) == BO
    for holder, following in ((ADA, BO), (BO, CY), (CY, DI)):
        assert decided(state, holder, CommandKind.DONE) == [
            (EventKind.FLOOR_RELEASED, ()),
            (EventKind.FLOOR_GIVEN, (following,)),
        ]
        state = act(state, holder, CommandKind.DONE)
    assert upcoming(state) is None
    assert decided(state, DI, CommandKind.DONE) == [
        (EventKind.FLOOR_RELEASED, ()),
        (EventKind.ROUND_ENDED, ()),
    ]
    state = act(state, DI, CommandKind.DONE)
    assert state.round is None and state.floor_holder is None


def test_round_skips_someone_whose_link_is_down():
    """A turn passes over someone reconnecting without marking their turn as had."""
    state = record(in_round(), [(EventKind.DROPPED, (BO,))])
    state = act(state, ADA, CommandKind.DONE)
    assert state.floor_holder == CY
    assert BO not in state.round.done


def test_round_wraps_around_to_someone_who_came_back():
    """Someone skipped while away gets their turn after the last person, once back."""
    state = record(in_round(), [(EventKind.DROPPED, (CY,))])
    state = act(act(state, ADA, CommandKind.DONE), BO, CommandKind.DONE)
    assert state.floor_holder == DI
    assert upcoming(state) is None  # Cy is still away
    state = record(state, [(EventKind.RETURNED, (CY,))])
    assert upcoming(state) == CY
    state = act(state, DI, CommandKind.DONE)
    assert state.floor_holder == CY
    assert next_turn(state, CY) is None


def test_pass_on_your_turn_moves_the_round_on():
    """PASS by the floor holder counts as their turn and gives the floor to the next."""
    state = act(in_round(), ADA, CommandKind.DONE)
    assert decided(state, BO, CommandKind.PASS) == [(EventKind.PASSED, (BO,)), (EventKind.FLOOR_GIVEN, (CY,))]


def test_pass_before_your_turn_skips_you_later():
    """A member who passes ahead of their turn is skipped when it comes."""
    state = in_round()
    assert decided(state, CY, CommandKind.PASS) == [(EventKind.PASSED, (CY,))]
    state = act(state, CY, CommandKind.PASS)
    assert state.floor_holder == ADA and CY in state.round.done
    state = act(state, ADA, CommandKind.DONE)
    assert upcoming(state) == DI
    state = act(state, BO, CommandKind.DONE)
    assert state.floor_holder == DI


def test_pass_withdraws_a_raised_hand():
    """Outside a round, PASS takes a raised hand down; with nothing to pass it is refused."""
    state = act(facilitated_room(), CY, CommandKind.RAISE)
    assert act(state, CY, CommandKind.PASS).hand_queue == ()
    assert refusal(facilitated_room(), CY, CommandKind.PASS) == "nothing_to_pass"


def test_late_arrival_joins_the_end_of_the_round():
    """Someone who arrives during a round is added at its end and gets a turn."""
    state, eve = arrive(in_round(), "Eve")
    assert state.round.order == (ADA, BO, CY, DI, eve)
    for holder in (ADA, BO, CY):
        state = act(state, holder, CommandKind.DONE)
    assert upcoming(state) == eve


def test_round_skip_and_move():
    """A leader can skip someone's turn and move someone in the order (clamped)."""
    state = act(in_round(), BO, CommandKind.ROUND_SKIP, CY)
    assert CY in state.round.done
    assert act(state, ADA, CommandKind.ROUND_MOVE, DI, 0).round.order == (DI, ADA, BO, CY)
    assert decided(state, ADA, CommandKind.ROUND_MOVE, DI, 99) == [(EventKind.ROUND_MOVED, (DI, 3))]


def test_skipping_the_floor_holder_passes_for_them():
    """ROUND_SKIP of the person holding the floor ends their turn and moves on."""
    assert decided(in_round(), BO, CommandKind.ROUND_SKIP, ADA) == [
        (EventKind.PASSED, (ADA,)),
        (EventKind.FLOOR_GIVEN, (BO,)),
    ]


def test_round_commands_without_a_round_refused():
    """Moving, skipping or ending a round needs one; naming someone outside it is refused."""
    state = facilitated_room()
    assert refusal(state, ADA, CommandKind.ROUND_END) == "no_round"
    assert refusal(state, ADA, CommandKind.ROUND_SKIP, CY) == "no_round"
    assert refusal(in_round(), ADA, CommandKind.ROUND_MOVE, 99, 0) == "not_in_round"


def test_round_mode_starts_a_round():
    """Setting the ROUND mode starts a round at once."""
    kinds = [kind for kind, _ in decided(facilitated_room(), ADA, CommandKind.SET_MODE, Mode.ROUND)]
    assert kinds == [EventKind.MODE_SET, EventKind.ROUND_STARTED, EventKind.FLOOR_GIVEN]


def test_round_segment_starts_its_round():
    """Making a ROUND segment current switches the rules and starts its round."""
    state = with_segment(ROUND)
    assert (state.mode, state.crosstalk) == (Mode.ROUND, False)
    assert state.round.order == starting_order(state) and state.floor_holder == ADA


def test_in_a_round_only_the_turn_holder_posts():
    """In a round a member whose turn it is not is refused with not_your_turn."""
    state = with_segment(ROUND)
    assert refusal(state, CY, CommandKind.SAY, "me next?") == "not_your_turn"


# Crosstalk, reactions, silent pauses


def test_crosstalk_off_refuses_member_say():
    """With crosstalk off a member without the floor may not post (no_crosstalk)."""
    state = act(facilitated_room(), ADA, CommandKind.SET_CROSSTALK, False)
    assert refusal(state, CY, CommandKind.SAY, "same here") == "no_crosstalk"
    assert decided(state, BO, CommandKind.SAY, "leaders may")[0][0] is EventKind.SAID


def test_crosstalk_off_allows_react_to_the_share():
    """With crosstalk off a member may still react while someone holds the floor."""
    state = act(act(facilitated_room(), ADA, CommandKind.SET_CROSSTALK, False), ADA, CommandKind.GRANT, DI)
    assert decided(state, DI, CommandKind.SAY, "my share")[0][0] is EventKind.SAID
    assert decided(state, CY, CommandKind.REACT, Reaction.HEART) == [(EventKind.REACTED, (Reaction.HEART,))]
    assert act(state, CY, CommandKind.REACT, Reaction.HEART).reactions == (1, 0, 0)


def test_react_needs_a_share_by_someone_else():
    """Reacting with nobody sharing, or to your own share, is refused."""
    assert refusal(facilitated_room(), CY, CommandKind.REACT, Reaction.THANK_YOU) == "no_share"
    state = act(facilitated_room(), ADA, CommandKind.GRANT, CY)
    assert refusal(state, CY, CommandKind.REACT, Reaction.THANK_YOU) == "own_share"


def test_setting_crosstalk_as_it_is_refused():
    """Turning crosstalk on when it is on is refused."""
    assert refusal(facilitated_room(), ADA, CommandKind.SET_CROSSTALK, True) == "same_crosstalk"


@pytest.mark.parametrize("speaker", [ADA, BO, CY], ids=["facilitator", "cofacilitator", "member"])
def test_silent_mode_refuses_everyone(speaker):
    """In a silent pause nobody posts, facilitators included (code silent)."""
    assert refusal(with_segment(SILENT), speaker, CommandKind.SAY, "hello?") == "silent"


# Silence, lock, lockdown


def test_silence_lasts_until_its_deadline():
    """A silenced member is refused until the deadline the relay's clock set, then may post."""
    state = act(facilitated_room(), ADA, CommandKind.SILENCE, CY, 5, context=Context(now=AT))
    assert state.silenced == {CY: AT + 300}
    assert refusal(state, CY, CommandKind.SAY, "hi", context=Context(now=AT + 299)) == "silenced"
    assert decided(state, CY, CommandKind.SAY, "hi", context=Context(now=AT + 300))[0][0] is EventKind.SAID
    assert decided(state, DI, CommandKind.SAY, "hi", context=Context(now=AT + 1))[0][0] is EventKind.SAID


def test_silence_zero_lifts_it():
    """SILENCE with 0 minutes records until 0, which lifts the silence."""
    state = act(facilitated_room(), ADA, CommandKind.SILENCE, CY, 5, context=Context(now=AT))
    assert decided(state, BO, CommandKind.SILENCE, CY, 0, context=Context(now=AT)) == [
        (EventKind.SILENCED, (CY, 0))
    ]
    assert act(state, BO, CommandKind.SILENCE, CY, 0, context=Context(now=AT)).silenced == {}


def test_leaders_cannot_be_silenced():
    """A facilitator or co-facilitator cannot be silenced."""
    assert refusal(facilitated_room(), ADA, CommandKind.SILENCE, BO, 5) == "cannot_silence_leader"


def test_lock_twice_refused():
    """Locking a locked room is refused; unlocking opens it."""
    state = act(facilitated_room(), ADA, CommandKind.LOCK, True)
    assert refusal(state, ADA, CommandKind.LOCK, True) == "same_lock"
    assert not act(state, ADA, CommandKind.LOCK, False).locked


def test_lockdown_switches_to_floor_without_crosstalk_and_locks():
    """Lockdown: floor mode, no crosstalk, locked."""
    state = act(with_segment(ROUND), ADA, CommandKind.LOCKDOWN, True)
    assert (state.mode, state.crosstalk, state.locked, state.lockdown) == (Mode.FLOOR, False, True, True)
    assert refusal(state, ADA, CommandKind.LOCKDOWN, True) == "same_lockdown"


def test_lockdown_undo_restores_the_segments_rules():
    """Lifting lockdown returns to the current segment's mode and crosstalk, unlocked."""
    state = with_segment((Mode.OPEN, False, None, False, None))
    state = act(act(state, ADA, CommandKind.LOCKDOWN, True), ADA, CommandKind.LOCKDOWN, False)
    assert (state.mode, state.crosstalk, state.locked, state.lockdown) == (Mode.OPEN, False, False, False)


def test_lockdown_undo_without_a_segment_opens_the_room():
    """With no segment, lifting lockdown returns to open mode with crosstalk."""
    state = act(act(facilitated_room(), ADA, CommandKind.LOCKDOWN, True), ADA, CommandKind.LOCKDOWN, False)
    assert (state.mode, state.crosstalk) == (Mode.OPEN, True)


def test_segment_entered_during_lockdown_stays_locked_down():
    """A segment made current during lockdown keeps floor mode, no crosstalk and starts no round."""
    state = act(facilitated_room(), ADA, CommandKind.AGENDA_ADD, "Check-in", 10, ROUND)
    state = act(act(state, ADA, CommandKind.LOCKDOWN, True), ADA, CommandKind.AGENDA_NEXT)
    assert (state.mode, state.crosstalk, state.round) == (Mode.FLOOR, False, None)


# Share limits


def test_share_deadline_is_floor_time_plus_the_segment_limit():
    """A share's deadline is when the floor was given plus the segment's share_seconds."""
    state = act(with_segment(SHARES), ADA, CommandKind.GRANT, CY)
    assert state.floor_since == AT
    assert state.share_deadline() == AT + 180


def test_no_deadline_without_a_limit():
    """Without a segment limit, or with nobody sharing, there is no deadline."""
    assert act(facilitated_room(), ADA, CommandKind.GRANT, CY).share_deadline() is None
    assert with_segment(SHARES).share_deadline() is None


def test_time_up_in_a_round_moves_on():
    """When a share with a hard stop runs out in a round, the floor goes to the next person."""
    state = with_segment((Mode.ROUND, False, 60, True, None))
    assert share_time_up(state) == [(EventKind.FLOOR_RELEASED, ()), (EventKind.FLOOR_GIVEN, (BO,))]
    assert share_time_up(facilitated_room()) == []


# Readings


def test_reading_aloud_steps_a_paragraph_at_a_time():
    """The reader's steps post paragraph 0, 1, ... and the last one ends the reading aloud."""
    state = act(facilitated_room(), ADA, CommandKind.READING_ADD, "Preamble", "One.\n\nTwo.\n\n\nThree.")
    state = act(state, ADA, CommandKind.READING_ASK, 1, CY)
    for index, text in enumerate(("One.", "Two.", "Three.")):
        assert decided(state, CY, CommandKind.READING_STEP) == [(EventKind.READ_ALOUD, (1, index))]
        state = act(state, CY, CommandKind.READING_STEP)
        assert (state.transcript[-1].name, state.transcript[-1].text) == ("Cy", text)
    assert state.reader is None
    assert refusal(state, CY, CommandKind.READING_STEP) == "not_reader"


def test_only_the_reader_steps():
    """Someone not asked to read is refused with not_reader."""
    state = act(facilitated_room(), ADA, CommandKind.READING_ADD, "Preamble", "One.")
    state = act(state, ADA, CommandKind.READING_ASK, 1, CY)
    assert refusal(state, DI, CommandKind.READING_STEP) == "not_reader"


def test_reading_commands_name_a_reading_that_exists():
    """Showing, asking for or removing a missing reading is refused."""
    state = facilitated_room()
    assert refusal(state, ADA, CommandKind.READING_SHOW, 9) == "no_such_reading"
    assert refusal(state, ADA, CommandKind.READING_ASK, 9, CY) == "no_such_reading"
    assert refusal(state, ADA, CommandKind.READING_REMOVE, 9) == "no_such_reading"


def test_reading_text_is_cleaned_but_keeps_paragraphs():
    """A reading's control characters are neutralised; its blank lines survive."""
    ((kind, fields),) = decided(facilitated_room(), ADA, CommandKind.READING_ADD, "P", "a\x1b[31m\r\n\r\nb")
    assert kind is EventKind.READING_ADDED
    assert fields == (1, "P", "a\ufffd[31m\n\nb", False)


def test_segment_shows_its_reading():
    """A segment with a reading shows it in everyone's readings panel when it starts."""
    state = act(facilitated_room(), ADA, CommandKind.READING_ADD, "Preamble", "We meet.")
    state = act(state, ADA, CommandKind.AGENDA_ADD, "Opening", 5, (Mode.OPEN, True, None, False, 1))
    assert act(state, ADA, CommandKind.AGENDA_NEXT).shown_reading == 1


# Formats


def test_load_format_replaces_the_agenda_with_its_segments():
    """LOAD_FORMAT clears the agenda, adds the readings it needs and its segments with their rules."""
    context = Context(now=AT, formats={"demo-format": DEMO_FORMAT})
    state = act(facilitated_room(), ADA, CommandKind.AGENDA_ADD, "Old item", 5)
    state = act(state, BO, CommandKind.LOAD_FORMAT, "Demo-Format", context=context)
    assert [(i.item_id, i.title) for i in state.agenda] == [(2, "Opening"), (3, "Check-in")]
    assert state.agenda[0].rules.reading_id == 1
    assert state.agenda[1].rules.mode is Mode.ROUND and state.agenda[1].rules.hard_stop
    assert [(r.title, r.guidelines) for r in state.readings] == [("Preamble", True)]


def test_load_format_twice_reuses_its_readings():
    """Loading a format again adds no second copy of a reading the room has."""
    context = Context(formats={"demo-format": DEMO_FORMAT})
    state = act(facilitated_room(), ADA, CommandKind.LOAD_FORMAT, "demo-format", context=context)
    state = act(state, ADA, CommandKind.LOAD_FORMAT, "demo-format", context=context)
    assert len(state.readings) == 1 and len(state.agenda) == 2


def test_unknown_format_refused():
    """A format the relay does not have is refused with no_such_format."""
    code = refusal(facilitated_room(), ADA, CommandKind.LOAD_FORMAT, "nope", context=Context(formats={}))
    assert code == "no_such_format"


# The end of a meeting


def test_end_meeting_becomes_meeting_ended():
    """END_MEETING (a leader's) becomes MEETING_ENDED."""
    assert decided(facilitated_room(), BO, CommandKind.END_MEETING) == [(EventKind.MEETING_ENDED, ())]
    assert refusal(facilitated_room(), CY, CommandKind.END_MEETING) == "not_facilitator"
