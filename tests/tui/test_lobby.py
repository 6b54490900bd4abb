"""The lobby against a real relay: it lists the rooms, when they meet, and joins the one picked."""

import time
from zoneinfo import ZoneInfo

from textual.widgets import Static

from protocol import PROTOCOL_VERSION
from protocol.schedule import describe_local
from server.http import relay_version
from tests.tui.helpers import SIZE, until
from tests.wire_client import WireClient
from tui.app import TalkingStickApp
from tui.screens.dialogs import NameScreen
from tui.screens.lobby import LobbyScreen, parse_rooms, room_row, websocket_url


async def test_lobby_lists_rooms_and_joins_the_chosen_one(relay, room):
    """Enter on a listed room asks for a name, then joins that room."""
    app = TalkingStickApp(lobby_url=relay.http_url)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, LobbyScreen) and bool(app.screen.rooms), "rooms")
        assert app.screen.rooms[0].title == "Demo meeting"
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, NameScreen), "the name form")
        await pilot.press(*"Sam", "enter")
        await until(
            pilot,
            lambda: (meeting := app.meeting_screen()) is not None and meeting.session.state is not None,
            "the meeting",
        )
        assert app.meeting_screen().session.me().name == "Sam"


def _version_shown(app: TalkingStickApp) -> bool:
    return isinstance(app.screen, LobbyScreen) and app.screen.relay_version is not None


async def test_lobby_title_names_the_relays_version(relay, room):
    """The lobby's title line shows the relay's release and protocol version from /version."""
    app = TalkingStickApp(lobby_url=relay.http_url)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: _version_shown(app), "the relay's version")
        title = str(app.screen.query_one("#lobby-title", Static).render())
        assert relay_version().describe() in title and f"protocol {PROTOCOL_VERSION}" in title


def test_room_list_of_the_wrong_shape_is_skipped():
    """Entries without a text name are dropped; odd fields fall back to safe values."""
    rooms = parse_rooms([{"name": "a", "title": 5, "present": True}, {"title": "no name"}, "x"])
    assert [(r.name, r.title, r.present) for r in rooms] == [("a", "a", 0)]
    assert parse_rooms({"not": "a list"}) == []


def test_room_address_follows_the_relay_scheme():
    """http gives ws, https gives wss, and the room name is quoted into one path segment."""
    assert websocket_url("http://h:1/", "demo") == "ws://h:1/demo"
    assert websocket_url("https://h", "a/b") == "wss://h/a%2Fb"


async def test_lobby_shows_live_rooms_and_the_next_meeting_in_local_time(relay, room, monkeypatch):
    """A room in session reads "live now"; a scheduled one its next start in the viewer's zone."""
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    try:
        relay.create_room("later", "Tuesday group")
        relay.store.update_settings(
            "later",
            {
                "directory": {
                    "schedule": "weekly Tue 19:00 America/Chicago",
                    "format": "twelve-step",
                    "typical_size": "8-12 people",
                    "description": "A small, steady group.",
                    "contact": "host@example.org",
                }
            },
        )
        present = await WireClient.join(relay.url(room[0]), "Ann")
        app = TalkingStickApp(lobby_url=relay.http_url)
        async with app.run_test(size=SIZE) as pilot:
            await until(
                pilot, lambda: isinstance(app.screen, LobbyScreen) and len(app.screen.rooms) == 2, "rooms"
            )
            lobby = app.screen
            rows = {r.name: room_row(r).plain for r in lobby.rooms}
            assert "live now, 1 here" in rows["demo"]
            later = next(r for r in lobby.rooms if r.name == "later")
            expected = describe_local(later.next_start, ZoneInfo("Europe/Berlin"))
            assert f"next: {expected}" in rows["later"] and "twelve-step · 8-12 people" in rows["later"]
            await pilot.press("down" if lobby.rooms[0].name == "demo" else "up")
            await until(pilot, lambda: "A small, steady group." in lobby.details.plain, "the details")
            assert "Contact: host@example.org" in lobby.details.plain
        await present.close()
    finally:
        monkeypatch.undo()
        time.tzset()


def test_directory_fields_of_the_wrong_type_are_ignored():
    """A next start that is not an ISO time, or a live flag that is not true, reads as absent."""
    (listing,) = parse_rooms([{"name": "a", "next_start": "soon", "live": "yes", "format": 3}])
    assert listing.next_start is None and listing.live is False and listing.format is None
    (listing,) = parse_rooms([{"name": "a", "next_start": "2026-01-06T01:00:00Z"}])
    assert listing.next_start is not None and listing.next_start.utcoffset().total_seconds() == 0
