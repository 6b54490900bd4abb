"""Press twice: the guard of actions that change the meeting for everyone at once.

Moving to the next agenda item, switching the mode, starting or ending a round and
lowering every hand cannot simply be taken back in front of the group. The first press
of their key sends nothing: the key prompt says what the second press will do ("F8
again: move on to Sharing"), and only a second press of the same action within
``CONFIRM_SECONDS`` sends the one command. Nothing waits on the relay, so it works the
same at a 2 s round trip; a third impatient press starts a new question instead of a
second command. If the room changed meanwhile (another facilitator moved the agenda),
the second press asks again rather than act on what is no longer true.

``what_twice`` says, from the room, what an action would do and what must not have
changed for the second press to count; ``Asking`` remembers the question.
"""

from dataclasses import dataclass

from protocol import Mode, RoomState
from protocol.text import for_display_line

CONFIRM_SECONDS = 6.0
"""How long the second press is awaited."""


@dataclass(frozen=True, slots=True)
class Asking:
    """A guarded action waiting for its second press."""

    action: str
    """The action's name (``agenda_next``)."""
    signature: object
    """What the room showed when the question was asked; the answer counts only if it still does."""
    until: float
    """Monotonic time after which the question has lapsed."""
    by_letter: bool
    """Asked through the room key prefix (the letter answers), or by a function key."""


def what_twice(action: str, state: RoomState) -> tuple[str, object] | None:
    """What ``action`` would do in ``state``, and the signature that must hold; None if unguarded."""
    if action == "agenda_next":
        if not state.agenda:
            return None  # nothing to move on to: the refusal says so at once
        ids = [item.item_id for item in state.agenda]
        at = ids.index(state.current_item) + 1 if state.current_item in ids else 0
        upcoming = state.agenda[at] if at < len(state.agenda) else None
        what = (
            f"move on to {for_display_line(upcoming.title)}"
            if upcoming is not None
            else "move on past the last agenda item"
        )
        return what, state.current_item
    if action == "toggle_mode":
        to = "floor" if state.mode is Mode.OPEN else "open"
        return f"switch the room to {to} mode", state.mode
    if action == "round_toggle":
        what = "start a round with everyone" if state.round is None else "end the round"
        return what, state.round is None
    if action == "lower_all":
        if not state.hand_queue:
            return None
        count = len(state.hand_queue)
        return f"lower every raised hand ({count})", state.hand_queue
    return None
