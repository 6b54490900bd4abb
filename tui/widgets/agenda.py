"""The agenda panel: the segments in order with their rules, the current one, and its time left.

Each item ends with a short tag for the rules it switches the room to (``R`` round,
``F`` floor, ``S`` silent pause, and the minutes per share, e.g. ``R2m``); the current
item also spells its rules out on the line below ("round, 2 min shares, no crosstalk").
Other items' titles are cut to one line; the current item's wraps so it can be read whole.

The time left is computed locally, once a second, from the item's start time on the
relay's clock and the session's estimate of the offset between the clocks; nothing is
sent. Only the one-line clock label is touched by the timer, and only when its text
changes: whole minutes while more than two remain, seconds near the end. Facilitators
also read the shared-time forecast under it when the agenda will overrun at the current
pace (``tui.core.forecast``).
"""

import textwrap
import time
from collections.abc import Callable

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from protocol import Mode, RoomState
from protocol.state import AgendaItem, SegmentRules
from protocol.text import for_display_line
from tui.core.forecast import forecast, forecast_words
from tui.core.wording import plural
from tui.widgets.fit import first_fitting

CLOCK_SECONDS_BELOW = 120
"""Below this many seconds left (or over), the clock shows seconds."""


def time_left_text(seconds_left: float, step: int = 1) -> Content:
    """``12 min left``, ``1:05 left``, ``over by 0:30`` or ``over by 3 min``.

    With a ``step`` of 60 or more (low-bandwidth mode) it never shows seconds.
    """
    over = seconds_left < 0
    seconds = int(abs(seconds_left)) if over else int(seconds_left + 0.999)
    if step >= 60 and 0 < seconds < CLOCK_SECONDS_BELOW:
        amount = f"{max(1, (seconds + 59) // 60 if not over else seconds // 60)} min"
    elif seconds >= CLOCK_SECONDS_BELOW:
        # Time left counts whole minutes up: a 5 min item says 5 min until a minute has gone.
        amount = f"{(seconds + 59) // 60 if not over else seconds // 60} min"
    else:
        amount = f"{seconds // 60}:{seconds % 60:02d}"
    if over:
        return Content.styled(f"over by {amount}", "bold $warning")
    return Content.styled(f"{amount} left", "$success" if seconds >= 60 else "bold $warning")


MODE_TAGS = {Mode.OPEN: "", Mode.FLOOR: "F", Mode.ROUND: "R", Mode.SILENT: "S"}
MODE_WORDS = {Mode.OPEN: "open", Mode.FLOOR: "floor", Mode.ROUND: "round", Mode.SILENT: "silent pause"}
LEGEND = "Rules: R round, F floor, S silent pause; 2m: minutes per share"
"""What the tags mean (the panel's tooltip)."""
DEFAULT_WIDTH = 26
"""The sidebar's text width at 80 columns, used until the panel knows its own."""


def rules_tag(rules: SegmentRules | None) -> str:
    """``R2m``, ``S``, ``F``, ``2m`` or nothing: the segment's rules in a few letters."""
    if rules is None:
        return ""
    share = f"{max(1, round(rules.share_seconds / 60))}m" if rules.share_seconds else ""
    return MODE_TAGS[rules.mode] + share


def share_words(seconds: int) -> str:
    """``2 min shares`` or ``90 s shares``."""
    return f"{seconds // 60} min shares" if seconds % 60 == 0 else f"{seconds} s shares"


def rules_words(rules: SegmentRules, minutes: int | None = None, width: int = 0) -> str:
    """The rules in words, most important first: ``round, 2 min shares, no crosstalk``.

    Args:
        rules: The segment's rules.
        minutes: The segment's time box, for a silent pause ("silent pause: 15 minutes").
        width: When positive, leave out the last rules that would not fit this width.
    """
    if rules.mode is Mode.SILENT:
        if not minutes:
            return "silent pause"
        said = (
            f"silent pause: {plural(minutes, 'minute')}",
            f"silent pause: {minutes} min",
            f"silent: {minutes} min",
        )
        return first_fitting(max(width, 0), *said)
    parts = [MODE_WORDS[rules.mode]]
    if rules.speaker is not None:
        parts.insert(0, f"guest {for_display_line(rules.speaker)}")
    if rules.share_seconds:
        parts.append(share_words(rules.share_seconds) + (" (strict)" if rules.hard_stop else ""))
    if not rules.crosstalk:
        parts.append("no crosstalk")
    while width > 0 and len(parts) > 1 and len(", ".join(parts)) > width:
        parts.pop()
    return ", ".join(parts)


def item_line_suffix(item: AgendaItem) -> str:
    """`` 15m R2m``: the time box and the rules tag that end an item's line."""
    tag = rules_tag(item.rules)
    return f" {item.minutes}m" + (f" {tag}" if tag else "")


def item_line(number: int, item: AgendaItem, width: int) -> str:
    """``2. Check-in round 15m R2m``, the title cut short so that time and tag still show."""
    suffix = item_line_suffix(item)
    title = for_display_line(item.title)
    room = width - len(f"{number}. ") - len(suffix)
    if len(title) > room:
        title = title[: max(1, room - 1)] + "…"
    return f"{number}. {title}{suffix}"


