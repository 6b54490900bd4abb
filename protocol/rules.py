"""The room's rules: which commands are allowed, and the events each one becomes.

``decide(state, actor, command)`` is pure: it reads the state, checks the actor's role
and the room's mode, and returns the ``(kind, fields)`` of the events to record, or
raises ``Refused`` with a reason a person can read. The relay is the only caller that
acts on the result; a client may call it to grey out what would be refused, but the
relay's answer is the one that counts.
"""

from collections.abc import Callable
from typing import Any

from protocol import care_rules as care
from protocol.decisions import Context, Decision, present, unique_name
from protocol.errors import Refused
from protocol.frames import Command
from protocol.kinds import LEADER_COMMANDS, WAITER_COMMANDS, CommandKind, EventKind, Mode, Role
from protocol.limits import MAX_AGENDA_ITEMS, MAX_PARTICIPANTS
from protocol.rounds import next_turn, starting_order
from protocol.state import Participant, RoomState
from protocol.text import clean_message, name_key

format_events = care.format_events
admit = care.admit
clean_message_block = care.clean_message_block
__all__ = ["Context", "Decision", "decide", "decide_waiting", "format_events", "gone_for_good", "join",
           "admit", "check_may_join", "may", "share_time_up", "unique_name"]


def check_may_join(state: RoomState, name: str) -> None:
    """Refuse a newcomer the room may not take (removed, or the room is full)."""
    if name_key(name) in state.removed_names:
        raise Refused("removed", "You were removed from this room. A facilitator can allow you back.")
    if len(state.participants) + len(state.waiting) >= MAX_PARTICIPANTS:
        raise Refused("room_full", "This room is full.")


def join(state: RoomState, name: str, role: Role) -> tuple[EventKind, tuple[Any, ...]]:
    """How a newcomer enters, after ``check_may_join`` passed.

    Facilitators walk in. Anyone else goes to the waiting room when the room has one or
    is locked (a lock keeps newcomers out of the meeting, not out of the waiting room);
    otherwise they join.
    """
    if role is Role.MEMBER and (state.waiting_room or state.locked):
        return EventKind.WAITER_ARRIVED, (state.next_pid, unique_name(state, name))
    return EventKind.JOINED, (state.next_pid, unique_name(state, name), role)


_WHY_NOT = {
    "silenced": "A facilitator has paused your messages for a few minutes.",
    "silent": "This is a silent pause; nobody posts until it ends.",
    "not_your_turn": "Someone else has the floor: raise your hand and wait to be given it.",
    "no_crosstalk": "No crosstalk in this part of the meeting: you can react instead.",
}


def _say(state: RoomState, actor: Participant, text: str, context: Context) -> Decision:
    why = state.why_not_post(actor.pid, context.now)
    if why is not None:
        raise Refused(why, _WHY_NOT.get(why, "You cannot post now."))
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


def _then_next_turn(state: RoomState, finished: int) -> Decision:
    """In a round, the floor goes on to the next person, or the round ends."""
    if state.round is None:
        return []
    following = next_turn(state, finished)
    if following is None:
        return [(EventKind.ROUND_ENDED, ())]
    return [(EventKind.FLOOR_GIVEN, (following,))]


def _done(state: RoomState, actor: Participant) -> Decision:
    if state.floor_holder != actor.pid:
        raise Refused("no_floor", "You do not have the floor.")
    return [(EventKind.FLOOR_RELEASED, ())] + _then_next_turn(state, actor.pid)


def _pass(state: RoomState, actor: Participant) -> Decision:
    """Passing is always allowed and asks for no reason."""
    pid = actor.pid
    if state.floor_holder == pid:
        return [(EventKind.PASSED, (pid,))] + _then_next_turn(state, pid)
    if state.round is not None and pid in state.round.order and pid not in state.round.done:
        return [(EventKind.PASSED, (pid,))]
    if pid in state.hand_queue:
        return [(EventKind.PASSED, (pid,))]
    raise Refused("nothing_to_pass", "There is nothing to pass right now.")


def _react(state: RoomState, actor: Participant, reaction: int) -> Decision:
    if state.floor_holder is None:
        raise Refused("no_share", "Reactions go to the person sharing; nobody is sharing now.")
    if state.floor_holder == actor.pid:
        raise Refused("own_share", "You are sharing.")
    if state.has_reacted(actor.pid, reaction):
        raise Refused("already_reacted", "You have sent that reaction to this share already.")
    return [(EventKind.REACTED, (reaction,))]


def _round_start(state: RoomState, actor: Participant) -> Decision:
    order = starting_order(state)
    if not order:
        raise Refused("nobody_here", "Nobody is here for a round.")
    return [(EventKind.ROUND_STARTED, (order,)), (EventKind.FLOOR_GIVEN, (order[0],))]


