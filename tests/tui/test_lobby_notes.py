"""Notes from the lobby and count-only attendance in the client, against a real relay."""

import httpx
import pytest_asyncio
from textual.content import Content
from textual.widgets import Button, Label

from protocol import CommandKind
from protocol.lobby_notes import note_headers
from server.relay import Relay
from tests.tui.helpers import SIZE, joined, until
from tests.tui.waiting_helpers import open_desk
from tests.wire_client import TIMEOUT, WireClient
from tui.app import TalkingStickApp
from tui.core.session import Session
from tui.screens.dialogs import ConfirmScreen
from tui.screens.lobby import LobbyScreen
from tui.screens.lobby_note import LobbyNoteDialog
from tui.widgets.lobby_inbox import LobbyInbox
from tui.widgets.people import PeopleList
from tui.widgets.transcript import Transcript

NOTE = "First time here; may I just listen?"


@pytest_asyncio.fixture
async def notes_room(relay: Relay):
    """The room "demo" on ``relay``, taking notes from the lobby: (name, facilitator key)."""
    key = relay.store.create_room("demo", "Demo meeting")
    relay.store.update_settings("demo", {"lobby_notes": True})
    return "demo", key


async def leave_note(relay: Relay, text: str = NOTE, name: str = "Sammie") -> None:
    async with httpx.AsyncClient(base_url=relay.http_url, timeout=TIMEOUT) as http:
        answer = await http.get("/rooms/demo/notes", headers=note_headers(name, text))
    assert answer.status_code == 200


def _dialog_open(app: TalkingStickApp) -> bool:
    return isinstance(app.screen, LobbyNoteDialog) and app.screen.focused is not None


def _lobby_ready(app: TalkingStickApp) -> bool:
    return isinstance(app.screen, LobbyScreen) and bool(app.screen.rooms)


async def test_the_lobby_sends_a_note_with_shift_n(relay, notes_room):
    """Shift+N on a room that takes notes opens the dialog; the note reaches the room's inbox."""
    app = TalkingStickApp(lobby_url=relay.http_url, keymap={})
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: _lobby_ready(app), "the rooms")
        assert "takes notes" in app.screen.query_one("#rooms").get_option_at_index(0).prompt.plain
        lobby = app.screen
        await pilot.press("N")
        await until(pilot, lambda: _dialog_open(app), "the dialog")
        await pilot.press(*"Sammie", "enter", *NOTE, "enter")
        await until(pilot, lambda: app.screen is lobby, "the dialog to close")
        await until(pilot, lambda: bool(relay.room("demo").state.lobby_notes), "the note at the relay")
        (note,) = relay.room("demo").state.lobby_notes
        assert (note.name, note.text) == ("Sammie", NOTE)
        assert "delivered to the facilitators" in str(lobby.query_one("#lobby-note").render())


async def test_a_room_without_notes_says_so(relay, room):
    """Shift+N on a room that takes no notes opens nothing and says why."""
    app = TalkingStickApp(lobby_url=relay.http_url, keymap={})
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: _lobby_ready(app), "the rooms")
        await pilot.press("N")
        note_line = app.screen.query_one("#lobby-note")
        await until(pilot, lambda: "does not take notes" in str(note_line.render()), "the refusal")
        assert isinstance(app.screen, LobbyScreen)


async def test_the_dialog_refuses_an_empty_note_before_sending(relay, notes_room):
    """Enter on an empty note says why and sends nothing."""
    app = TalkingStickApp(lobby_url=relay.http_url, keymap={})
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: _lobby_ready(app), "the rooms")
        await pilot.press("N")
        await until(pilot, lambda: _dialog_open(app), "the dialog")
        await pilot.press(*"Sammie", "enter", "enter")
        error = app.screen.query_one(".error")
        await until(pilot, lambda: "empty" in str(error.render()), "the refusal")
        assert relay.room("demo").state.lobby_notes == ()


async def test_the_desk_lists_the_notes_and_deletes_one_after_asking(relay, notes_room):
    """The desk shows the inbox; Ctrl+R then Shift+X asks, and yes deletes the note everywhere."""
    name, key = notes_room
    await leave_note(relay, "a note with [bold]markup[/bold]")
    async with joined(relay.url(name), "Fay", key) as fay:
        desk = await open_desk(fay)
        inbox = desk.query_one(LobbyInbox)
        assert "Notes from the lobby (1)" in desk.plain
        assert inbox.rows_text[0].endswith("Sammie: a note with [bold]markup[/bold]")
        await fay.pilot.press("ctrl+r", "X")
        await fay.wait(lambda: isinstance(fay.app.screen, ConfirmScreen), "the question")
        await fay.pilot.press("tab", "enter")
        await fay.wait(lambda: inbox.rows_text == [], "the note deleted on the desk")
        assert relay.room("demo").state.lobby_notes == ()


