"""Snapshots at 80x24 of the lobby's note dialog, the desk's inbox and a count-only room as a member sees it.

Drawn like ``test_screen_snapshots``: a stand-in session over a fixed room, a fixed clock,
UTC times, and a fixed directory answer in place of the relay's.
"""

from dataclasses import replace

import pytest

from protocol.directory import RoomEntry
from protocol.state import LobbyNote
from tests.tui.test_screen_snapshots import _keys, _lobby_app, _rooms
from tests.tui.test_snapshots import NOW, app_for, fixed_room
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


def _inbox_room():
    notes = (
        LobbyNote(40, "Sammie", "First time, a bit nervous. May I just listen?", NOW - 3600),
        LobbyNote(41, "Jo [b]not bold[/b]", "Running late; I will join at half past.", NOW - 600),
    )
    return replace(fixed_room(), accepts_lobby_notes=True, lobby_notes=notes)


async def _note_dialog(pilot) -> None:
    await _rooms(pilot)
    await pilot.press("N")
    await pilot.pause()


def test_lobby_note_dialog_at_80x24(snap_compare, directory):
    """Shift+N in the lobby asks for a name and a note, with the characters counted."""
    assert snap_compare(_lobby_app(), terminal_size=(80, 24), run_before=_note_dialog)


def test_desk_inbox_at_80x24(snap_compare):
    """The desk lists the notes from the lobby, time, name and words, as plain text."""
    assert snap_compare(app_for(1, _inbox_room()), terminal_size=(80, 24), run_before=_keys("f10"))


def test_count_only_member_at_80x24(snap_compare):
    """In a count-only room a member's People list says how many are here, not who."""
    assert snap_compare(app_for(2, replace(fixed_room(), count_only=True)), terminal_size=(80, 24))
