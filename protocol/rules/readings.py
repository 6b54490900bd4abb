"""Readings: adding and removing them, showing one to everyone, reading one aloud.

Every decider here takes ``(state, actor, args, context)``.
"""

from protocol.errors import Refused
from protocol.kinds import EventKind
from protocol.limits import MAX_READINGS
from protocol.rules.decision import Args, Context, Decision, present
from protocol.state import Participant, RoomState
from protocol.text import for_display


def clean_message_block(text: str) -> str:
    """A reading's text: control characters neutralised, paragraphs kept."""
    return for_display(text.replace("\r\n", "\n")).strip()


def _reading(state: RoomState, reading_id: int) -> None:
    if state.reading(reading_id) is None:
        raise Refused("no_such_reading", "There is no such reading.")


def decide_reading_add(state: RoomState, actor: Participant, args: Args, context: Context) -> Decision:
    """READING_ADD title text [guidelines]: a new reading."""
    title, text, guidelines = args
    if len(state.readings) >= MAX_READINGS:
        raise Refused("readings_full", f"A room keeps at most {MAX_READINGS} readings.")
    return [
        (EventKind.READING_ADDED, (state.next_reading_id, title, clean_message_block(text), bool(guidelines)))
    ]


def decide_reading_show(state: RoomState, actor: Participant, args: Args, context: Context) -> Decision:
    """READING_SHOW reading|nil: show a reading to everyone, or hide it."""
    (reading_id,) = args
    if reading_id is not None:
        _reading(state, reading_id)
    return [(EventKind.READING_SHOWN, (reading_id,))]


def decide_reading_ask(state: RoomState, actor: Participant, args: Args, context: Context) -> Decision:
    """READING_ASK reading pid: ask someone to read a reading aloud."""
    reading_id, pid = args
    _reading(state, reading_id)
    present(state, pid)
    return [(EventKind.READING_ASKED, (reading_id, pid))]


def decide_reading_step(state: RoomState, actor: Participant, args: Args, context: Context) -> Decision:
    """READING_STEP: the person asked to read reads their next paragraph aloud."""
    reader = state.reader
    if reader is None or reader.pid != actor.pid:
        raise Refused("not_reader", "You have not been asked to read.")
    return [(EventKind.READ_ALOUD, (reader.reading_id, reader.next_paragraph))]


def decide_reading_remove(state: RoomState, actor: Participant, args: Args, context: Context) -> Decision:
    """READING_REMOVE reading: remove a reading."""
    (reading_id,) = args
    _reading(state, reading_id)
    return [(EventKind.READING_REMOVED, (reading_id,))]
