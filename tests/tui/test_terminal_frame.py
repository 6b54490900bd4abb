"""The terminal's frame: a paint writes only the cells that changed, a held screen nothing."""

import re

from rich.cells import set_cell_size
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
from textual.strip import Strip

from protocol import RoomState
from tests.tui.helpers import StillSession
from tui.app import TalkingStickApp
from tui.terminal_frame import CLEAR, RowWrites, TerminalFrame

WIDTH = 30
CONSOLE = Console(force_terminal=True, color_system="256", width=WIDTH, legacy_windows=False)
GREY = Style(color="white", bgcolor="default")
RED_BACKGROUND = Style(bgcolor="red")
MOVE_TO = re.compile(r"\x1b\[(\d+);(\d+)H")
"""A cursor move to a row and column (both from 1)."""


def row(text: str, style: Style = GREY) -> Strip:
    return Strip([Segment(set_cell_size(text, WIDTH), style)], WIDTH)


def screen(*texts: str) -> list[Strip]:
    return [row(text) for text in texts]


def paint(frame: TerminalFrame, strips: list[Strip], rows: list[int] | None = None) -> str | None:
    """What the frame writes for a paint of ``rows`` of ``strips`` (all of them: a whole paint)."""
    size = Size(WIDTH, len(strips))
    written = frame.paint(lambda: strips, range(len(strips)) if rows is None else rows, size, CONSOLE)
    return None if written is None else written.render_segments(CONSOLE)


def moves(output: str) -> list[tuple[int, int]]:
    """Where the output writes, as (row, column) from 0, in order."""
    return [(int(y) - 1, int(x) - 1) for y, x in MOVE_TO.findall(output)]


def test_the_first_paint_clears_and_writes_only_what_is_not_blank():
    frame = TerminalFrame()
    output = paint(frame, screen("title", "", "", "status"))
    assert output is not None and output.startswith(CLEAR)
    assert moves(output) == [(0, 0), (3, 0)]
    assert "title" in output and "status" in output
    assert "          " not in output  # the blanks after each text are erased, not written


def test_a_paint_of_what_is_shown_writes_nothing():
    frame = TerminalFrame()
    paint(frame, screen("title", "a line", "status"))
    assert paint(frame, screen("title", "a line", "status")) is None


def test_a_paint_writes_from_the_first_changed_cell_to_the_last():
    frame = TerminalFrame()
    paint(frame, screen("title", "Sam: hello there", "", "status"))
    output = paint(frame, screen("title", "Sam: hello world", "", "status"))
    assert output is not None and not output.startswith(CLEAR)
    assert moves(output) == [(1, 11)]
    assert "world" in output and "Sam" not in output


def test_a_row_emptied_is_erased():
    frame = TerminalFrame()
    paint(frame, screen("title", "a longer line of text"))
    output = paint(frame, screen("title", ""))
    assert output is not None and moves(output) == [(1, 0)]
    assert output.endswith("\x1b[21X") and "text" not in output


def test_spaces_on_a_colour_are_written():
    """A blank row on a coloured background shows: it is not left to the cleared terminal."""
    frame = TerminalFrame()
    output = paint(frame, [row("title"), row("", RED_BACKGROUND)])
    assert output is not None and moves(output) == [(0, 0), (1, 0)]
    assert " " * WIDTH in output


def test_a_partial_paint_of_the_same_text_writes_nothing():
    frame = TerminalFrame()
    shown = screen("title", "a line", "status")
    paint(frame, shown)
    assert paint(frame, shown, [1, 2]) is None


def test_a_partial_paint_writes_its_rows_that_changed():
    frame = TerminalFrame()
    paint(frame, screen("title", "a line", "status"))
    output = paint(frame, screen("title", "b line", "status"), [0, 1, 2])
    assert output is not None and moves(output) == [(1, 0)] and "b" in output
    assert paint(frame, screen("title", "b line", "status")) is None  # the frame follows


def test_a_held_frame_writes_nothing_until_released():
    frame = TerminalFrame()
    frame.hold()
    assert paint(frame, screen("title", "layout")) is None
    assert paint(frame, screen("title", "room"), [1]) is None
    frame.release()
    output = paint(frame, screen("title", "room"), [1])
    assert output is not None and output.startswith(CLEAR) and moves(output) == [(0, 0), (1, 0)]


def test_another_size_writes_everything_again():
    frame = TerminalFrame()
    paint(frame, screen("title", "a line"))
    output = paint(frame, screen("title", "a line", "status"))
    assert output is not None and output.startswith(CLEAR) and moves(output) == [(0, 0), (1, 0), (2, 0)]


def test_a_wide_character_is_written_whole():
    """A change in the second half of a wide character rewrites the character."""
    frame = TerminalFrame()
    paint(frame, screen("ab漢字"))
    output = paint(frame, screen("ab漢z"))
    assert output is not None and moves(output) == [(0, 4)] and "z" in output


def test_writes_go_to_their_row_and_column():
    assert RowWrites([(4, 2, "x")]).render_segments(CONSOLE) == "\x1b[5;3Hx"


def test_a_meeting_shown_after_the_app_closed_its_screens_is_no_crash():
    """The meeting's "shown" message may be handled as the app closes, its screens gone: the
    held frame is released without painting (a test run once crashed with ScreenStackError)."""
    app = TalkingStickApp(session=StillSession(1, RoomState("demo", "Demo")), keymap={})
    app._frame.hold()
    assert app.screen_stack == []
    app.on_meeting_view_shown()
    app.action_redraw()
    assert not app._frame.held
