"""What the room says to everyone: one plain sentence for each public event.

The public events (who joined, who has the floor, the agenda, the round, the mode...)
read the same for every participant, so each is told here once, as plain text with no
styles, for every front end: the Textual transcript styles these sentences
(``tui.widgets.lines``), a line mode prints them as they are. Events whose audience is
limited (notes, support, pauses, the waiting room, the lock) are told from the reader's
seat in ``tui.core.narration_seat``; each event kind is told in exactly one of the two.

Every name and title passes through ``protocol.text.for_display_line`` here, so the
sentences are safe to show as they are. Where a sentence names a key, it carries a
``KeyHint`` instead of the key itself: each front end fills in its own key (a remapped
one, or none at all in a line mode). This module must not import ``textual``.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass

from protocol import Event, EventKind, Mode, Role, RoomState
from protocol.kinds import MODE_WORDS
from protocol.names import HIDDEN_NAME
from protocol.state import UNKNOWN_PERSON, AgendaItem
from protocol.text import for_display_line
from tui.core.wording import plural

CONFIDENTIALITY = "What is shared here stays here."
"""The reminder shown on entering a room."""
MEETING_ENDED = "The meeting has ended. Its messages have been deleted."

ROLE_WORDS = {
    Role.FACILITATOR: "facilitator",
    Role.COFACILITATOR: "co-facilitator",
    Role.MEMBER: "member",
    Role.GUEST: "guest speaker",
}

SHOWN_AS_MESSAGES = frozenset({EventKind.SAID, EventKind.READ_ALOUD})
"""Events shown as a message under someone's name rather than as a sentence about the room."""


@dataclass(frozen=True, slots=True)
class KeyHint:
    """Words around the keys of some bindings, which each front end names its own way."""

    ids: tuple[str, ...]
    """Binding ids (``tui.keys``) whose keys the hint names."""
    before: str
    after: str = ""

    def text(self, label: Callable[[str], str]) -> str:
        """The hint with each binding's key as ``label`` names it (``a``, ``a or b``, ``a, b or c``)."""
        names = [label(binding_id) for binding_id in self.ids]
        named = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
        return self.before + named + self.after


@dataclass(frozen=True, slots=True)
class Told:
    """One sentence about the room, and the key hint that ends it, if any."""

    text: str
    hint: KeyHint | None = None

    def plain(self, label: Callable[[str], str]) -> str:
        """The whole sentence, keys named by ``label``."""
        return self.text + (self.hint.text(label) if self.hint is not None else "")


def clock_text(at: float) -> str:
    """``HH:MM`` in local time for a server timestamp."""
    return time.strftime("%H:%M", time.localtime(at))


def ordinal(number: int) -> str:
    """``1st``, ``2nd``, ``3rd``, ``4th``... ``11th``, ``21st``."""
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def name_of(state: RoomState | None, pid: int | None) -> str | None:
    """The display-safe name of a participant or of someone waiting, or None when unknown."""
    if state is None or pid is None:
        return None
    person = state.participant(pid)
    if person is not None:  # nameless to a member of a count-only room (protocol.attendance)
        return for_display_line(person.name) if person.name != HIDDEN_NAME else None
    waiter = state.waiting.get(pid)
    return for_display_line(waiter.name) if waiter is not None else None


def shown_name(state: RoomState | None, pid: int | None) -> str:
    """The name to show for ``pid``: theirs, or ``protocol.state.UNKNOWN_PERSON``."""
    return name_of(state, pid) or UNKNOWN_PERSON


def leads(state: RoomState, my_pid: int | None) -> bool:
    """Whether the reader facilitates: only they read the lobby's notes and the fairness hints."""
    me = state.participant(my_pid)
    return me is not None and me.role.leads


def _floor_released(before: RoomState, event: Event) -> str:
    holder = before.floor_holder
    if holder is not None and holder == event.actor:
        if before.round is not None:  # the next turn follows at once; "open" would mislead
            return f"{shown_name(before, holder)} is done"
        if before.mode is Mode.FLOOR:  # the floor waits for a facilitator to give it on
            hands = [pid for pid in before.hand_queue if pid != holder]
            if hands:
                return f"{shown_name(before, holder)} is done; {shown_name(before, hands[0])}'s hand is next"
            return f"{shown_name(before, holder)} is done; raise your hand to speak"
        return f"{shown_name(before, holder)} is done; the floor is open"
    if holder is not None and event.actor is None:  # the relay's hard stop at the share limit
        return f"Time is up for {shown_name(before, holder)}'s share"
    if holder is not None:
        return f"{shown_name(before, event.actor)} took the floor back from {shown_name(before, holder)}"
    return "The floor is open"


def _hand_lowered(before: RoomState, event: Event) -> str:
    (pid,) = event.fields
    if event.actor == pid or event.actor is None:
        return f"{shown_name(before, pid)} lowered their hand"
    return f"{shown_name(before, event.actor)} lowered {shown_name(before, pid)}'s hand"


