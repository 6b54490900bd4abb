"""The reducer for the meeting flow: rounds, reactions, segments, readings, waiting room, the end."""

from protocol import EventKind, Mode, Role, RoomState, apply
from protocol.kinds import Reaction
from protocol.limits import NOTES_KEEP
from protocol.state import SegmentRules
from tests.protocol.builders import AT, event, facilitated_room

ADA, BO, CY, DI = 1, 2, 3, 4


def after(state: RoomState, kind: EventKind, *fields, actor: int | None = None, at: int = AT) -> RoomState:
    return apply(state, event(state.seq + 1, kind, *fields, actor=actor, at=at))


def in_round() -> RoomState:
    state = after(facilitated_room(), EventKind.ROUND_STARTED, (ADA, BO, CY, DI))
    return after(state, EventKind.FLOOR_GIVEN, ADA)


def test_round_started_sets_the_order():
    """ROUND_STARTED starts a round with nobody's turn had yet."""
    state = in_round()
    assert state.round.order == (ADA, BO, CY, DI) and state.round.done == frozenset()


def test_floor_released_in_a_round_marks_the_turn_had():
    """Giving the floor back marks that person's turn as had."""
    state = after(in_round(), EventKind.FLOOR_RELEASED)
    assert state.round.done == {ADA} and state.floor_holder is None


def test_passed_marks_the_turn_and_frees_the_floor():
    """PASSED by the holder ends their turn; by someone else it only marks theirs."""
    state = after(in_round(), EventKind.PASSED, CY)
    assert state.round.done == {CY} and state.floor_holder == ADA
    state = after(state, EventKind.PASSED, ADA)
    assert state.round.done == {ADA, CY} and state.floor_holder is None


def test_joined_during_a_round_goes_to_its_end():
    """A late arrival is appended to the round's order."""
    state = after(in_round(), EventKind.JOINED, 5, "Eve", Role.MEMBER)
    assert state.round.order == (ADA, BO, CY, DI, 5)


def test_left_leaves_the_round():
    """Someone leaving drops out of the round's order."""
    state = after(in_round(), EventKind.LEFT, CY)
    assert state.round.order == (ADA, BO, DI)


def test_round_moved_skipped_and_ended():
    """ROUND_MOVED reorders, ROUND_SKIPPED marks a turn had, ROUND_ENDED ends it and frees the floor."""
    state = after(in_round(), EventKind.ROUND_MOVED, DI, 1)
    assert state.round.order == (ADA, DI, BO, CY)
    state = after(state, EventKind.ROUND_SKIPPED, BO)
    assert BO in state.round.done
    state = after(state, EventKind.ROUND_ENDED)
    assert state.round is None and state.floor_holder is None


def test_reactions_count_and_reset_with_the_next_share():
    """REACTED counts per reaction; the next FLOOR_GIVEN starts the counts again."""
    state = after(facilitated_room(), EventKind.FLOOR_GIVEN, CY)
    for reaction in (Reaction.HEART, Reaction.HEART, Reaction.THANK_YOU):
        state = after(state, EventKind.REACTED, reaction)
    assert state.reactions == (2, 0, 1)
    assert after(state, EventKind.FLOOR_GIVEN, DI).reactions == (0, 0, 0)
    assert after(state, EventKind.FLOOR_RELEASED).reactions == (0, 0, 0)


def test_floor_given_records_when_the_share_began():
    """FLOOR_GIVEN records the event's time as floor_since."""
    state = after(facilitated_room(), EventKind.FLOOR_GIVEN, CY, at=AT + 42)
    assert state.floor_since == AT + 42
    assert after(state, EventKind.FLOOR_RELEASED).floor_since is None


def test_agenda_added_with_rules():
    """AGENDA_ADDED keeps a segment's rules; without them the item has none."""
    state = after(
        facilitated_room(), EventKind.AGENDA_ADDED, 1, "Shares", 30, (Mode.FLOOR, False, 180, True, None)
    )
    state = after(state, EventKind.AGENDA_ADDED, 2, "Chat", 10, None)
    assert state.agenda[0].rules == SegmentRules(Mode.FLOOR, False, 180, True, None)
    assert state.agenda[1].rules is None
    state = after(state, EventKind.AGENDA_EDITED, 1, "Shares", 30, None)
    assert state.agenda[0].rules is None


