"""The property the privacy design rests on: each person's copy of the room is their view of it.

The relay sends each person a welcome snapshot (``view_for`` the room, with no messages
from before they came) and then only the events ``audience`` lets them receive, plus a
fresh snapshot when they are admitted or their role changes. Whatever happens in the
meeting, the copy a person's client builds from those alone must equal ``view_for`` the
relay's room (its ``seq`` aside: a person's stream has gaps by design).
"""

from dataclasses import replace
from types import MappingProxyType

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from protocol import CommandKind, Event, EventKind, ProtocolError, Refused, Role, RoomState, apply
from protocol.numbering import number_events
from protocol.privacy import audience, event_for, heard, view_for
from tests.protocol import strategies as s
from tests.protocol.builders import AT, facilitated_room
from tests.protocol.test_properties import _actors, _happenings, _small, _steps

_PRIVATE_MATTERS = st.sampled_from(
    [
        CommandKind.NOTE,
        CommandKind.SUPPORT,
        CommandKind.REPLY,
        CommandKind.SET_ROLE,
        CommandKind.SILENCE,
        CommandKind.LOCK,
        CommandKind.LOCKDOWN,
        CommandKind.SET_WAITING_ROOM,
        CommandKind.ADMIT,
        CommandKind.REMOVE,
        CommandKind.SAY,
    ]
).flatmap(lambda kind: st.tuples(st.just(kind), s.args_for(s.f.COMMAND_ARGS[kind], _small)))
_meeting = st.one_of(_steps, _steps, st.tuples(st.just("command"), _actors, _PRIVATE_MATTERS))
"""Any step of a meeting, with the commands whose events have a limited audience more often."""

QUICK = settings(
    max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
"""Derandomized and bounded, so CI runs the same examples quickly every time."""


class Copies:
    """Every person's copy of the room, as their client would build it from what they receive."""

    def __init__(self, state: RoomState) -> None:
        self.arrived: dict[int, int] = {pid: 0 for pid in state.participants}
        """The seq after which each person came in (their welcome held no earlier messages)."""
        self.copies: dict[int, RoomState] = {pid: view_for(state, pid) for pid in state.participants}

    def welcome(self, state: RoomState, pid: int) -> None:
        """``pid`` gets a fresh snapshot: their view, with what they heard since they came."""
        view = view_for(state, pid)
        self.copies[pid] = replace(view, transcript=heard(view.transcript, self.arrived[pid]))

    def deliver(self, before: RoomState, after: RoomState, events: list[Event]) -> None:
        """Fan out one recorded batch as the relay does, then the fresh welcomes it calls for."""
        arriving = [
            e.fields[0] for e in events if e.kind in (EventKind.JOINED, EventKind.WAITER_ARRIVED)
            and e.fields[0] not in before.participants and e.fields[0] not in before.waiting
        ]
        for event in events:
            for pid in self.copies:
                if audience(event).includes(after, pid):
                    self.copies[pid] = apply(self.copies[pid], event_for(event, after, pid))
        for pid in arriving:  # welcomed after the batch, with no earlier messages
            self.arrived[pid] = after.seq
            self.welcome(after, pid)
        for event in events:
            pid = event.fields[0] if event.fields else None
            if event.kind is EventKind.ADMITTED:
                self.arrived[pid] = after.seq
                self.welcome(after, pid)
            elif event.kind is EventKind.ROLE_SET and pid in self.copies:
                self.welcome(after, pid)
        for pid in list(self.copies):
            if pid not in after.participants and pid not in after.waiting:
                del self.copies[pid]

    def check(self, state: RoomState) -> None:
        """Every copy equals the person's view of ``state``, but for seq and earlier messages."""
        for pid, copy in self.copies.items():
            view = view_for(state, pid)
            expected = replace(view, transcript=heard(view.transcript, self.arrived.get(pid, 0)))
            assert _shown(_own_shares(copy, pid)) == _shown(expected), pid


def _own_shares(copy: RoomState, pid: int) -> RoomState:
    """``copy`` with only ``pid``'s own share count: the floor turns are public, so every
    client counts everyone's as they come, but a view holds a member's own count only
    (``protocol.fairness``), and no member's screen shows anyone else's."""
    me = copy.participants.get(pid)
    if me is not None and me.role.leads:
        return copy
    return replace(copy, shares=MappingProxyType({p: c for p, c in copy.shares.items() if p == pid}))


def _shown(state: RoomState) -> RoomState:
    """``state`` without the relay's counters: ``seq`` (a person's stream has gaps by design)
    and ``next_pid`` (the relay's next number for an arrival, which also counts people who
    only ever waited; pids are allocation numbers, never shown as anything)."""
    return replace(state, seq=0, next_pid=0)


@QUICK
@given(st.lists(_meeting, min_size=10, max_size=80))
@example(  # a promotion and a demotion after private matters: the trial that found the gap
    [
        ("command", 4, (CommandKind.NOTE, ("I am struggling tonight",))),
        ("command", 4, (CommandKind.SUPPORT, (True,))),
        ("command", 1, (CommandKind.SILENCE, (3, 2))),
        ("command", 1, (CommandKind.SET_ROLE, (3, Role.COFACILITATOR))),
        ("command", 1, (CommandKind.SET_ROLE, (2, Role.MEMBER))),
    ]
)
def test_every_copy_is_the_persons_view(steps):
    """For random meetings, each person's copy built from what they receive equals view_for."""
    _meet(facilitated_room(), steps)


@QUICK
@given(st.lists(_meeting, min_size=10, max_size=80))
@example(  # a member speaks, another passes, one is promoted and demoted, a newcomer arrives
    [
        ("command", 3, (CommandKind.SAY, ("hello",))),
        ("command", 1, (CommandKind.SET_ROLE, (4, Role.COFACILITATOR))),
        ("command", 1, (CommandKind.SET_ROLE, (4, Role.MEMBER))),
        ("arrive", "Eve", Role.MEMBER),
        ("command", 5, (CommandKind.SAY, ("hi",))),
    ]
)
def test_every_copy_is_the_persons_view_in_a_count_only_room(steps):
    """The same with attendance "count": names are kept from members, and still the copies agree."""
    _meet(replace(facilitated_room(), count_only=True), steps)


def _meet(state: RoomState, steps: list) -> RoomState:
    """Run ``steps`` as the relay would, checking every person's copy after each."""
    copies = Copies(state)
    for number, step in enumerate(steps):
        now = AT + 30 * number
        try:
            decisions, actor, _ = _happenings(state, step, now)
        except (Refused, ProtocolError):
            continue
        before = state
        state, events = number_events(state, decisions, at=now, actor=actor, request_id=1)
        copies.deliver(before, state, events)
        copies.check(state)
    return state


def test_a_member_does_not_see_a_plain_lock():
    """A member's copy shows no lock when a leader locks the room (the lock is the leaders')."""
    state = facilitated_room()
    copies = Copies(state)
    locked = apply(state, Event(state.seq + 1, AT, EventKind.LOCK_SET, 1, 1, (True,)))
    copies.deliver(state, locked, [Event(state.seq + 1, AT, EventKind.LOCK_SET, 1, 1, (True,))])
    assert copies.copies[3].locked is False
    copies.check(locked)


def test_a_member_sees_the_lockdown_lock():
    """On lockdown a member's copy and their view both show the room locked."""
    state = facilitated_room()
    copies = Copies(state)
    event = Event(state.seq + 1, AT, EventKind.LOCKDOWN_SET, 1, 1, (True,))
    after = apply(state, event)
    copies.deliver(state, after, [event])
    assert view_for(after, 3).locked is True
    copies.check(after)
