"""The transcript: a page of lines that fills downwards and turns when full.

A scrolling log repaints every visible line for each new message, which costs kilobytes
per message on a slow link. This widget never scrolls: a new message is drawn on the
free lines below the last one, and only those lines are refreshed; when the page is
full it turns, and the new page starts with the last third of the previous one (so the
conversation can be followed) above the entry that did not fit. Page Up / Page Down
show earlier pages; while someone reads back, new entries wait below the page in view
(and cost no repaint) until they page down to the newest, jump to the first unread
entry (``show_from``, with the serial number ``next_serial`` gave when they left), or
write (``go_live``).

A flooded room must not freeze the client, so an incoming line costs the same whether
10 or 500 entries are kept: each entry is wrapped once, when it arrives, and keeps its
lines for the width they were wrapped to; only a new width wraps every entry again.
Old entries are forgotten in batches, so the flat list of lines is shifted rarely.
Painting is left to Textual, which gathers every refreshed line until its next screen
update: a burst of lines between two updates (``TEXTUAL_FPS`` a second at most) costs
one repaint of the page, however many times it turned.

Entries are ``Content`` lines built by ``tui.widgets.lines``; an entry may carry a key
(our pending messages use their request id) so it can be replaced or removed later.
"""

from collections import Counter
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from textual.content import Content
from textual.events import Resize
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widget import Widget

HANGING_INDENT = 6
"""Continuation lines start under the text, past the ``HH:MM `` time stamp."""
KEEP_ENTRIES = 500
"""Older entries are forgotten; the room state itself keeps only the last 100 messages."""
FORGET_BATCH = 50
"""Entries beyond ``KEEP_ENTRIES`` that wait to be forgotten together (one shift of the
lines per batch rather than one per new entry)."""
CARRIED_SHARE = 3
"""A turned page starts with the last 1/``CARRIED_SHARE`` of the page before it."""
SINGLE_CELL = frozenset(
    chr(code)
    for first, last in ((0x20, 0x7E), (0xA1, 0xAC), (0xAE, 0x2FF), (0x370, 0x482))
    for code in range(first, last + 1)
)
"""Characters one cell wide among which only the space is white space: text made of them
alone is wrapped by counting characters (``fast_breaks``), about three times faster than
``Content.wrap``, which weighs every word."""


def fast_breaks(plain: str, width: int, most: int | None = None) -> list[int]:
    """Where ``Content.wrap`` breaks ``plain`` into lines of ``width``, for text made of
    ``SINGLE_CELL`` characters only, found a line at a time with ``str.rfind``.

    It follows rich's ``divide_line`` (a word with its trailing spaces is placed whole when
    it fits; a word longer than a line is folded from its start), which the tests check.

    Args:
        plain: The text.
        width: Cells per line, at least 1.
        most: Stop after this many breaks.
    """
    breaks: list[int] = []
    length = len(plain)
    last = len(plain.rstrip(" "))
    pos = used = 0
    while most is None or len(breaks) < most:
        limit = pos + width - used  # a word fits when its last character is before this
        if last <= limit:
            break
        fits_to = plain.rfind(" ", pos, limit + 1)
        while fits_to > pos and plain[fits_to - 1] == " ":
            fits_to -= 1
        start = fits_to if fits_to > pos else pos  # the first word that does not fit
        text_at = start
        while text_at < length and plain[text_at] == " ":  # spaces after the fitting words,
            text_at += 1  # or leading spaces, which count as part of the first word
        if fits_to > pos:
            start = text_at
        word_end = plain.find(" ", text_at)
        word_end = length if word_end < 0 else word_end
        if word_end - start <= width:  # it fits on a line of its own
            breaks.append(start)
            pos, used = start, 0
            continue
        spaced_end = word_end
        while spaced_end < length and plain[spaced_end] == " ":
            spaced_end += 1
        chunk = start
        while True:  # fold the long word, with its trailing spaces, into whole lines
            if chunk:
                breaks.append(chunk)
            if chunk + width >= spaced_end:
                break
            chunk += width
        pos, used = spaced_end, spaced_end - chunk
    return breaks


def fast_wrap(content: Content, width: int, most: int | None = None) -> list[Content]:
    """``content.wrap(width)`` for text of ``SINGLE_CELL`` characters (the first ``most`` + 1
    lines when ``most`` is given)."""
    lines = content.divide(fast_breaks(content.plain, width, most))
    wrapped = [line.rstrip() for line in lines[:-1]]
    final = lines[-1]
    wrapped.append(final.truncate(width) if final.cell_length > width else final)
    return wrapped


@dataclass(slots=True)
class _Entry:
    content: Content
    key: Hashable | None
    lines: list[Content]
    """``content`` wrapped to ``width``."""
    width: int
    serial: int = 0
    """The entry's number in the order added (kept when it is replaced): unread ones are
    those from a serial on."""


