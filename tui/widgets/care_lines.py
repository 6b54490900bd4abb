"""What the transcript and the notifications say about the private, care-related events.

Waiting-room arrivals, private notes, support requests, pauses and the room's lock reach
only the facilitators and the person concerned (``protocol.privacy``), so each event is
told from where the reader sits: a facilitator reads "Neo is waiting (new) — F10 to
admit", the member who was paused reads "A facilitator paused your messages for 5
minutes". ``care_news`` returns the transcript line and, for what needs attention now,
the words of a notification. Names and texts pass through ``protocol.text`` and become
plain ``Content``, never markup.
"""

from collections.abc import Callable
from dataclasses import dataclass

from textual.content import Content

from protocol import Event, EventKind, RoomState
from protocol.rate_limits import flood_notice
from protocol.state import Waiter
from protocol.text import for_display, for_display_line
from tui.widgets.lines import NOTICE_STYLE, SYSTEM_STYLE, TIME_STYLE, clock_text


@dataclass(frozen=True, slots=True)
class CareNews:
    """How one care event is told to one reader."""

    line: Content
    """The transcript line."""
    toast: str | None = None
    """Words for a notification when the reader should look now, else None."""


def _line(event: Event, text: str, style: str = SYSTEM_STYLE, mark: str = "· ") -> Content:
    return Content.assemble((clock_text(event.at) + " ", TIME_STYLE), (mark + text, style))


def _system(event: Event, text: str) -> CareNews:
    return CareNews(_line(event, text))


def _alert(event: Event, text: str, toast: str | None = None) -> CareNews:
    return CareNews(_line(event, text, NOTICE_STYLE, "! "), toast or text)


def person_name(state: RoomState, pid: int | None) -> str:
    """The display-safe name of a participant or of someone waiting, or ``someone``."""
    person = state.participant(pid)
    if person is not None:
        return for_display_line(person.name)
    waiter = state.waiting.get(pid) if pid is not None else None
    return for_display_line(waiter.name) if waiter is not None else "someone"


def waiter_marks(waiter: Waiter) -> str:
    """``new, accepted the guidelines``, or the empty string."""
    marks = (["new"] if waiter.is_new else []) + (
        ["accepted the guidelines"] if waiter.accepted_guidelines else []
    )
    return ", ".join(marks)


def minutes_until(until: int, at: int) -> int:
    """Whole minutes from ``at`` to ``until`` (at least one)."""
    return max(1, round((until - at) / 60))


@dataclass(frozen=True, slots=True)
class _Reader:
    """Who is reading, and the room before and after the event."""

    me: int | None
    before: RoomState
    after: RoomState

    def who(self, pid: int | None) -> str:
        """``You`` for the reader, else the name."""
        if pid is not None and pid == self.me:
            return "You"
        name = person_name(self.after, pid)
        return name if name != "someone" else person_name(self.before, pid)


def _waiting(r: _Reader, e: Event) -> CareNews | None:
    pid = e.fields[0]
    waiter = r.after.waiting.get(pid)
    if pid == r.me or waiter is None:
        return None
    marks = waiter_marks(waiter)
    text = (
        f"{for_display_line(waiter.name)} is waiting" + (f" ({marks})" if marks else "") + " — F10 to admit"
    )
    if e.kind is EventKind.WAITER_ARRIVED:
        return _alert(e, text)
    return _system(e, text)


def _noted(r: _Reader, e: Event) -> CareNews | None:
    from_pid, to_pid, text = e.fields
    sender = r.who(from_pid)
    body = for_display(text)
    if to_pid is None:
        where = f"{sender} to the facilitators (private): "
        if from_pid == r.me:
            return CareNews(Content.assemble(_line(e, where), (body, SYSTEM_STYLE)))
        toast = f"Private note from {sender} — F10 opens the desk"
        return CareNews(Content.assemble(_line(e, where, NOTICE_STYLE, "! "), body), toast)
    if to_pid == r.me:
        # Only facilitators reply; someone waiting sees nobody in the meeting to name.
        where = f"{'A facilitator' if sender == 'someone' else sender} (private): "
        return CareNews(Content.assemble(_line(e, where, NOTICE_STYLE, "! "), body), where + body)
    where = f"{sender} to {r.who(to_pid)} (private): "
    return CareNews(Content.assemble(_line(e, where), (body, SYSTEM_STYLE)))


