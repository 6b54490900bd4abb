"""Property tests: the codec never fails except with ProtocolError, and the core never crashes.

Examples are bounded (``max_examples``) and the deadline is off so the suite stays fast
and steady on a loaded machine.
"""

import msgpack
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from protocol import (
    Command,
    CommandKind,
    EventKind,
    Mode,
    ProtocolError,
    Refused,
    Role,
    RoomState,
    Welcome,
    apply,
    decode,
    encode,
)
from protocol.fields import EVENT_FIELDS
from protocol.limits import NOTES_KEEP, TRANSCRIPT_KEEP
from protocol.numbering import number_events
from protocol.privacy import audience, view_for
from protocol.rules import Context, check_may_join, decide, join, share_time_up
from tests.protocol import strategies as s
from tests.protocol.builders import AT, DEMO_FORMAT, event, facilitated_room

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
_pids = st.integers(0, 8)
_small = {
    s.f.ident: _pids,
    s.f.optional_ident: st.none() | _pids,
    s.f.integer: st.integers(-3, 8),
    s.f.message: st.text(min_size=1, max_size=20),
    s.f.ident_list: st.lists(_pids, max_size=6).map(tuple),
    s.f.reading_text: st.sampled_from(["One.", "One.\n\nTwo.", "A\n\nB\n\nC"]),
    s.f.short_text: st.text(max_size=20),
    s.f.silence_minutes: st.integers(0, 3),
    s.f.title: st.sampled_from(["Check-in", "demo-format", "Preamble"]),
    s.f.segment_rules: st.none()
    | st.tuples(
        st.sampled_from(Mode),
        st.booleans(),
        st.none() | st.integers(1, 120),
        st.booleans(),
        st.none() | st.integers(0, 4),
    ),
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
    assert len(state.notes) <= NOTES_KEEP


def check_meeting_invariants(state: RoomState) -> None:
    """What holds in any room the rules produced (random events may break it; the relay never does)."""
    check_invariants(state)
    assert not set(state.waiting) & set(state.participants)
    # A facilitator's or a guest's name comes before a waiter's (``admission.seated_over_waiters``):
    # the meeting's names are unique, and so are the waiting room's; a waiter whose name a
    # leader took is numbered again when let in.
    seated = [p.name.casefold() for p in state.participants.values()]
    waiting = [w.name.casefold() for w in state.waiting.values()]
    assert len(set(seated)) == len(seated), "two people in the meeting share a name"
    assert len(set(waiting)) == len(waiting), "two people waiting share a name"
    assert all(pid < state.next_pid for pid in [*state.participants, *state.waiting])
    if state.round is not None:
        assert len(set(state.round.order)) == len(state.round.order)
        assert set(state.round.order) <= set(state.participants)
        assert state.round.done <= set(state.round.order)
    if state.reader is not None:
        assert state.reader.pid in state.participants
        assert state.reading(state.reader.reading_id) is not None
    assert state.shown_reading is None or state.reading(state.shown_reading) is not None
    assert state.support <= set(state.participants)
    assert set(state.silenced) <= set(state.participants)
    assert state.floor_since is None or state.floor_holder is not None


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
_actors = st.sampled_from([1, 1, 2, 3, 3, 4, 5, 6, 7, 9])
"""Mostly the four people present from the start; sometimes a later arrival or a stranger."""
_steps = st.one_of(
    st.tuples(st.just("command"), _actors, _small_commands),
    st.tuples(st.just("command"), _actors, _small_commands),
    st.tuples(st.just("command"), _actors, _small_commands),
    st.tuples(st.just("arrive"), st.sampled_from(["Eve", "Fay", "cy", "Ada"]), st.sampled_from(Role)),
    st.tuples(st.just("link"), _pids, st.booleans()),
    st.tuples(st.just("grace_over"), _pids),
    st.just(("time_up",)),
)
"""What can happen in a room: a command from someone (or a stranger), an arrival, a link
dropping or coming back, a grace period running out, a share reaching its limit."""


def _happenings(state: RoomState, step: tuple, now: int) -> tuple[list, int | None, Context]:
    """The decisions one step becomes, as the relay would make them, and who acted."""
    context = Context(now=now, formats={"demo-format": DEMO_FORMAT})
    what = step[0]
    if what == "command":
        _, actor, (kind, args) = step
        return decide(state, actor, Command(1, kind, args), context), actor, context
    if what == "arrive":
        _, name, role = step
        if role is not Role.FACILITATOR:
            check_may_join(state, name)
        kind, fields = join(state, name, role)
        return [(kind, fields)], fields[0], context
    if what == "link":
        _, pid, up = step
        person = state.participants.get(pid)
        if person is None or person.connected is up:
            return [], None, context
        return [(EventKind.RETURNED if up else EventKind.DROPPED, (pid,))], None, context
    if what == "grace_over":
        pid = step[1]
        if pid in state.waiting:
            return [(EventKind.WAITER_LEFT, (pid,))], None, context
        if pid in state.participants and not state.participants[pid].connected:
            return [(EventKind.LEFT, (pid,))], None, context
        return [], None, context
    return share_time_up(state), None, context


@BOUNDED
@given(st.lists(_steps, min_size=10, max_size=80))
@example(  # a co-facilitator's arrival takes the name of someone waiting, who is renumbered on admission
    [
        ("command", 1, (CommandKind.SET_WAITING_ROOM, (True,))),
        ("arrive", "Ada", Role.MEMBER),
        ("arrive", "Ada", Role.COFACILITATOR),
    ]
)
def test_rules_and_reducer_never_crash(steps):
    """Random commands, arrivals, drops and time-ups are allowed or refused, never crash; every
    event survives the wire and has an audience; the room stays consistent; every view encodes."""
    state = facilitated_room()
    for number, step in enumerate(steps):
        now = AT + 30 * number
        try:
            decisions, actor, _ = _happenings(state, step, now)
        except (Refused, ProtocolError):
            continue
        state, events = number_events(state, decisions, at=now, actor=actor, request_id=1)
        for recorded in events:
            assert decode(encode(recorded)) == recorded
            audience(recorded)
        check_meeting_invariants(state)
    for pid in [*state.participants, *state.waiting]:
        view = view_for(state, pid)
        assert decode(encode(Welcome(pid, Role.MEMBER, "t", 0.0, view))).snapshot == view
