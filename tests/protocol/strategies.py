"""Hypothesis strategies for valid frames, events and raw msgpack-shaped values.

Argument strategies are looked up by the checker each ``COMMAND_ARGS`` / ``EVENT_FIELDS``
position uses (an optional position by the checker it wraps, or nil), so a kind added to
the protocol with existing checkers is covered here without editing this file.
"""

import string
import unicodedata
from typing import Any

import msgpack
from hypothesis import strategies as st

from protocol import (
    PROTOCOL_VERSION,
    Ack,
    AgendaItem,
    Command,
    CommandKind,
    ErrorFrame,
    Event,
    EventKind,
    Hello,
    Message,
    Mode,
    Participant,
    ProtocolError,
    Role,
    RoomState,
    Welcome,
    encode,
)
from protocol import fields as f
from protocol.guest_codes import GUEST_CODE_ALPHABET, shown_code
from protocol.kinds import HandReason, Reaction
from protocol.limits import (
    MAX_AGENDA_MINUTES,
    MAX_BEHIND_SECONDS,
    MAX_GUEST_INVITE_MINUTES,
    MAX_REPORTED_RTT_MS,
    MAX_SILENCE_MINUTES,
)
from protocol.state import Note, ReadAloud, Reading, Round, SegmentRules, Waiter
from protocol.text import check_name, check_title

MAX_INT = f.MAX_INT


def _valid(check: Any, value: str) -> bool:
    try:
        return check(value) == value
    except ProtocolError:
        return False


_nfc = st.text(min_size=1, max_size=40).map(lambda text: unicodedata.normalize("NFC", text))

names = _nfc.filter(lambda text: _valid(check_name, text))
"""Display names the relay accepts unchanged."""

titles = st.text(min_size=1, max_size=90).filter(lambda text: _valid(check_title, text))
"""Agenda and room titles the relay accepts unchanged."""

messages = st.text(min_size=1, max_size=300).filter(lambda text: _valid(f.message, text))
"""Message text as an event carries it: already in its final form."""

ids = st.integers(0, MAX_INT)
integers = st.integers(-MAX_INT, MAX_INT)
minutes = st.integers(1, MAX_AGENDA_MINUTES)
keys = st.none() | st.text(max_size=128)
readings = st.text(min_size=1, max_size=300).filter(lambda text: _valid(f.reading_text, text))
"""Reading texts (the field allows up to 8000 characters; short ones keep examples fast)."""
short_texts = st.text(max_size=500).filter(lambda text: _valid(f.short_text, text))
lobby_notes = st.text(min_size=1, max_size=300).filter(lambda text: _valid(f.lobby_note, text))
share_seconds = st.none() | st.integers(1, MAX_AGENDA_MINUTES * 60)
segment_rules = st.tuples(st.sampled_from(Mode), st.booleans(), share_seconds, st.booleans(), st.none() | ids)
segment_rules = segment_rules | st.tuples(segment_rules, names).map(lambda pair: (*pair[0], pair[1]))
guest_codes = st.text(alphabet=GUEST_CODE_ALPHABET, min_size=8, max_size=8).map(shown_code)
"""A segment's rules as the ``segment_rules`` checker returns them."""

_BY_CHECKER: dict[Any, st.SearchStrategy[Any]] = {
    f.integer: integers,
    f.ident: ids,
    f.optional_ident: st.none() | ids,
    f.optional_text: keys,
    f.message: messages,
    f.minutes: minutes,
    f.mode: st.sampled_from(Mode),
    f.role: st.sampled_from(Role),
    f.name: names,
    f.hideable_name: st.just("") | names,
    f.title: titles,
    f.boolean: st.booleans(),
    f.ident_list: st.lists(ids, max_size=12).map(tuple),
    f.reaction: st.sampled_from(Reaction),
    f.hand_reason: st.sampled_from(HandReason),
    f.reading_text: readings,
    f.short_text: short_texts,
    f.lobby_note: lobby_notes,
    f.silence_minutes: st.integers(0, MAX_SILENCE_MINUTES),
    f.rtt_ms: st.integers(0, MAX_REPORTED_RTT_MS),
    f.behind_seconds: st.integers(0, MAX_BEHIND_SECONDS),
    f.segment_rules: st.none() | segment_rules,
    f.guest_code: guest_codes,
    f.invite_minutes: st.integers(1, MAX_GUEST_INVITE_MINUTES),
}


def strategy_for(check: Any, table: dict[Any, st.SearchStrategy[Any]]) -> st.SearchStrategy[Any]:
    """Values for one checker position; an optional position may also be nil."""
    if isinstance(check, f.Optional):
        return st.none() | strategy_for(check.check, table)
    return table[check]


def args_for(
    checkers: tuple[Any, ...], overrides: dict[Any, st.SearchStrategy[Any]] | None = None
) -> st.SearchStrategy[tuple[Any, ...]]:
    """A tuple of values, one for each checker position."""
    table = {**_BY_CHECKER, **(overrides or {})}
    return st.tuples(*(strategy_for(check, table) for check in checkers))


def commands_of(kind: CommandKind) -> st.SearchStrategy[Command]:
    """Valid commands of one kind."""
    return st.builds(Command, ids, st.just(kind), args_for(f.COMMAND_ARGS[kind]))


