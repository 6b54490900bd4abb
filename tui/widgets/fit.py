"""Fitting one row of a narrow sidebar: a name and its tags, keeping the words that matter.

At 60 columns (and in low-bandwidth mode) the sidebar leaves 18 cells a row, and an
ellipsis at the end of a row cuts what comes last: often the one word a facilitator
needs ("slow", "25 s behind", "guest", "process"). A row that does not fit as written is
tried again with its tags in order of importance, each in its short form when it has
one, dropping the least important tag first but never an essential one, and cutting the
name (down to ``MIN_NAME_CELLS``) before any tag is lost. When even the essential tags
do not fit beside a readable name, the caller puts them on a line of their own.
The app's own words are never cut: ``first_fitting`` picks the first of a wording's
shorter forms that fits, and ``packed`` puts its parts on more lines when none does.
Plain ``Content`` only: names are untrusted and never become markup.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from textual.content import Content

Form = TypeVar("Form", Content, str)
"""A wording in one of its lengths: plain text or styled ``Content``."""

MIN_NAME_CELLS = 6
"""The fewest cells a cut name keeps (five characters and the ellipsis)."""


@dataclass(frozen=True, slots=True)
class Tag:
    """A word or two shown after a name, in full and, where it has one, in a short form."""

    text: str
    """The tag as shown (``(slow)``, ``1x 1:35``), without the space before it."""
    style: str = ""
    short: str | None = None
    """The short form for a narrow row (``1x``), or None when it has none."""
    essential: bool = False
    """Never dropped: the row is split in two rather than lose it."""
    rank: int = 0
    """Its place in order of importance, 0 first: a narrow row keeps the lowest ranks."""

    def shown(self, short: int) -> str:
        """The tag in its short form when it has one and ``short`` asks for it, else in full.

        ``short`` is 0 (all in full), 1 (the tags that may be dropped in short, the
        essential ones in full) or 2 (all in short).
        """
        wanted = short >= 2 or (short == 1 and not self.essential)
        return self.short if wanted and self.short is not None else self.text


Joined = Callable[[Sequence[Tag], int], Content]
"""How a row writes its tags after the name (``short`` as ``Tag.shown`` takes it)."""

SHORTNESS = (0, 1, 2)
"""All tags in full, then the droppable ones in short, then all in short."""


def spaced(tags: Sequence[Tag], short: int) -> Content:
    """Each tag after a space, in its own style: `` (guest) (you) 1x``."""
    return Content.assemble(*((" " + tag.shown(short), tag.style) for tag in tags))


def fit_row(
    width: int,
    head: Content,
    name: Content,
    by_importance: Sequence[Tag],
    joined: Joined = spaced,
    *,
    essential_short_last: bool = False,
) -> Content | None:
    """The row ``head``, ``name``, tags in ``width`` cells, or None when the essential ones cannot fit.

    Args:
        width: The cells the row has.
        head: What comes before the name (markers, a place in the queue); never cut.
        name: The display-safe name, cut with an ellipsis when needed.
        by_importance: The tags, most important first; the essential ones lead.
        joined: How the tags are written after the name.
        essential_short_last: Drop other tags before an essential one is shortened
            ("Max (stepped out)" before "Max (out) (you)"); by default a short form
            keeps more tags ("Ana (proc, 0x)").
    """
    essential = sum(1 for tag in by_importance if tag.essential)
    passes = (SHORTNESS[:-1], SHORTNESS[-1:]) if essential_short_last else (SHORTNESS,)
    for shortness in passes:
        for kept in range(len(by_importance), essential - 1, -1):
            for short in shortness:
                tail = joined(by_importance[:kept], short) if kept else Content("")
                room = width - head.cell_length - tail.cell_length
                if name.cell_length <= room:
                    return head + name + tail
                if room >= MIN_NAME_CELLS:
                    return head + cut_name(name, room) + tail
    return None


def cut_name(name: Content, width: int) -> Content:
    """``name`` cut to ``width`` cells with an ellipsis, without a space left before it."""
    return name.truncate(width - 1).rstrip() + Content("…")


def cut(content: Content, width: int) -> Content:
    """``content`` cut with an ellipsis to ``width`` cells, when it is wider."""
    return content if content.cell_length <= width else content.truncate(width, ellipsis=True)


def widest_line(content: Content | str) -> int:
    """The cells of the widest line of ``content``."""
    text = content.plain if isinstance(content, Content) else content
    return max(Content(line).cell_length for line in text.split("\n"))


def first_fitting(width: int | None, *forms: Form) -> Form:
    """The first of ``forms`` (longest first) whose every line fits ``width`` cells, else the last.

    A ``width`` of None or 0 (not laid out yet) takes the first: the words as written.
    """
    if not width:
        return forms[0]
    return next((form for form in forms if widest_line(form) <= width), forms[-1])


def packed(width: int | None, parts: Sequence[str], sep: str = " ") -> str:
    """``parts`` joined by ``sep`` on one line, or on as many lines of ``width`` cells as they need."""
    lines: list[str] = []
    for part in parts:
        if lines and (not width or widest_line(lines[-1] + sep + part) <= width):
            lines[-1] += sep + part
        else:
            lines.append(part)
    return "\n".join(lines)
