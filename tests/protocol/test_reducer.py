"""The pure reducer: each event changes the room the way the meeting expects."""

from protocol import EventKind, Mode, Role, RoomState, apply
from protocol.limits import TRANSCRIPT_KEEP
from tests.protocol.builders import event, facilitated_room, room


def after(state: RoomState, kind: EventKind, *fields, actor: int | None = None) -> RoomState:
    return apply(state, event(state.seq + 1, kind, *fields, actor=actor))


def test_join_adds_participant_and_advances_next_pid():
    """JOINED adds the person with their role and moves next_pid past them."""
    state = room(("Ada", Role.FACILITATOR))
    assert state.participants[1].name == "Ada"
    assert state.participants[1].role is Role.FACILITATOR
    assert state.participants[1].connected
    assert state.next_pid == 2


def test_apply_leaves_old_state_unchanged():
    """apply returns a new state; the one passed in is not touched."""
    before = room(("Ada", Role.MEMBER))
    after(before, EventKind.HAND_RAISED, 1)
    assert before.hand_queue == ()


def test_queue_is_first_come_first_served():
    """Hands join the queue in the order they were raised."""
    state = facilitated_room()
    for pid in (4, 2, 3):
        state = after(state, EventKind.HAND_RAISED, pid)
    assert state.hand_queue == (4, 2, 3)
    assert state.queue_place(2) == 2


def test_raising_twice_keeps_one_place():
    """A hand already up keeps its place when raised again."""
    state = after(
        after(after(facilitated_room(), EventKind.HAND_RAISED, 3), EventKind.HAND_RAISED, 4),
        EventKind.HAND_RAISED,
        3,
    )
    assert state.hand_queue == (3, 4)


def test_hand_of_absent_person_not_queued():
    """A raise naming someone not in the room changes nothing but seq."""
    state = after(facilitated_room(), EventKind.HAND_RAISED, 99)
    assert state.hand_queue == ()


def test_floor_given_lowers_hand():
    """Giving someone the floor takes their hand out of the queue."""
    state = facilitated_room()
    for pid in (3, 4):
        state = after(state, EventKind.HAND_RAISED, pid)
    state = after(state, EventKind.FLOOR_GIVEN, 3)
    assert state.floor_holder == 3
    assert state.hand_queue == (4,)


def test_floor_released_clears_holder():
    """FLOOR_RELEASED leaves nobody holding the floor."""
    state = after(after(facilitated_room(), EventKind.FLOOR_GIVEN, 3), EventKind.FLOOR_RELEASED)
    assert state.floor_holder is None


def test_hand_lowered_and_cleared():
    """HAND_LOWERED takes one hand out; HANDS_CLEARED empties the queue."""
    state = facilitated_room()
    for pid in (2, 3, 4):
        state = after(state, EventKind.HAND_RAISED, pid)
    state = after(state, EventKind.HAND_LOWERED, 3)
    assert state.hand_queue == (2, 4)
    assert after(state, EventKind.HANDS_CLEARED).hand_queue == ()


def test_hand_moved_to_index():
    """HAND_MOVED puts the hand at the given place, clamped to the queue."""
    state = facilitated_room()
    for pid in (2, 3, 4):
        state = after(state, EventKind.HAND_RAISED, pid)
    assert after(state, EventKind.HAND_MOVED, 4, 0).hand_queue == (4, 2, 3)
    assert after(state, EventKind.HAND_MOVED, 2, 99).hand_queue == (3, 4, 2)
    assert after(state, EventKind.HAND_MOVED, 1, 0).hand_queue == (2, 3, 4)


def test_left_clears_floor_and_hand():
    """Someone leaving loses the floor and their place in the queue."""
    state = facilitated_room()
    state = after(state, EventKind.HAND_RAISED, 4)
    state = after(state, EventKind.HAND_RAISED, 2)
    state = after(state, EventKind.FLOOR_GIVEN, 4)
    state = after(state, EventKind.HAND_RAISED, 4)
    state = after(state, EventKind.LEFT, 4)
    assert 4 not in state.participants
    assert state.floor_holder is None
    assert state.hand_queue == (2,)


def test_dropped_and_returned_toggle_connected():
    """DROPPED keeps the person's place but marks them away; RETURNED brings them back."""
    state = after(after(facilitated_room(), EventKind.HAND_RAISED, 3), EventKind.DROPPED, 3)
    assert not state.participants[3].connected
    assert state.hand_queue == (3,)
    assert after(state, EventKind.RETURNED, 3).participants[3].connected


