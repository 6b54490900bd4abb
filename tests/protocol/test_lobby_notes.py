"""Notes from the lobby: the rule that admits one, the inbox in the state, its audience, its end."""

from dataclasses import replace

import pytest

from protocol import CommandKind, EventKind
from protocol.directory import RoomEntry
from protocol.errors import ProtocolError, Refused
from protocol.limits import LOBBY_NOTES_KEEP, MAX_LOBBY_NOTE_CHARS
from protocol.privacy import Audience, audience, view_for
from protocol.rules import lobby
from protocol.state import state_from_wire, state_to_wire
from tests.protocol.builders import AT, act, event, facilitated_room, record

ADA, BO, CY = 1, 2, 3  # facilitator, co-facilitator, member


def _open_room():
    return replace(facilitated_room(), accepts_lobby_notes=True)


def _with_note(state, name="Sam", text="First time; may I just listen?", at=AT):
    return record(state, lobby.lobby_note(state, name, text), at=at)


def test_a_note_joins_the_inbox_with_its_time():
    """A note from the lobby is kept with its sender's name, its text and when it came."""
    state = _with_note(_open_room(), at=AT + 5)
    (note,) = state.lobby_notes
    assert (note.name, note.text, note.at) == ("Sam", "First time; may I just listen?", AT + 5)


def test_note_ids_are_never_used_twice():
    """A note's id is its event's number, so a deleted note's id does not come back."""
    state = _with_note(_open_room())
    first = state.lobby_notes[0].note_id
    state = act(state, ADA, CommandKind.LOBBY_NOTE_DELETE, first)
    state = _with_note(state)
    assert state.lobby_notes[0].note_id != first


def test_a_room_that_does_not_take_notes_refuses_them():
    """Without the room's setting a note is refused with notes_closed."""
    with pytest.raises(Refused) as refused:
        lobby.lobby_note(facilitated_room(), "Sam", "hello")
    assert refused.value.code == "notes_closed"


def test_a_locked_down_room_refuses_notes():
    """During a lockdown nobody leaves a note."""
    with pytest.raises(Refused) as refused:
        lobby.lobby_note(replace(_open_room(), lockdown=True), "Sam", "hello")
    assert refused.value.code == "lockdown"


def test_a_full_inbox_keeps_the_oldest_and_refuses_the_new():
    """Once the inbox holds its limit, a new note is refused and the old ones stay."""
    state = _open_room()
    for number in range(LOBBY_NOTES_KEEP):
        state = _with_note(state, text=f"note {number}")
    with pytest.raises(Refused) as refused:
        lobby.lobby_note(state, "Sam", "one more")
    assert refused.value.code == "inbox_full"
    assert state.lobby_notes[0].text == "note 0"


def test_the_text_is_cleaned_and_measured():
    """Controls are neutralised; an empty or overlong note is refused."""
    state = _with_note(_open_room(), text="hi\x1b[31m there ")
    assert state.lobby_notes[0].text == "hi\ufffd[31m there"
    for text in ("   ", "x" * (MAX_LOBBY_NOTE_CHARS + 1)):
        with pytest.raises(ProtocolError):
            lobby.lobby_note(_open_room(), "Sam", text)


def test_the_name_may_not_claim_a_role():
    """A note's name is checked as a name to join with."""
    with pytest.raises(ProtocolError):
        lobby.lobby_note(_open_room(), "Facilitator", "hello")


def test_notes_and_their_deletion_go_to_the_leaders_only():
    """LOBBY_NOTED and LOBBY_NOTE_DELETED reach the leaders and nobody else."""
    leaders = Audience(everyone=False, pids=frozenset())
    assert audience(event(1, EventKind.LOBBY_NOTED, 1, "Sam", "hi")) == leaders
    assert audience(event(1, EventKind.LOBBY_NOTE_DELETED, 1)) == leaders


def test_a_member_sees_no_notes():
    """A member's view of the room has an empty inbox; a co-facilitator's has the notes."""
    state = _with_note(_open_room())
    assert view_for(state, CY).lobby_notes == ()
    assert len(view_for(state, BO).lobby_notes) == 1


def test_a_member_may_not_delete_a_note():
    """LOBBY_NOTE_DELETE is for leaders."""
    state = _with_note(_open_room())
    with pytest.raises(Refused) as refused:
        act(state, CY, CommandKind.LOBBY_NOTE_DELETE, state.lobby_notes[0].note_id)
    assert refused.value.code == "not_facilitator"


def test_deleting_a_note_that_is_gone_is_refused():
    """A note deleted already is refused with no_such_note."""
    with pytest.raises(Refused) as refused:
        act(_open_room(), ADA, CommandKind.LOBBY_NOTE_DELETE, 99)
    assert refused.value.code == "no_such_note"


def test_the_meeting_end_drops_notes_from_before_it_began():
    """Notes sent before the meeting began go at its end; one sent during it waits for the next."""
    state = act(_open_room(), ADA, CommandKind.AGENDA_ADD, "Check-in", 10)
    state = _with_note(state, text="before", at=AT - 60)
    state = record(state, [(EventKind.AGENDA_CURRENT, (state.agenda[0].item_id,))], at=AT)
    state = _with_note(state, text="during", at=AT + 60)
    state = act(state, ADA, CommandKind.END_MEETING)
    assert [n.text for n in state.lobby_notes] == ["during"]


def test_a_meeting_that_never_began_drops_every_note():
    """Ending a meeting whose agenda never started leaves the inbox empty."""
    state = act(_with_note(_open_room()), ADA, CommandKind.END_MEETING)
    assert state.lobby_notes == ()


def test_the_inbox_survives_a_snapshot():
    """The notes travel in the snapshot and come back the same."""
    state = _with_note(_open_room())
    assert state_from_wire(state_to_wire(state)).lobby_notes == state.lobby_notes


def test_the_directory_entry_says_whether_a_room_takes_notes():
    """accepts_notes travels in /rooms; absent (an older relay) or not true reads as no."""
    entry = RoomEntry("demo", "Demo", 0, None, accepts_notes=True)
    assert RoomEntry.from_json(entry.to_json()).accepts_notes is True
    assert RoomEntry.from_json({"name": "old"}).accepts_notes is False
    assert RoomEntry.from_json({"name": "odd", "accepts_notes": "yes"}).accepts_notes is False
