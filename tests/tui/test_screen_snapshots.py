"""Snapshots of every screen and dialog at 80x24 and 60x20, in colour and under NO_COLOR.

Drawn from the fixed rooms of ``test_snapshots`` with a stand-in session (no network, a
fixed clock, UTC times); the lobby's and the format picker's lists come from fixed
answers in place of the relay's HTTP directory. Each case opens one screen the way a
person would (keys) or, for dialogs opened from elsewhere, pushes it directly.
"""

from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from textual.pilot import Pilot

from protocol import RoomState
from protocol.directory import FormatEntry, RoomEntry
from protocol.state import LobbyNote
from tests.tui.helpers import StillSession, still_app
from tests.tui.test_link_snapshots import marked_room
from tests.tui.test_snapshots import NOW, app_for, fixed_room, reading_room
from tests.tui.test_waiting_snapshot import NEO, waiting_view
from tui.app import TalkingStickApp
from tui.screens import formats, lobby
from tui.screens.dialogs import NameScreen
from tui.screens.lobby_note import LobbyNoteDialog
from tui.screens.notes import decline_dialog, reply_dialog

pytestmark = pytest.mark.usefixtures("utc")

ROOMS = [
    RoomEntry("tuesday", "Tuesday evening group", 7, "Check-in round", live=True, format="smart").to_json(),
    RoomEntry(
        "sunday",
        "Sunday morning meeting with a rather long title",
        0,
        None,
        next_start=datetime(2026, 12, 6, 9, 30, tzinfo=UTC),
    ).to_json(),
]
FORMATS = [
    FormatEntry("smart", "SMART Recovery", "Check-in, agenda setting, working time, check-out.", 5).to_json(),
    FormatEntry("twelve-step", "Twelve-step meeting", "Readings, shares in turn, closing.", 6).to_json(),
]

Opening = Callable[[Pilot], Awaitable[None]]


def _keys(*names: str) -> Opening:
    async def press(pilot: Pilot) -> None:
        await pilot.press(*names)
        await pilot.pause()

    return press


def _pushed(make: Callable[[], object]) -> Opening:
    async def push(pilot: Pilot) -> None:
        await pilot.app.push_screen(make())  # type: ignore[arg-type]
        await pilot.pause()

    return push


async def _format_list(pilot: Pilot) -> None:
    await pilot.press("ctrl+r", "f")
    for _ in range(50):
        screen = pilot.app.screen
        if isinstance(screen, formats.FormatScreen) and screen.formats:
            break
        await pilot.pause(0.02)
    await pilot.pause()


async def _rooms(pilot: Pilot) -> None:
    for _ in range(50):
        screen = pilot.app.screen
        if isinstance(screen, lobby.LobbyScreen) and screen.rooms:
            break
        await pilot.pause(0.02)
    await pilot.pause()


def _lobby_app() -> TalkingStickApp:
    return TalkingStickApp(lobby_url="http://127.0.0.1:1", keymap={})


async def _lobby_note(pilot: Pilot) -> None:
    """The lobby's note dialog for the first room, over the room list."""
    await _rooms(pilot)
    await pilot.app.push_screen(LobbyNoteDialog("http://127.0.0.1:1", "tuesday", "Tuesday evening group"))
    await pilot.pause()


def inbox_room() -> RoomState:
    """Two notes from the lobby wait for the facilitators (one name holds markup, shown as text)."""
    notes = (
        LobbyNote(40, "Sammie", "First time, a bit nervous. May I just listen?", NOW - 3600),
        LobbyNote(41, "Jo [b]not bold[/b]", "Running late; I will join at half past.", NOW - 600),
    )
    return replace(fixed_room(), accepts_lobby_notes=True, lobby_notes=notes)


CASES: dict[str, tuple[Callable[[], TalkingStickApp], Opening | None]] = {
    "member": (lambda: app_for(2), None),
    "facilitator": (lambda: app_for(1), None),
    "room-keys": (lambda: app_for(1), _keys("ctrl+r")),
    "desk": (lambda: app_for(1), _keys("f10")),
    "help": (lambda: app_for(1), _keys("f1")),
    "lobby": (_lobby_app, _rooms),
    "lobby-help": (_lobby_app, _keys("f1")),
    "confirm-remove": (lambda: app_for(1), _keys("ctrl+r", "down", "r")),
    "agenda-item": (lambda: app_for(1), _keys("f9")),
    "guest-invite": (lambda: app_for(1), _keys("ctrl+r", "G")),
    "lobby-note": (_lobby_app, _lobby_note),
    "delete-lobby-note": (lambda: app_for(1, inbox_room()), _keys("f10", "ctrl+r", "X")),
    "floor-anyway": (lambda: app_for(1, marked_room()), _keys("f5")),
    "name": (lambda: app_for(2), _pushed(lambda: NameScreen("Tuesday evening group"))),
    "note": (lambda: app_for(2), _keys("ctrl+r", "b")),
    "introduction": (lambda: app_for(2), _keys("ctrl+r", "i", *"Hi, I'm Max.")),
    "reply": (lambda: app_for(1), _pushed(lambda: reply_dialog("Max"))),
    "pause": (lambda: app_for(1), _keys("ctrl+r", "down", "z")),
    "decline": (lambda: app_for(1), _pushed(lambda: decline_dialog("Neo"))),
    "format-picker": (lambda: app_for(1), _format_list),
    "reading-picker": (lambda: app_for(1, reading_room()), _keys("ctrl+r", "comma")),
    "resources": (lambda: app_for(2), _keys("f12")),
    "waiting-room": (lambda: still_app(StillSession(NEO, waiting_view()), NOW), None),
}


@pytest.fixture
def directory(monkeypatch):
    """The lobby and the format picker read fixed lists instead of a relay's."""

    async def answer(url: str, cafile: object = None):
        return ROOMS if url.endswith("/rooms") else FORMATS

    monkeypatch.setattr(lobby, "fetch_json", answer)
    monkeypatch.setattr(formats, "fetch_json", answer)


@pytest.mark.parametrize("size", [(80, 24), (60, 20)], ids=["80x24", "60x20"])
@pytest.mark.parametrize("case", CASES)
def test_screen_in_colour(snap_compare, directory, case, size):
    """Each screen and dialog is whole and readable at 80x24 and 60x20."""
    make, opening = CASES[case]
    assert snap_compare(make(), terminal_size=size, run_before=opening)


NO_COLOR_CASES = list(CASES)
"""Every screen and dialog again under NO_COLOR."""


@pytest.mark.parametrize("size", [(80, 24), (60, 20)], ids=["80x24", "60x20"])
@pytest.mark.parametrize("case", NO_COLOR_CASES)
def test_screen_without_colour(snap_compare, directory, monkeypatch, case, size):
    """Under NO_COLOR the screens keep their text and mark the selection without colour."""
    monkeypatch.setenv("NO_COLOR", "1")
    make, opening = CASES[case]
    assert snap_compare(make(), terminal_size=size, run_before=opening)