def _item_title(state: RoomState, item_id: int | None) -> str:
    item = state.agenda_item(item_id)
    return for_display_line(item.title) if item is not None else "an item"


def _names(state: RoomState, pids: tuple[int, ...], limit: int = 8) -> str:
    names = [shown_name(state, pid) for pid in pids[:limit]]
    more = len(pids) - limit
    return ", ".join(names) + (f" and {more} more" if more > 0 else "")


_MODE_SET = {
    Mode.OPEN: "Open mode: everyone may post",
    Mode.FLOOR: "Floor mode: raise your hand to speak",
    Mode.ROUND: "Round mode: everyone gets a turn",
    Mode.SILENT: "Silent pause: nobody posts until it ends",
}


def segment_text(item: AgendaItem) -> str:
    """``Now: Check-in (15 min) — round, no crosstalk, 2 min shares`` (a segment starting)."""
    text = f"Now: {for_display_line(item.title)} ({item.minutes} min)"
    rules = item.rules
    if rules is None:
        return text
    if rules.mode is Mode.SILENT:
        return f"Silent pause begins: {plural(item.minutes, 'minute')} ({for_display_line(item.title)})"
    parts = [MODE_WORDS[rules.mode]]
    if not rules.crosstalk:
        parts.append("no crosstalk")
    if rules.share_seconds:
        seconds = rules.share_seconds
        share = f"{seconds // 60} min" if seconds % 60 == 0 else f"{seconds} s"
        parts.append(f"{share} shares" + (", strict" if rules.hard_stop else ""))
    if rules.speaker is not None:
        parts.insert(0, f"guest speaker {for_display_line(rules.speaker)}")
    return f"{text} — {', '.join(parts)}"


def _agenda_current(after: RoomState, event: Event) -> str:
    item = after.agenda_item(event.fields[0])
    if event.fields[0] is None or item is None:
        return "The agenda is finished"
    return segment_text(item)


def _reading_title(state: RoomState, reading_id: int | None) -> str:
    reading = state.reading(reading_id)
    return for_display_line(reading.title) if reading is not None else "a reading"


def _reading_shown(before: RoomState, after: RoomState, event: Event) -> Told:
    (reading_id,) = event.fields
    if reading_id is None:
        return Told(f"{shown_name(after, event.actor)} closed the reading")
    return Told(
        f"{shown_name(after, event.actor)} shows {_reading_title(after, reading_id)}",
        KeyHint(("readings",), " (", " shows or hides it)"),
    )


def _round_moved(after: RoomState, event: Event) -> str:
    pid, index = event.fields
    return f"Round: {shown_name(after, pid)} now goes {ordinal(index + 1)}"


def _crosstalk_set(event: Event) -> Told:
    if event.fields[0]:
        return Told("Crosstalk is on: anyone may respond")
    return Told(
        "No crosstalk: let each person finish",
        KeyHint(("react-heart", "react-me-too", "react-thanks"), "; react with "),
    )


_RAISED_FOR = {1: " for a direct response", 2: " for a point of process"}
"""After "raised a hand", by ``HandReason`` (a new share says nothing more)."""
_PROGRESSIVE_SET = {
    True: "Progressive stack on: people who have not shared yet go first",
    False: "Progressive stack off: new shares go in the order raised",
}


_Teller = Callable[[RoomState, RoomState, Event], str | Told | None]

