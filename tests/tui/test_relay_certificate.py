"""The full-screen client and a wss:// relay: joined with the group's authority, refused plainly without."""

from textual.widgets import Static

from tests.tls_certs import tls_relay
from tests.tui.helpers import SIZE, Seat, until
from tui.app import TalkingStickApp
from tui.core.updates import ConnectionStatus
from tui.screens.lobby import LobbyScreen

UNTRUSTED = "The relay's certificate could not be verified: it is not signed by an authority"


async def test_a_refused_certificate_is_one_sentence_on_the_closed_screen(tmp_path):
    """Without --cafile the meeting screen says why in one sentence and the link stays closed."""
    async with tls_relay(tmp_path) as (relay, _, _):
        app = TalkingStickApp(url=relay.url("demo"), name="Ann", keymap={})
        async with app.run_test(size=SIZE) as pilot:
            seat = Seat(app, pilot)
            await until(pilot, lambda: app.meeting_screen() is not None, "the meeting screen")
            await seat.wait(lambda: seat.meeting.session.status is ConnectionStatus.CLOSED, "the end")
            shown = " ".join(line.strip() for line in seat.transcript)
            assert UNTRUSTED in shown and "pass it with --cafile." in shown


async def test_the_app_joins_over_wss_with_the_groups_authority(tmp_path):
    """Given the authority file, the app joins the room over wss://."""
    async with tls_relay(tmp_path) as (relay, group, _):
        app = TalkingStickApp(url=relay.url("demo"), name="Ann", keymap={}, cafile=group.cafile)
        async with app.run_test(size=SIZE) as pilot:
            await until(
                pilot,
                lambda: (
                    (meeting := app.meeting_screen()) is not None
                    and meeting.session.status is ConnectionStatus.CONNECTED
                ),
                "the meeting over wss://",
            )


async def test_the_lobby_over_https_says_why_it_cannot_list_rooms(tmp_path):
    """An https:// lobby whose certificate is not trusted shows the sentence instead of the rooms."""
    async with tls_relay(tmp_path) as (relay, _, _):
        app = TalkingStickApp(lobby_url=relay.http_url, keymap={})
        async with app.run_test(size=SIZE) as pilot:

            def note() -> str:
                if not isinstance(app.screen, LobbyScreen):
                    return ""
                return str(app.screen.query_one("#lobby-note", Static).render())

            await until(pilot, lambda: UNTRUSTED in note(), "the sentence in the lobby")


async def test_the_lobby_lists_rooms_over_https_with_the_authority(tmp_path):
    """With the authority the lobby lists the relay's rooms over https://."""
    async with tls_relay(tmp_path) as (relay, group, _):
        app = TalkingStickApp(lobby_url=relay.http_url, keymap={}, cafile=group.cafile)
        async with app.run_test(size=SIZE) as pilot:
            await until(
                pilot, lambda: isinstance(app.screen, LobbyScreen) and bool(app.screen.rooms), "rooms"
            )
