"""What the terminal shows, cell by cell, so that a paint writes only the cells that changed.

Textual paints the whole screen more often than anything on it changes: when a screen
resumes (a dialog closed), after a screen's first layout, when the screen below passes
its own repaint up... Each such paint writes every cell, about 4 KB at 80x24 in colour,
seconds on a 9.6 kbit/s link, and most of it is what the terminal shows already. Its
partial paints rewrite the whole region of each widget that asked to be repainted (a
list rebuilt with the same rows, a page of the transcript with its blank lines).

``TerminalFrame`` keeps each cell as last written (its character and its colours);
``TalkingStickApp._display`` hands it every paint the app is about to write, whole or
partial, with the rows it covers as they are now. For each row it writes the stretch
from the first changed cell to the last one (``RowWrites``), nothing for a row that did
not change, and nothing at all when no cell did. Blank stretches (spaces on the
terminal's own background) are erased rather than written: ``ESC[nX`` and a move, or
``ESC[K`` to the end of the row. The first paint (and the first after a size change or
``release``) clears the terminal and writes only what is not blank.

While ``held`` (a meeting waiting for its welcome) nothing is written; the app writes
its one line itself. Only what the app writes through ``_display`` reaches the screen's
cells (the driver's own writes set modes, never cells). Anything else written to the
terminal (a message from the system to every terminal) now stays until the cells under
it change or the terminal is resized, where a whole paint used to cover it.
"""

from collections.abc import Callable, Iterable

from rich.cells import get_character_cell_size
from rich.color import ColorSystem
from rich.console import Console
from rich.control import Control
from rich.style import Style
from textual._compositor import CompositorUpdate
from textual.geometry import Size
from textual.strip import Strip

CLEAR = "\x1b[0m\x1b[H\x1b[2J"
"""Reset the colours, then clear the whole terminal to its own background."""
ERASE_FROM = 9
"""Blank stretches this long or longer are erased and stepped over (``ESC[nX ESC[nC``), not
written as spaces. Every stretch written ends with the colours reset (``ESC[0m``), so the
erase leaves the terminal's own background."""
ERASE_TO_END_FROM = 4
"""Blank stretches this long or longer that end the row are erased to its end (``ESC[K``)."""

Cell = tuple[str, str]
"""A cell's character (``""`` for the second half of a wide one) and its colours as written."""
BLANK: Cell = (" ", "")
"""A space on the terminal's own background: what a cleared terminal shows."""


_PLAIN: set[str] = set()
"""The colours seen so far whose spaces look like a cleared cell (a handful in any app)."""


def _sgr(style: Style | None, color_system: ColorSystem) -> str:
    """The colours of ``style`` as the terminal is told them (with any link), "" for none."""
    if style is None:
        return ""
    ansi = Strip.render_ansi(style, color_system)
    return f"{ansi}\0{style.link}" if style.link else ansi


def _plain_background(style: Style | None) -> bool:
    """Whether a space in ``style`` looks like a cleared cell (no colour behind it, no line)."""
    if style is None:
        return True
    background = style.bgcolor
    if background is not None and not background.is_default:
        return False
    return not (style.reverse or style.underline or style.underline2 or style.strike or style.overline)


def row_cells(strip: Strip, color_system: ColorSystem) -> list[Cell]:
    """The cells of one row."""
    cells: list[Cell] = []
    for text, style, control in strip:
        if control:
            continue
        sgr = _sgr(style, color_system)
        plain = _plain_background(style) and not (style is not None and style.link)
        if plain:
            _PLAIN.add(sgr)
        for char in text:
            width = get_character_cell_size(char)
            if width == 0:  # a combining mark joins the character before it
                if cells:
                    cells[-1] = (cells[-1][0] + char, cells[-1][1])
                continue
            cells.append(BLANK if char == " " and plain else (char, sgr))
            if width == 2:
                cells.append(("", sgr))
    return cells


def _runs(cells: list[Cell]) -> list[tuple[str, str, bool]]:
    """``cells`` as runs of one colour: (text, colours, blank). A short blank run between two
    runs of the same colours on the terminal's own background joins them: its spaces look
    the same in those colours, and one run costs one colour change instead of three."""
    runs: list[tuple[str, str, bool]] = []
    start = 0
    while start < len(cells):
        blank, sgr = cells[start] == BLANK, cells[start][1]
        end = start + 1
        while end < len(cells) and cells[end][1] == sgr and (cells[end] == BLANK) == blank:
            end += 1
        runs.append(("".join(char for char, _ in cells[start:end]), sgr, blank))
        start = end
    joined: list[tuple[str, str, bool]] = []
    for text, sgr, blank in runs:
        if len(joined) >= 2 and not blank:
            (before, colours, _), (spaces, _, between) = joined[-2], joined[-1]
            if between and len(spaces) < ERASE_FROM and colours == sgr and sgr in _PLAIN:
                joined[-2:] = [(before + spaces + text, sgr, False)]
                continue
        joined.append((text, sgr, blank))
    return joined


