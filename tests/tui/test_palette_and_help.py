"""The command palette finds every action a person may use; help says how to close it and fits its screen."""

import pytest

from tests.tui.helpers import until
from tests.tui.test_snapshots import app_for
from tui import keys
from tui.app import TalkingStickApp
from tui.palette import MeetingCommands, palette_keys
from tui.screens.desk import DeskScreen
from tui.screens.help import HelpScreen
from tui.screens.lobby import LobbyScreen

pytestmark = pytest.mark.usefixtures("utc")


async def _titles_found(app, query: str) -> list[str]:
    provider = MeetingCommands(app.screen)
    return [hit.text async for hit in provider.search(query)]


async def test_every_leader_action_is_found_by_name():
    """Each facilitator action of the key table, the desk's included, is found by its title."""
    app = app_for(1)
    async with app.run_test(size=(80, 24)):
        wanted = [key for key in (*keys.MEETING_KEYS, *keys.DESK_KEYS) if key.in_palette]
        wanted = [key for key in wanted if key.id != "desk-close"]
        missing = [key.title for key in wanted if key.title not in await _titles_found(app, key.title)]
    assert missing == []


async def test_end_the_meeting_and_lockdown_are_found():
    """Searching "end the meeting" and "lockdown" finds those actions."""
    app = app_for(1)
    async with app.run_test(size=(80, 24)):
        assert any("End the meeting" in title for title in await _titles_found(app, "end the meeting"))
        assert any("lockdown" in title for title in await _titles_found(app, "lockdown"))


def test_members_find_no_desk_action():
    """A member's palette offers nothing of the desk."""
    assert not set(palette_keys(leads=False, in_meeting=True)) & set(keys.DESK_KEYS)


async def test_the_palette_entry_opens_the_desk_and_acts_there(monkeypatch):
    """Choosing "Turn lockdown on or off" opens the desk and runs its action there."""
    app = app_for(1)
    async with app.run_test(size=(80, 24)) as pilot:
        provider = MeetingCommands(app.screen)
        hits = [hit async for hit in provider.search("Lock or unlock the room")]
        ran: list[str] = []
        monkeypatch.setattr(DeskScreen, "action_lock", lambda desk: ran.append("lock"))
        hits[0].command()
        await until(pilot, lambda: ran == ["lock"], "the desk to lock")
        assert isinstance(app.screen, DeskScreen)


async def test_help_says_how_to_close_it_at_the_top():
    """The first line of the help says how to close it."""
    app = app_for(2)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f1")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), "the help")
        assert app.screen.text.splitlines()[0] == "Esc, F1 or q closes this help."


async def test_help_in_the_lobby_shows_the_lobby_keys(relay, room):
    """F1 in the lobby lists the lobby's keys (refresh), not the meeting's (hand, done)."""
    app = TalkingStickApp(lobby_url=relay.http_url, keymap={})
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, LobbyScreen), "the lobby")
        await pilot.press("f1")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), "the help")
        text = app.screen.text
    assert "Fetch the list of rooms again" in text
    assert "Raise or lower your hand" not in text


def test_the_lobby_palette_offers_the_lobby_actions():
    """In the lobby the palette offers fetching the rooms again, and no meeting action."""
    offered = palette_keys(leads=False, in_meeting=False, in_lobby=True)
    assert keys.BY_ID["lobby-refresh"] in offered
    assert keys.BY_ID["hand"] not in offered
