"""Property: whatever a room holds within its limits, every welcome fits one frame and decodes.

Each example grows the parts of a room (people present and waiting, their names' script,
agenda, readings, transcript, notes, lobby notes, removed names, silences) towards their limits,
adding agenda items and readings through the rules until they refuse, then builds the
welcome a facilitator, a member and someone waiting would get, and reads it back through
the codec.
"""

from types import MappingProxyType

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from protocol import CommandKind, Role, RoomState, Welcome, decode, encode
from protocol.errors import Refused
from protocol.frames import Command, Event
from protocol.limits import (
    LOBBY_NOTES_KEEP,
    MAX_AGENDA_ITEMS,
    MAX_KEY_CHARS,
    MAX_LOBBY_NOTE_CHARS,
    MAX_MESSAGE_CHARS,
    MAX_NAME_CHARS,
    MAX_READING_CHARS,
    MAX_READINGS,
    MAX_TITLE_CHARS,
    NOTES_KEEP,
    TRANSCRIPT_KEEP,
)
from protocol.names import removal_keys
from protocol.reducer import apply
from protocol.room_budget import MAX_PEOPLE
from protocol.rules import Context, decide
from protocol.state import LobbyNote, Message, Note, Participant, Waiter
from server.replay import snapshot_wire

SCRIPTS = ["a", "\u0436", "\u8bfb", "\U00020000"]
"""One character each of 1, 2, 3 and 4 UTF-8 bytes."""


def add_until_refused(state: RoomState, command: Command, times: int) -> RoomState:
    """Send ``command`` from the facilitator (pid 1) up to ``times`` times, until the rules refuse it."""
    for _ in range(times):
        try:
            decision = decide(state, 1, command, Context())
        except Refused:
            break
        for kind, fields in decision:
            state = apply(state, Event(state.seq + 1, 0, kind, None, None, tuple(fields)))
    return state


@st.composite
def full_rooms(draw) -> RoomState:
    """A room with each part drawn between empty and its limit, in a drawn script."""
    char = draw(st.sampled_from(SCRIPTS))
    people = draw(st.integers(1, MAX_PEOPLE))
    waiting_count = draw(st.integers(0, MAX_PEOPLE - people))
    name = char * (MAX_NAME_CHARS - 4)
    present = {1: Participant(1, "Fran", Role.FACILITATOR)}
    present |= {pid: Participant(pid, f"{name}{pid:04d}", Role.MEMBER) for pid in range(2, people + 1)}
    waiting = {
        pid: Waiter(pid, f"{name}{pid:04d}", True, True)
        for pid in range(people + 1, people + waiting_count + 1)
    }
    pids = tuple(present)
    state = RoomState(
        name="demo",
        title=char * MAX_TITLE_CHARS,
        participants=MappingProxyType(present),
        waiting=MappingProxyType(waiting),
        hand_queue=pids[1:],
        silenced=MappingProxyType({pid: 2**40 for pid in pids[1:]}),
        support=frozenset(pids),
        next_pid=people + waiting_count + 1,
        welcome_text=char * draw(st.integers(0, 2000)),
        removed_names=frozenset().union(
            *(removal_keys(f"{name}{n:04d}x") for n in range(draw(st.integers(0, 100))))
        ),
        transcript=tuple(
            Message(n, 2, name, char * MAX_MESSAGE_CHARS, 0)
            for n in range(draw(st.integers(0, TRANSCRIPT_KEEP)))
        ),
        notes=tuple(
            Note(n, 2, None, name, char * MAX_MESSAGE_CHARS, 0)
            for n in range(draw(st.integers(0, NOTES_KEEP)))
        ),
        lobby_notes=tuple(
            LobbyNote(n, name, char * MAX_LOBBY_NOTE_CHARS, 0)
            for n in range(draw(st.integers(0, LOBBY_NOTES_KEEP)))
        ),
    )
    agenda = Command(1, CommandKind.AGENDA_ADD, (char * MAX_TITLE_CHARS, 10))
    state = add_until_refused(state, agenda, draw(st.integers(0, MAX_AGENDA_ITEMS)))
    reading_size = draw(st.integers(1, MAX_READING_CHARS))
    reading = Command(2, CommandKind.READING_ADD, (char * MAX_TITLE_CHARS, char * reading_size, True))
    return add_until_refused(state, reading, draw(st.integers(0, MAX_READINGS)))


def welcome_round_trip(state: RoomState, pid: int) -> RoomState:
    """The snapshot ``pid`` is welcomed with, through the codec and back."""
    wire = snapshot_wire(state, pid)
    decoded = decode(encode(Welcome(pid, Role.MEMBER, "t" * MAX_KEY_CHARS, 1.5, None, wire)))
    assert isinstance(decoded, Welcome) and decoded.snapshot is not None
    return decoded.snapshot


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(full_rooms())
def test_every_welcome_fits_and_decodes(state):
    """Welcomes of any room within its limits (facilitator, member, waiter) encode and decode."""
    facilitator_view = welcome_round_trip(state, 1)
    assert len(facilitator_view.participants) == len(state.participants)
    assert facilitator_view.readings == state.readings and facilitator_view.agenda == state.agenda
    member = next((pid for pid in state.participants if pid != 1), None)
    if member is not None:
        assert welcome_round_trip(state, member).readings == state.readings
    for waiter in list(state.waiting)[:1]:
        assert welcome_round_trip(state, waiter).waiting_room


def test_many_removals_still_decode_for_a_facilitator():
    """A meeting with more removed names than an array may hold still welcomes its facilitator."""
    keys = frozenset().union(*(removal_keys(f"Name {n:04d}x") for n in range(600)))
    state = RoomState(
        "demo",
        "Demo",
        participants=MappingProxyType({1: Participant(1, "Fran", Role.FACILITATOR)}),
        removed_names=keys,
    )
    assert len(keys) > 512
    assert welcome_round_trip(state, 1).participants[1].name == "Fran"