def test_segment_becoming_current_takes_over_the_room():
    """AGENDA_CURRENT of a segment sets its mode and crosstalk, frees the floor, ends any round."""
    state = after(in_round(), EventKind.AGENDA_ADDED, 1, "Pause", 3, (Mode.SILENT, False, None, False, None))
    state = after(state, EventKind.AGENDA_CURRENT, 1)
    assert (state.mode, state.crosstalk, state.floor_holder, state.round) == (Mode.SILENT, False, None, None)


def test_item_without_rules_leaves_the_room_as_it_was():
    """AGENDA_CURRENT of an item without rules changes only the current item."""
    state = after(in_round(), EventKind.CROSSTALK_SET, False)
    state = after(after(state, EventKind.AGENDA_ADDED, 1, "Chat", 10), EventKind.AGENDA_CURRENT, 1)
    assert (state.crosstalk, state.floor_holder, state.round is not None) == (False, ADA, True)


def test_agenda_cleared_empties_the_agenda():
    """AGENDA_CLEARED removes every item and the current one."""
    state = after(
        after(facilitated_room(), EventKind.AGENDA_ADDED, 1, "Chat", 10), EventKind.AGENDA_CURRENT, 1
    )
    state = after(state, EventKind.AGENDA_CLEARED)
    assert (state.agenda, state.current_item, state.current_started_at) == ((), None, None)
    assert state.next_item_id == 2


def _with_reading(text="One.\n\nTwo.") -> RoomState:
    state = after(facilitated_room(), EventKind.READING_ADDED, 1, "Preamble", text, False)
    return after(state, EventKind.READING_ASKED, 1, CY)


def test_read_aloud_posts_paragraphs_under_the_readers_name():
    """READ_ALOUD adds the paragraph to the transcript as the reader's; the last one ends it."""
    state = after(_with_reading(), EventKind.READ_ALOUD, 1, 0)
    assert (state.transcript[-1].name, state.transcript[-1].text) == ("Cy", "One.")
    assert state.reader.next_paragraph == 1
    state = after(state, EventKind.READ_ALOUD, 1, 1)
    assert state.transcript[-1].text == "Two." and state.reader is None


def test_read_aloud_past_the_end_is_ignored():
    """A READ_ALOUD naming a paragraph that does not exist changes nothing but seq."""
    state = _with_reading()
    assert after(state, EventKind.READ_ALOUD, 1, 5).transcript == ()


def test_reading_removed_hides_it_and_stops_its_reader():
    """Removing the shown reading hides it and ends any reading aloud of it."""
    state = after(_with_reading(), EventKind.READING_SHOWN, 1)
    state = after(state, EventKind.READING_REMOVED, 1)
    assert (state.readings, state.shown_reading, state.reader) == ((), None, None)


def test_waiter_arrives_updates_and_is_admitted():
    """A waiter is in the waiting list, not among participants, until admitted and joined."""
    state = after(facilitated_room(), EventKind.WAITER_ARRIVED, 5, "Eve")
    assert 5 in state.waiting and 5 not in state.participants and state.next_pid == 6
    state = after(state, EventKind.WAITER_UPDATED, 5, True, False)
    assert state.waiting[5].accepted_guidelines
    state = after(after(state, EventKind.ADMITTED, 5), EventKind.JOINED, 5, "Eve", Role.MEMBER)
    assert 5 not in state.waiting and state.participants[5].name == "Eve"


def test_declined_and_waiter_left_empty_the_place():
    """DECLINED and WAITER_LEFT take the waiter out of the waiting room."""
    state = after(
        after(facilitated_room(), EventKind.WAITER_ARRIVED, 5, "Eve"), EventKind.WAITER_ARRIVED, 6, "Fay"
    )
    state = after(after(state, EventKind.DECLINED, 5, "Sorry."), EventKind.WAITER_LEFT, 6)
    assert state.waiting == {}


