"""The pure reducer: ``apply(state, event) -> state``.

The relay and every client run this same function over the same events, so they agree
on the room without ever sending a whole state after the join. It checks nothing about
permissions (``protocol.rules`` did that before the event existed) and must never
raise on an event the relay produced; an event that names someone already gone is
applied as a no-op so replays stay harmless. After every event ``protocol.fairness``
brings the meeting's share counts and the reasons of raised hands up to date.
"""

from collections.abc import Callable
from dataclasses import replace
from types import MappingProxyType

from protocol import fairness, lobby_notes
from protocol.attendance import known_by_role
from protocol.frames import Event
from protocol.hand_order import with_hand
from protocol.kinds import EventKind, Mode
from protocol.limits import NOTES_KEEP, TRANSCRIPT_KEEP
from protocol.names import removal_keys
from protocol.presence import forget_presence, link_health_set, stepped_out_set
from protocol.state import (
    UNKNOWN_PERSON,
    AgendaItem,
    GuestInvite,
    Message,
    Note,
    Participant,
    ReadAloud,
    Reading,
    RoomState,
    Round,
    SegmentRules,
    Waiter,
)


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
    state = forget_presence(state, pid)
    people = dict(state.participants)
    people.pop(pid, None)
    silenced = dict(state.silenced)
    silenced.pop(pid, None)
    round_ = state.round
    if round_ is not None:
        round_ = Round(_without(round_.order, pid), round_.done - {pid})
    sharing = state.floor_holder == pid  # their share ends with them
    return replace(
        state,
        participants=MappingProxyType(people),
        hand_queue=_without(state.hand_queue, pid),
        floor_holder=None if sharing else state.floor_holder,
        floor_since=None if sharing else state.floor_since,
        reactions=(0, 0, 0) if sharing else state.reactions,
        round=round_,
        support=state.support - {pid},
        accepted=state.accepted - {pid},
        newcomers=state.newcomers - {pid},
        silenced=MappingProxyType(silenced),
        reader=None if state.reader and state.reader.pid == pid else state.reader,
    )


def _set_connected(state: RoomState, pid: int, connected: bool) -> RoomState:
    person = state.participants.get(pid)
    if person is None:
        return state
    return _with_participant(state, replace(person, connected=connected))


def _joined(state: RoomState, event: Event) -> RoomState:
    pid, name, role = event.fields
    state = _with_participant(state, Participant(pid, name, role))
    round_ = state.round
    if round_ is not None and pid not in round_.order:  # late arrivals join the end of the round
        round_ = Round(round_.order + (pid,), round_.done)
    return replace(state, next_pid=max(state.next_pid, pid + 1), round=round_)


def _said(state: RoomState, event: Event) -> RoomState:
    speaker = state.participants.get(event.actor) if event.actor is not None else None
    name = speaker.name if speaker else "relay"
    message = Message(event.seq, event.actor or 0, name, event.fields[0], event.at)
    return replace(state, transcript=(state.transcript + (message,))[-TRANSCRIPT_KEEP:])


def _hand_raised(state: RoomState, event: Event) -> RoomState:
    """A hand goes up at the place the relay chose (events stored before places: the end)."""
    pid, reason, place = (*event.fields, None, None)[:3]
    if pid not in state.participants:
        return state
    return with_hand(state, pid, reason, place)


def _hand_moved(state: RoomState, event: Event) -> RoomState:
    pid, index = event.fields
    if pid not in state.hand_queue:
        return state
    return replace(state, hand_queue=_moved(state.hand_queue, state.hand_queue.index(pid), index))


def _floor_given(state: RoomState, event: Event) -> RoomState:
    (pid,) = event.fields
    if pid not in state.participants:
        return state
    return replace(
        state,
        floor_holder=pid,
        floor_since=event.at,
        reactions=(0, 0, 0),
        hand_queue=_without(state.hand_queue, pid),
    )


def _turn_over(state: RoomState, pid: int | None) -> RoomState:
    """``pid`` has had their turn (shared or passed): mark it in the round, free the floor."""
    round_ = state.round
    if round_ is not None and pid is not None and pid in round_.order:
        round_ = Round(round_.order, round_.done | {pid})
    holder = None if state.floor_holder == pid else state.floor_holder
    return replace(
        state,
        round=round_,
        floor_holder=holder,
        floor_since=state.floor_since if holder is not None else None,
        reactions=state.reactions if holder is not None else (0, 0, 0),
    )


def _passed(state: RoomState, event: Event) -> RoomState:
    (pid,) = event.fields
    return replace(_turn_over(state, pid), hand_queue=_without(state.hand_queue, pid))


