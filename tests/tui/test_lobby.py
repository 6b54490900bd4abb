"""The lobby against a real relay: it lists the rooms and joins the one picked."""

from tests.tui.helpers import SIZE, until
from tui.app import TalkingStickApp
from tui.screens.dialogs import NameScreen
from tui.screens.lobby import LobbyScreen, parse_rooms, websocket_url


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


def test_room_list_of_the_wrong_shape_is_skipped():
    """Entries without a text name are dropped; odd fields fall back to safe values."""
    rooms = parse_rooms([{"name": "a", "title": 5, "present": True}, {"title": "no name"}, "x"])
    assert [(r.name, r.title, r.present) for r in rooms] == [("a", "a", 0)]
    assert parse_rooms({"not": "a list"}) == []


def test_room_address_follows_the_relay_scheme():
    """http gives ws, https gives wss, and the room name is quoted into one path segment."""
    assert websocket_url("http://h:1/", "demo") == "ws://h:1/demo"
    assert websocket_url("https://h", "a/b") == "wss://h/a%2Fb"
