"""The support-group meeting's own rules: formats, readings, the waiting room, private
notes and moderation.

Like ``protocol.rules``, every function here is pure: it reads the state and returns
the events a facilitator's or member's command becomes, or raises ``Refused``.
``protocol.rules.decide`` dispatches to them.
"""

from dataclasses import replace
from types import MappingProxyType

from protocol.decisions import Context, Decision, present, unique_name
from protocol.errors import Refused
from protocol.kinds import EventKind, Role
from protocol.limits import MAX_READINGS
from protocol.meeting_format import MeetingFormat
from protocol.state import Participant, RoomState
from protocol.text import clean_message, for_display


def load_format(state: RoomState, actor: Participant, name: str, context: Context) -> Decision:
    plan = context.formats.get(name.casefold())
    if plan is None:
        known = ", ".join(sorted(context.formats)) or "none"
        raise Refused("no_such_format", f"There is no format called {name!r} (known: {known}).")
    return format_events(state, plan)


def format_events(state: RoomState, plan: MeetingFormat) -> Decision:
    """Replace the agenda with a format's segments, adding the readings they use."""
    decision: Decision = [(EventKind.AGENDA_CLEARED, ())]
    reading_ids = {r.title.casefold(): r.reading_id for r in state.readings}
    next_reading = state.next_reading_id
    for reading in plan.readings:
        if reading.title.casefold() not in reading_ids:
            decision.append(
                (EventKind.READING_ADDED, (next_reading, reading.title, reading.text, reading.guidelines))
            )
            reading_ids[reading.title.casefold()] = next_reading
            next_reading += 1
    for offset, segment in enumerate(plan.segments):
        reading_id = reading_ids.get(segment.reading.casefold()) if segment.reading else None
        rules = (segment.mode, segment.crosstalk, segment.share_seconds, segment.hard_stop, reading_id)
        decision.append(
            (EventKind.AGENDA_ADDED, (state.next_item_id + offset, segment.title, segment.minutes, rules))
        )
    return decision


def _reading(state: RoomState, reading_id: int) -> None:
    if state.reading(reading_id) is None:
        raise Refused("no_such_reading", "There is no such reading.")


def reading_add(
    state: RoomState, actor: Participant, title: str, text: str, guidelines: bool | None = None
) -> Decision:
    if len(state.readings) >= MAX_READINGS:
        raise Refused("readings_full", f"A room keeps at most {MAX_READINGS} readings.")
    return [
        (EventKind.READING_ADDED, (state.next_reading_id, title, clean_message_block(text), bool(guidelines)))
    ]


def reading_show(state: RoomState, actor: Participant, reading_id: int | None) -> Decision:
    if reading_id is not None:
        _reading(state, reading_id)
    return [(EventKind.READING_SHOWN, (reading_id,))]


def reading_ask(state: RoomState, actor: Participant, reading_id: int, pid: int) -> Decision:
    _reading(state, reading_id)
    present(state, pid)
    return [(EventKind.READING_ASKED, (reading_id, pid))]


def reading_step(state: RoomState, actor: Participant) -> Decision:
    reader = state.reader
    if reader is None or reader.pid != actor.pid:
        raise Refused("not_reader", "You have not been asked to read.")
    return [(EventKind.READ_ALOUD, (reader.reading_id, reader.next_paragraph))]


def reading_remove(state: RoomState, actor: Participant, reading_id: int) -> Decision:
    _reading(state, reading_id)
    return [(EventKind.READING_REMOVED, (reading_id,))]


def set_waiting_room(state: RoomState, actor: Participant, on: bool) -> Decision:
    return [(EventKind.WAITING_ROOM_SET, (on,))]


def admit_one(state: RoomState, actor: Participant, pid: int) -> Decision:
    return admit(state, pid)


def admit_all(state: RoomState, actor: Participant) -> Decision:
    if not state.waiting:
        raise Refused("nobody_waiting", "Nobody is waiting.")
    decision: Decision = []
    for pid in sorted(state.waiting):
        decision += admit(state, pid)
    return decision


def decline(state: RoomState, actor: Participant, pid: int, message: str | None = None) -> Decision:
    if pid not in state.waiting:
        raise Refused("not_waiting", "That person is not in the waiting room.")
    text = (
        clean_message(message)
        if message and message.strip()
        else "The facilitators could not admit you today."
    )
    return [(EventKind.DECLINED, (pid, text[:500]))]


def waiter_update(state: RoomState, actor: Participant, accepted: bool, is_new: bool) -> Decision:
    raise Refused("not_waiting", "You are in the meeting already, not in the waiting room.")


def note(state: RoomState, actor: Participant, text: str) -> Decision:
    return [(EventKind.NOTED, (actor.pid, None, clean_message(text)))]


def support(state: RoomState, actor: Participant, on: bool) -> Decision:
    return [(EventKind.SUPPORT_SET, (actor.pid, on))]


def reply(state: RoomState, actor: Participant, pid: int, text: str) -> Decision:
    if pid not in state.participants and pid not in state.waiting:
        raise Refused("no_such_participant", "That person is not here.")
    return [(EventKind.NOTED, (actor.pid, pid, clean_message(text)))]


def silence(state: RoomState, actor: Participant, pid: int, minutes: int, context: Context) -> Decision:
    target = present(state, pid)
    if target.role.leads:
        raise Refused("cannot_silence_leader", "Facilitators cannot be silenced.")
    until = int(context.now + minutes * 60) if minutes else 0
    return [(EventKind.SILENCED, (pid, until))]


def lock(state: RoomState, actor: Participant, on: bool) -> Decision:
    if state.locked is on:
        raise Refused("same_lock", "The room is already " + ("locked." if on else "open."))
    return [(EventKind.LOCK_SET, (on,))]


def lockdown(state: RoomState, actor: Participant, on: bool) -> Decision:
    if state.lockdown is on:
        raise Refused("same_lockdown", "Lockdown is already " + ("on." if on else "off."))
    return [(EventKind.LOCKDOWN_SET, (on,))]


def end_meeting(state: RoomState, actor: Participant) -> Decision:
    return [(EventKind.MEETING_ENDED, ())]


def clean_message_block(text: str) -> str:
    """A reading's text: control characters neutralised, paragraphs kept."""
    return for_display(text.replace("\r\n", "\n")).strip()


def admit(state: RoomState, pid: int) -> Decision:
    """The events that take ``pid`` from the waiting room into the meeting."""
    waiter = state.waiting.get(pid)
    if waiter is None:
        raise Refused("not_waiting", "That person is not in the waiting room.")
    # Their own place in the waiting room must not count as someone else with their name.
    others = replace(state, waiting=MappingProxyType({p: w for p, w in state.waiting.items() if p != pid}))
    name = unique_name(others, waiter.name)
    return [(EventKind.ADMITTED, (pid,)), (EventKind.JOINED, (pid, name, Role.MEMBER))]