class Transcript(Widget):
    """A paged, non-scrolling view of the meeting's messages and events."""

    DEFAULT_CSS = """
    Transcript {
        height: 1fr;
        padding: 0 1;
    }
    """

    can_focus = False

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._entries: list[_Entry] = []
        self._lines: list[Content] = []
        """Every entry's lines, in order: what the pages are cut from."""
        self._keys: Counter[Hashable] = Counter()
        """How many kept entries carry each key."""
        self._page_top = 0
        """Index in ``_lines`` of the first line in view."""
        self._live = True
        """True while the view shows the newest page (not paging through history)."""
        self._next_serial = 0

    # What callers use

    def clear(self) -> None:
        """Forget every entry."""
        self._entries.clear()
        self._lines.clear()
        self._keys.clear()
        self._live = True
        self._page_top = 0
        self.refresh()

    def add(self, content: Content, key: Hashable | None = None) -> None:
        """Append an entry at the end of the transcript."""
        width = self.content_size.width
        entry = _Entry(content, key, self._wrap(content, width), width, self._next_serial)
        self._next_serial += 1
        self._entries.append(entry)
        if key is not None:
            self._keys[key] += 1
        first = len(self._lines)
        self._lines.extend(entry.lines)
        count = len(entry.lines)
        if not self._live:
            pass  # reading back: it waits below the page in view
        elif first + count <= self._page_top + self._height:
            self._refresh_lines(first - self._page_top, count)
        else:
            self._show_page(self._turned_page_top(first, count))
        if len(self._entries) > KEEP_ENTRIES + FORGET_BATCH:
            self._forget_oldest(len(self._entries) - KEEP_ENTRIES)

    def replace(self, key: Hashable, content: Content, new_key: Hashable | None = None) -> bool:
        """Put ``content`` (keyed ``new_key``) in place of the newest entry with ``key``; False
        when there is none."""
        index = self._index_of(key)
        if index is None:
            return False
        old = self._entries[index]
        width = self.content_size.width
        new = _Entry(content, new_key, self._wrap(content, width), width, old.serial)
        self._keys[key] -= 1
        if new_key is not None:
            self._keys[new_key] += 1
        start = self._line_start(index)
        self._entries[index] = new
        self._lines[start : start + len(old.lines)] = new.lines
        if len(new.lines) == len(old.lines):
            self._refresh_lines(start - self._page_top, len(new.lines))
        else:
            self._settle()
        return True

    def forget(self, key: Hashable) -> bool:
        """Drop the newest entry with ``key``; False when there is none."""
        index = self._index_of(key)
        if index is None:
            return False
        start, count = self._line_start(index), len(self._entries[index].lines)
        del self._entries[index]
        del self._lines[start : start + count]
        self._keys[key] -= 1
        if self._page_top > start:
            self._page_top -= min(count, self._page_top - start)
        self._settle()
        return True

    def forget_where(self, unwanted: Callable[[Hashable], bool]) -> int:
        """Drop every entry whose key is ``unwanted`` (a withdrawn person's words); return how many went."""
        kept = [entry for entry in self._entries if entry.key is None or not unwanted(entry.key)]
        dropped = len(self._entries) - len(kept)
        if dropped:
            self._entries[:] = kept
            self._lines = [line for entry in kept for line in entry.lines]
            self._keys = Counter(entry.key for entry in kept if entry.key is not None)
            self._settle()
        return dropped

    def has(self, key: Hashable) -> bool:
        """Whether an entry with ``key`` is in the transcript."""
        return self._keys[key] > 0

    def is_last(self, key: Hashable) -> bool:
        """Whether the newest entry has ``key``."""
        return bool(self._entries) and self._entries[-1].key == key

    def page_back(self) -> None:
        """Show the page before the one in view."""
        if self._page_top > 0:
            self._live = False
            self._show_page(max(0, self._page_top - self._height))

    def page_forward(self) -> None:
        """Show the page after the one in view, returning to live at the end."""
        top = self._page_top + self._height
        if top + self._height >= len(self._lines):
            self._live = True
            top = self._top_keeping(self._height)
        self._show_page(top)

    def go_live(self) -> None:
        """Show the newest page again (someone reading back wrote something)."""
        if not self._live:
            self._live = True
            self._show_page(self._top_keeping(self._height))

    @property
    def next_serial(self) -> int:
        """The serial number the next entry will get: remembered when someone goes away, it
        names the first entry they have not read."""
        return self._next_serial

    def show_from(self, serial: int) -> bool:
        """Show the page starting at the first kept entry numbered ``serial`` or later (the
        oldest kept when that one is forgotten); the newest page when it is on it. False when
        no entry is that new."""
        index = next((i for i, entry in enumerate(self._entries) if entry.serial >= serial), None)
        if index is None:
            return False
        top = self._line_start(index)
        newest = self._top_keeping(self._height)
        self._live = top >= newest
        self._show_page(newest if self._live else top)
        return True

    @property
    def visible_text(self) -> list[str]:
        """The plain text of the lines in view (for tests and screen readers)."""
        return [line.plain for line in self._lines[self._page_top : self._page_top + self._height]]

    @property
    def is_live(self) -> bool:
        """False while the view is paging through history."""
        return self._live

    # Layout

    @property
    def _height(self) -> int:
        return max(1, self.content_size.height)

    @staticmethod
    def _wrap(content: Content, width: int) -> list[Content]:
        """``content`` as lines of ``width`` cells, continuation lines indented."""
        if width <= 0:
            return [content]
        plain = content.plain
        if not plain:
            return [content]
        if "\n" in plain and width > HANGING_INDENT * 2:
            # Every typed line after the first is a continuation: indented, so a line typed
            # to look like a message or a system line never starts where one does.
            first, *rest_parts = content.split("\n")
            indent = Content(" " * HANGING_INDENT)
            lines = Transcript._wrap(first, width)
            for part in rest_parts:
                lines.extend(indent + line for line in Transcript._wrap(part, width - HANGING_INDENT))
            return lines
        fast = SINGLE_CELL.issuperset(plain)
        hanging = width > HANGING_INDENT * 2
        if fast:
            lines = fast_wrap(content, width, most=1 if hanging else None)
        else:
            lines = content.wrap(width) or [Content("")]
        if len(lines) == 1 or not hanging:
            return lines
        offset = len(lines[0].plain.rstrip())
        while offset < len(plain) and plain[offset] == " ":
            offset += 1
        rest = content[offset:]
        indent = Content(" " * HANGING_INDENT)
        rest_lines = fast_wrap(rest, width - HANGING_INDENT) if fast else rest.wrap(width - HANGING_INDENT)
        return [lines[0], *(indent + line for line in rest_lines)]

    def _index_of(self, key: Hashable) -> int | None:
        """The index of the newest entry with ``key``, searched from the end, where our
        pending messages are."""
        if not self.has(key):
            return None
        for index in range(len(self._entries) - 1, -1, -1):
            if self._entries[index].key == key:
                return index
        return None

    def _line_start(self, index: int) -> int:
        """Where entry ``index``'s lines start in ``_lines``, counted from the end."""
        return len(self._lines) - sum(len(entry.lines) for entry in self._entries[index:])

    def _turned_page_top(self, first: int, count: int) -> int:
        """The top of a new page for the ``count`` lines starting at ``first``.

        The page keeps the last third of what came before (less when the new lines need
        the room); lines taller than the page show their last page.
        """
        height = self._height
        if count >= height:
            return first + count - height
        carried = min(height // CARRIED_SHARE, height - count)
        return max(0, first - carried)

    def _top_keeping(self, limit: int) -> int:
        """A page top at an entry boundary showing the newest entries within ``limit`` lines.

        When even the newest entry is taller than ``limit``, it starts the page alone, or
        shows its last page of lines when it is taller than the whole widget.
        """
        total, used = len(self._lines), 0
        for entry in reversed(self._entries):
            if used + len(entry.lines) > limit:
                break
            used += len(entry.lines)
        if used:
            return total - used
        newest = len(self._entries[-1].lines) if self._entries else 0
        return total - newest if newest <= self._height else total - self._height

    def _forget_oldest(self, count: int) -> None:
        """Drop the ``count`` oldest entries, keeping the page in view where it was."""
        dropped = self._entries[:count]
        lines = sum(len(entry.lines) for entry in dropped)
        for entry in dropped:
            if entry.key is not None:
                self._keys[entry.key] -= 1
        del self._entries[:count]
        del self._lines[:lines]
        self._page_top = max(0, self._page_top - lines)
        self._keys = +self._keys  # drop the keys no entry carries any more

    def _settle(self) -> None:
        """After lines changed in the middle: keep the page in place unless the live page
        overflows or the page in view is gone, then show the newest lines."""
        overflows = len(self._lines) - self._page_top > self._height
        if (self._live and overflows) or self._page_top >= len(self._lines):
            self._live = True
            self._page_top = self._top_keeping(self._height)
        self.refresh()

    def _show_page(self, top: int) -> None:
        self._page_top = max(0, top)
        self.refresh()

    def _refresh_lines(self, y: int, count: int) -> None:
        if count > 0:
            self.refresh(Region(0, y, self.size.width, count))

    def on_resize(self, event: Resize) -> None:
        """Wrap again for a new width (only then) and show the live page."""
        width = self.content_size.width
        if any(entry.width != width for entry in self._entries):
            for entry in self._entries:
                if entry.width != width:
                    entry.lines, entry.width = self._wrap(entry.content, width), width
            self._lines = [line for entry in self._entries for line in entry.lines]
        if self._live or self._page_top >= len(self._lines):
            self._live = True
            self._page_top = self._top_keeping(self._height)
        self.refresh()

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """Fill whatever height the layout gives."""
        return container.height

    def render_line(self, y: int) -> Strip:
        """One line of the page in view (Line API)."""
        width = self.content_size.width
        rich_style = self.rich_style
        index = self._page_top + y
        if index >= len(self._lines) or width <= 0:
            return Strip.blank(width, rich_style)
        segments = self._lines[index].render_segments(self.visual_style)
        return Strip(segments).crop_extend(0, width, rich_style).simplify()
