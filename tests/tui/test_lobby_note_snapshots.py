"""Snapshots of the lobby's note dialog, the desk's inbox and a count-only room as a member sees it.

The inbox and the count-only room are also drawn at 60x20 and under NO_COLOR (the dialog
is in ``test_screen_snapshots`` at both sizes, in colour and under NO_COLOR).

Drawn like ``test_screen_snapshots``: a stand-in session over a fixed room, a fixed clock,
UTC times, and a fixed directory answer in place of the relay's.
"""

from dataclasses import replace

import pytest

from protocol.directory import RoomEntry
from tests.tui.conftest import SIZE_IDS, SIZES
from tests.tui.test_screen_snapshots import _keys, _lobby_app, _rooms, inbox_room
from tests.tui.test_snapshots import app_for, fixed_room
from tui.screens import lobby

pytestmark = pytest.mark.usefixtures("utc")

ROOMS = [
    RoomEntry("tuesday", "Tuesday evening group", 0, None, format="smart", accepts_notes=True).to_json(),
]


@pytest.fixture
def directory(monkeypatch):
    """The lobby reads a fixed list with one room that takes notes."""

    async def answer(url: str, cafile: object = None):
        return ROOMS if url.endswith("/rooms") else {}

    monkeypatch.setattr(lobby, "fetch_json", answer)


async def _note_dialog(pilot) -> None:
    await _rooms(pilot)
    await pilot.press("N")
    await pilot.pause()


def test_lobby_note_dialog_at_80x24(snap_compare, directory):
    """Shift+N in the lobby asks for a name and a note, with the characters counted."""
    assert snap_compare(_lobby_app(), terminal_size=(80, 24), run_before=_note_dialog)


def test_desk_inbox_at_80x24(snap_compare):
    """The desk lists the notes from the lobby, time, name and words, as plain text."""
    assert snap_compare(app_for(1, inbox_room()), terminal_size=(80, 24), run_before=_keys("f10"))


def test_count_only_member_at_80x24(snap_compare):
    """In a count-only room a member's People list says how many are here, not who."""
    assert snap_compare(app_for(2, replace(fixed_room(), count_only=True)), terminal_size=(80, 24))


def test_desk_inbox_at_60x20(snap_compare):
    """The same inbox at 60x20."""
    assert snap_compare(app_for(1, inbox_room()), terminal_size=(60, 20), run_before=_keys("f10"))


def test_count_only_member_at_60x20(snap_compare):
    """The same count at 60x20."""
    assert snap_compare(app_for(2, replace(fixed_room(), count_only=True)), terminal_size=(60, 20))


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_desk_inbox_without_colour(snap_compare, no_color, size):
    """The inbox under NO_COLOR."""
    assert snap_compare(app_for(1, inbox_room()), terminal_size=size, run_before=_keys("f10"))


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_count_only_member_without_colour(snap_compare, no_color, size):
    """The count under NO_COLOR."""
    assert snap_compare(app_for(2, replace(fixed_room(), count_only=True)), terminal_size=size)