def test_notes_keep_the_senders_name_and_the_newest():
    """NOTED keeps the sender's name (a waiter's too) and only the last NOTES_KEEP notes."""
    state = after(facilitated_room(), EventKind.WAITER_ARRIVED, 5, "Eve")
    state = after(state, EventKind.NOTED, 5, None, "first time")
    assert (state.notes[0].name, state.notes[0].to_pid) == ("Eve", None)
    for number in range(NOTES_KEEP):
        state = after(state, EventKind.NOTED, CY, None, f"n{number}")
    assert len(state.notes) == NOTES_KEEP and state.notes[0].text == "n0"


def test_support_and_silence_set_and_lifted():
    """SUPPORT_SET adds and removes the flag; SILENCED with 0 lifts the silence."""
    state = after(after(facilitated_room(), EventKind.SUPPORT_SET, CY, True), EventKind.SILENCED, DI, AT + 60)
    assert state.support == {CY} and state.silenced == {DI: AT + 60}
    state = after(after(state, EventKind.SUPPORT_SET, CY, False), EventKind.SILENCED, DI, 0)
    assert state.support == frozenset() and state.silenced == {}


def test_leaving_clears_support_silence_and_reading_aloud():
    """Someone who leaves takes their flag, silence and reading-aloud turn with them."""
    state = after(_with_reading(), EventKind.SUPPORT_SET, CY, True)
    state = after(after(state, EventKind.SILENCED, CY, AT + 60), EventKind.LEFT, CY)
    assert (state.support, state.silenced, state.reader) == (frozenset(), {}, None)


def test_lockdown_and_its_undo():
    """LOCKDOWN_SET on forces floor mode without crosstalk and locks; off restores the segment."""
    state = after(
        facilitated_room(), EventKind.AGENDA_ADDED, 1, "Chat", 10, (Mode.OPEN, True, None, False, None)
    )
    state = after(state, EventKind.AGENDA_CURRENT, 1)
    state = after(state, EventKind.LOCKDOWN_SET, True)
    assert (state.mode, state.crosstalk, state.locked) == (Mode.FLOOR, False, True)
    state = after(state, EventKind.LOCKDOWN_SET, False)
    assert (state.mode, state.crosstalk, state.locked, state.lockdown) == (Mode.OPEN, True, False, False)


def test_meeting_ended_clears_words_and_keeps_agenda_and_readings():
    """MEETING_ENDED clears the transcript, notes, floor, round and flags; agenda and readings stay."""
    state = after(_with_reading(), EventKind.AGENDA_ADDED, 1, "Chat", 10)
    state = after(state, EventKind.AGENDA_CURRENT, 1)
    state = after(state, EventKind.SAID, "hello", actor=CY)
    state = after(state, EventKind.NOTED, CY, None, "a note")
    state = after(state, EventKind.SUPPORT_SET, CY, True)
    state = after(state, EventKind.ROUND_STARTED, (ADA, CY))
    state = after(state, EventKind.FLOOR_GIVEN, ADA)
    state = after(state, EventKind.LOCKDOWN_SET, True)
    ended = after(state, EventKind.MEETING_ENDED)
    assert (ended.transcript, ended.notes, ended.support, ended.silenced) == ((), (), frozenset(), {})
    assert (ended.round, ended.floor_holder, ended.reader, ended.current_item) == (None, None, None, None)
    assert not ended.lockdown and not ended.locked
    assert ended.agenda == state.agenda and ended.readings == state.readings
    assert ended.participants == state.participants


def test_floor_holder_leaving_ends_their_share():
    """When the person sharing leaves, the share's start time and reactions go with them."""
    state = after(facilitated_room(), EventKind.FLOOR_GIVEN, CY)
    state = after(state, EventKind.REACTED, Reaction.HEART)
    state = after(state, EventKind.LEFT, CY)
    assert (state.floor_holder, state.floor_since, state.reactions) == (None, None, (0, 0, 0))


def test_segment_naming_a_missing_reading_shows_nothing_new():
    """A segment whose reading is gone (or never was) leaves the shown reading as it was."""
    state = after(
        facilitated_room(), EventKind.AGENDA_ADDED, 1, "Opening", 5, (Mode.OPEN, True, None, False, 9)
    )
    assert after(state, EventKind.AGENDA_CURRENT, 1).shown_reading is None
