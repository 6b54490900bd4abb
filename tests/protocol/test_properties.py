"""Property tests: the codec never fails except with ProtocolError, and the core never crashes.

Examples are bounded (``max_examples``) and the deadline is off so the suite stays fast
and steady on a loaded machine.
"""

import msgpack
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from protocol import (
    Command,
    CommandKind,
    Event,
    EventKind,
    ProtocolError,
    Refused,
    RoomState,
    apply,
    decode,
    encode,
)
from protocol.fields import EVENT_FIELDS
from protocol.limits import TRANSCRIPT_KEEP
from protocol.rules import decide
from tests.protocol import strategies as s
from tests.protocol.builders import event, facilitated_room

BOUNDED = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def decodes_or_refuses(data: bytes) -> None:
    try:
        decode(data)
    except ProtocolError as error:
        assert error.code and isinstance(error.code, str)


@BOUNDED
@given(st.binary(max_size=512))
def test_decode_arbitrary_bytes(data):
    """Any bytes either decode to a frame or raise ProtocolError."""
    decodes_or_refuses(data)


@BOUNDED
@given(st.lists(s.raw_values, max_size=8), st.integers(0, 8))
def test_decode_arbitrary_msgpack_arrays(values, frame_type):
    """Any msgpack array of nested lists, ints, floats and text decodes or raises ProtocolError."""
    decodes_or_refuses(msgpack.packb([frame_type, *values]))
    decodes_or_refuses(msgpack.packb(values))


@BOUNDED
@given(s.mutated_frames())
def test_decode_mutated_frames(data):
    """A valid frame with one field damaged decodes or raises ProtocolError, never anything else."""
    decodes_or_refuses(data)


@BOUNDED
@given(s.frames)
def test_frames_roundtrip(frame):
    """decode(encode(frame)) == frame, and re-encoding gives the same bytes."""
    data = encode(frame)
    back = decode(data)
    assert back == frame
    assert encode(back) == data


@BOUNDED
@given(s.welcomes)
def test_welcome_snapshot_roundtrip(welcome):
    """A snapshot comes back as an equal RoomState."""
    assert decode(encode(welcome)).snapshot == welcome.snapshot


# Events over a small world of pids and item ids, so they name people who are there.
_small = {
    s.f.ident: st.integers(0, 6),
    s.f.optional_ident: st.none() | st.integers(0, 6),
    s.f.integer: st.integers(-3, 8),
    s.f.message: st.text(max_size=20),
}
_small_events = st.sampled_from(EventKind).flatmap(
    lambda kind: st.tuples(st.just(kind), s.args_for(EVENT_FIELDS[kind], _small))
)


def check_invariants(state: RoomState) -> None:
    assert len(set(state.hand_queue)) == len(state.hand_queue)
    assert all(pid in state.participants for pid in state.hand_queue)
    assert state.floor_holder is None or state.floor_holder in state.participants
    assert state.floor_holder not in state.hand_queue
    assert state.current_item is None or state.agenda_item(state.current_item) is not None
    assert len(state.transcript) <= TRANSCRIPT_KEEP


@BOUNDED
@given(st.lists(_small_events, max_size=60))
def test_apply_random_events_never_raises(events):
    """Any sequence of well-formed events applies without error and keeps the room consistent."""
    state = RoomState("demo", "Demo meeting")
    for seq, (kind, fields) in enumerate(events, start=1):
        state = apply(state, event(seq, kind, *fields, actor=fields[0] if fields else None))
        assert state.seq == seq
        check_invariants(state)


_small_commands = st.sampled_from(CommandKind).flatmap(
    lambda kind: st.tuples(st.just(kind), s.args_for(s.f.COMMAND_ARGS[kind], _small))
)


@BOUNDED
@given(st.lists(st.tuples(st.integers(1, 5), _small_commands), max_size=60))
def test_rules_and_reducer_never_crash(steps):
    """Random commands from random people are allowed or refused, never crash, and
    every event the rules produce survives the wire."""
    state = facilitated_room()
    for actor, (kind, args) in steps:
        try:
            decisions = decide(state, actor, Command(1, kind, args))
        except (Refused, ProtocolError):
            continue
        for event_kind, fields in decisions:
            recorded = Event(state.seq + 1, 1_700_000_000, event_kind, actor, 1, tuple(fields))
            assert decode(encode(recorded)) == recorded
            state = apply(state, recorded)
        check_invariants(state)