def _reacted(state: RoomState, event: Event) -> RoomState:
    """One more on the share, unless this person's reaction is counted already."""
    reaction = int(event.fields[0])
    if event.actor is not None and state.has_reacted(event.actor, reaction):
        return state
    counts = list(state.reactions)
    counts[reaction] += 1
    reacted = state.reacted if any(state.reactions) else frozenset()  # all zero: a new share
    if event.actor is not None:
        reacted = reacted | {(event.actor, reaction)}
    return replace(state, reactions=(counts[0], counts[1], counts[2]), reacted=reacted)


def _round_moved(state: RoomState, event: Event) -> RoomState:
    pid, index = event.fields
    if state.round is None or pid not in state.round.order:
        return state
    order = _moved(state.round.order, state.round.order.index(pid), index)
    return replace(state, round=Round(order, state.round.done))


def _round_skipped(state: RoomState, event: Event) -> RoomState:
    (pid,) = event.fields
    if state.round is None:
        return state
    return replace(state, round=Round(state.round.order, state.round.done | {pid}))


def _agenda_added(state: RoomState, event: Event) -> RoomState:
    item_id, title, minutes, *optional = event.fields  # rules may be left out
    rules = optional[0] if optional else None
    return replace(
        state,
        agenda=state.agenda + (AgendaItem(item_id, title, minutes, SegmentRules.from_fields(rules)),),
        next_item_id=max(state.next_item_id, item_id + 1),
    )


