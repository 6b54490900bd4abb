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
from protocol.kinds import FrameType
from protocol.state import state_to_wire
from tests.protocol.builders import SAMPLE_BY_CHECKER_NAME, act, facilitated_room, sample_args


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
    """Mode and role fields come back as their enum, not a bare int."""
    assert roundtrip(Event(1, 0, EventKind.MODE_SET, 1, None, (Mode.FLOOR,))).fields[0] is Mode.FLOOR
    assert roundtrip(Command(1, CommandKind.SET_ROLE, (4, Role.MEMBER))).args[1] is Role.MEMBER


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


def test_every_kind_has_a_sample():
    """The sample table covers every checker the protocol uses (keeps the tests above complete)."""
    used = {
        check.__name__ for checkers in (*COMMAND_ARGS.values(), *EVENT_FIELDS.values()) for check in checkers
    }
    assert used <= set(SAMPLE_BY_CHECKER_NAME)
