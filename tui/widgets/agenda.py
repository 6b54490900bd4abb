"""The agenda panel: the items in order, the current one marked, and its time left.

The time left is computed locally, once a second, from the item's start time on the
relay's clock and the session's estimate of the offset between the clocks; nothing is
sent. Only the one-line clock label is touched by the timer, and only when its text
changes: whole minutes while more than two remain, seconds near the end.
"""

from collections.abc import Callable

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from protocol import RoomState
from protocol.text import for_display_line

CLOCK_SECONDS_BELOW = 120
"""Below this many seconds left (or over), the clock shows seconds."""


def time_left_text(seconds_left: float) -> Content:
    """``12 min left``, ``1:05 left``, ``over by 0:30`` or ``over by 3 min``."""
    over = seconds_left < 0
    seconds = int(abs(seconds_left)) if over else int(seconds_left + 0.999)
    if seconds >= CLOCK_SECONDS_BELOW:
        amount = f"{seconds // 60} min"
    else:
        amount = f"{seconds // 60}:{seconds % 60:02d}"
    if over:
        return Content.styled(f"over by {amount}", "bold $warning")
    return Content.styled(f"{amount} left", "$success" if seconds >= 60 else "bold $warning")


def items_text(state: RoomState, max_items: int) -> Content:
    """The agenda as numbered lines, starting just before the current item."""
    if not state.agenda:
        return Content.styled("No agenda yet", "$text-muted")
    ids = [item.item_id for item in state.agenda]
    current = ids.index(state.current_item) if state.current_item in ids else -1
    first = max(0, min(current - 1, len(ids) - max_items))
    lines: list[Content] = []
    if first > 0:
        lines.append(Content.styled(f"  ({first} done)", "$text-muted"))
    for number, item in enumerate(state.agenda[first : first + max_items], start=first + 1):
        text = f"{number}. {for_display_line(item.title)} ({item.minutes}m)"
        if number - 1 == current:
            lines.append(Content.assemble(("> ", "bold"), (text, "bold")))
        else:
            lines.append(Content.styled("  " + text, "$text-muted" if number - 1 < current else ""))
    rest = len(ids) - first - max_items
    if rest > 0:
        lines.append(Content.styled(f"  and {rest} more", "$text-muted"))
    return Content("\n").join(lines)


class AgendaPanel(Vertical):
    """The agenda list and, under it, the current item's countdown."""

    DEFAULT_CSS = """
    AgendaPanel {
        height: auto;
    }
    AgendaPanel > Static {
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def __init__(self, clock: Callable[[], float], *, id: str | None = None) -> None:
        """Args:
        clock: Seconds since the epoch on the relay's clock (local time plus offset).
        """
        super().__init__(id=id)
        self._clock = clock
        self._state: RoomState | None = None
        self._items = Content("")
        self._left: Content | None = None
        self.max_items = 3
        """How many items to list; the meeting screen raises it on tall terminals."""

    def compose(self) -> ComposeResult:
        yield Static(Content(""), id="agenda-items")
        yield Static(Content(""), id="agenda-clock")

    def show_room(self, state: RoomState) -> None:
        """Show the agenda of ``state`` and restart the countdown for its current item."""
        self._state = state
        items = items_text(state, self.max_items)
        if not items.is_same(self._items):
            self._items = items
            self.query_one("#agenda-items", Static).update(items)
        current = state.agenda_item(state.current_item)
        position = f"{[i.item_id for i in state.agenda].index(current.item_id) + 1}/" if current else ""
        title = f"Agenda {position}{len(state.agenda)}" if state.agenda else "Agenda"
        if self.border_title != title:  # setting it repaints, even to the same text
            self.border_title = title
        self.tick()

    def tick(self) -> None:
        """Update the countdown label (only it, and only if its text changed)."""
        state = self._state
        item = state.agenda_item(state.current_item) if state is not None else None
        if state is None or item is None or state.current_started_at is None:
            left = Content("")
        else:
            left = time_left_text(item.minutes * 60 - (self._clock() - state.current_started_at))
        if self._left is None or not left.is_same(self._left):
            self._left = left
            clock_label = self.query_one("#agenda-clock", Static)
            clock_label.update(left)
            clock_label.display = bool(left.plain)

    @property
    def time_left(self) -> str:
        """The countdown as shown (for tests)."""
        return self._left.plain if self._left is not None else ""