async def test_the_question_before_deleting_names_the_note(relay, notes_room):
    """The desk asks about Sam's note by name and first words, markup and escapes shown as text."""
    name, key = notes_room
    await leave_note(relay, "first time, a bit nervous, may I just listen? \x1b[31m", name="Sam [red]x[/red]")
    async with joined(relay.url(name), "Fay", key) as fay:
        desk = await open_desk(fay)
        await fay.wait(lambda: desk.query_one(LobbyInbox).rows_text != [], "the note on the desk")
        await fay.pilot.press("ctrl+r", "X")
        await fay.wait(lambda: isinstance(fay.app.screen, ConfirmScreen), "the question")
        asked = fay.app.screen.query_one(Label).render()
        assert isinstance(asked, Content)
        assert asked.plain == (
            'Delete the note from Sam [red]x[/red] ("first time, a bit nervous, may I…") from the lobby? '
            "Nobody can read it again."
        )
        assert asked.spans == []
        await fay.pilot.press("escape")
        await fay.wait(lambda: not isinstance(fay.app.screen, ConfirmScreen), "the question gone")
        assert len(relay.room("demo").state.lobby_notes) == 1


async def test_a_typed_lobby_delete_asks_the_same_question(relay, notes_room):
    """Typing /lobby delete 1 in the meeting asks as the desk does; yes deletes the note."""
    name, key = notes_room
    await leave_note(relay)
    async with joined(relay.url(name), "Fay", key) as fay:
        await fay.type("/lobby delete 1")
        await fay.wait(lambda: isinstance(fay.app.screen, ConfirmScreen), "the question")
        asked = fay.app.screen.query_one(Label).render()
        assert isinstance(asked, Content)
        assert asked.plain.startswith('Delete the note from Sammie ("First time here; may I just…")')
        assert str(fay.app.screen.query_one("#yes", Button).label) == "Delete"
        await fay.pilot.press("tab", "enter")
        await fay.wait(lambda: relay.room("demo").state.lobby_notes == (), "the note deleted")


async def test_a_facilitator_is_told_of_waiting_notes_on_joining(relay, notes_room):
    """A facilitator who comes in reads how many notes from the lobby wait."""
    name, key = notes_room
    await leave_note(relay)
    async with joined(relay.url(name), "Fay", key, notifications=True) as fay:
        await fay.wait(
            lambda: any("1 note from the lobby" in n.message for n in fay.app._notifications), "the notice"
        )


async def test_a_note_arriving_live_is_told_to_the_facilitator(relay, notes_room):
    """A facilitator in the room reads a new note from the lobby in the transcript at once."""
    name, key = notes_room
    async with joined(relay.url(name), "Fay", key) as fay:
        await leave_note(relay)
        await fay.wait(lambda: fay.shows("Note from the lobby, from Sammie"), "the note's line")


async def test_members_of_a_count_only_room_see_a_count(tmp_path):
    """With attendance "count" a member's People list says how many are here; a facilitator's names them."""
    async with Relay(tmp_path / "relay.sqlite3") as relay:
        key = relay.store.create_room("demo", "Demo meeting")
        relay.store.update_settings("demo", {"attendance": "count"})
        async with joined(relay.url("demo"), "Fay", key) as fay:
            member = Session(relay.url("demo"), "Mo", None, min_backoff=0.05, max_backoff=0.3)
            app = TalkingStickApp(session=member, keymap={})
            async with app.run_test(size=SIZE) as pilot:
                await until(pilot, lambda: app.meeting_screen() is not None, "Mo's meeting screen")
                people = app.meeting_screen().query_one(PeopleList)
                counted = ["2 people here", "1 facilitating"]
                await until(pilot, lambda: people.rows_text == counted, "the count")
                await fay.wait(lambda: any("Mo" in row for row in fay.people), "Mo named at Fay's")


async def test_a_count_only_member_reads_someone_joined_and_the_name_once_they_speak(tmp_path):
    """Mo's transcript says "Someone joined" for Quinby, and Quinby's name only on their message."""
    async with Relay(tmp_path / "relay.sqlite3") as relay:
        key = relay.store.create_room("demo", "Demo meeting")
        relay.store.update_settings("demo", {"attendance": "count"})
        async with joined(relay.url("demo"), "Fay", key):
            member = Session(relay.url("demo"), "Mo", None, min_backoff=0.05, max_backoff=0.3)
            app = TalkingStickApp(session=member, keymap={})
            async with app.run_test(size=SIZE) as pilot:
                await until(pilot, lambda: app.meeting_screen() is not None, "Mo's meeting screen")
                transcript = app.meeting_screen().query_one(Transcript)

                def shows(text: str) -> bool:
                    return any(text in line for line in transcript.visible_text)

                quinby = await WireClient.join(relay.url("demo"), "Quinby")
                await until(pilot, lambda: shows("Someone joined"), "Someone joined")
                assert not shows("Quinby")
                await quinby.answer_to(await quinby.send(CommandKind.SAY, "hello all"))
                await until(pilot, lambda: shows("hello all"), "Quinby's message")
                assert shows("Quinby")
                people = app.meeting_screen().query_one(PeopleList)
                assert people.rows_text == ["3 people here", "1 facilitating"]
                await quinby.close()