def _in_round(state: RoomState, pid: int) -> None:
    if state.round is None:
        raise Refused("no_round", "No round is going on.")
    if pid not in state.round.order:
        raise Refused("not_in_round", "That person is not in the round.")


def _round_move(state: RoomState, actor: Participant, pid: int, index: int) -> Decision:
    _in_round(state, pid)
    assert state.round is not None
    return [(EventKind.ROUND_MOVED, (pid, max(0, min(index, len(state.round.order) - 1))))]


def _round_skip(state: RoomState, actor: Participant, pid: int) -> Decision:
    _in_round(state, pid)
    if state.floor_holder == pid:
        return [(EventKind.PASSED, (pid,))] + _then_next_turn(state, pid)
    return [(EventKind.ROUND_SKIPPED, (pid,))]


def _round_end(state: RoomState, actor: Participant) -> Decision:
    if state.round is None:
        raise Refused("no_round", "No round is going on.")
    return [(EventKind.ROUND_ENDED, ())]


def _set_crosstalk(state: RoomState, actor: Participant, allowed: bool) -> Decision:
    if state.crosstalk is allowed:
        raise Refused("same_crosstalk", "Crosstalk is already " + ("on." if allowed else "off."))
    return [(EventKind.CROSSTALK_SET, (allowed,))]


def _next(state: RoomState, actor: Participant) -> Decision:
    if not state.hand_queue:
        raise Refused("no_hands", "No hands are raised.")
    return [(EventKind.FLOOR_GIVEN, (state.hand_queue[0],))]


def _grant(state: RoomState, actor: Participant, pid: int) -> Decision:
    present(state, pid)
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
    if mode is Mode.ROUND:
        return [(EventKind.MODE_SET, (mode,))] + _round_start(state, actor)
    return [(EventKind.MODE_SET, (mode,))]


def _item(state: RoomState, item_id: int) -> None:
    if state.agenda_item(item_id) is None:
        raise Refused("no_such_item", "There is no such agenda item.")


def _agenda_add(
    state: RoomState, actor: Participant, title: str, minutes: int, rules: tuple | None = None
) -> Decision:
    if len(state.agenda) >= MAX_AGENDA_ITEMS:
        raise Refused("agenda_full", f"An agenda holds at most {MAX_AGENDA_ITEMS} items.")
    return [(EventKind.AGENDA_ADDED, (state.next_item_id, title, minutes, rules))]


def _agenda_edit(
    state: RoomState, actor: Participant, item_id: int, title: str, minutes: int, rules: tuple | None = None
) -> Decision:
    _item(state, item_id)
    return [(EventKind.AGENDA_EDITED, (item_id, title, minutes, rules))]


def _agenda_move(state: RoomState, actor: Participant, item_id: int, index: int) -> Decision:
    _item(state, item_id)
    return [(EventKind.AGENDA_MOVED, (item_id, max(0, min(index, len(state.agenda) - 1))))]


def _agenda_remove(state: RoomState, actor: Participant, item_id: int) -> Decision:
    _item(state, item_id)
    return [(EventKind.AGENDA_REMOVED, (item_id,))]


def _enter_segment(state: RoomState, item_id: int | None) -> Decision:
    """Make ``item_id`` current; a round segment starts its round at once."""
    decision: Decision = [(EventKind.AGENDA_CURRENT, (item_id,))]
    item = state.agenda_item(item_id)
    if item is not None and item.rules is not None and item.rules.mode is Mode.ROUND and not state.lockdown:
        order = starting_order(state)
        if order:
            decision += [(EventKind.ROUND_STARTED, (order,)), (EventKind.FLOOR_GIVEN, (order[0],))]
    return decision


def _agenda_set_current(state: RoomState, actor: Participant, item_id: int | None) -> Decision:
    if item_id is not None:
        _item(state, item_id)
    return _enter_segment(state, item_id)


def _agenda_next(state: RoomState, actor: Participant) -> Decision:
    ids = [item.item_id for item in state.agenda]
    if not ids:
        raise Refused("agenda_empty", "The agenda is empty.")
    if state.current_item is None:
        return _enter_segment(state, ids[0])
    position = ids.index(state.current_item)
    if position + 1 >= len(ids):
        raise Refused("agenda_end", "This is the last agenda item.")
    return _enter_segment(state, ids[position + 1])


def _remove(state: RoomState, actor: Participant, pid: int) -> Decision:
    target = present(state, pid)
    if target.pid == actor.pid:
        raise Refused("cannot_remove_self", "You cannot remove yourself; leave instead.")
    if target.role is Role.FACILITATOR or (target.role.leads and actor.role is not Role.FACILITATOR):
        raise Refused("cannot_remove_leader", "A facilitator cannot be removed this way.")
    # Leaders and the person removed learn why; everyone else sees them leave.
    return [(EventKind.REMOVED, (pid,))] + gone_for_good(state, pid)


