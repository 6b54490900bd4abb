"""How the transcript styles what the room says: one ``Content`` line per message, event and notice.

The words come from the Textual-free narration (``tui.core.narration`` for public
events, ``tui.core.narration_seat`` for what is told from the reader's seat); this
module only adds the clock, the marks and the styles, and fills in key hints with the
keys of ``tui.keys`` (a user's keymap included). Every name, title and message passes
through ``protocol.text.for_display`` (or its one-line form) and becomes plain
``Content`` with styles set by span, never markup, so text from other people is shown
exactly as typed and cannot act on the terminal.
"""

from textual.content import Content

from protocol import Event, Message, Role, RoomState
from protocol.text import for_display, for_display_line
from tui import keys
from tui.core.message_lines import speaker
from tui.core.narration import (
    CONFIDENTIALITY,
    MEETING_ENDED,
    ROLE_WORDS,
    SHOWN_AS_MESSAGES,
    KeyHint,
    clock_text,
    ordinal,
    tell,
)
from tui.core.narration_seat import SeatNews, tell_seat

__all__ = [
    "CONFIDENTIALITY",
    "MEETING_ENDED",
    "ROLE_WORDS",
    "SHOWN_AS_MESSAGES",
    "clock_text",
    "hint_text",
    "narrate",
    "notice",
    "ordinal",
    "pending",
    "said",
    "seat_line",
    "seat_news",
    "seat_toast",
    "system",
    "unsent",
]

TIME_STYLE = "$text-muted"
NAME_STYLE = "bold"
OWN_NAME_STYLE = "bold $accent"
SYSTEM_STYLE = "$text-muted italic"
NOTICE_STYLE = "bold $warning"
PENDING_STYLE = "$text-muted"


def hint_text(hint: KeyHint | None) -> str:
    """A narration's key hint with this client's keys (``— F10 to admit``), or nothing."""
    return hint.text(keys.label_of) if hint is not None else ""


def said(message: Message, my_pid: int | None, role: Role | None = None) -> Content:
    """A chat message: ``HH:MM Name: text``, a leader's name carrying its role word
    (``Fran (facilitator): ...``), which no member's name can hold (``protocol.names``).

    Lines after the first (typed or wrapped) are indented by the transcript, so a line
    typed to look like a message or a system line never starts where one does.
    """
    style = OWN_NAME_STYLE if message.pid == my_pid else NAME_STYLE
    return Content.assemble(
        (clock_text(message.at) + " ", TIME_STYLE),
        (speaker(message.name, role), style),
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


def narrate(before: RoomState, after: RoomState, event: Event, me: int | None = None) -> Content | None:
    """The system line for a public event, or None when it needs none (or is not public).

    Args:
        before: The room as it was, for names of people the event took away.
        after: The room after the event.
        event: The event to tell.
        me: The reader (their own return reads "You are back").
    """
    told = tell(before, after, event, me)
    return None if told is None else system(told.text + hint_text(told.hint), event.at)


def seat_line(news: SeatNews, at: float) -> Content:
    """The transcript line of news told from the reader's seat; an alert stands out."""
    style, mark = (NOTICE_STYLE, "! ") if news.alert else (SYSTEM_STYLE, "· ")
    line = Content.assemble(
        (clock_text(at) + " ", TIME_STYLE), (mark + news.text + hint_text(news.hint), style)
    )
    if news.body is None:
        return line
    return Content.assemble(line, news.body if news.alert else (news.body, SYSTEM_STYLE))


def seat_toast(news: SeatNews) -> str | None:
    """The words of the notification for ``news``, or None when it needs none."""
    return None if news.toast is None else news.toast + hint_text(news.toast_hint)


def seat_news(
    before: RoomState, after: RoomState, event: Event, my_pid: int | None
) -> tuple[Content, str | None] | None:
    """The line and the notification for an event told from ``my_pid``'s seat, or None."""
    news = tell_seat(before, after, event, my_pid)
    return None if news is None else (seat_line(news, event.at), seat_toast(news))
