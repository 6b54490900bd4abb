"""The room's rules: which commands are allowed, and the events each one becomes.

``decide(state, actor, command)`` is pure: it reads the state, checks the actor's role
and the room's mode, and returns the ``(kind, fields)`` of the events to record, or
raises ``Refused`` with a reason a person can read. The relay is the only caller that
acts on the result; a client may call it to grey out what would be refused, but the
relay's answer is the one that counts.
"""

from collections.abc import Callable
from typing import Any

from protocol.errors import Refused
from protocol.frames import Command
from protocol.kinds import LEADER_COMMANDS, CommandKind, EventKind, Mode, Role
from protocol.limits import MAX_AGENDA_ITEMS, MAX_NAME_CHARS, MAX_PARTICIPANTS
from protocol.state import Participant, RoomState
from protocol.text import clean_message, name_key

Decision = list[tuple[EventKind, tuple[Any, ...]]]


def check_may_join(state: RoomState, name: str) -> None:
    """Refuse a newcomer the room may not take (removed, or the room is full)."""
    if name_key(name) in state.removed_names:
        raise Refused("removed", "You were removed from this room. A facilitator can allow you back.")
    if len(state.participants) >= MAX_PARTICIPANTS:
        raise Refused("room_full", "This room is full.")


def unique_name(state: RoomState, name: str) -> str:
    """``name``, or ``name 2``, ``name 3``... so that no two present people share one."""
    if state.find_by_name(name) is None:
        return name
    number = 2
    while True:
        suffix = f" {number}"
        candidate = name[: MAX_NAME_CHARS - len(suffix)] + suffix
        if state.find_by_name(candidate) is None:
            return candidate
        number += 1


def join(state: RoomState, name: str, role: Role) -> tuple[EventKind, tuple[Any, ...]]:
    """The JOINED event for a newcomer, after ``check_may_join`` passed."""
    return EventKind.JOINED, (state.next_pid, unique_name(state, name), role)


def _present(state: RoomState, pid: int) -> Participant:
    person = state.participants.get(pid)
    if person is None:
        raise Refused("no_such_participant", "That person is not in the room.")
    return person


def _say(state: RoomState, actor: Participant, text: str) -> Decision:
    if not state.may_post(actor.pid):
        raise Refused(
            "not_your_turn",
            "The room is in floor mode: raise your hand and wait to be given the floor.",
        )
    return [(EventKind.SAID, (clean_message(text),))]


def _raise(state: RoomState, actor: Participant) -> Decision:
    if state.floor_holder == actor.pid:
        raise Refused("has_floor", "You have the floor already.")
    if actor.pid in state.hand_queue:
        raise Refused("already_raised", "Your hand is already up.")
    return [(EventKind.HAND_RAISED, (actor.pid,))]


def _lower(state: RoomState, actor: Participant, target: int | None) -> Decision:
    pid = actor.pid if target is None else target
    if pid != actor.pid and not actor.role.leads:
        raise Refused("not_facilitator", "Only a facilitator can lower someone else's hand.")
    if pid not in state.hand_queue:
        raise Refused("hand_not_raised", "That hand is not raised.")
    return [(EventKind.HAND_LOWERED, (pid,))]


def _lower_all(state: RoomState, actor: Participant) -> Decision:
    if not state.hand_queue:
        raise Refused("no_hands", "No hands are raised.")
    return [(EventKind.HANDS_CLEARED, ())]


def _done(state: RoomState, actor: Participant) -> Decision:
    if state.floor_holder != actor.pid:
        raise Refused("no_floor", "You do not have the floor.")
    return [(EventKind.FLOOR_RELEASED, ())]


def _next(state: RoomState, actor: Participant) -> Decision:
    if not state.hand_queue:
        raise Refused("no_hands", "No hands are raised.")
    return [(EventKind.FLOOR_GIVEN, (state.hand_queue[0],))]


def _grant(state: RoomState, actor: Participant, pid: int) -> Decision:
    _present(state, pid)
    if state.floor_holder == pid:
        raise Refused("has_floor", "They have the floor already.")
    return [(EventKind.FLOOR_GIVEN, (pid,))]


def _take_back(state: RoomState, actor: Participant) -> Decision:
    if state.floor_holder is None:
        raise Refused("no_floor", "Nobody has the floor.")
    return [(EventKind.FLOOR_RELEASED, ())]


def _move_hand(state: RoomState, actor: Participant, pid: int, delta: int) -> Decision:
    if pid not in state.hand_queue:
        raise Refused("hand_not_raised", "That hand is not raised.")
    index = state.hand_queue.index(pid)
    target = max(0, min(len(state.hand_queue) - 1, index + delta))
    if target == index:
        raise Refused("cannot_move", "That hand cannot move further.")
    return [(EventKind.HAND_MOVED, (pid, target))]


def _set_mode(state: RoomState, actor: Participant, mode: Mode) -> Decision:
    if state.mode is mode:
        raise Refused("same_mode", f"The room is already in {mode.name.lower()} mode.")
    return [(EventKind.MODE_SET, (mode,))]