def _allow(state: RoomState, actor: Participant, name: str) -> Decision:
    if name_key(name) not in state.removed_names:
        raise Refused("not_removed", "Nobody of that name was removed.")
    return [(EventKind.ALLOWED, (name,))]


def _set_role(state: RoomState, actor: Participant, pid: int, role: Role) -> Decision:
    target = present(state, pid)
    if role is Role.FACILITATOR or target.role is Role.FACILITATOR:
        raise Refused("key_only", "The facilitator role comes only with the room's key.")
    if target.role is role:
        raise Refused("same_role", "They have that role already.")
    return [(EventKind.ROLE_SET, (pid, role))]


def _leave(state: RoomState, actor: Participant) -> Decision:
    return gone_for_good(state, actor.pid)


def gone_for_good(state: RoomState, pid: int) -> Decision:
    """``pid`` leaves the room (left, removed, or their grace period ran out).

    If it was their turn in a round, the round moves on to the next person, so a
    dropped speaker never stalls the meeting.
    """
    decision: Decision = [(EventKind.LEFT, (pid,))]
    if state.round is not None and state.floor_holder == pid:
        decision += _then_next_turn(state, pid)
    return decision


def share_time_up(state: RoomState) -> Decision:
    """The events when a share with a hard stop reaches its limit (the relay's timer)."""
    holder = state.floor_holder
    if holder is None:
        return []
    if state.round is not None:
        return [(EventKind.FLOOR_RELEASED, ())] + _then_next_turn(state, holder)
    return [(EventKind.FLOOR_RELEASED, ())]


def decide_waiting(state: RoomState, pid: int, command: Command) -> Decision:
    """What someone in the waiting room may do: accept the guidelines, say they are new,
    write to the facilitators, or leave."""
    waiter = state.waiting.get(pid)
    if waiter is None:
        raise Refused("not_in_room", "You are not in this room.")
    if command.kind not in WAITER_COMMANDS:
        raise Refused("waiting", "You are in the waiting room; a facilitator will let you in soon.")
    if command.kind is CommandKind.WAITER_UPDATE:
        accepted, is_new = command.args
        return [(EventKind.WAITER_UPDATED, (pid, accepted, is_new))]
    if command.kind is CommandKind.NOTE:
        return [(EventKind.NOTED, (pid, None, clean_message(command.args[0])))]
    return [(EventKind.WAITER_LEFT, (pid,))]


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
    CommandKind.PASS: _pass,
    CommandKind.REACT: _react,
    CommandKind.ROUND_START: _round_start,
    CommandKind.ROUND_MOVE: _round_move,
    CommandKind.ROUND_SKIP: _round_skip,
    CommandKind.ROUND_END: _round_end,
    CommandKind.SET_CROSSTALK: _set_crosstalk,
    CommandKind.LOAD_FORMAT: care.load_format,
    CommandKind.READING_ADD: care.reading_add,
    CommandKind.READING_SHOW: care.reading_show,
    CommandKind.READING_ASK: care.reading_ask,
    CommandKind.READING_STEP: care.reading_step,
    CommandKind.READING_REMOVE: care.reading_remove,
    CommandKind.SET_WAITING_ROOM: care.set_waiting_room,
    CommandKind.WAITER_UPDATE: care.waiter_update,
    CommandKind.ADMIT: care.admit_one,
    CommandKind.ADMIT_ALL: care.admit_all,
    CommandKind.DECLINE: care.decline,
    CommandKind.NOTE: care.note,
    CommandKind.SUPPORT: care.support,
    CommandKind.REPLY: care.reply,
    CommandKind.SILENCE: care.silence,
    CommandKind.LOCK: care.lock,
    CommandKind.LOCKDOWN: care.lockdown,
    CommandKind.END_MEETING: care.end_meeting,
}

_NEEDS_CONTEXT = frozenset({CommandKind.SAY, CommandKind.LOAD_FORMAT, CommandKind.SILENCE})


def may(role: Role, kind: CommandKind) -> bool:
    """Whether ``role`` may ever send ``kind`` (a client uses this to offer actions)."""
    return role.leads or kind not in LEADER_COMMANDS


def decide(state: RoomState, actor_pid: int, command: Command, context: Context | None = None) -> Decision:
    """The events ``command`` from ``actor_pid`` becomes, in order.

    Raises:
        Refused: when the actor's role or the room's mode does not allow it, or it
            names someone or something that is not there.
    """
    context = context or Context()
    if actor_pid in state.waiting:
        return decide_waiting(state, actor_pid, command)
    actor = state.participants.get(actor_pid)
    if actor is None:
        raise Refused("not_in_room", "You are not in this room.")
    if not may(actor.role, command.kind):
        raise Refused("not_facilitator", "Only a facilitator can do that.")
    if command.kind in _NEEDS_CONTEXT:
        return _DECIDERS[command.kind](state, actor, *command.args, context)
    return _DECIDERS[command.kind](state, actor, *command.args)
