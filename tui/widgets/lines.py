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
from protocol.state import AgendaItem
from protocol.text import for_display, for_display_line

CONFIDENTIALITY = "What is shared here stays here."
"""The reminder shown on entering a room."""
MEETING_ENDED = "The meeting has ended. Its messages have been deleted."

CARE_KINDS = frozenset(
    {
        EventKind.NOTED,
        EventKind.SUPPORT_SET,
        EventKind.SILENCED,
        EventKind.FLOOD_STOPPED,
        EventKind.WAITER_ARRIVED,
        EventKind.WAITER_UPDATED,
        EventKind.WAITER_LEFT,
        EventKind.ADMITTED,
        EventKind.DECLINED,
        EventKind.LOCK_SET,
        EventKind.WAITING_ROOM_SET,
    }
)
"""Private events that the care actions tell (``CareActions.care_event``); ``narrate`` skips them."""
SHOWN_AS_MESSAGES = frozenset({EventKind.SAID, EventKind.READ_ALOUD})
"""Events the screen shows as a message under someone's name rather than as a system line."""

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
        if before.round is not None:  # the next turn follows at once; "open" would mislead
            return f"{name_of(before, holder)} is done"
        return f"{name_of(before, holder)} is done; the floor is open"
    if holder is not None and event.actor is None:  # the relay's hard stop at the share limit
        return f"Time is up for {name_of(before, holder)}'s share"
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


def _names(state: RoomState, pids: tuple[int, ...], limit: int = 8) -> str:
    names = [name_of(state, pid) for pid in pids[:limit]]
    more = len(pids) - limit
    return ", ".join(names) + (f" and {more} more" if more > 0 else "")


def _mode_set(mode: Mode) -> str:
    return {
        Mode.OPEN: "Open mode: everyone may post",
        Mode.FLOOR: "Floor mode: raise your hand to speak",
        Mode.ROUND: "Round mode: everyone gets a turn",
        Mode.SILENT: "Silent pause: nobody posts until it ends",
    }[mode]


def segment_text(item: AgendaItem) -> str:
    """``Check-in round (15 min) — round, no crosstalk, 2 min shares`` (a segment starting)."""
    text = f"Now: {for_display_line(item.title)} ({item.minutes} min)"
    rules = item.rules
    if rules is None:
        return text
    if rules.mode is Mode.SILENT:
        return f"Silent pause begins: {item.minutes} minutes ({for_display_line(item.title)})"
    parts = [rules.mode.name.lower()]
    if not rules.crosstalk:
        parts.append("no crosstalk")
    if rules.share_seconds:
        seconds = rules.share_seconds
        share = f"{seconds // 60} min" if seconds % 60 == 0 else f"{seconds} s"
        parts.append(f"{share} shares" + (", strict" if rules.hard_stop else ""))
    return f"{text} — {', '.join(parts)}"


def _agenda_current(after: RoomState, event: Event) -> str:
    item = after.agenda_item(event.fields[0])
    if event.fields[0] is None or item is None:
        return "The agenda is finished"
    return segment_text(item)


def _reading_title(state: RoomState, reading_id: int | None) -> str:
    reading = state.reading(reading_id)
    return for_display_line(reading.title) if reading is not None else "a reading"


def _reading_shown(before: RoomState, after: RoomState, event: Event) -> str:
    (reading_id,) = event.fields
    if reading_id is None:
        return f"{name_of(after, event.actor)} closed the reading"
    return f"{name_of(after, event.actor)} shows {_reading_title(after, reading_id)} (v shows or hides it)"


def _round_moved(after: RoomState, event: Event) -> str:
    pid, index = event.fields
    return f"Round: {name_of(after, pid)} now goes {ordinal(index + 1)}"


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
    EventKind.MODE_SET: lambda b, a, e: _mode_set(e.fields[0]),
    EventKind.AGENDA_ADDED: lambda b, a, e: (
        f"Agenda: added {for_display_line(e.fields[1])} ({e.fields[2]} min)"
    ),
    EventKind.AGENDA_EDITED: lambda b, a, e: (
        f"Agenda: changed {for_display_line(e.fields[1])} ({e.fields[2]} min)"
    ),
    EventKind.AGENDA_MOVED: lambda b, a, e: f"Agenda: moved {_item_title(a, e.fields[0])}",
    EventKind.AGENDA_REMOVED: lambda b, a, e: f"Agenda: removed {_item_title(b, e.fields[0])}",
    EventKind.AGENDA_CURRENT: lambda b, a, e: _agenda_current(a, e),
    EventKind.REMOVED: lambda b, a, e: f"{name_of(b, e.fields[0])} was removed from the room",
    EventKind.ALLOWED: lambda b, a, e: f"{for_display_line(e.fields[0])} may come back",
    EventKind.ROLE_SET: lambda b, a, e: f"{name_of(a, e.fields[0])} is now {ROLE_WORDS[e.fields[1]]}",
    EventKind.PASSED: lambda b, a, e: f"{name_of(b, e.fields[0])} passed",
    EventKind.REACTED: lambda b, a, e: None,  # counted in the floor panel, never a line
    EventKind.ROUND_STARTED: lambda b, a, e: f"Round: {_names(a, e.fields[0])}",
    EventKind.ROUND_MOVED: lambda b, a, e: _round_moved(a, e),
    EventKind.ROUND_SKIPPED: lambda b, a, e: f"Round: {name_of(a, e.fields[0])} is skipped this time",
    EventKind.ROUND_ENDED: lambda b, a, e: "The round is over",
    EventKind.CROSSTALK_SET: lambda b, a, e: (
        "Crosstalk is on: anyone may respond"
        if e.fields[0]
        else "No crosstalk: let each person finish; react with 1, 2 or 3"
    ),
    EventKind.AGENDA_CLEARED: lambda b, a, e: (
        f"{name_of(a, e.actor)} loaded a new agenda" if e.actor is not None else "A new agenda was loaded"
    ),
    EventKind.READING_ADDED: lambda b, a, e: f"Reading added: {for_display_line(e.fields[1])}",
    EventKind.READING_SHOWN: _reading_shown,
    EventKind.READING_ASKED: lambda b, a, e: (
        f"{name_of(a, e.actor)} asked {name_of(a, e.fields[1])} to read {_reading_title(a, e.fields[0])}"
    ),
    EventKind.READING_REMOVED: lambda b, a, e: f"Reading removed: {_reading_title(b, e.fields[0])}",
    EventKind.LOCKDOWN_SET: lambda b, a, e: (
        "Lockdown: floor mode, no crosstalk, no newcomers" if e.fields[0] else "Lockdown is over"
    ),
    EventKind.MEETING_ENDED: lambda b, a, e: MEETING_ENDED,
}


def narrate(before: RoomState, after: RoomState, event: Event) -> Content | None:
    """The system line for a non-message event, or None when it needs none.

    Args:
        before: The room as it was, for names of people the event took away.
        after: The room after the event.
        event: The event to tell.
    """
    if event.kind in CARE_KINDS or event.kind in SHOWN_AS_MESSAGES:
        return None
    narrator = _NARRATORS.get(event.kind)
    text = narrator(before, after, event) if narrator is not None else None
    return None if text is None else system(text, event.at)