def _support(r: _Reader, e: Event) -> CareNews:
    pid, on = e.fields
    if pid == r.me:
        if on:
            return CareNews(
                _line(e, "You asked for support; only the facilitators see it"),
                "The facilitators know you would like support. Only they can see this.",
            )
        return _system(e, "You withdrew your request for support")
    name = r.who(pid)
    if on:
        return _alert(e, f"{name} asked for support", f"{name} asked for support — F10 opens the desk")
    return _system(e, f"{name} no longer asks for support")


def _silenced(r: _Reader, e: Event) -> CareNews:
    pid, until = e.fields
    if pid == r.me:
        if until > 0:
            who = "The relay" if e.actor is None else "A facilitator"  # no actor: it stopped a flood
            return _alert(e, f"{who} paused your messages for {_minutes(until, e.at)}")
        return CareNews(_line(e, "You may post again"), "A facilitator lifted the pause: you may post again.")
    actor, name = r.who(e.actor), r.who(pid)
    if until > 0:
        return _system(e, f"{actor} paused {name}'s messages for {_minutes(until, e.at)}")
    return _system(e, f"{actor} lifted the pause on {name}'s messages")


def _flood_stopped(r: _Reader, e: Event) -> CareNews:
    pid, refused, until = e.fields
    silenced = minutes_until(until, e.at) if until else 0
    return _alert(e, flood_notice(person_name(r.after, pid), refused, silenced))


def _minutes(until: int, at: int) -> str:
    count = minutes_until(until, at)
    return f"{count} minute" + ("" if count == 1 else "s")


def _admitted(r: _Reader, e: Event) -> CareNews | None:
    pid = e.fields[0]
    if pid == r.me:
        return None  # the waiting room closes and the meeting's own welcome says it
    return _system(e, f"{r.who(e.actor)} let {person_name(r.before, pid)} in")


def _declined(r: _Reader, e: Event) -> CareNews | None:
    pid, message = e.fields
    if pid == r.me:
        return None  # the waiting room shows the facilitators' message
    return _system(e, f"{r.who(e.actor)} declined {person_name(r.before, pid)}: {for_display_line(message)}")


_TELLERS: dict[EventKind, Callable[[_Reader, Event], CareNews | None]] = {
    EventKind.WAITER_ARRIVED: _waiting,
    EventKind.WAITER_UPDATED: _waiting,
    EventKind.WAITER_LEFT: lambda r, e: (
        None
        if e.fields[0] == r.me
        else _system(e, f"{person_name(r.before, e.fields[0])} left the waiting room")
    ),
    EventKind.ADMITTED: _admitted,
    EventKind.DECLINED: _declined,
    EventKind.NOTED: _noted,
    EventKind.SUPPORT_SET: _support,
    EventKind.SILENCED: _silenced,
    EventKind.FLOOD_STOPPED: _flood_stopped,
    EventKind.LOCK_SET: lambda r, e: _system(
        e,
        f"{r.who(e.actor)} locked the room: newcomers wait in the waiting room"
        if e.fields[0]
        else f"{r.who(e.actor)} unlocked the room",
    ),
    EventKind.WAITING_ROOM_SET: lambda r, e: _system(
        e,
        "Waiting room on: newcomers wait to be let in"
        if e.fields[0]
        else "Waiting room off: newcomers come straight in",
    ),
}

CARE_KINDS = frozenset(_TELLERS)
"""The event kinds told here (``tui.widgets.lines.narrate`` leaves them out)."""


def care_news(before: RoomState, after: RoomState, event: Event, my_pid: int | None) -> CareNews | None:
    """How ``event`` is told to participant ``my_pid``, or None when it needs no line.

    Args:
        before: The room as it was (for the names of people the event took away).
        after: The room after the event.
        event: A care event (any other kind gives None).
        my_pid: The reader's participant id.
    """
    teller = _TELLERS.get(event.kind)
    return None if teller is None else teller(_Reader(my_pid, before, after), event)
