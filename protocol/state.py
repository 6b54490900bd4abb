"""The room state both sides hold, and its wire form for snapshots.

``RoomState`` is immutable: the reducer returns a new one for every event, so a client
can keep the previous state for comparison and the relay can hand a state to a reader
without copying. Participant ids and agenda item ids are small integers the relay
allocates, which keeps frames short.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from protocol.errors import ProtocolError
from protocol.kinds import Mode, Role


@dataclass(frozen=True, slots=True)
class Participant:
    """Someone in the room."""

    pid: int
    name: str
    role: Role
    connected: bool = True
    """False while their link is down and the relay keeps their place for them."""


@dataclass(frozen=True, slots=True)
class AgendaItem:
    """One item on the shared agenda, with its time box."""

    item_id: int
    title: str
    minutes: int


@dataclass(frozen=True, slots=True)
class Message:
    """One chat message as the transcript keeps it."""

    seq: int
    pid: int
    name: str
    text: str
    at: int
    """Server time in whole seconds since the epoch."""


def _frozen_map(items: Mapping[int, Participant] | None = None) -> Mapping[int, Participant]:
    return MappingProxyType(dict(items or {}))


@dataclass(frozen=True, slots=True)
class RoomState:
    """Everything a participant needs to draw a room, as of event ``seq``."""

    name: str
    title: str
    seq: int = 0
    mode: Mode = Mode.OPEN
    participants: Mapping[int, Participant] = field(default_factory=_frozen_map)
    hand_queue: tuple[int, ...] = ()
    floor_holder: int | None = None
    agenda: tuple[AgendaItem, ...] = ()
    current_item: int | None = None
    current_started_at: int | None = None
    removed_names: frozenset[str] = frozenset()
    transcript: tuple[Message, ...] = ()
    next_pid: int = 1
    next_item_id: int = 1

    def participant(self, pid: int | None) -> Participant | None:
        """The participant with id ``pid``, or None."""
        return None if pid is None else self.participants.get(pid)

    def find_by_name(self, name: str) -> Participant | None:
        """The present participant called ``name`` (case-insensitive), or None."""
        wanted = name.casefold().strip()
        for person in self.participants.values():
            if person.name.casefold() == wanted:
                return person
        return None

    def agenda_item(self, item_id: int | None) -> AgendaItem | None:
        """The agenda item with id ``item_id``, or None."""
        for item in self.agenda:
            if item.item_id == item_id:
                return item
        return None

    def queue_place(self, pid: int) -> int | None:
        """1-based place of ``pid`` in the hand queue, or None if their hand is down."""
        try:
            return self.hand_queue.index(pid) + 1
        except ValueError:
            return None

    def may_post(self, pid: int) -> bool:
        """Whether ``pid`` may post a message now under the room's mode."""
        person = self.participants.get(pid)
        if person is None:
            return False
        if self.mode is Mode.OPEN or person.role.leads:
            return True
        return self.floor_holder == pid


def state_to_wire(state: RoomState, transcript: tuple[Message, ...] | None = None) -> list[Any]:
    """Positional array for a snapshot. ``transcript`` overrides the state's (to trim it)."""
    messages = state.transcript if transcript is None else transcript
    return [
        state.name,
        state.title,
        state.seq,
        int(state.mode),
        [[p.pid, p.name, int(p.role), p.connected] for p in state.participants.values()],
        list(state.hand_queue),
        state.floor_holder,
        [[i.item_id, i.title, i.minutes] for i in state.agenda],
        state.current_item,
        state.current_started_at,
        sorted(state.removed_names),
        [[m.seq, m.pid, m.name, m.text, m.at] for m in messages],
        state.next_pid,
        state.next_item_id,
    ]


def state_from_wire(wire: Any) -> RoomState:
    """Rebuild a ``RoomState`` from ``state_to_wire`` output.

    Raises:
        ProtocolError: ``bad_snapshot`` when the array does not have the right shape.
    """
    try:
        (name, title, seq, mode, people, queue, floor, agenda, current, started,
         removed, messages, next_pid, next_item_id) = wire
        participants = {
            int(pid): Participant(int(pid), str(pname), Role(role), bool(conn))
            for pid, pname, role, conn in people
        }
        return RoomState(
            name=str(name),
            title=str(title),
            seq=int(seq),
            mode=Mode(mode),
            participants=_frozen_map(participants),
            hand_queue=tuple(int(p) for p in queue),
            floor_holder=None if floor is None else int(floor),
            agenda=tuple(AgendaItem(int(i), str(t), int(m)) for i, t, m in agenda),
            current_item=None if current is None else int(current),
            current_started_at=None if started is None else int(started),
            removed_names=frozenset(str(n) for n in removed),
            transcript=tuple(
                Message(int(s), int(p), str(n), str(t), int(a)) for s, p, n, t, a in messages
            ),
            next_pid=int(next_pid),
            next_item_id=int(next_item_id),
        )
    except (TypeError, ValueError, OverflowError) as exc:  # int(inf) raises OverflowError
        raise ProtocolError("bad_snapshot", f"The room snapshot is malformed: {exc}") from exc
