"""Line mode: the notes from the lobby for a facilitator, and a count-only room's head count."""

import httpx

from protocol.lobby_notes import note_headers
from server.relay import Relay
from tests.line.helpers import LineClient
from tests.wire_client import TIMEOUT


async def _leave_note(relay: Relay, text: str, name: str = "Sammie") -> None:
    async with httpx.AsyncClient(base_url=relay.http_url, timeout=TIMEOUT) as http:
        answer = await http.get("/rooms/demo/notes", headers=note_headers(name, text))
    assert answer.status_code == 200


def _room(relay: Relay, settings: dict[str, object]) -> str:
    key = relay.store.create_room("demo", "Demo meeting")
    relay.store.update_settings("demo", settings)
    return key


async def test_a_facilitator_reads_the_notes_on_joining(tmp_path):
    """The notes from the lobby are listed, numbered, as a facilitator comes in."""
    async with Relay(tmp_path / "relay.sqlite3") as relay:
        key = _room(relay, {"lobby_notes": True})
        await _leave_note(relay, "first time \x1b[31m here")
        fran = await LineClient(relay.url("demo"), "Fran", key).start()
        line = fran.out[await fran.wait_for("Sammie: first time")]
        assert line.strip().startswith("1. ") and "\x1b" not in line
        assert any("1 note from the lobby" in printed for printed in fran.out)
        assert await fran.end() == 0


async def test_lobby_delete_takes_a_note_out(tmp_path):
    """/lobby lists the notes; /lobby delete 1 deletes the first, and /lobby then says there are none."""
    async with Relay(tmp_path / "relay.sqlite3") as relay:
        key = _room(relay, {"lobby_notes": True})
        await _leave_note(relay, "may I just listen?")
        fran = await LineClient(relay.url("demo"), "Fran", key).start()
        await fran.ask("/lobby", "Sammie: may I just listen?")
        await fran.ask(
            "/lobby delete 1", '? Delete the note from Sammie ("may I just listen?") from the lobby?'
        )
        await fran.ask("n", "Not deleted.")
        assert len(relay.room("demo").state.lobby_notes) == 1
        await fran.ask("/lobby delete 1", "Nobody can read it again. (y/n)")
        await fran.ask("y", "deleted a note from the lobby")
        await fran.ask("/lobby", "No notes from the lobby.")
        assert relay.room("demo").state.lobby_notes == ()
        assert await fran.end() == 0


async def test_a_live_note_is_printed_in_full(tmp_path):
    """A facilitator in the room reads a new note from the lobby, words and all, at once."""
    async with Relay(tmp_path / "relay.sqlite3") as relay:
        key = _room(relay, {"lobby_notes": True})
        fran = await LineClient(relay.url("demo"), "Fran", key).start()
        await _leave_note(relay, "running late, may I join at half past?")
        await fran.wait_for("Note from the lobby, from Sammie: running late, may I join at half past?")
        assert await fran.end() == 0


async def test_a_member_reads_no_notes(tmp_path):
    """A member's /lobby says that only the facilitators read them."""
    async with Relay(tmp_path / "relay.sqlite3") as relay:
        _room(relay, {"lobby_notes": True})
        await _leave_note(relay, "secret-ish words")
        mo = await LineClient(relay.url("demo"), "Mo").start()
        await mo.ask("/lobby", "Only the facilitators read")
        assert not any("secret-ish" in line for line in mo.out)
        assert await mo.end() == 0


async def test_who_in_a_count_only_room(tmp_path):
    """In a count-only room a member's /who says how many are here; the facilitator's names them."""
    async with Relay(tmp_path / "relay.sqlite3") as relay:
        key = _room(relay, {"attendance": "count"})
        fran = await LineClient(relay.url("demo"), "Fran", key).start()
        mo = await LineClient(relay.url("demo"), "Mo").start()
        await mo.ask("/who", "2 people here, 1 facilitating")
        await fran.wait_for("Mo joined")
        await fran.ask("/who", "  Mo")
        assert await mo.end() == 0
        assert await fran.end() == 0


async def test_a_count_only_member_reads_someone_joined_until_they_speak(tmp_path):
    """Mo reads "Someone joined" for Quinby, who stays nameless until their first message."""
    async with Relay(tmp_path / "relay.sqlite3") as relay:
        key = _room(relay, {"attendance": "count"})
        fran = await LineClient(relay.url("demo"), "Fran", key).start()
        mo = await LineClient(relay.url("demo"), "Mo").start()
        quinby = await LineClient(relay.url("demo"), "Quinby").start()
        joined = await mo.wait_for("Someone joined")
        await fran.wait_for("Quinby joined")
        quinby.type("hello everyone")
        await mo.wait_for("Quinby: hello everyone", after=joined)
        assert not any("Quinby" in line for line in mo.out[: joined + 1])
        for client in (quinby, mo, fran):
            assert await client.end() == 0


async def test_the_question_shows_a_name_and_words_as_text(tmp_path):
    """Markup in the name and an escape in the words are printed as text, never acted on."""
    async with Relay(tmp_path / "relay.sqlite3") as relay:
        key = _room(relay, {"lobby_notes": True})
        await _leave_note(relay, "late \x1b[31m tonight", name="Jo [b]x[/b]")
        fran = await LineClient(relay.url("demo"), "Fran", key).start()
        await fran.wait_for("Jo [b]x[/b]: late")
        asked = await fran.ask("/lobby delete 1", "(y/n)")
        assert (
            asked[-1] == '? Delete the note from Jo [b]x[/b] ("late \ufffd[31m tonight") from the lobby? '
            "Nobody can read it again. (y/n)"
        )
        await fran.ask("no", "Not deleted.")
        assert await fran.end() == 0