_TELLERS: dict[EventKind, _Teller] = {
    EventKind.JOINED: lambda b, a, e: (
        f"{for_display_line(e.fields[1]) or UNKNOWN_PERSON} joined"
        + ("" if e.fields[2] is Role.MEMBER else f" as {ROLE_WORDS[e.fields[2]]}")
    ),
    EventKind.RETURNED: lambda b, a, e: f"{shown_name(a, e.fields[0])} is back",
    # A removal is told by REMOVED just before (to those who see it): its LEFT says nothing more.
    EventKind.LEFT: lambda b, a, e: (
        f"{shown_name(b, e.fields[0])} left" if b.participant(e.fields[0]) else None
    ),
    EventKind.HAND_RAISED: lambda b, a, e: (
        f"{shown_name(a, e.fields[0])} raised a hand{_RAISED_FOR.get(a.hand_reasons.get(e.fields[0], 0), '')}"
        + (f" ({ordinal(p)})" if (p := a.queue_place(e.fields[0])) else "")
    ),
    EventKind.HAND_LOWERED: lambda b, a, e: _hand_lowered(b, e),
    EventKind.HANDS_CLEARED: lambda b, a, e: "All hands were lowered",
    EventKind.HAND_MOVED: lambda b, a, e: (
        f"{shown_name(a, e.fields[0])}'s hand is now {ordinal(e.fields[1] + 1)}"
    ),
    EventKind.FLOOR_GIVEN: lambda b, a, e: f"{shown_name(a, e.fields[0])} has the floor",
    EventKind.FLOOR_RELEASED: lambda b, a, e: _floor_released(b, e),
    EventKind.MODE_SET: lambda b, a, e: _MODE_SET[e.fields[0]],
    EventKind.AGENDA_ADDED: lambda b, a, e: (
        f"Agenda: added {for_display_line(e.fields[1])} ({e.fields[2]} min)"
    ),
    EventKind.AGENDA_EDITED: lambda b, a, e: (
        f"Agenda: changed {for_display_line(e.fields[1])} ({e.fields[2]} min)"
    ),
    EventKind.AGENDA_MOVED: lambda b, a, e: f"Agenda: moved {_item_title(a, e.fields[0])}",
    EventKind.AGENDA_REMOVED: lambda b, a, e: f"Agenda: removed {_item_title(b, e.fields[0])}",
    EventKind.AGENDA_CURRENT: lambda b, a, e: _agenda_current(a, e),
    EventKind.REMOVED: lambda b, a, e: f"{shown_name(b, e.fields[0])} was removed from the room",
    EventKind.ALLOWED: lambda b, a, e: f"{for_display_line(e.fields[0])} may come back",
    EventKind.ROLE_SET: lambda b, a, e: f"{shown_name(a, e.fields[0])} is now {ROLE_WORDS[e.fields[1]]}",
    EventKind.PASSED: lambda b, a, e: f"{shown_name(b, e.fields[0])} passed",
    EventKind.REACTED: lambda b, a, e: None,  # counted in the floor panel, never a line
    EventKind.ROUND_STARTED: lambda b, a, e: f"Round: {_names(a, e.fields[0])}",
    EventKind.ROUND_MOVED: lambda b, a, e: _round_moved(a, e),
    EventKind.ROUND_SKIPPED: lambda b, a, e: f"Round: {shown_name(a, e.fields[0])} is skipped this time",
    EventKind.ROUND_ENDED: lambda b, a, e: "The round is over",
    EventKind.CROSSTALK_SET: lambda b, a, e: _crosstalk_set(e),
    EventKind.PROGRESSIVE_SET: lambda b, a, e: _PROGRESSIVE_SET[bool(e.fields[0])],
    EventKind.AGENDA_CLEARED: lambda b, a, e: (
        f"{shown_name(a, e.actor)} loaded a new agenda" if e.actor is not None else "A new agenda was loaded"
    ),
    EventKind.READING_ADDED: lambda b, a, e: f"Reading added: {for_display_line(e.fields[1])}",
    EventKind.READING_SHOWN: _reading_shown,
    EventKind.READING_ASKED: lambda b, a, e: (
        f"{shown_name(a, e.actor)} asked {shown_name(a, e.fields[1])} "
        f"to read {_reading_title(a, e.fields[0])}"
    ),
    EventKind.READING_REMOVED: lambda b, a, e: f"Reading removed: {_reading_title(b, e.fields[0])}",
    EventKind.LOCKDOWN_SET: lambda b, a, e: (
        "Lockdown: floor mode, no crosstalk, no newcomers" if e.fields[0] else "Lockdown is over"
    ),
    EventKind.MEETING_ENDED: lambda b, a, e: MEETING_ENDED,
    EventKind.WITHDRAWN: lambda b, a, e: f"{shown_name(b, e.fields[0])}'s messages were taken off the screen",
}

PUBLIC_KINDS = frozenset(_TELLERS)
"""The event kinds told here."""
UNTOLD_KINDS = frozenset({EventKind.NAMED})
"""Kinds with no sentence of their own: a name shown goes with the message or role that follows."""


def sentence_case(text: str) -> str:
    """``text`` starting with a capital when its first word is ``UNKNOWN_PERSON`` ("Someone joined");
    a name that merely begins with those letters ("someone_else") is shown as its owner wrote it."""
    first = text.split(" ", 1)[0].split("'", 1)[0]
    return text[:1].upper() + text[1:] if first == UNKNOWN_PERSON else text


def tell(before: RoomState, after: RoomState, event: Event, me: int | None = None) -> Told | None:
    """The sentence for a public event, or None when it needs none (or is not told here).

    Args:
        before: The room as it was, for names of people the event took away.
        after: The room after the event.
        event: The event to tell.
        me: The reader, who reads their own return (replayed as they resume) as "You are back".
    """
    if event.kind is EventKind.RETURNED and me is not None and event.fields[0] == me:
        return Told("You are back")
    teller = _TELLERS.get(event.kind)
    told = teller(before, after, event) if teller is not None else None
    if isinstance(told, Told):
        return Told(sentence_case(told.text), told.hint)
    return Told(sentence_case(told)) if isinstance(told, str) else None
