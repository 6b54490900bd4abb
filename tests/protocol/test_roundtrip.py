"""Every frame type survives ``encode`` then ``decode`` unchanged."""

import msgpack
import pytest

from protocol import (
    PROTOCOL_VERSION,
    Ack,
    Command,
    CommandKind,
    ErrorFrame,
    Event,
    EventKind,
    Hello,
    Mode,
    Role,
    Welcome,
    decode,
    encode,
)
from protocol.fields import COMMAND_ARGS, EVENT_FIELDS
from protocol.kinds import FrameType, Reaction
from protocol.rules import Context
from protocol.state import state_from_wire, state_to_wire
from tests.protocol.builders import (
    AT,
    SAMPLE_BY_CHECKER_NAME,
    act,
    arrive,
    checker_name,
    facilitated_room,
    sample_args,
)


def roundtrip(frame):
    return decode(encode(frame))


def test_hello_roundtrip():
    """A first-join hello comes back field for field."""
    hello = Hello(PROTOCOL_VERSION, "Ada")
    assert roundtrip(hello) == hello


def test_hello_resume_roundtrip():
    """A resuming hello keeps its key, token and last seq."""
    hello = Hello(PROTOCOL_VERSION, "Ada", "facilitator-key", "resume-token", 41)
    assert roundtrip(hello) == hello


def test_welcome_with_snapshot_roundtrip():
    """A welcome carrying a lived-in room rebuilds the same room state."""
    state = facilitated_room()
    state = act(state, 1, CommandKind.AGENDA_ADD, "Check-in", 10)
    state = act(state, 1, CommandKind.AGENDA_SET_CURRENT, 1)
    state = act(state, 3, CommandKind.RAISE)
    state = act(state, 4, CommandKind.SAY, "first message")
    state = act(state, 1, CommandKind.SET_MODE, Mode.FLOOR)
    state = act(state, 1, CommandKind.GRANT, 2)
    state = act(state, 1, CommandKind.REMOVE, 4)
    welcome = Welcome(3, Role.MEMBER, "token", 1_700_000_000.5, state)
    back = roundtrip(welcome)
    assert back == welcome
    assert back.snapshot == state


def test_welcome_with_meeting_flow_snapshot_roundtrip():
    """A snapshot with segments, a round, reactions, readings, a reader, waiters, notes,
    support flags, silences and a lock rebuilds the same room state."""
    state = facilitated_room()
    state = act(state, 1, CommandKind.READING_ADD, "Guidelines", "Be kind.\n\nYou may pass.", True)
    state = act(state, 1, CommandKind.AGENDA_ADD, "Check-in", 10, (Mode.ROUND, False, 120, True, 1))
    state = act(state, 1, CommandKind.AGENDA_NEXT)
    state = act(state, 3, CommandKind.REACT, Reaction.HEART)
    state = act(state, 1, CommandKind.DONE)
    state = act(state, 1, CommandKind.READING_ASK, 1, 4)
    state = act(state, 4, CommandKind.READING_STEP)
    state = act(state, 3, CommandKind.NOTE, "rough day")
    state = act(state, 3, CommandKind.SUPPORT, True)
    state = act(state, 1, CommandKind.SILENCE, 4, 5, context=Context(now=AT))
    state = act(state, 1, CommandKind.SET_WAITING_ROOM, True)
    state, waiter = arrive(state, "Eve")
    state = act(state, waiter, CommandKind.WAITER_UPDATE, True, True)
    state = act(state, 1, CommandKind.REPLY, waiter, "welcome, one moment")
    state = act(state, 1, CommandKind.LOCK, True)
    assert state.round and state.reader and state.waiting and state.notes and state.silenced
    welcome = Welcome(3, Role.MEMBER, "token", 1_700_000_000.5, state)
    assert roundtrip(welcome).snapshot == state


def test_snapshot_has_44_fields():
    """The snapshot array has one element per documented field, in order."""
    wire = state_to_wire(facilitated_room())
    assert len(wire) == 44
    assert wire[:3] == ["demo", "Demo meeting", 4]


def test_welcome_without_snapshot_roundtrip():
    """A resume welcome (no snapshot) comes back with snapshot None."""
    welcome = Welcome(3, Role.FACILITATOR, "token", 12.25, None)
    back = roundtrip(welcome)
    assert back == welcome
    assert back.snapshot is None


def test_welcome_sends_trimmed_snapshot_wire():
    """A welcome built with ``snapshot_wire`` sends that array instead of the state."""
    state = act(facilitated_room(), 3, CommandKind.SAY, "one")
    trimmed = state_to_wire(state, transcript=())
    back = roundtrip(Welcome(3, Role.MEMBER, "t", 1.0, state, snapshot_wire=trimmed))
    assert back.snapshot.transcript == ()
    assert back.snapshot.participants == state.participants


def test_error_frame_roundtrip():
    """An error frame keeps its code, sentence and request id."""
    error = ErrorFrame("not_facilitator", "Only a facilitator can do that.", 9)
    assert roundtrip(error) == error
    assert roundtrip(ErrorFrame("malformed", "Bad bytes.")) == ErrorFrame("malformed", "Bad bytes.")


