"""What the room tells one reader from where they sit: notes, support, pauses, the waiting room,
a dropped link.

These events reach only the facilitators and the person concerned
(``protocol.privacy``), so each is told from the reader's seat: a facilitator reads
"Neo is waiting (new) — F10 to admit", the member who was paused reads "A facilitator
paused your messages for 5 minutes". ``tell_seat`` returns plain ``SeatNews``: the
sentence, whether it asks for attention now, a note's own words, and the words of a
notification. A dropped link is told from the seat too: when the facilitator's link drops
and no other facilitator is there, each co-facilitator reads that they are leading now.
Public events are told in ``tui.core.narration``; each kind is told in
exactly one of the two. Names and texts pass through ``protocol.text``; this module
must not import ``textual``.
"""

from collections.abc import Callable
from dataclasses import dataclass, replace

from protocol import Event, EventKind, Role, RoomState
from protocol.names import same_name
from protocol.rate_limits import flood_notice
from protocol.state import UNKNOWN_PERSON, GuestInvite, Waiter
from protocol.text import for_display, for_display_line
from tui.core.guest_lines import invited_line
from tui.core.link_words import STEPPED_OUT_TOLD
from tui.core.narration import KeyHint, name_of, sentence_case
from tui.core.wording import plural

TO_THE_DESK = KeyHint(("desk",), " — ", " opens the desk")
"""How a facilitator is pointed to the desk (``F10 opens the desk``)."""


@dataclass(frozen=True, slots=True)
class SeatNews:
    """How one event is told to one reader."""

    text: str
    """The sentence (for a note: who wrote to whom; its words are ``body``)."""
    alert: bool = False
    """Whether the reader should look now (the line stands out)."""
    body: str | None = None
    """A note's own words, display-safe, shown after ``text``."""
    hint: KeyHint | None = None
    """A key that acts on the news, named after ``text``."""
    toast: str | None = None
    """Words for a notification when the reader should look now, else None."""
    toast_hint: KeyHint | None = None
    """A key named after ``toast``."""


def _alert(text: str, toast: str | None = None, toast_hint: KeyHint | None = None) -> SeatNews:
    return SeatNews(text, alert=True, toast=toast or text, toast_hint=toast_hint)


def looks_like(waiter: Waiter, state: RoomState) -> str | None:
    """The display name of someone in the meeting whose name ``waiter``'s passes for, or None.

    The relay numbers such a name when the waiter is let in ("Frаn 2"); until then the two
    read alike on the desk, so the facilitators are told.
    """
    for person in state.participants.values():
        if same_name(waiter.name, person.name):
            return for_display_line(person.name)
    return None


def waiter_marks(waiter: Waiter, state: RoomState | None = None) -> str:
    """``looks like Fran, new, accepted the guidelines``, or the empty string."""
    alike = looks_like(waiter, state) if state is not None else None
    marks = (
        ([f"looks like {alike}"] if alike else [])
        + (["new"] if waiter.is_new else [])
        + (["accepted the guidelines"] if waiter.accepted_guidelines else [])
    )
    return ", ".join(marks)


def minutes_until(until: int, at: int) -> int:
    """Whole minutes from ``at`` to ``until`` (at least one)."""
    return max(1, round((until - at) / 60))


@dataclass(frozen=True, slots=True)
class _Seat:
    """Who is reading, and the room before and after the event."""

    me: int | None
    before: RoomState
    after: RoomState

    def known(self, pid: int | None) -> str | None:
        """``You`` for the reader, else the name after the event or before it, else None."""
        if pid is not None and pid == self.me:
            return "You"
        return name_of(self.after, pid) or name_of(self.before, pid)

    def who(self, pid: int | None) -> str:
        """``You``, the name, or ``protocol.state.UNKNOWN_PERSON``."""
        return self.known(pid) or UNKNOWN_PERSON

    def was(self, pid: int | None) -> str:
        """The name before the event (someone who just left the waiting room)."""
        return name_of(self.before, pid) or UNKNOWN_PERSON