def test_removed_clears_person_and_remembers_name():
    """REMOVED takes the person out, with their hand, and bars their name (case-folded)."""
    state = after(after(facilitated_room(), EventKind.HAND_RAISED, 3), EventKind.REMOVED, 3)
    assert 3 not in state.participants
    assert state.hand_queue == ()
    assert state.removed_names == frozenset({"cy"})
    assert after(state, EventKind.ALLOWED, "CY").removed_names == frozenset()


def test_mode_and_role_set():
    """MODE_SET and ROLE_SET change the room's mode and a person's role."""
    state = after(facilitated_room(), EventKind.MODE_SET, Mode.FLOOR)
    assert state.mode is Mode.FLOOR
    assert after(state, EventKind.ROLE_SET, 3, Role.COFACILITATOR).participants[3].role is Role.COFACILITATOR


def test_said_appends_to_transcript_with_speaker_name():
    """SAID adds a message carrying the speaker's name, seq and time."""
    state = after(facilitated_room(), EventKind.SAID, "hello", actor=2)
    (message,) = state.transcript
    assert (message.pid, message.name, message.text, message.seq) == (2, "Bo", "hello", state.seq)


def test_said_by_relay_is_named_relay():
    """A message with no actor is shown as from the relay."""
    state = after(facilitated_room(), EventKind.SAID, "room closes soon")
    assert state.transcript[0].name == "relay"


def test_transcript_capped_at_transcript_keep():
    """Only the last TRANSCRIPT_KEEP messages are kept."""
    state = facilitated_room()
    for number in range(TRANSCRIPT_KEEP + 25):
        state = after(state, EventKind.SAID, f"message {number}", actor=3)
    assert len(state.transcript) == TRANSCRIPT_KEEP
    assert state.transcript[0].text == "message 25"
    assert state.transcript[-1].text == f"message {TRANSCRIPT_KEEP + 24}"


def test_replayed_event_with_old_seq_ignored():
    """An event whose seq is not newer than the state's changes nothing."""
    state = facilitated_room()
    raised = event(state.seq + 1, EventKind.HAND_RAISED, 3)
    state = apply(state, raised)
    state = after(state, EventKind.HAND_LOWERED, 3)
    assert apply(state, raised) is state
    assert apply(state, event(state.seq, EventKind.SAID, "again", actor=3)) is state


def test_seq_follows_applied_events():
    """The state's seq is the seq of the last event applied."""
    state = apply(facilitated_room(), event(50, EventKind.HANDS_CLEARED))
    assert state.seq == 50


def test_agenda_add_edit_move_remove():
    """Agenda items are added in order, edited in place, moved and removed."""
    state = room(("Ada", Role.FACILITATOR))
    for item_id, title in ((1, "Check-in"), (2, "Reading"), (3, "Sharing")):
        state = after(state, EventKind.AGENDA_ADDED, item_id, title, 10)
    assert [item.title for item in state.agenda] == ["Check-in", "Reading", "Sharing"]
    assert state.next_item_id == 4

    state = after(state, EventKind.AGENDA_EDITED, 2, "Reading aloud", 15)
    assert state.agenda_item(2).title == "Reading aloud"
    assert state.agenda_item(2).minutes == 15

    state = after(state, EventKind.AGENDA_MOVED, 3, 0)
    assert [item.item_id for item in state.agenda] == [3, 1, 2]

    state = after(state, EventKind.AGENDA_REMOVED, 1)
    assert [item.item_id for item in state.agenda] == [3, 2]


def test_agenda_current_sets_item_and_start_time():
    """AGENDA_CURRENT marks the item and when it started; None clears both."""
    state = after(room(("Ada", Role.FACILITATOR)), EventKind.AGENDA_ADDED, 1, "Check-in", 10)
    state = apply(state, event(state.seq + 1, EventKind.AGENDA_CURRENT, 1, at=1234))
    assert (state.current_item, state.current_started_at) == (1, 1234)
    state = after(state, EventKind.AGENDA_CURRENT, None)
    assert (state.current_item, state.current_started_at) == (None, None)


def test_agenda_current_unknown_item_ignored():
    """Making a missing item current changes nothing."""
    state = after(room(("Ada", Role.FACILITATOR)), EventKind.AGENDA_CURRENT, 8)
    assert state.current_item is None


def test_removing_current_item_clears_current():
    """Removing the current agenda item leaves no current item."""
    state = after(room(("Ada", Role.FACILITATOR)), EventKind.AGENDA_ADDED, 1, "Check-in", 10)
    state = after(state, EventKind.AGENDA_CURRENT, 1)
    state = after(state, EventKind.AGENDA_REMOVED, 1)
    assert (state.current_item, state.current_started_at) == (None, None)
