"""Names, notes, titles and directory fields reach every screen and toast as data.

The lobby, the waiting room, the facilitators' desk, the reading panel's border and the
notifications each show text that others wrote; none of it may act as markup, and no
control sequence in it may reach the terminal. What the terminal would show is read
from the app's own screenshot.
"""

import html
import re

from protocol import CommandKind
from tests.tui.helpers import SIZE, joined, until
from tests.tui.waiting_helpers import arriving, in_waiting_room, open_desk, open_waiting_room
from tui.app import TalkingStickApp
from tui.core.updates import ConnectionStatus
from tui.screens.lobby import LobbyScreen
from tui.widgets.status import LinkFacts, status_text

NAME = "[b]x[/b]"
NOTE = "[@click=app.quit]q[/] \x1b]52;c;AAAA\x07 end"
NOTE_SHOWN = "[@click=app.quit]q[/]"
TITLE = "[b]Odd[/b] [@click=app.quit]t[/]"
WELCOME = "[i]Welcome[/i] \x1b]0;owned\x07 in"


def screen_text(app: TalkingStickApp) -> str:
    """What the terminal shows, as text; fails if any ESC or BEL would reach it."""
    svg = app.export_screenshot(simplify=True)  # whole runs: spaces between words survive
    assert "\x1b" not in svg and "\x07" not in svg, "a control character reached the screen"
    return html.unescape(re.sub(r"<[^>]*>", "", svg)).replace("\xa0", " ")


async def test_lobby_shows_titles_and_directory_fields_literally(relay):
    """A room's title, description and contact show as typed in the lobby, escapes neutralised."""
    relay.create_room("odd", TITLE)
    relay.store.update_settings("odd", {"directory": {"description": NOTE, "contact": NAME}})
    app = TalkingStickApp(lobby_url=relay.http_url)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, LobbyScreen) and bool(app.screen.rooms), "rooms")
        await until(pilot, lambda: bool(app.screen.details.plain), "the room's details")
        shown = screen_text(app)
        assert TITLE in shown and NOTE_SHOWN in shown and f"Contact: {NAME}" in shown
        assert app.is_running


async def test_waiting_room_desk_and_toasts_show_names_notes_and_titles_literally(relay):
    """A waiter named in markup, their hostile note and a markup title show as typed everywhere."""
    key = relay.store.create_room("odd", TITLE)  # the relay loads it, settings and all, on first join
    relay.store.update_settings("odd", {"welcome_text": WELCOME})
    url = relay.url("odd")
    async with joined(url, "Fay", key, notifications=True) as fay:
        await open_waiting_room(fay)
        async with arriving(url, NAME) as waiter:
            await in_waiting_room(waiter)
            shown = screen_text(waiter.app)
            assert f"{TITLE} · waiting room" in shown and "[i]Welcome[/i]" in shown
            # The transcript says it once; the toast is the second time.
            await fay.wait(lambda: screen_text(fay.app).count(f"{NAME} is waiting") >= 2, "the arrival toast")
            waiter.meeting.session.send(CommandKind.NOTE, NOTE)
            await fay.wait(lambda: f"Private note from {NAME}" in screen_text(fay.app), "the note toast")
            fay.app.clear_notifications()  # toasts would cover part of the desk
            desk = await open_desk(fay)
            await fay.wait(lambda: NOTE_SHOWN in desk.plain, "the note on the desk")
            shown = screen_text(fay.app)
            assert f"Facilitators' desk · {TITLE}" in shown
            assert f"{NAME}  has not accepted the guidelines yet" in shown
            assert f"{NAME} → facilitators: {NOTE_SHOWN}" in shown
            assert fay.app.is_running and waiter.app.is_running


async def test_reading_title_on_the_panel_border_is_shown_literally(relay, room):
    """A reading titled in markup shows its title as typed on the reading panel's border."""
    name, key = room
    async with joined(relay.url(name), "Fay", key) as fay, joined(relay.url(name), "Max") as max_:
        session = fay.meeting.session
        session.send(CommandKind.READING_ADD, TITLE, "Read this together.", False)
        await fay.wait(lambda: bool(session.state.readings), "the reading")
        session.send(CommandKind.READING_SHOW, session.state.readings[0].reading_id)
        border = f"▔{TITLE}▔"  # the transcript names the reading too: look on the border itself
        await max_.wait(lambda: border in screen_text(max_.app), "the reading's title at Max's")
        assert max_.app.is_running


def test_a_relay_reason_on_the_status_line_carries_no_control_characters():
    """The status line neutralises escapes in a closing reason quoted from the relay."""
    facts = LinkFacts(ConnectionStatus.CLOSED, f"{NAME} \x1b]0;t\x07", None, 0, 0, 0)
    shown = status_text(facts).plain
    assert NAME in shown and "\x1b" not in shown and "\x07" not in shown