def _waiting(s: _Seat, e: Event) -> SeatNews | None:
    pid = e.fields[0]
    waiter = s.after.waiting.get(pid)
    if pid == s.me or waiter is None:
        return None
    marks = waiter_marks(waiter, s.after)
    text = f"{for_display_line(waiter.name)} is waiting" + (f" ({marks})" if marks else "")
    hint = KeyHint(("desk",), " — ", " to admit")
    if e.kind is EventKind.WAITER_ARRIVED:
        return SeatNews(text, alert=True, hint=hint, toast=text, toast_hint=hint)
    return SeatNews(text, hint=hint)


def _noted(s: _Seat, e: Event) -> SeatNews:
    from_pid, to_pid, text = e.fields
    sender = s.known(from_pid)
    body = for_display(text)
    if to_pid is None:
        where = f"{sender or UNKNOWN_PERSON} to the facilitators (private): "
        if from_pid == s.me:
            return SeatNews(where, body=body)
        toast = f"Private note from {sender or UNKNOWN_PERSON}"
        return SeatNews(where, alert=True, body=body, toast=toast, toast_hint=TO_THE_DESK)
    if to_pid == s.me:
        # Only facilitators reply; someone waiting sees nobody in the meeting to name.
        where = f"{sender or 'A facilitator'} (private): "
        return SeatNews(where, alert=True, body=body, toast=where + body)
    return SeatNews(f"{sender or UNKNOWN_PERSON} to {s.who(to_pid)} (private): ", body=body)


def _support(s: _Seat, e: Event) -> SeatNews:
    pid, on = e.fields
    if pid == s.me:
        if on:
            return SeatNews(
                "You asked for support; only the facilitators see it",
                toast="The facilitators know you would like support. Only they can see this.",
            )
        return SeatNews("You withdrew your request for support")
    name = s.who(pid)
    if on:
        return _alert(f"{name} asked for support", f"{name} asked for support", TO_THE_DESK)
    return SeatNews(f"{name} no longer asks for support")


def _minutes(until: int, at: int) -> str:
    return plural(minutes_until(until, at), "minute")


def _silenced(s: _Seat, e: Event) -> SeatNews:
    pid, until = e.fields
    if pid == s.me:
        if until > 0:
            who = "The relay" if e.actor is None else "A facilitator"  # no actor: it stopped a flood
            return _alert(f"{who} paused your messages for {_minutes(until, e.at)}")
        return SeatNews("You may post again", toast="A facilitator lifted the pause: you may post again.")
    actor, name = ("The relay" if e.actor is None else s.who(e.actor)), s.who(pid)  # no actor: a flood
    if until > 0:
        return SeatNews(f"{actor} paused {name}'s messages for {_minutes(until, e.at)}")
    return SeatNews(f"{actor} lifted the pause on {name}'s messages")


def _flood_stopped(s: _Seat, e: Event) -> SeatNews:
    pid, refused, until = e.fields
    silenced = minutes_until(until, e.at) if until else 0
    return _alert(flood_notice(s.who(pid), refused, silenced))


def _admitted(s: _Seat, e: Event) -> SeatNews | None:
    pid = e.fields[0]
    if pid == s.me:
        return None  # the waiting room closes and the meeting's own welcome says it
    return SeatNews(f"{s.who(e.actor)} let {s.was(pid)} in")


def _declined(s: _Seat, e: Event) -> SeatNews | None:
    pid, message = e.fields
    if pid == s.me:
        return None  # the waiting room shows the facilitators' message
    return SeatNews(f"{s.who(e.actor)} declined {s.was(pid)}: {for_display_line(message)}")


def _dropped(s: _Seat, e: Event) -> SeatNews:
    pid = e.fields[0]
    if pid == s.me:  # replayed to them as they resume
        return SeatNews("Your link dropped; the relay kept your place")
    name = s.who(pid)
    gone = s.before.participant(pid)
    reader = s.after.participant(s.me)
    still_leading = any(
        p.role is Role.FACILITATOR and p.connected for p in s.after.participants.values() if p.pid != pid
    )
    if (
        gone is not None
        and gone.role is Role.FACILITATOR
        and reader is not None
        and reader.role is Role.COFACILITATOR
        and not still_leading
    ):  # nobody holds the meeting unless the co-facilitators know it is theirs now
        return _alert(f"{name}'s link dropped; you are leading")
    return SeatNews(f"{name} lost their connection")