def _render(cells: list[Cell], to_end: bool) -> str:
    """The text that writes ``cells`` from the cursor (``to_end``: they reach the row's end)."""
    written: list[str] = []
    runs = _runs(cells)
    for index, (text, sgr, blank) in enumerate(runs):
        last = index == len(runs) - 1
        if blank and to_end and last and len(text) >= ERASE_TO_END_FROM:
            written.append("\x1b[K")
        elif blank and len(text) >= ERASE_FROM:  # the next write moves the cursor itself
            written.append(f"\x1b[{len(text)}X" + ("" if last else f"\x1b[{len(text)}C"))
        elif not sgr:
            written.append(text)
        else:
            ansi, _, link = sgr.partition("\0")
            styled = f"\x1b[{ansi}m{text}\x1b[0m" if ansi else text
            written.append(f"\x1b]8;;{link}\x1b\\{styled}\x1b]8;;\x1b\\" if link else styled)
    return "".join(written)


def _stretch(was: list[Cell], now: list[Cell]) -> tuple[int, int] | None:
    """The first and past-the-last cell that differ, widened to whole wide characters."""
    width = min(len(was), len(now))
    first = next((x for x in range(width) if was[x] != now[x]), None)
    if first is None:
        return None
    last = next(x for x in range(width - 1, first - 1, -1) if was[x] != now[x]) + 1
    while first > 0 and (now[first][0] == "" or was[first][0] == ""):
        first -= 1
    while last < width and (now[last][0] == "" or was[last][0] == ""):
        last += 1
    return first, last


class RowWrites(CompositorUpdate):
    """The changed stretch of each row that changed, as text for the terminal."""

    def __init__(self, writes: list[tuple[int, int, str]], *, clear: bool = False) -> None:
        self.writes = writes
        """Row and column (from 0) where each stretch starts, and its text."""
        self.clear = clear
        """Whether the whole terminal is cleared first."""

    def render_segments(self, console: Console) -> str:
        written = [CLEAR] if self.clear else []
        for y, x, text in self.writes:
            written.append(Control.move_to(x, y).segment.text + text)
        return "".join(written)


class TerminalFrame:
    """The cells of the terminal, as last written (see the module docstring)."""

    def __init__(self) -> None:
        self._rows: list[list[Cell]] | None = None
        self._size: Size | None = None
        self.held = False
        """Whether painting waits (``hold``): nothing is written."""

    def hold(self) -> None:
        """Paint nothing until ``release`` (the app writes its one line itself)."""
        self.held = True
        self._rows = None

    def release(self) -> None:
        """Paint again: the next paint writes the screen as it is then, on a cleared terminal."""
        self.held = False
        self._rows = None

    def forget(self) -> None:
        """Clear and write everything again with the next paint."""
        self._rows = None

    def paint(
        self, strips: Callable[[], list[Strip]], rows: Iterable[int], size: Size, console: Console
    ) -> RowWrites | None:
        """What to write for a paint of ``rows``: the stretches that changed (None: none did).

        ``strips`` reads every row of the screen as it is now (this paint included) and
        ``size`` is the screen's. When the frame is not known (the first paint, another
        size) the terminal is cleared and every row is written that is not blank.
        """
        if self.held:
            return None
        color_system = console._color_system or ColorSystem.TRUECOLOR
        current = strips()
        clear = self._rows is None or self._size != size or len(self._rows) != len(current)
        if clear:
            self._rows = [[BLANK] * size.width for _ in current]
            self._size = size
            rows = range(len(current))
        assert self._rows is not None
        writes = []
        for y in sorted(set(rows)):
            if not 0 <= y < len(current):
                continue
            now = row_cells(current[y], color_system)
            was = self._rows[y]
            stretch = _stretch(was, now) if len(was) == len(now) else (0, len(now))
            self._rows[y] = now
            if stretch is not None:
                first, last = stretch
                writes.append((y, first, _render(now[first:last], last >= len(now))))
        return RowWrites(writes, clear=clear) if writes or clear else None