def events_of(kind: EventKind) -> st.SearchStrategy[Event]:
    """Valid events of one kind."""
    return st.builds(
        Event, ids, integers, st.just(kind), st.none() | ids, st.none() | ids, args_for(f.EVENT_FIELDS[kind])
    )


commands = st.sampled_from(CommandKind).flatmap(commands_of)
events = st.sampled_from(EventKind).flatmap(events_of)


@st.composite
def room_states(draw: st.DrawFn) -> RoomState:
    """A room state with arbitrary but well-typed contents (a snapshot's shape)."""
    people = draw(
        st.lists(
            st.builds(Participant, ids, names, st.sampled_from(Role), st.booleans()),
            max_size=8,
            unique_by=lambda person: person.pid,
        )
    )
    pids = [person.pid for person in people]
    agenda = draw(
        st.lists(
            st.builds(
                AgendaItem, ids, titles, minutes, st.none() | segment_rules.map(lambda r: SegmentRules(*r))
            ),
            max_size=6,
            unique_by=lambda item: item.item_id,
        )
    )
    texts = st.text(max_size=60)
    some_readings = draw(
        st.lists(
            st.builds(Reading, ids, titles, texts, st.booleans()),
            max_size=3,
            unique_by=lambda r: r.reading_id,
        )
    )
    waiters = draw(
        st.lists(
            st.builds(Waiter, ids, names, st.booleans(), st.booleans()), max_size=4, unique_by=lambda w: w.pid
        )
    )
    round_ = None
    if draw(st.booleans()):
        done = frozenset(draw(st.sets(st.sampled_from(pids)))) if pids else frozenset()
        round_ = Round(tuple(draw(st.permutations(pids))), done)
    return RoomState(
        name=draw(names),
        title=draw(titles),
        seq=draw(ids),
        mode=draw(st.sampled_from(Mode)),
        participants={person.pid: person for person in people},
        hand_queue=tuple(draw(st.permutations(pids))[: draw(st.integers(0, len(pids)))]),
        floor_holder=draw(st.none() | st.sampled_from(pids)) if pids else None,
        agenda=tuple(agenda),
        current_item=draw(st.none() | st.sampled_from([i.item_id for i in agenda])) if agenda else None,
        current_started_at=draw(st.none() | ids),
        removed_names=frozenset(draw(st.lists(names, max_size=3))),
        transcript=tuple(draw(st.lists(st.builds(Message, ids, ids, names, messages, ids), max_size=5))),
        next_pid=draw(ids),
        next_item_id=draw(ids),
        crosstalk=draw(st.booleans()),
        round=round_,
        floor_since=draw(st.none() | ids),
        reactions=draw(st.tuples(ids, ids, ids)),
        readings=tuple(some_readings),
        shown_reading=draw(st.none() | ids),
        reader=draw(st.none() | st.builds(ReadAloud, ids, ids, ids)),
        next_reading_id=draw(ids),
        waiting_room=draw(st.booleans()),
        waiting={waiter.pid: waiter for waiter in waiters},
        notes=tuple(
            draw(st.lists(st.builds(Note, ids, ids, st.none() | ids, names, messages, ids), max_size=4))
        ),
        support=frozenset(draw(st.lists(ids, max_size=3))),
        silenced=draw(st.dictionaries(ids, ids, max_size=3)),
        locked=draw(st.booleans()),
        lockdown=draw(st.booleans()),
        welcome_text=draw(texts),
        resources=tuple(draw(st.lists(st.tuples(texts, texts), max_size=3))),
    )


device_keys = st.text(string.ascii_letters + string.digits + "-_", min_size=16, max_size=64)
"""Device keys as a hello may carry them: url-safe characters."""
hellos = st.builds(
    Hello,
    st.integers(0, 1000) | st.just(PROTOCOL_VERSION),
    names,
    keys,
    keys,
    st.none() | ids,
    st.none() | device_keys,
)
welcomes = st.builds(
    Welcome,
    ids,
    st.sampled_from(Role),
    st.text(max_size=128),
    st.floats(allow_nan=False, allow_infinity=False),
    st.none() | room_states(),
)
errors = st.builds(ErrorFrame, st.text(max_size=64), st.text(max_size=500), st.none() | ids)
acks = st.builds(Ack, ids, ids)

frames = st.one_of(hellos, welcomes, errors, events, commands, acks)
"""Any valid frame."""

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**63), 2**64 - 1), st.floats(), st.text(max_size=20)
)
raw_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=8), max_leaves=40)
"""What msgpack could carry in a frame: nested arrays of nil, bools, ints, floats, text."""


def _slots(wire: list[Any]) -> list[tuple[list[Any], int]]:
    """Every (array, index) position in a nested wire array."""
    found = []
    for index, value in enumerate(wire):
        found.append((wire, index))
        if isinstance(value, list):
            found.extend(_slots(value))
    return found


@st.composite
def mutated_frames(draw: st.DrawFn) -> bytes:
    """A valid frame with one value anywhere inside replaced, dropped or duplicated."""
    wire = msgpack.unpackb(encode(draw(frames)))
    container, index = draw(st.sampled_from(_slots(wire)))
    how = draw(st.sampled_from(["replace", "drop", "insert"]))
    if how == "replace":
        container[index] = draw(raw_values)
    elif how == "drop":
        del container[index]
    else:
        container.insert(index, draw(raw_values))
    return msgpack.packb(wire)
