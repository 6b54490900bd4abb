"""Private notes: a member's word to the facilitators, a support flag, a leader's reply.

Deciders for people in the meeting take ``(state, actor, args, context)``; the one for
someone still in the waiting room takes ``(state, waiter, args, context)``.
"""

from protocol.errors import Refused
from protocol.kinds import EventKind
from protocol.rules.decision import Args, Context, Decision
from protocol.state import Participant, RoomState, Waiter
from protocol.text import clean_message


def decide_note(state: RoomState, actor: Participant, args: Args, context: Context) -> Decision:
    """NOTE text: write privately to the facilitators."""
    (text,) = args
    return [(EventKind.NOTED, (actor.pid, None, clean_message(text)))]


def waiting_note(state: RoomState, waiter: Waiter, args: Args, context: Context) -> Decision:
    """NOTE text from the waiting room: an arrival writes to the facilitators."""
    (text,) = args
    return [(EventKind.NOTED, (waiter.pid, None, clean_message(text)))]


def decide_support(state: RoomState, actor: Participant, args: Args, context: Context) -> Decision:
    """SUPPORT on: tell the facilitators privately that one needs support (or no longer)."""
    (on,) = args
    return [(EventKind.SUPPORT_SET, (actor.pid, on))]


def decide_reply(state: RoomState, actor: Participant, args: Args, context: Context) -> Decision:
    """REPLY pid text: a leader answers someone privately (in the meeting or waiting)."""
    pid, text = args
    if pid not in state.participants and pid not in state.waiting:
        raise Refused("no_such_participant", "That person is not here.")
    return [(EventKind.NOTED, (actor.pid, pid, clean_message(text)))]
