"""The pure reducer: ``apply(state, event) -> state``.

The relay and every client run this same function over the same events, so they agree
on the room without ever sending a whole state after the join. It checks nothing about
permissions (``protocol.rules`` did that before the event existed) and must never
raise on an event the relay produced; an event that names someone already gone is
applied as a no-op so replays stay harmless.
"""

from collections.abc import Callable
from dataclasses import replace
from types import MappingProxyType

from protocol.frames import Event
from protocol.kinds import EventKind
from protocol.limits import TRANSCRIPT_KEEP
from protocol.state import AgendaItem, Message, Participant, RoomState
from protocol.text import name_key


def _without(queue: tuple[int, ...], pid: int) -> tuple[int, ...]:
    return tuple(p for p in queue if p != pid)


def _moved(items: tuple, index_of: int, to_index: int) -> tuple:
    as_list = list(items)
    item = as_list.pop(index_of)
    to_index = max(0, min(to_index, len(as_list)))
    as_list.insert(to_index, item)
    return tuple(as_list)


def _with_participant(state: RoomState, person: Participant) -> RoomState:
    people = dict(state.participants)
    people[person.pid] = person
    return replace(state, participants=MappingProxyType(people))


def _gone(state: RoomState, pid: int) -> RoomState:
    people = dict(state.participants)
    people.pop(pid, None)
    return replace(
        state,
        participants=MappingProxyType(people),
        hand_queue=_without(state.hand_queue, pid),
        floor_holder=None if state.floor_holder == pid else state.floor_holder,
    )


def _set_connected(state: RoomState, pid: int, connected: bool) -> RoomState:
    person = state.participants.get(pid)
    if person is None:
        return state
    return _with_participant(state, replace(person, connected=connected))


def _joined(state: RoomState, event: Event) -> RoomState:
    pid, name, role = event.fields
    state = _with_participant(state, Participant(pid, name, role))
    return replace(state, next_pid=max(state.next_pid, pid + 1))


def _said(state: RoomState, event: Event) -> RoomState:
    speaker = state.participants.get(event.actor) if event.actor is not None else None
    name = speaker.name if speaker else "relay"
    message = Message(event.seq, event.actor or 0, name, event.fields[0], event.at)
    return replace(state, transcript=(state.transcript + (message,))[-TRANSCRIPT_KEEP:])


def _hand_raised(state: RoomState, event: Event) -> RoomState:
    (pid,) = event.fields
    if pid not in state.participants or pid in state.hand_queue:
        return state
    return replace(state, hand_queue=state.hand_queue + (pid,))


def _hand_moved(state: RoomState, event: Event) -> RoomState:
    pid, index = event.fields
    if pid not in state.hand_queue:
        return state
    return replace(state, hand_queue=_moved(state.hand_queue, state.hand_queue.index(pid), index))


def _floor_given(state: RoomState, event: Event) -> RoomState:
    (pid,) = event.fields
    if pid not in state.participants:
        return state
    return replace(state, floor_holder=pid, hand_queue=_without(state.hand_queue, pid))


def _agenda_added(state: RoomState, event: Event) -> RoomState:
    item_id, title, minutes = event.fields
    return replace(
        state,
        agenda=state.agenda + (AgendaItem(item_id, title, minutes),),
        next_item_id=max(state.next_item_id, item_id + 1),
    )


def _agenda_edited(state: RoomState, event: Event) -> RoomState:
    item_id, title, minutes = event.fields
    agenda = tuple(
        AgendaItem(item_id, title, minutes) if item.item_id == item_id else item
        for item in state.agenda
    )
    return replace(state, agenda=agenda)


def _agenda_moved(state: RoomState, event: Event) -> RoomState:
    item_id, index = event.fields
    ids = [item.item_id for item in state.agenda]
    if item_id not in ids:
        return state
    return replace(state, agenda=_moved(state.agenda, ids.index(item_id), index))


def _agenda_removed(state: RoomState, event: Event) -> RoomState:
    (item_id,) = event.fields
    current = None if state.current_item == item_id else state.current_item
    return replace(
        state,
        agenda=tuple(item for item in state.agenda if item.item_id != item_id),
        current_item=current,
        current_started_at=state.current_started_at if current is not None else None,
    )


def _agenda_current(state: RoomState, event: Event) -> RoomState:
    (item_id,) = event.fields
    if item_id is not None and state.agenda_item(item_id) is None:
        return state
    return replace(state, current_item=item_id, current_started_at=None if item_id is None else event.at)


def _removed(state: RoomState, event: Event) -> RoomState:
    (pid,) = event.fields
    person = state.participants.get(pid)
    if person is None:
        return state
    state = _gone(state, pid)
    return replace(state, removed_names=state.removed_names | {name_key(person.name)})


def _role_set(state: RoomState, event: Event) -> RoomState:
    pid, role = event.fields
    person = state.participants.get(pid)
    return state if person is None else _with_participant(state, replace(person, role=role))


_HANDLERS: dict[EventKind, Callable[[RoomState, Event], RoomState]] = {
    EventKind.JOINED: _joined,
    EventKind.RETURNED: lambda s, e: _set_connected(s, e.fields[0], True),
    EventKind.DROPPED: lambda s, e: _set_connected(s, e.fields[0], False),
    EventKind.LEFT: lambda s, e: _gone(s, e.fields[0]),
    EventKind.SAID: _said,
    EventKind.HAND_RAISED: _hand_raised,
    EventKind.HAND_LOWERED: lambda s, e: replace(s, hand_queue=_without(s.hand_queue, e.fields[0])),
    EventKind.HANDS_CLEARED: lambda s, e: replace(s, hand_queue=()),
    EventKind.HAND_MOVED: _hand_moved,
    EventKind.FLOOR_GIVEN: _floor_given,
    EventKind.FLOOR_RELEASED: lambda s, e: replace(s, floor_holder=None),
    EventKind.MODE_SET: lambda s, e: replace(s, mode=e.fields[0]),
    EventKind.AGENDA_ADDED: _agenda_added,
    EventKind.AGENDA_EDITED: _agenda_edited,
    EventKind.AGENDA_MOVED: _agenda_moved,
    EventKind.AGENDA_REMOVED: _agenda_removed,
    EventKind.AGENDA_CURRENT: _agenda_current,
    EventKind.REMOVED: _removed,
    EventKind.ALLOWED: lambda s, e: replace(s, removed_names=s.removed_names - {name_key(e.fields[0])}),
    EventKind.ROLE_SET: _role_set,
}


def apply(state: RoomState, event: Event) -> RoomState:
    """Return the room state after ``event``; ``state`` itself is left unchanged.

    An event whose ``seq`` is not newer than the state's is ignored, so applying a
    replayed event twice is harmless.
    """
    if event.seq <= state.seq:
        return state
    return replace(_HANDLERS[event.kind](state, event), seq=event.seq)
