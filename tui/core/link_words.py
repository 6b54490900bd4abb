"""How the client says a member's link and presence, and what it asks before giving the floor.

The facilitators see a plain marker beside a name: "reconnecting" (their link dropped),
"stepped out", "12 s behind" (what they have on screen lags the room), "slow" (a round
trip above 1.5 s). Members never see anyone's (their copy of the room holds none). Giving
the floor to someone who may not see it (far behind, reconnecting, stepped out) is asked
first, with the question here; so is any other command that would hand them the floor
or make them the next to share in a round (``handover_question``: starting a round, a
round segment, skipping, moving someone in the round's order). Plain strings for every
front end; no Textual.
"""

from protocol import Command, CommandKind, Event, Refused, apply
from protocol.link_health import marker_of, needs_asking
from protocol.rounds import upcoming, waits_for
from protocol.rules import decide
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


def link_marker(state: RoomState, pid: int, short: bool = False) -> str | None:
    """The facilitators' marker for ``pid``: "reconnecting", "stepped out", "12 s behind", "slow".

    ``short`` gives the form for a narrow row ("away", "out", "12s", "slow"), so that it
    stays beside the name: a marker on a row of its own may be scrolled out of sight.
    """
    person = state.participants.get(pid)
    if person is None:
        return None
    if not person.connected:
        return "away" if short else "reconnecting"
    words = []
    if pid in state.stepped_out:
        words.append("out" if short else "stepped out")
    health = state.link_health.get(pid)
    marker = marker_of(health)
    if health is not None and marker.behind_step:
        words.append(f"{health.behind_seconds}s" if short else f"{health.behind_seconds} s behind")
    elif marker.slow:
        words.append("slow")
    return ", ".join(words) or None


def round_waits(state: RoomState, my_pid: int | None) -> tuple[str, ...]:
    """What the round is waiting for, longest wording first, or () when it is not waiting.

    With the floor free, a round that owes its remaining turns only to people who stepped
    out waits for the first of them to come back. The facilitators read whom it waits for
    (they see who stepped out); the person it waits for reads that too. Anyone else's copy
    of the room holds no one's stepping out, so they read nothing here.
    """
    round_ = state.round
    if round_ is None or state.floor_holder is not None or upcoming(state) is not None:
        return ()
    if not waits_for(state):
        return ()
    owed = [pid for pid in round_.order if pid not in round_.done and pid in state.stepped_out]
    if my_pid in owed:
        return ("Your turn waits for you", "Your turn waits")
    name = for_display_line(state.participants[owed[0]].name) if owed[0] in state.participants else "?"
    return (f"Waiting for {name} (stepped out)", f"Waiting for {name}")


FLOOR_ANYWAY = "Give them the floor anyway?"
TURN_ANYWAY = "Make them next anyway?"
YES_FLOOR, YES_TURN = "Give the floor", "Make them next"
"""The answer that goes ahead, on a floor question and on a next-turn question."""


def _asked(state: RoomState, pid: int, what: str, anyway: str, yet: str = " yet") -> str | None:
    """Why ``pid`` may not see ``what`` ("the floor", "their turn"), then ``anyway``; or None."""
    why = needs_asking(state, pid)
    person = state.participants.get(pid)
    if why is None or person is None:
        return None
    name = for_display_line(person.name)
    if why == "reconnecting":
        said = f"{name} is reconnecting and may not see {what}{yet}."
    elif why == "stepped_out":
        said = f"{name} has stepped out for a moment and may not see {what}."
    else:
        health = state.link_health.get(pid)
        behind = health.behind_seconds if health is not None else 0
        said = f"{name} is {behind} s behind and may not see {what}{yet}."
    return f"{said} {anyway}"


def floor_question(state: RoomState, pid: int) -> str | None:
    """What to ask before giving ``pid`` the floor, or None when there is nothing to ask."""
    return _asked(state, pid, "the floor", FLOOR_ANYWAY)


def turn_question(state: RoomState, pid: int) -> str | None:
    """What to ask before making ``pid`` the next to share in a round, or None."""
    return _asked(state, pid, "their turn", TURN_ANYWAY, yet="")


def yes_word(question: str) -> str:
    """The answer that goes ahead with ``question`` ("Give the floor", "Make them next")."""
    return YES_TURN if question.endswith(TURN_ANYWAY) else YES_FLOOR


def handover_question(state: RoomState, me: int, kind: CommandKind, args: tuple[object, ...]) -> str | None:
    """What to ask before ``me`` sends ``kind``, when it would hand someone who may not see
    it the floor, or make them the next to share in a round; None to go ahead.

    The command is decided and applied on the local copy of the room, as the relay would
    (a member's copy, or a command the rules refuse, asks nothing: the refusal says why).
    The floor the relay hands on by itself when a share ends is nobody's to ask about.
    """
    try:
        decision = decide(state, me, Command(0, kind, args))
    except Refused:
        return None
    after = state
    for seq, (event_kind, fields) in enumerate(decision, start=state.seq + 1):
        after = apply(after, Event(seq, 0, event_kind, me, None, tuple(fields)))
    holder = after.floor_holder
    if holder is not None and holder != state.floor_holder:
        return floor_question(after, holder)
    following = upcoming(after)
    if following is not None and following != upcoming(state):
        return turn_question(after, following)
    return None


def next_hand_question(state: RoomState) -> str | None:
    """What to ask before NEXT, when the hand it would call on may not see the floor."""
    here = [pid for pid in state.hand_queue if pid not in state.stepped_out]
    return floor_question(state, here[0]) if here else None
