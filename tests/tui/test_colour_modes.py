"""Every screen stays readable without colours, on 16 colours, on a VT100 and on a monochrome terminal.

Each test sets the terminal's environment, opens a screen of the fixed snapshot room and
scans the bytes the client writes for text drawn in the colour of its background.
"""

import pytest
from textual.pilot import Pilot

from tests.tui.terminal_bytes import sgr_codes, unreadable, written
from tests.tui.test_snapshots import app_for

pytestmark = pytest.mark.usefixtures("utc")

TERMINALS = {
    "no-color": {"NO_COLOR": "1", "TERM": "xterm-256color"},
    "16-colours": {"TERM": "xterm-16color"},
    "vt100": {"TERM": "vt100"},
    "monochrome": {"TERM": "dumb"},
}


def _terminal(monkeypatch, name: str) -> None:
    for variable in ("NO_COLOR", "COLORTERM", "TEXTUAL_COLOR_SYSTEM"):
        monkeypatch.delenv(variable, raising=False)
    for variable, value in TERMINALS[name].items():
        monkeypatch.setenv(variable, value)


async def _room_keys(pilot: Pilot) -> None:
    await pilot.press("escape")


async def _help(pilot: Pilot) -> None:
    await pilot.press("f1")


async def _desk(pilot: Pilot) -> None:
    await pilot.press("f10")


async def _leave(pilot: Pilot) -> None:
    await pilot.press("ctrl+q")


SCREENS = {"meeting": None, "room-keys": _room_keys, "help": _help, "desk": _desk, "confirm": _leave}


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("terminal", TERMINALS)
async def test_no_text_in_the_colour_of_its_background(monkeypatch, terminal, screen):
    """No character is written in the colour of its own background."""
    _terminal(monkeypatch, terminal)
    output = await written(monkeypatch, app_for(1), (80, 24), SCREENS[screen])
    assert "Fay" in output
    assert unreadable(output) == []


async def test_no_color_writes_only_the_terminals_own_colours(monkeypatch):
    """Under NO_COLOR every colour written is the terminal's default foreground or background."""
    _terminal(monkeypatch, "no-color")
    output = await written(monkeypatch, app_for(1), (80, 24))
    colours = {
        code
        for parameters in sgr_codes(output)
        for code in parameters.split(";")
        if code and (30 <= int(code) <= 49 or 90 <= int(code) <= 107) and code not in ("39", "49")
    }
    assert colours == set()


def test_the_scan_finds_black_on_black():
    """The scan reports text drawn as 38;5;16 on 48;5;16 (and 30 on 40)."""
    assert unreadable("\x1b[38;5;16;48;5;16mhidden\x1b[0m shown") == ["hidden"]
    assert unreadable("\x1b[30;40mhidden\x1b[39;49m shown") == ["hidden"]


async def test_no_color_underlines_the_selected_person(monkeypatch):
    """Under NO_COLOR the person selected with the room keys is underlined, not only coloured."""
    _terminal(monkeypatch, "no-color")
    output = await written(monkeypatch, app_for(1), (80, 24), _room_keys)
    assert any("4" in parameters.split(";") for parameters in sgr_codes(output))