def _lobby_noted(s: _Seat, e: Event) -> SeatNews:
    """A facilitator reads a note from the lobby in full, and is pointed to the desk."""
    _, name, text = e.fields
    where = f"Note from the lobby, from {for_display_line(name)}: "
    toast = f"A note from the lobby, from {for_display_line(name)}"
    return SeatNews(where, alert=True, body=for_display(text), toast=toast, toast_hint=TO_THE_DESK)
BACK_FROM_STEPPING_OUT = KeyHint(("step-out",), " Press Ctrl+R, then Shift+", " when you are back.")
"""How a member who stepped out is told the way back (Shift+O is a room key, after Ctrl+R)."""


def _stepped_out(s: _Seat, e: Event) -> SeatNews:
    pid, out = e.fields
    if pid == s.me:
        if out:
            return SeatNews(STEPPED_OUT_TOLD, hint=BACK_FROM_STEPPING_OUT)
        return SeatNews("You are back")
    return SeatNews(f"{s.who(pid)} stepped out for a moment" if out else f"{s.who(pid)} is back")



def _invitation_ended(s: _Seat, event: Event) -> str:
    """A cancelled invitation names who cancelled it; one the relay ended (no actor) expired."""
    code = event.fields[0]
    if event.actor is not None:
        return f"{s.who(event.actor)} cancelled the invitation {code}"
    names = [i.name for i in s.before.guest_invites if i.code == code]
    invited = f" for {for_display_line(names[0])}" if names else ""
    return f"The guest invitation {code}{invited} expired"

_TELLERS: dict[EventKind, Callable[[_Seat, Event], SeatNews | None]] = {
    EventKind.DROPPED: _dropped,
    EventKind.WAITER_ARRIVED: _waiting,
    EventKind.WAITER_UPDATED: _waiting,
    EventKind.WAITER_LEFT: lambda s, e: (
        None if e.fields[0] == s.me else SeatNews(f"{s.was(e.fields[0])} left the waiting room")
    ),
    EventKind.ADMITTED: _admitted,
    EventKind.DECLINED: _declined,
    EventKind.NOTED: _noted,
    EventKind.SUPPORT_SET: _support,
    EventKind.SILENCED: _silenced,
    EventKind.FLOOD_STOPPED: _flood_stopped,
    EventKind.LOCK_SET: lambda s, e: SeatNews(
        f"{s.who(e.actor)} locked the room: newcomers wait in the waiting room"
        if e.fields[0]
        else f"{s.who(e.actor)} unlocked the room"
    ),
    EventKind.STEPPED_OUT: _stepped_out,
    EventKind.LINK_HEALTH: lambda s, e: None,  # the People list's marker says it; no line each time
    EventKind.WAITING_ROOM_SET: lambda s, e: SeatNews(
        "Waiting room on: newcomers wait to be let in"
        if e.fields[0]
        else "Waiting room off: newcomers come straight in"
    ),
    EventKind.LOBBY_NOTED: _lobby_noted,
    EventKind.LOBBY_NOTE_DELETED: lambda s, e: SeatNews(f"{s.who(e.actor)} deleted a note from the lobby"),
    EventKind.GUEST_INVITED: lambda s, e: SeatNews(
        invited_line(None if e.actor is None else s.who(e.actor), GuestInvite(*e.fields), e.at)
    ),
    EventKind.INVITE_USED: lambda s, e: SeatNews(f"The guest invitation {e.fields[0]} was used"),
    EventKind.GUEST_CANCELLED: lambda s, e: SeatNews(_invitation_ended(s, e)),
}

SEAT_KINDS = frozenset(_TELLERS)
"""The event kinds told here."""


def tell_seat(before: RoomState, after: RoomState, event: Event, my_pid: int | None) -> SeatNews | None:
    """How ``event`` is told to participant ``my_pid``, or None when it needs no line.

    Args:
        before: The room as it was (for the names of people the event took away).
        after: The room after the event.
        event: An event told from the seat (any other kind gives None).
        my_pid: The reader's participant id.
    """
    teller = _TELLERS.get(event.kind)
    news = None if teller is None else teller(_Seat(my_pid, before, after), event)
    return None if news is None else replace(news, text=sentence_case(news.text))