def _item(state: RoomState, item_id: int) -> None:
    if state.agenda_item(item_id) is None:
        raise Refused("no_such_item", "There is no such agenda item.")


def _agenda_add(state: RoomState, actor: Participant, title: str, minutes: int) -> Decision:
    if len(state.agenda) >= MAX_AGENDA_ITEMS:
        raise Refused("agenda_full", f"An agenda holds at most {MAX_AGENDA_ITEMS} items.")
    return [(EventKind.AGENDA_ADDED, (state.next_item_id, title, minutes))]


def _agenda_edit(state: RoomState, actor: Participant, item_id: int, title: str, minutes: int) -> Decision:
    _item(state, item_id)
    return [(EventKind.AGENDA_EDITED, (item_id, title, minutes))]


def _agenda_move(state: RoomState, actor: Participant, item_id: int, index: int) -> Decision:
    _item(state, item_id)
    return [(EventKind.AGENDA_MOVED, (item_id, max(0, min(index, len(state.agenda) - 1))))]


def _agenda_remove(state: RoomState, actor: Participant, item_id: int) -> Decision:
    _item(state, item_id)
    return [(EventKind.AGENDA_REMOVED, (item_id,))]


def _agenda_set_current(state: RoomState, actor: Participant, item_id: int | None) -> Decision:
    if item_id is not None:
        _item(state, item_id)
    return [(EventKind.AGENDA_CURRENT, (item_id,))]


def _agenda_next(state: RoomState, actor: Participant) -> Decision:
    ids = [item.item_id for item in state.agenda]
    if not ids:
        raise Refused("agenda_empty", "The agenda is empty.")
    if state.current_item is None:
        return [(EventKind.AGENDA_CURRENT, (ids[0],))]
    position = ids.index(state.current_item)
    if position + 1 >= len(ids):
        raise Refused("agenda_end", "This is the last agenda item.")
    return [(EventKind.AGENDA_CURRENT, (ids[position + 1],))]


def _remove(state: RoomState, actor: Participant, pid: int) -> Decision:
    target = _present(state, pid)
    if target.pid == actor.pid:
        raise Refused("cannot_remove_self", "You cannot remove yourself; leave instead.")
    if target.role is Role.FACILITATOR or (target.role.leads and actor.role is not Role.FACILITATOR):
        raise Refused("cannot_remove_leader", "A facilitator cannot be removed this way.")
    return [(EventKind.REMOVED, (pid,))]


def _allow(state: RoomState, actor: Participant, name: str) -> Decision:
    if name_key(name) not in state.removed_names:
        raise Refused("not_removed", "Nobody of that name was removed.")
    return [(EventKind.ALLOWED, (name,))]


def _set_role(state: RoomState, actor: Participant, pid: int, role: Role) -> Decision:
    target = _present(state, pid)
    if role is Role.FACILITATOR or target.role is Role.FACILITATOR:
        raise Refused("key_only", "The facilitator role comes only with the room's key.")
    if target.role is role:
        raise Refused("same_role", "They have that role already.")
    return [(EventKind.ROLE_SET, (pid, role))]


def _leave(state: RoomState, actor: Participant) -> Decision:
    return [(EventKind.LEFT, (actor.pid,))]


_DECIDERS: dict[CommandKind, Callable[..., Decision]] = {
    CommandKind.SAY: _say,
    CommandKind.RAISE: _raise,
    CommandKind.LOWER: _lower,
    CommandKind.LOWER_ALL: _lower_all,
    CommandKind.DONE: _done,
    CommandKind.NEXT: _next,
    CommandKind.GRANT: _grant,
    CommandKind.TAKE_BACK: _take_back,
    CommandKind.MOVE_HAND: _move_hand,
    CommandKind.SET_MODE: _set_mode,
    CommandKind.AGENDA_ADD: _agenda_add,
    CommandKind.AGENDA_EDIT: _agenda_edit,
    CommandKind.AGENDA_MOVE: _agenda_move,
    CommandKind.AGENDA_REMOVE: _agenda_remove,
    CommandKind.AGENDA_SET_CURRENT: _agenda_set_current,
    CommandKind.AGENDA_NEXT: _agenda_next,
    CommandKind.REMOVE: _remove,
    CommandKind.ALLOW: _allow,
    CommandKind.SET_ROLE: _set_role,
    CommandKind.LEAVE: _leave,
}


def may(role: Role, kind: CommandKind) -> bool:
    """Whether ``role`` may ever send ``kind`` (a client uses this to offer actions)."""
    return role.leads or kind not in LEADER_COMMANDS


def decide(state: RoomState, actor_pid: int, command: Command) -> Decision:
    """The events ``command`` from ``actor_pid`` becomes, in order.

    Raises:
        Refused: when the actor's role or the room's mode does not allow it, or it
            names someone or something that is not there.
    """
    actor = state.participants.get(actor_pid)
    if actor is None:
        raise Refused("not_in_room", "You are not in this room.")
    if not may(actor.role, command.kind):
        raise Refused("not_facilitator", "Only a facilitator can do that.")
    return _DECIDERS[command.kind](state, actor, *command.args)