CURRENT_TITLE_LINES = 3
"""The current item's title wraps over at most this many lines instead of being cut."""


def current_item_lines(number: int, item: AgendaItem, width: int) -> list[str]:
    """The current item on one line, or, when its title would be cut, wrapped under its number.

    Wrapped, it leaves out the rules tag: the line below spells the rules out.
    """
    line = item_line(number, item, width)
    if for_display_line(item.title) in line:  # not cut
        return [line]
    full = f"{number}. {for_display_line(item.title)} {item.minutes}m"
    indent = " " * len(f"{number}. ")
    wrapped = textwrap.wrap(full, max(8, width), subsequent_indent=indent, break_on_hyphens=False)
    if len(wrapped) > CURRENT_TITLE_LINES:
        wrapped = wrapped[:CURRENT_TITLE_LINES]
        wrapped[-1] = wrapped[-1][: max(1, width - 1)] + "…"
    return wrapped


def items_text(state: RoomState, max_items: int, width: int = DEFAULT_WIDTH) -> Content:
    """The agenda as numbered lines, starting just before the current item.

    A current item whose title wraps takes the place of the items listed last, so the
    panel keeps its height (and the countdown under it stays in view).

    Args:
        state: The room.
        max_items: How many items to list.
        width: The panel's text width (two columns go to the current-item marker).
    """
    if not state.agenda:
        return Content.styled("No agenda yet", "$text-muted")
    ids = [item.item_id for item in state.agenda]
    current = ids.index(state.current_item) if state.current_item in ids else -1
    wrapped = current_item_lines(current + 1, state.agenda[current], width - 2) if current >= 0 else []
    max_items = max(1, max_items - max(0, len(wrapped) - 1))
    first = max(0, min(current - 1, len(ids) - max_items))
    if current >= 0 and max_items == 1:
        first = current
    lines: list[Content] = []
    for number, item in enumerate(state.agenda[first : first + max_items], start=first + 1):
        text = item_line(number, item, width - 2)
        if number - 1 == current:
            lines.append(Content.assemble(("> ", "bold"), (wrapped[0], "bold")))
            lines += [Content.styled("  " + more, "bold") for more in wrapped[1:]]
            if item.rules is not None:
                words = rules_words(item.rules, item.minutes, width - 2)
                lines.append(Content.styled("  " + words, "$text-muted"))
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
        self._leads = False
        self._forecast = ""
        self.max_items = 3
        """How many items to list; the meeting screen raises it on tall terminals."""
        self.clock_step = 1
        """Seconds between countdown steps (the app's pace: 60 shows whole minutes only)."""
        self.tooltip = LEGEND

    def compose(self) -> ComposeResult:
        yield Static(Content(""), id="agenda-items")
        yield Static(Content(""), id="agenda-clock")
        forecast_label = Static(Content(""), id="agenda-forecast")
        forecast_label.display = False
        yield forecast_label

    def show_room(self, state: RoomState, leads: bool | None = None) -> None:
        """Show the agenda of ``state`` and restart the countdown for its current item.

        Args:
            state: The room.
            leads: Whether the reader facilitates (they see the forecast); None keeps it.
        """
        self._state = state
        if leads is not None:
            self._leads = leads
        items = items_text(state, self.max_items, self.content_size.width or DEFAULT_WIDTH)
        if not items.is_same(self._items):
            self._items = items
            self.query_one("#agenda-items", Static).update(items)
        current = state.agenda_item(state.current_item)
        position = f"{[i.item_id for i in state.agenda].index(current.item_id) + 1}/" if current else ""
        title = f"Agenda {position}{len(state.agenda)}" if state.agenda else "Agenda"
        if self.border_title != title:  # setting it repaints, even to the same text
            self.border_title = title
        self.tick()

    def on_resize(self) -> None:
        """Cut titles again for the new width."""
        if self._state is not None:
            self.show_room(self._state)

    def tick(self, draw: bool = True) -> None:
        """Update the countdown label (only it, and only if its text changed).

        Args:
            draw: False does nothing: the panel is out of sight, and is brought up to
                date when it shows again.
        """
        if not draw:
            return
        state = self._state
        item = state.agenda_item(state.current_item) if state is not None else None
        if state is None or item is None or state.current_started_at is None:
            left = Content("")
        else:
            left = time_left_text(
                item.minutes * 60 - (self._clock() - state.current_started_at), self.clock_step
            )
        if self._left is None or not left.is_same(self._left):
            self._left = left
            clock_label = self.query_one("#agenda-clock", Static)
            clock_label.update(left)
            clock_label.display = bool(left.plain)
        self._show_forecast()

    def _show_forecast(self) -> None:
        """The forecast line, for facilitators, when the agenda will overrun."""
        state, now = self._state, self._clock()
        words = forecast_words(forecast(state, now), time.time() - now) if state and self._leads else ""
        if words != self._forecast:
            self._forecast = words
            label = self.query_one("#agenda-forecast", Static)
            label.update(Content.styled(words, "$warning"))
            label.display = bool(words)

    @property
    def forecast_shown(self) -> str:
        """The forecast as shown (for tests)."""
        return self._forecast

    @property
    def time_left(self) -> str:
        """The countdown as shown (for tests)."""
        return self._left.plain if self._left is not None else ""
