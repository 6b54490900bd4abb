"""How the client says a member's link and presence, and what it asks before giving the floor.

The facilitators see a plain marker beside a name: "reconnecting" (their link dropped),
"stepped out", "12 s behind" (what they have on screen lags the room), "slow" (a round
trip above 1.5 s). Members never see anyone's (their copy of the room holds none). Giving
the floor to someone who may not see it (far behind, reconnecting, stepped out) is asked
first, with the question here. Plain strings for every front end; no Textual.
"""

from protocol.link_health import marker_of, needs_asking
from protocol.state import RoomState
from protocol.text import for_display_line

STEPPED_OUT_STATUS = "You stepped out: your hand and round place are kept. Ctrl+R Shift+O: back"
"""What a member reads in the status line while they are stepped out (it fits 80 columns;
Shift+O is a room key, after Ctrl+R)."""
STEPPED_OUT_SHORT = (
    "Stepped out. Ctrl+R Shift+O: back. Hand and place kept.",
    "Stepped out. Ctrl+R Shift+O: back",
)
"""The same in a narrower status line (60 columns, then less): the key to come back first."""
STEPPED_OUT_TOLD = "You stepped out. Your hand and your place in the round are kept."
"""The transcript's line when they step out (the key to come back is named after it)."""


def link_marker(state: RoomState, pid: int) -> str | None:
    """The facilitators' marker for ``pid``: "reconnecting", "stepped out", "12 s behind", "slow"."""
    person = state.participants.get(pid)
    if person is None:
        return None
    if not person.connected:
        return "reconnecting"
    words = []
    if pid in state.stepped_out:
        words.append("stepped out")
    health = state.link_health.get(pid)
    marker = marker_of(health)
    if health is not None and marker.behind_step:
        words.append(f"{health.behind_seconds} s behind")
    elif marker.slow:
        words.append("slow")
    return ", ".join(words) or None


def floor_question(state: RoomState, pid: int) -> str | None:
    """What to ask before giving ``pid`` the floor, or None when there is nothing to ask."""
    why = needs_asking(state, pid)
    person = state.participants.get(pid)
    if why is None or person is None:
        return None
    name = for_display_line(person.name)
    if why == "reconnecting":
        what = f"{name} is reconnecting and may not see the floor yet."
    elif why == "stepped_out":
        what = f"{name} has stepped out for a moment and may not see the floor."
    else:
        health = state.link_health.get(pid)
        behind = health.behind_seconds if health is not None else 0
        what = f"{name} is {behind} s behind and may not see the floor yet."
    return f"{what} Give them the floor anyway?"


def next_hand_question(state: RoomState) -> str | None:
    """What to ask before NEXT, when the hand it would call on may not see the floor."""
    here = [pid for pid in state.hand_queue if pid not in state.stepped_out]
    return floor_question(state, here[0]) if here else None