def _agenda_edited(state: RoomState, event: Event) -> RoomState:
    item_id, title, minutes, *optional = event.fields
    rules = optional[0] if optional else None
    agenda = tuple(
        AgendaItem(item_id, title, minutes, SegmentRules.from_fields(rules))
        if item.item_id == item_id
        else item
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
    """A new segment: its rules take over, the floor is free and any round is over."""
    (item_id,) = event.fields
    item = state.agenda_item(item_id)
    if item_id is not None and item is None:
        return state
    started = state.meeting_started_at
    if started is None and item_id is not None:  # the meeting's first segment begins it
        started = event.at
    state = replace(
        state,
        current_item=item_id,
        current_started_at=None if item_id is None else event.at,
        meeting_started_at=started,
    )
    if item is None or item.rules is None:
        return state
    rules = item.rules
    # A segment may name a reading removed since (or never added): then show nothing new.
    shown = rules.reading_id if state.reading(rules.reading_id) is not None else state.shown_reading
    return replace(
        state,
        mode=Mode.FLOOR if state.lockdown else rules.mode,
        crosstalk=False if state.lockdown else rules.crosstalk,
        floor_holder=None,
        floor_since=None,
        reactions=(0, 0, 0),
        round=None,
        shown_reading=shown,
    )


def _reading_added(state: RoomState, event: Event) -> RoomState:
    reading_id, title, text, guidelines = event.fields
    return replace(
        state,
        readings=state.readings + (Reading(reading_id, title, text, guidelines),),
        next_reading_id=max(state.next_reading_id, reading_id + 1),
    )


def _reading_removed(state: RoomState, event: Event) -> RoomState:
    (reading_id,) = event.fields
    return replace(
        state,
        readings=tuple(r for r in state.readings if r.reading_id != reading_id),
        shown_reading=None if state.shown_reading == reading_id else state.shown_reading,
        reader=None if state.reader and state.reader.reading_id == reading_id else state.reader,
    )


def _read_aloud(state: RoomState, event: Event) -> RoomState:
    """The reader posts the next paragraph; it joins the transcript under their name."""
    reading_id, index = event.fields
    reading = state.reading(reading_id)
    reader = state.reader
    if reading is None or reader is None:
        return state
    paragraphs = reading.paragraphs()
    if index >= len(paragraphs):
        return state
    person = state.participants.get(reader.pid)
    message = Message(event.seq, reader.pid, person.name if person else "reader", paragraphs[index], event.at)
    finished = index + 1 >= len(paragraphs)
    return replace(
        state,
        transcript=(state.transcript + (message,))[-TRANSCRIPT_KEEP:],
        reader=None if finished else ReadAloud(reader.pid, reading_id, index + 1),
    )


def _waiter_arrived(state: RoomState, event: Event) -> RoomState:
    pid, name = event.fields
    waiting = dict(state.waiting)
    waiting[pid] = Waiter(pid, name)
    return replace(state, waiting=MappingProxyType(waiting), next_pid=max(state.next_pid, pid + 1))


def _waiter_updated(state: RoomState, event: Event) -> RoomState:
    """An arrival's answers; from someone already in the meeting, their late acceptance."""
    pid, accepted, is_new = event.fields
    waiter = state.waiting.get(pid)
    if waiter is None:
        if pid not in state.participants:
            return state
        return replace(
            state,
            accepted=state.accepted | {pid} if accepted else state.accepted,
            newcomers=state.newcomers | {pid} if is_new else state.newcomers,
        )
    waiting = dict(state.waiting)
    waiting[pid] = replace(waiter, accepted_guidelines=accepted, is_new=is_new)
    return replace(state, waiting=MappingProxyType(waiting))


def _admitted(state: RoomState, event: Event) -> RoomState:
    """The arrival comes in, bringing their answers: accepted guidelines, new here."""
    waiter = state.waiting.get(event.fields[0])
    state = _waiter_gone(state, event)
    if waiter is None:
        return state
    return replace(
        state,
        accepted=state.accepted | {waiter.pid} if waiter.accepted_guidelines else state.accepted,
        newcomers=state.newcomers | {waiter.pid} if waiter.is_new else state.newcomers,
    )


def _waiter_gone(state: RoomState, event: Event) -> RoomState:
    waiting = dict(state.waiting)
    waiting.pop(event.fields[0], None)
    return replace(state, waiting=MappingProxyType(waiting))


def _noted(state: RoomState, event: Event) -> RoomState:
    from_pid, to_pid, text = event.fields
    sender = state.participants.get(from_pid) or state.waiting.get(from_pid)
    note = Note(event.seq, from_pid, to_pid, sender.name if sender else UNKNOWN_PERSON, text, event.at)
    return replace(state, notes=(state.notes + (note,))[-NOTES_KEEP:])


def _support_set(state: RoomState, event: Event) -> RoomState:
    pid, flag = event.fields
    return replace(state, support=state.support | {pid} if flag else state.support - {pid})


def _silenced(state: RoomState, event: Event) -> RoomState:
    pid, until = event.fields
    silenced = dict(state.silenced)
    if until > 0:
        silenced[pid] = until
    else:
        silenced.pop(pid, None)
    return replace(state, silenced=MappingProxyType(silenced))


def _lockdown_set(state: RoomState, event: Event) -> RoomState:
    """Lockdown: floor mode, no crosstalk, locked. Its undo returns to the segment's rules."""
    (on,) = event.fields
    if on:
        return replace(state, lockdown=True, locked=True, mode=Mode.FLOOR, crosstalk=False)
    rules = state.current_rules() or SegmentRules()
    return replace(state, lockdown=False, locked=False, mode=rules.mode, crosstalk=rules.crosstalk)


def _meeting_ended(state: RoomState, event: Event) -> RoomState:
    """The meeting is over: its words are gone; agenda, readings and settings stay.

    The room goes back to how an idle room is: open, crosstalk on, nobody sharing, no
    round, no queue, no current segment.
    """
    # Read before the meeting's start is cleared below: notes from before it are done with.
    state = replace(state, lobby_notes=lobby_notes.kept_after_meeting(state))
    return replace(
        state,
        mode=Mode.OPEN,
        crosstalk=True,
        transcript=(),
        notes=(),
        hand_queue=(),
        floor_holder=None,
        floor_since=None,
        reactions=(0, 0, 0),
        round=None,
        reader=None,
        shown_reading=None,
        current_item=None,
        current_started_at=None,
        meeting_started_at=None,
        support=frozenset(),
        silenced=MappingProxyType({}),
        lockdown=False,
        locked=False,
        stepped_out=frozenset(),  # a new meeting starts with everyone in it
    )


def _removed(state: RoomState, event: Event) -> RoomState:
    (pid,) = event.fields
    person = state.participants.get(pid)
    if person is None:
        return state
    state = _gone(state, pid)
    return replace(state, removed_names=state.removed_names | removal_keys(person.name))


def _withdrawn(state: RoomState, event: Event) -> RoomState:
    """A removed person's words leave the transcript, on every screen that kept them."""
    (pid,) = event.fields
    return replace(state, transcript=tuple(m for m in state.transcript if m.pid != pid))


def _role_set(state: RoomState, event: Event) -> RoomState:
    pid, role = event.fields
    person = state.participants.get(pid)
    if person is None:
        return state
    # Named to everyone by their role, they stay named once it changes (count-only rooms).
    shown = person.shown or (state.count_only and known_by_role(person.role))
    return _with_participant(state, replace(person, role=role, shown=shown))


def _named(state: RoomState, event: Event) -> RoomState:
    """Someone nameless to the members spoke: every copy now holds their name."""
    pid, name = event.fields
    person = state.participants.get(pid)
    return state if person is None else _with_participant(state, replace(person, name=name, shown=True))


def _guest_invited(state: RoomState, event: Event) -> RoomState:
    """A new invitation; those expired by now are dropped, so the list never grows stale."""
    name, code, expires_at = event.fields
    kept = tuple(invite for invite in state.guest_invites if invite.expires_at > event.at)
    return replace(state, guest_invites=(*kept, GuestInvite(name, code, expires_at)))


def _invite_gone(state: RoomState, event: Event) -> RoomState:
    """An invitation used or cancelled: it opens nothing any more."""
    (code,) = event.fields
    return replace(state, guest_invites=tuple(i for i in state.guest_invites if i.code != code))


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
    EventKind.FLOOR_RELEASED: lambda s, e: _turn_over(s, s.floor_holder),
    EventKind.MODE_SET: lambda s, e: replace(s, mode=e.fields[0]),
    EventKind.AGENDA_ADDED: _agenda_added,
    EventKind.AGENDA_EDITED: _agenda_edited,
    EventKind.AGENDA_MOVED: _agenda_moved,
    EventKind.AGENDA_REMOVED: _agenda_removed,
    EventKind.AGENDA_CURRENT: _agenda_current,
    EventKind.REMOVED: _removed,
    EventKind.ALLOWED: lambda s, e: replace(s, removed_names=s.removed_names - removal_keys(e.fields[0])),
    EventKind.ROLE_SET: _role_set,
    EventKind.PASSED: _passed,
    EventKind.REACTED: _reacted,
    EventKind.ROUND_STARTED: lambda s, e: replace(s, round=Round(e.fields[0])),
    EventKind.ROUND_MOVED: _round_moved,
    EventKind.ROUND_SKIPPED: _round_skipped,
    EventKind.ROUND_ENDED: lambda s, e: replace(_turn_over(s, s.floor_holder), round=None),
    EventKind.CROSSTALK_SET: lambda s, e: replace(s, crosstalk=e.fields[0]),
    EventKind.PROGRESSIVE_SET: lambda s, e: replace(s, progressive=e.fields[0]),
    EventKind.AGENDA_CLEARED: lambda s, e: replace(s, agenda=(), current_item=None, current_started_at=None),
    EventKind.READING_ADDED: _reading_added,
    EventKind.READING_SHOWN: lambda s, e: replace(s, shown_reading=e.fields[0]),
    EventKind.READING_ASKED: lambda s, e: replace(s, reader=ReadAloud(e.fields[1], e.fields[0])),
    EventKind.READ_ALOUD: _read_aloud,
    EventKind.READING_REMOVED: _reading_removed,
    EventKind.WAITING_ROOM_SET: lambda s, e: replace(s, waiting_room=e.fields[0]),
    EventKind.WAITER_ARRIVED: _waiter_arrived,
    EventKind.WAITER_UPDATED: _waiter_updated,
    EventKind.ADMITTED: _admitted,
    EventKind.DECLINED: _waiter_gone,
    EventKind.WAITER_LEFT: _waiter_gone,
    EventKind.NOTED: _noted,
    EventKind.SUPPORT_SET: _support_set,
    EventKind.SILENCED: _silenced,
    EventKind.LOCK_SET: lambda s, e: replace(s, locked=e.fields[0]),
    EventKind.LOCKDOWN_SET: _lockdown_set,
    EventKind.MEETING_ENDED: _meeting_ended,
    EventKind.FLOOD_STOPPED: lambda s, e: s,  # a notice for the facilitators; SILENCED does the pausing
    EventKind.WITHDRAWN: _withdrawn,
    EventKind.LOBBY_NOTED: lobby_notes.noted,
    EventKind.LOBBY_NOTE_DELETED: lobby_notes.deleted,
    EventKind.LINK_HEALTH: link_health_set,
    EventKind.STEPPED_OUT: stepped_out_set,
    EventKind.GUEST_INVITED: _guest_invited,
    EventKind.INVITE_USED: _invite_gone,
    EventKind.GUEST_CANCELLED: _invite_gone,
    EventKind.NAMED: _named,
}


def apply(state: RoomState, event: Event) -> RoomState:
    """Return the room state after ``event``; ``state`` itself is left unchanged.

    An event whose ``seq`` is not newer than the state's is ignored, so applying a
    replayed event twice is harmless.
    """
    if event.seq <= state.seq:
        return state
    after = fairness.after_event(state, _HANDLERS[event.kind](state, event), event)
    return replace(after, seq=event.seq)
