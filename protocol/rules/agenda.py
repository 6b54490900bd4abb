"""The agenda: its items and their segment rules, moving through them, loading a format.

Entering an item makes its segment rules the room's (the reducer applies them); a round
segment starts its round at once, and an item naming a guest speaker who is here gives
them the floor. Every decider here takes
``(state, actor, args, context)``.
"""

from protocol.errors import Refused
from protocol.kinds import EventKind, Mode, Role
from protocol.limits import MAX_AGENDA_ITEMS
from protocol.meeting_format import MeetingFormat
from protocol.rounds import first_turn, starting_order
from protocol.rules.decision import Args, Context, Decision
from protocol.state import Participant, RoomState


def _item(state: RoomState, item_id: int) -> None:
    if state.agenda_item(item_id) is None:
        raise Refused("no_such_item", "There is no such agenda item.")


def decide_agenda_add(state: RoomState, actor: Participant, args: Args, context: Context) -> Decision:
    """AGENDA_ADD title minutes [rules]: a new item at the end."""
    title, minutes, rules = args
    if len(state.agenda) >= MAX_AGENDA_ITEMS:
        raise Refused("agenda_full", f"An agenda holds at most {MAX_AGENDA_ITEMS} items.")
    return [(EventKind.AGENDA_ADDED, (state.next_item_id, title, minutes, rules))]


def decide_agenda_edit(state: RoomState, actor: Participant, args: Args, context: Context) -> Decision:
    """AGENDA_EDIT item title minutes [rules]: change an item."""
    item_id, title, minutes, rules = args
    _item(state, item_id)
    return [(EventKind.AGENDA_EDITED, (item_id, title, minutes, rules))]


def decide_agenda_move(state: RoomState, actor: Participant, args: Args, context: Context) -> Decision:
    """AGENDA_MOVE item index: move an item to another position."""
    item_id, index = args
    _item(state, item_id)
    return [(EventKind.AGENDA_MOVED, (item_id, max(0, min(index, len(state.agenda) - 1))))]


def decide_agenda_remove(state: RoomState, actor: Participant, args: Args, context: Context) -> Decision:
    """AGENDA_REMOVE item: take an item off the agenda."""
    (item_id,) = args
    _item(state, item_id)
    return [(EventKind.AGENDA_REMOVED, (item_id,))]


def _enter_segment(state: RoomState, item_id: int | None) -> Decision:
    """Make ``item_id`` current; a round segment starts its round at once."""
    decision: Decision = [(EventKind.AGENDA_CURRENT, (item_id,))]
    item = state.agenda_item(item_id)
    if item is not None and item.rules is not None and item.rules.mode is Mode.ROUND and not state.lockdown:
        order = starting_order(state)
        if order:  # as ROUND_START: the first not stepped out, or the round waits for one back
            first = first_turn(state, order)
            decision.append((EventKind.ROUND_STARTED, (order,)))
            decision += [(EventKind.FLOOR_GIVEN, (first,))] if first is not None else []
    elif item is not None and item.rules is not None and item.rules.speaker is not None:
        decision += _speaker_floor(state, item.rules.speaker)
    return decision


def _speaker_floor(state: RoomState, speaker: str) -> Decision:
    """The floor for the guest speaker an item names, if they are here (for its time box:
    ``RoomState.share_deadline``); a guest of that name comes before a member who shares it."""
    here = [p for p in state.participants.values() if p.name.casefold() == speaker.casefold() and p.connected]
    if not here:
        return []
    chosen = min(here, key=lambda p: (p.role is not Role.GUEST, p.pid))
    return [(EventKind.FLOOR_GIVEN, (chosen.pid,))]  # entering the segment freed the floor first


def decide_agenda_set_current(state: RoomState, actor: Participant, args: Args, context: Context) -> Decision:
    """AGENDA_SET_CURRENT item|nil: make an item current, or none."""
    (item_id,) = args
    if item_id is not None:
        _item(state, item_id)
    return _enter_segment(state, item_id)


def decide_agenda_next(state: RoomState, actor: Participant, args: Args, context: Context) -> Decision:
    """AGENDA_NEXT: move on to the next item (the first, when none is current)."""
    ids = [item.item_id for item in state.agenda]
    if not ids:
        raise Refused("agenda_empty", "The agenda is empty.")
    if state.current_item is None:
        return _enter_segment(state, ids[0])
    position = ids.index(state.current_item)
    if position + 1 >= len(ids):
        raise Refused("agenda_end", "This is the last agenda item.")
    return _enter_segment(state, ids[position + 1])


def decide_load_format(state: RoomState, actor: Participant, args: Args, context: Context) -> Decision:
    """LOAD_FORMAT name: replace the agenda with one of the relay's formats."""
    (name,) = args
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
        rules: tuple[object, ...] = (
            segment.mode, segment.crosstalk, segment.share_seconds, segment.hard_stop, reading_id
        )
        if segment.speaker is not None:  # six elements only with a speaker, as on the wire
            rules = (*rules, segment.speaker)
        decision.append(
            (EventKind.AGENDA_ADDED, (state.next_item_id + offset, segment.title, segment.minutes, rules))
        )
    return decision
