"""The transcript: a page of lines that fills downwards and turns when full.

A scrolling log repaints every visible line for each new message, which costs kilobytes
per message on a slow link. This widget never scrolls: a new message is drawn on the
free lines below the last one, and only those lines are refreshed; when the page is
full it turns, and the overflowing entry starts the next page. Page Up / Page Down
show earlier pages; any new entry brings the view back to the live page.

Entries are ``Content`` lines built by ``tui.widgets.lines``; an entry may carry a key
(our pending messages use their request id) so it can be replaced or removed later.
"""

from collections.abc import Callable, Hashable
from dataclasses import dataclass

from textual.content import Content
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widget import Widget

HANGING_INDENT = 6
"""Continuation lines start under the text, past the ``HH:MM `` time stamp."""
KEEP_ENTRIES = 500
"""Older entries are forgotten; the room state itself keeps only the last 100 messages."""


@dataclass(slots=True)
class _Entry:
    content: Content
    key: Hashable | None
    lines: list[Content]
    """``content`` wrapped to the current width."""


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
        self._page_top = 0
        self._live = True
        """True while the view shows the newest page (not paging through history)."""

    # What callers use

    def clear(self) -> None:
        """Forget every entry."""
        self._entries.clear()
        self._relayout()

    def add(self, content: Content, key: Hashable | None = None) -> None:
        """Append an entry at the end of the transcript."""
        entry = _Entry(content, key, self._wrap(content))
        self._entries.append(entry)
        if len(self._entries) > KEEP_ENTRIES:
            del self._entries[: len(self._entries) - KEEP_ENTRIES]
            self._relayout()
            return
        first = len(self._lines)
        self._lines.extend(entry.lines)
        if not self._live or len(self._lines) - self._page_top > self._height:
            # Turn the page, keeping a little of the conversation above the new entry.
            self._live = True
            self._show_page(self._top_keeping(max(len(entry.lines), self._height // 4)))
        else:
            self._refresh_lines(first - self._page_top, len(entry.lines))

    def replace(self, key: Hashable, content: Content, new_key: Hashable | None = None) -> bool:
        """Put ``content`` (keyed ``new_key``) in place of the entry with ``key``; False if there is none."""
        for index, entry in enumerate(self._entries):
            if entry.key == key:
                new_lines = self._wrap(content)
                if len(new_lines) == len(entry.lines):
                    start = self._line_start(index)
                    self._lines[start : start + len(new_lines)] = new_lines
                    self._entries[index] = _Entry(content, new_key, new_lines)
                    self._refresh_lines(start - self._page_top, len(new_lines))
                else:
                    self._entries[index] = _Entry(content, new_key, new_lines)
                    self._relayout()
                return True
        return False

    def forget(self, key: Hashable) -> bool:
        """Drop the entry with ``key``; False when there is none."""
        for index, entry in enumerate(self._entries):
            if entry.key == key:
                del self._entries[index]
                self._relayout()
                return True
        return False

    def forget_where(self, unwanted: Callable[[Hashable], bool]) -> int:
        """Drop every entry whose key is ``unwanted``, with one relayout; return how many went."""
        kept = [entry for entry in self._entries if entry.key is None or not unwanted(entry.key)]
        dropped = len(self._entries) - len(kept)
        if dropped:
            self._entries[:] = kept
            self._relayout()
        return dropped

    def has(self, key: Hashable) -> bool:
        """Whether an entry with ``key`` is in the transcript."""
        return any(entry.key == key for entry in self._entries)

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

    def _wrap(self, content: Content) -> list[Content]:
        """``content`` as lines of the widget's width, continuation lines indented."""
        width = self.content_size.width
        if width <= 0:
            return [content]
        lines = content.wrap(width) or [Content("")]
        if len(lines) == 1 or width <= HANGING_INDENT * 2 or "\n" in content.plain:
            return lines
        plain = content.plain
        offset = len(lines[0].plain.rstrip())
        while offset < len(plain) and plain[offset] == " ":
            offset += 1
        rest = content[offset:].wrap(width - HANGING_INDENT)
        return [lines[0], *(Content(" " * HANGING_INDENT) + line for line in rest)]

    def _line_start(self, index: int) -> int:
        return sum(len(entry.lines) for entry in self._entries[:index])

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

    def _relayout(self) -> None:
        for entry in self._entries:
            entry.lines = self._wrap(entry.content)
        self._lines = [line for entry in self._entries for line in entry.lines]
        if self._live or self._page_top >= len(self._lines):
            self._live = True
            self._page_top = self._top_keeping(self._height)
        self.refresh()

    def _show_page(self, top: int) -> None:
        self._page_top = max(0, top)
        self.refresh()

    def _refresh_lines(self, y: int, count: int) -> None:
        if count > 0:
            self.refresh(Region(0, y, self.size.width, count))

    def on_resize(self, event: object) -> None:
        """Wrap again for the new width and show the live page."""
        self._relayout()

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