def test_ack_roundtrip():
    """An ack keeps its request id and seq."""
    assert roundtrip(Ack(12, 40)) == Ack(12, 40)


@pytest.mark.parametrize("kind", list(EventKind), ids=lambda kind: kind.name)
def test_event_roundtrip(kind):
    """An event of every kind comes back with the same fields."""
    event = Event(5, 1_700_000_000, kind, 1, 3, sample_args(EVENT_FIELDS[kind]))
    back = roundtrip(event)
    assert back == event
    assert back.kind is kind


@pytest.mark.parametrize("kind", list(CommandKind), ids=lambda kind: kind.name)
def test_command_roundtrip(kind):
    """A command of every kind comes back with the same arguments."""
    command = Command(77, kind, sample_args(COMMAND_ARGS[kind]))
    back = roundtrip(command)
    assert back == command
    assert back.kind is kind


def test_enum_fields_decode_as_enums():
    """Mode, role and reaction fields come back as their enum, not a bare int."""
    assert roundtrip(Event(1, 0, EventKind.MODE_SET, 1, None, (Mode.FLOOR,))).fields[0] is Mode.FLOOR
    assert roundtrip(Command(1, CommandKind.SET_ROLE, (4, Role.MEMBER))).args[1] is Role.MEMBER
    assert roundtrip(Command(1, CommandKind.REACT, (Reaction.THANK_YOU,))).args[0] is Reaction.THANK_YOU
    rules = roundtrip(
        Command(1, CommandKind.AGENDA_ADD, ("Pause", 3, (Mode.SILENT, False, None, False, None)))
    )
    assert rules.args[2][0] is Mode.SILENT


@pytest.mark.parametrize(
    ("kind", "args"),
    [
        (CommandKind.AGENDA_ADD, ("Check-in", 10)),
        (CommandKind.AGENDA_EDIT, (1, "Check-in", 10)),
        (CommandKind.READING_ADD, ("Preamble", "We meet to support each other.")),
        (CommandKind.DECLINE, (5,)),
    ],
    ids=["agenda-add", "agenda-edit", "reading-add", "decline"],
)
def test_optional_trailing_argument_may_be_left_out(kind, args):
    """A command sent without its optional last argument decodes with None there."""
    assert roundtrip(Command(1, kind, args)).args == (*args, None)


def test_agenda_event_without_rules_decodes_with_none():
    """An AGENDA_ADDED recorded before segments existed (three fields) still decodes."""
    back = roundtrip(Event(1, 0, EventKind.AGENDA_ADDED, 1, None, (1, "Check-in", 10)))
    assert back.fields == (1, "Check-in", 10, None)


def test_segment_rules_wire_form():
    """Segment rules travel as [mode, crosstalk, share_seconds, hard_stop, reading_id]."""
    command = Command(1, CommandKind.AGENDA_ADD, ("Shares", 30, (Mode.FLOOR, False, 180, True, None)))
    assert msgpack.unpackb(encode(command))[3] == ["Shares", 30, [1, False, 180, True, None]]


def test_frame_type_is_first_element():
    """Every frame is a msgpack array whose first element is its type number."""
    for frame in (
        Hello(1, "A"),
        Welcome(1, Role.MEMBER, "t", 0.0, None),
        ErrorFrame("c", "m"),
        Event(1, 0, EventKind.HANDS_CLEARED, None, None, ()),
        Command(1, CommandKind.RAISE),
        Ack(1, 1),
    ):
        assert msgpack.unpackb(encode(frame))[0] == frame.TYPE
    assert {frame_type.value for frame_type in FrameType} == {1, 2, 3, 4, 5, 6}


def test_every_kind_has_arguments_listed():
    """Every command and event kind has an entry in the argument tables."""
    assert set(COMMAND_ARGS) == set(CommandKind)
    assert set(EVENT_FIELDS) == set(EventKind)


def test_every_kind_has_a_sample():
    """The sample table covers every checker the protocol uses (keeps the tests above complete)."""
    used = {
        checker_name(check)
        for checkers in (*COMMAND_ARGS.values(), *EVENT_FIELDS.values())
        for check in checkers
    }
    assert used <= set(SAMPLE_BY_CHECKER_NAME)


def test_snapshot_stored_before_acceptance_was_kept_still_reads():
    """A 31-element snapshot (from before guidelines acceptance was kept) reads as nobody accepted."""
    from protocol.state import RoomState, state_from_wire, state_to_wire

    old = state_to_wire(RoomState(name="demo", title="Demo"))[:31]
    state = state_from_wire(old)
    assert state.accepted == frozenset() and state.newcomers == frozenset()


def test_snapshot_ending_at_meeting_start_reads_with_later_fields_empty():
    """A snapshot stored before link health and fairness hints reads them as empty and off."""
    room = facilitated_room()
    back = state_from_wire(state_to_wire(room)[:35])
    assert back.link_health == {} and back.shares == {} and back.hand_reasons == {}
    assert not back.progressive and not back.count_only and back.stepped_out == frozenset()
