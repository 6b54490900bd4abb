"""Notes from the lobby: whether one may be left for the facilitators, and deleting one.

``lobby_note`` is asked by the relay's HTTP side (``server.lobby_door``) when someone
who has not joined sends a note: it is not a command, since the sender holds no place
in the room, but the rule for it lives here with the one command about lobby notes,
``LOBBY_NOTE_DELETE``, which facilitators send from the desk.
"""

from protocol.errors import Refused
from protocol.kinds import EventKind
from protocol.limits import LOBBY_NOTES_KEEP
from protocol.lobby_notes import clean_lobby_note
from protocol.names import check_join_name
from protocol.rules.decision import Args, Context, Decision
from protocol.state import Participant, RoomState


def lobby_note(state: RoomState, name: object, text: object) -> Decision:
    """The event a note from the lobby becomes, or why it may not be left.

    Its number is the event's own sequence number, so a note's id is never used twice,
    even after earlier notes were deleted.

    Raises:
        Refused: ``notes_closed`` when the room does not take notes, ``lockdown`` while
            it is locked down, ``inbox_full`` when it holds ``LOBBY_NOTES_KEEP`` notes.
        ProtocolError: ``bad_name`` or ``bad_note`` for a name or text that is not allowed.
    """
    if not state.accepts_lobby_notes:
        raise Refused("notes_closed", "This room does not take notes from the lobby.")
    if state.lockdown:
        raise Refused("lockdown", "This room is locked down just now; please try again later.")
    if len(state.lobby_notes) >= LOBBY_NOTES_KEEP:
        raise Refused(
            "inbox_full",
            f"The facilitators already have {LOBBY_NOTES_KEEP} notes waiting; please try again "
            "after the next meeting.",
        )
    return [(EventKind.LOBBY_NOTED, (state.seq + 1, check_join_name(name), clean_lobby_note(text)))]


def decide_lobby_note_delete(state: RoomState, actor: Participant, args: Args, context: Context) -> Decision:
    """LOBBY_NOTE_DELETE note_id: a facilitator deletes a note from the lobby."""
    (note_id,) = args
    if not any(note.note_id == note_id for note in state.lobby_notes):
        raise Refused("no_such_note", "That note is not in the inbox any more.")
    return [(EventKind.LOBBY_NOTE_DELETED, (note_id,))]
