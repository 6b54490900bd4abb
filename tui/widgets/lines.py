"""What the transcript says: one ``Content`` line for each message, event and notice.

Every name, title and message passes through ``protocol.text.for_display`` (or its
one-line form) and becomes plain ``Content`` with styles set by span, never markup, so
text from other people is shown exactly as typed and cannot act on the terminal. The
sentences speak the meeting's language ("Ana has the floor"), short enough for 80 columns.
"""

import time
from collections.abc import Callable

from textual.content import Content

from protocol import Event, EventKind, Message, Mode, Role, RoomState
from protocol.text import for_display, for_display_line

CONFIDENTIALITY = "What is shared here stays here."
"""The reminder shown on entering a room."""

TIME_STYLE = "$text-muted"
NAME_STYLE = "bold"
OWN_NAME_STYLE = "bold $accent"
SYSTEM_STYLE = "$text-muted italic"
NOTICE_STYLE = "bold $warning"
PENDING_STYLE = "$text-muted"

ROLE_WORDS = {Role.FACILITATOR: "facilitator", Role.COFACILITATOR: "co-facilitator", Role.MEMBER: "member"}


def clock_text(at: float) -> str:
    """``HH:MM`` in local time for a server timestamp."""
    return time.strftime("%H:%M", time.localtime(at))


def ordinal(number: int) -> str:
    """``1st``, ``2nd``, ``3rd``, ``4th``... ``11th``, ``21st``."""
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def name_of(state: RoomState | None, pid: int | None) -> str:
    """A participant's display-safe name, or ``someone`` when they are not known."""
    person = state.participant(pid) if state is not None else None
    return for_display_line(person.name) if person is not None else "someone"


def said(message: Message, my_pid: int | None) -> Content:
    """A chat message: ``HH:MM Name: text``."""
    style = OWN_NAME_STYLE if message.pid == my_pid else NAME_STYLE
    return Content.assemble(
        (clock_text(message.at) + " ", TIME_STYLE),
        (for_display_line(message.name), style),
        ": ",
        for_display(message.text),
    )


def pending(name: str, text: str) -> Content:
    """Our own message on its way to the relay: dim, ending in an ellipsis."""
    return Content.assemble(
        ("--:-- ", TIME_STYLE),
        (for_display_line(name), PENDING_STYLE + " bold"),
        (": " + for_display(text) + " …", PENDING_STYLE),
    )


def unsent(text: str, reason: str) -> Content:
    """Our own message that the relay refused, with its reason."""
    return Content.assemble(
        ("not sent: ", NOTICE_STYLE),
        (for_display(text), PENDING_STYLE + " strike"),
        (" (" + for_display_line(reason) + ")", NOTICE_STYLE),
    )


def system(text: str, at: float | None = None) -> Content:
    """A short line about the room itself (someone joined, the floor moved)."""
    stamp = clock_text(at) + " " if at is not None else ""
    return Content.assemble((stamp, TIME_STYLE), ("· " + text, SYSTEM_STYLE))


def notice(text: str) -> Content:
    """Something the participant must see: a refusal, a lost connection."""
    return Content.assemble(("! ", NOTICE_STYLE), (for_display_line(text), NOTICE_STYLE))


def _floor_released(before: RoomState, event: Event) -> str:
    holder = before.floor_holder
    if holder is not None and holder == event.actor:
        return f"{name_of(before, holder)} is done; the floor is open"
    if holder is not None:
        return f"{name_of(before, event.actor)} took the floor back from {name_of(before, holder)}"
    return "The floor is open"


def _hand_lowered(before: RoomState, event: Event) -> str:
    (pid,) = event.fields
    if event.actor == pid or event.actor is None:
        return f"{name_of(before, pid)} lowered their hand"
    return f"{name_of(before, event.actor)} lowered {name_of(before, pid)}'s hand"


def _item_title(state: RoomState, item_id: int | None) -> str:
    item = state.agenda_item(item_id)
    return for_display_line(item.title) if item is not None else "an item"


_Narrator = Callable[[RoomState, RoomState, Event], str | None]

_NARRATORS: dict[EventKind, _Narrator] = {
    EventKind.JOINED: lambda b, a, e: (
        f"{for_display_line(e.fields[1])} joined"
        + ("" if e.fields[2] is Role.MEMBER else f" as {ROLE_WORDS[e.fields[2]]}")
    ),
    EventKind.RETURNED: lambda b, a, e: f"{name_of(a, e.fields[0])} is back",
    EventKind.DROPPED: lambda b, a, e: f"{name_of(a, e.fields[0])} lost their connection",
    EventKind.LEFT: lambda b, a, e: f"{name_of(b, e.fields[0])} left",
    EventKind.HAND_RAISED: lambda b, a, e: (
        f"{name_of(a, e.fields[0])} raised a hand"
        + (f" ({ordinal(p)})" if (p := a.queue_place(e.fields[0])) else "")
    ),
    EventKind.HAND_LOWERED: lambda b, a, e: _hand_lowered(b, e),
    EventKind.HANDS_CLEARED: lambda b, a, e: "All hands were lowered",
    EventKind.HAND_MOVED: lambda b, a, e: (
        f"{name_of(a, e.fields[0])}'s hand is now {ordinal(e.fields[1] + 1)}"
    ),
    EventKind.FLOOR_GIVEN: lambda b, a, e: f"{name_of(a, e.fields[0])} has the floor",
    EventKind.FLOOR_RELEASED: lambda b, a, e: _floor_released(b, e),
    EventKind.MODE_SET: lambda b, a, e: (
        "Floor mode: raise your hand to speak"
        if e.fields[0] is Mode.FLOOR
        else "Open mode: everyone may post"
    ),
    EventKind.AGENDA_ADDED: lambda b, a, e: (
        f"Agenda: added {for_display_line(e.fields[1])} ({e.fields[2]} min)"
    ),
    EventKind.AGENDA_EDITED: lambda b, a, e: (
        f"Agenda: changed {for_display_line(e.fields[1])} ({e.fields[2]} min)"
    ),
    EventKind.AGENDA_MOVED: lambda b, a, e: f"Agenda: moved {_item_title(a, e.fields[0])}",
    EventKind.AGENDA_REMOVED: lambda b, a, e: f"Agenda: removed {_item_title(b, e.fields[0])}",
    EventKind.AGENDA_CURRENT: lambda b, a, e: (
        f"Now: {_item_title(a, e.fields[0])}" if e.fields[0] is not None else "The agenda is finished"
    ),
    EventKind.REMOVED: lambda b, a, e: f"{name_of(b, e.fields[0])} was removed from the room",
    EventKind.ALLOWED: lambda b, a, e: f"{for_display_line(e.fields[0])} may come back",
    EventKind.ROLE_SET: lambda b, a, e: f"{name_of(a, e.fields[0])} is now {ROLE_WORDS[e.fields[1]]}",
}


def narrate(before: RoomState, after: RoomState, event: Event) -> Content | None:
    """The system line for a non-message event, or None when it needs none.

    Args:
        before: The room as it was, for names of people the event took away.
        after: The room after the event.
        event: The event to tell.
    """
    narrator = _NARRATORS.get(event.kind)
    text = narrator(before, after, event) if narrator is not None else None
    return None if text is None else system(text, event.at)
