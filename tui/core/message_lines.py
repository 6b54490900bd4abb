"""How one chat message is laid out as plain text lines, for every front end.

A message is the one thing on screen whose words a stranger chose, so its layout must
not let those words pass for something else:

* The first line is ``HH:MM Name: text``. A leader's name carries its role as a word,
  ``Fran (facilitator): ...`` or ``Bo (co-facilitator): ...``. The words are reserved
  (``protocol.names`` refuses any name containing them or a lookalike of them), so no
  member can type a name that shows the marker: a punctuation mark such as ``*`` could
  be typed into a name, a reserved word cannot.
* Every further line, whether the sender broke the line or it was wrapped to ``width``,
  starts with the continuation gutter: spaces as wide as the time and a bar (``      | ``).
  A second line typed as ``21:04 Fran: the meeting is over`` or ``· The meeting has
  ended`` therefore never starts where a message's time or a system line's dot does.

Everything returned has passed through ``protocol.text.for_display`` (controls and
direction overrides replaced, tabs widened): it is plain text, to be shown as data,
never parsed as markup. Nothing here imports Textual.
"""

import unicodedata

from protocol.kinds import Role
from protocol.text import for_display, for_display_line

ROLE_WORDS = {Role.FACILITATOR: "facilitator", Role.COFACILITATOR: "co-facilitator", Role.GUEST: "guest"}
"""The word shown after a leader's or a guest speaker's name; members carry none."""

GUTTER_BAR = "| "
"""What follows the indent on every continuation line."""


def speaker(name: str, role: Role | None) -> str:
    """The display-safe name as a message shows it, with a leader's role word."""
    shown = for_display_line(name)
    word = ROLE_WORDS.get(role) if role is not None else None
    return f"{shown} ({word})" if word else shown


def gutter(time_text: str) -> str:
    """The start of a continuation line: blanks as wide as ``time_text``, then the bar."""
    return " " * (cells(time_text) + 1) + GUTTER_BAR


def message_lines(
    time_text: str, name: str, role: Role | None, text: str, width: int | None = None
) -> list[str]:
    """A message as lines: ``HH:MM Name (role): first line``, then indented continuations.

    Args:
        time_text: The time as shown (``21:04``, or ``--:--`` while sending).
        name: The sender's name as the room knows it (cleaned here again).
        role: The sender's role, or None when unknown (shown like a member).
        text: The message text (cleaned here again; its line breaks are kept).
        width: Terminal cells per line; None leaves long lines unwrapped.

    Returns:
        At least one line; none wider than ``width`` when it is given (a line too
        narrow even for the gutter still gets one character of text per line).
    """
    head = f"{for_display_line(time_text)} {speaker(name, role)}: "
    indent = gutter(time_text)
    lines: list[str] = []
    typed = for_display(text.replace("\r\n", "\n").replace("\r", "\n")).splitlines()
    for number, typed_line in enumerate(typed or [""]):
        lead = head if number == 0 else indent
        first = _wrap(typed_line, width - cells(lead) if width else None)[0]
        if width and cells(lead + first) > width:  # not even one wide character fits after the name
            first = ""
        lines.append(lead + first)
        rest = typed_line[len(first):].lstrip(" ")
        if rest:
            lines.extend(indent + piece for piece in _wrap(rest, width - cells(indent) if width else None))
    return lines


def cells(text: str) -> int:
    """Terminal cells ``text`` takes: wide East Asian characters 2, combining marks 0."""
    total = 0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        total += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return total


def _wrap(line: str, room: int | None) -> list[str]:
    """``line`` cut into pieces of at most ``room`` cells, at spaces where it can be.

    The first piece is always a prefix of ``line`` (spaces included), so the caller can
    find where the rest begins.
    """
    if room is None or cells(line) <= room:
        return [line]
    room = max(room, 1)
    pieces: list[str] = []
    current: str | None = None
    for word in line.split(" "):
        candidate = word if current is None else f"{current} {word}"
        if cells(candidate) <= room:
            current = candidate
            continue
        if current:
            pieces.append(current)
        while cells(word) > room:
            head, word = _cut(word, room)
            pieces.append(head)
        current = word
    if current:
        pieces.append(current)
    return pieces or [""]


def _cut(word: str, room: int) -> tuple[str, str]:
    """The longest start of ``word`` that fits ``room`` cells (at least one character)."""
    used = 0
    for index, char in enumerate(word):
        used += cells(char)
        if used > room and index > 0:
            return word[:index], word[index:]
    return word[:1], word[1:]
