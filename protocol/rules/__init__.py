"""The room's rules: which commands are allowed, and the events each one becomes.

``decide(state, actor, command, context)`` is pure: it reads the state, checks the
actor's role (from the command table) and hands the command to the decider of its row,
which checks the room's mode and returns the ``(kind, fields)`` of the events to record,
or raises ``Refused`` with a reason a person can read. The relay is the only caller that
acts on the result; a client may call it to grey out what would be refused, but the
relay's answer is the one that counts.

The deciders live in modules named after what they govern: ``floor``, ``rounds``,
``agenda``, ``readings``, ``admission``, ``moderation``, ``notes`` and ``guests``; the one list of
commands is ``table``.
"""

from typing import TYPE_CHECKING

from protocol.errors import Refused
from protocol.room_budget import check_room_text, grows_room_text
from protocol.rules.admission import admit, check_may_join, check_may_lead, join
from protocol.rules.agenda import format_events
from protocol.rules.decision import Args, Context, Decision, unique_name
from protocol.rules.floor import pause_over, share_time_up
from protocol.rules.guests import entrance
from protocol.rules.moderation import gone_for_good
from protocol.rules.table import COMMANDS, may
from protocol.state import RoomState

if TYPE_CHECKING:
    from protocol.frames import Command

__all__ = [
    "Context",
    "Decision",
    "admit",
    "entrance",
    "check_may_join",
    "check_may_lead",
    "decide",
    "decide_waiting",
    "format_events",
    "gone_for_good",
    "join",
    "may",
    "pause_over",
    "share_time_up",
    "unique_name",
]


def _padded(command: "Command") -> Args:
    """The command's arguments with left-out trailing optional ones as None."""
    missing = len(COMMANDS[command.kind].args) - len(command.args)
    return tuple(command.args) + (None,) * max(0, missing)


def decide_waiting(
    state: RoomState, pid: int, command: "Command", context: Context | None = None
) -> Decision:
    """What someone in the waiting room may do: accept the guidelines, say they are new,
    write to the facilitators, or leave."""
    waiter = state.waiting.get(pid)
    if waiter is None:
        raise Refused("not_in_room", "You are not in this room.")
    decider = COMMANDS[command.kind].waiting
    if decider is None:
        raise Refused("waiting", "You are in the waiting room; a facilitator will let you in soon.")
    return decider(state, waiter, _padded(command), context or Context())


def decide(state: RoomState, actor_pid: int, command: "Command", context: Context | None = None) -> Decision:
    """The events ``command`` from ``actor_pid`` becomes, in order.

    Raises:
        Refused: when the actor's role or the room's mode does not allow it, or it
            names someone or something that is not there.
    """
    context = context or Context()
    if actor_pid in state.waiting:
        return decide_waiting(state, actor_pid, command, context)
    actor = state.participants.get(actor_pid)
    if actor is None:
        raise Refused("not_in_room", "You are not in this room.")
    if not may(actor.role, command.kind):
        raise Refused("not_facilitator", "Only a facilitator can do that.")
    decision = COMMANDS[command.kind].decide(state, actor, _padded(command), context)
    if grows_room_text(command.kind):
        check_room_text(command.kind, _after(state, decision))
    return decision


def _after(state: RoomState, decision: Decision) -> RoomState:
    """The room as ``decision``'s events would leave it (their numbers do not matter here)."""
    from protocol.frames import Event  # frames reads the command table: imported late
    from protocol.reducer import apply

    for kind, fields in decision:
        state = apply(state, Event(state.seq + 1, 0, kind, None, None, tuple(fields)))
    return state
