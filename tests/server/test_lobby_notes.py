"""Relay: notes from the lobby over HTTP, delivered to the facilitators only, deleted, and purged."""

import httpx
import pytest_asyncio

from protocol import CommandKind, ErrorFrame, Event, EventKind
from protocol.limits import LOBBY_NOTES_PER_ADDRESS, MAX_LOBBY_NOTE_CHARS, MAX_LOBBY_NOTE_REQUEST_BYTES
from protocol.lobby_notes import note_headers
from server.cli import main
from server.relay import Relay
from tests.server.test_meeting_purge import database_bytes, wait_until
from tests.wire_client import TIMEOUT, WireClient

NOTE = "first time, a bit nervous zq; may I just listen?"


@pytest_asyncio.fixture
async def notes_relay(tmp_path):
    """A relay whose room "demo" takes notes from the lobby: (relay, facilitator key)."""
    running = Relay(tmp_path / "relay.sqlite3", "127.0.0.1", 0, grace_seconds=120.0)
    await running.start()
    key = running.store.create_room("demo", "Demo meeting")
    running.store.update_settings("demo", {"lobby_notes": True})
    try:
        yield running, key
    finally:
        await running.stop()


async def leave_note(
    relay: Relay, text: str = NOTE, name: str = "Sammie", room: str = "demo"
) -> httpx.Response:
    """Leave a note from the lobby, as the client does."""
    async with httpx.AsyncClient(base_url=relay.http_url, timeout=TIMEOUT) as http:
        return await http.get(f"/rooms/{room}/notes", headers=note_headers(name, text))


async def test_a_note_reaches_a_facilitator_present_and_not_a_member(notes_relay):
    """A facilitator in the room gets the note at once; a member never receives it."""
    relay, key = notes_relay
    fac = await WireClient.join(relay.url("demo"), "Fran", key)
    member = await WireClient.join(relay.url("demo"), "Mo")
    answer = await leave_note(relay)
    assert answer.status_code == 200
    assert answer.json()["delivered"] is True and "delivered to the facilitators" in answer.json()["message"]
    noted = await fac.until(lambda f: isinstance(f, Event) and f.kind is EventKind.LOBBY_NOTED)
    assert noted.fields[1:] == ("Sammie", NOTE)
    await member.answer_to(await member.send(CommandKind.RAISE))
    assert not any(isinstance(f, Event) and f.kind is EventKind.LOBBY_NOTED for f in member.received)
    assert member.state.lobby_notes == ()
    await fac.close()
    await member.close()


async def test_a_note_in_the_address_is_refused_so_its_words_stay_out_of_access_logs(notes_relay):
    """A note whose words ride in the query string (a proxy would log them) is refused, not kept."""
    relay, _ = notes_relay
    async with httpx.AsyncClient(base_url=relay.http_url, timeout=TIMEOUT) as http:
        answer = await http.get("/rooms/demo/notes", params={"name": "Sammie", "text": NOTE})
    assert answer.status_code == 400 and answer.json()["code"] == "note_in_address"
    assert relay.room("demo").state.lobby_notes == ()


async def test_a_facilitator_who_joins_later_finds_the_note(notes_relay):
    """The note waits in the room: a facilitator's snapshot carries it, a member's does not."""
    relay, key = notes_relay
    assert (await leave_note(relay)).status_code == 200
    member = await WireClient.join(relay.url("demo"), "Mo")
    fac = await WireClient.join(relay.url("demo"), "Fran", key)
    assert [(n.name, n.text) for n in fac.state.lobby_notes] == [("Sammie", NOTE)]
    assert member.state.lobby_notes == ()
    await fac.close()
    await member.close()


async def test_notes_from_one_address_are_paced(notes_relay):
    """Past the notes an address may send in an hour, the answer is 429 with Retry-After."""
    relay, _ = notes_relay
    for number in range(LOBBY_NOTES_PER_ADDRESS):
        assert (await leave_note(relay, f"note {number}")).status_code == 200
    answer = await leave_note(relay, "one too many")
    assert answer.status_code == 429 and int(answer.headers["Retry-After"]) > 3000
    assert answer.json()["delivered"] is False
    assert len(relay.room("demo").state.lobby_notes) == LOBBY_NOTES_PER_ADDRESS


async def test_a_note_too_long_is_refused(notes_relay):
    """A text past the limit is 400 bad_note; a request target past its cap is 400 too_large."""
    relay, _ = notes_relay
    answer = await leave_note(relay, "x" * (MAX_LOBBY_NOTE_CHARS + 1))
    assert answer.status_code == 400 and answer.json()["code"] == "bad_note"
    huge = await leave_note(relay, "\U0001f600" * (MAX_LOBBY_NOTE_REQUEST_BYTES // 12 + 10))
    assert huge.status_code == 400 and huge.json()["code"] == "too_large"
    assert relay.room("demo").state.lobby_notes == ()


async def test_a_room_that_does_not_take_notes_refuses_them(relay, room):
    """Without the room's setting the note is refused (409 notes_closed); an unknown room is 404."""
    answer = await leave_note(relay, room=room[0])
    assert answer.status_code == 409 and answer.json()["code"] == "notes_closed"
    assert (await leave_note(relay, room="nowhere")).status_code == 404


async def test_a_facilitator_deletes_a_note(notes_relay):
    """LOBBY_NOTE_DELETE takes the note out of the inbox; a second delete is refused."""
    relay, key = notes_relay
    await leave_note(relay)
    fac = await WireClient.join(relay.url("demo"), "Fran", key)
    note_id = fac.state.lobby_notes[0].note_id
    deleted = await fac.answer_to(await fac.send(CommandKind.LOBBY_NOTE_DELETE, note_id))
    assert isinstance(deleted, Event) and deleted.kind is EventKind.LOBBY_NOTE_DELETED
    assert fac.state.lobby_notes == () and relay.room("demo").state.lobby_notes == ()
    again = await fac.answer_to(await fac.send(CommandKind.LOBBY_NOTE_DELETE, note_id))
    assert isinstance(again, ErrorFrame) and again.code == "no_such_note"
    await fac.close()


async def test_a_member_may_not_delete_a_note(notes_relay):
    """A member's LOBBY_NOTE_DELETE is refused and the note stays."""
    relay, _ = notes_relay
    await leave_note(relay)
    member = await WireClient.join(relay.url("demo"), "Mo")
    note_id = relay.room("demo").state.lobby_notes[0].note_id
    refused = await member.answer_to(await member.send(CommandKind.LOBBY_NOTE_DELETE, note_id))
    assert isinstance(refused, ErrorFrame) and refused.code == "not_facilitator"
    assert len(relay.room("demo").state.lobby_notes) == 1
    await member.close()


async def test_no_note_is_left_in_the_database_after_the_next_meeting(tmp_path):
    """Notes from before a meeting, read or deleted, leave no name or word on disk once it ends."""
    db = tmp_path / "relay.sqlite3"
    async with Relay(db) as relay:
        key = relay.store.create_room("demo", "Demo meeting")
        relay.store.update_settings("demo", {"lobby_notes": True})
        await leave_note(relay, "kept note of zorbalinde", "Zorbalinde")
        await leave_note(relay, "deleted note of quexitha", "Quexitha")
        fac = await WireClient.join(relay.url("demo"), "Fran", key)
        deleted = fac.state.lobby_notes[1].note_id
        await fac.answer_to(await fac.send(CommandKind.LOBBY_NOTE_DELETE, deleted))
        await fac.answer_to(await fac.send(CommandKind.AGENDA_ADD, "Check-in", 10))
        await fac.answer_to(await fac.send(CommandKind.AGENDA_NEXT))
        await fac.answer_to(await fac.send(CommandKind.END_MEETING))
        await wait_until(lambda: relay.room("demo").state.lobby_notes == (), "the inbox is empty")
        await fac.send(CommandKind.LEAVE)
        await wait_until(lambda: not relay.room("demo").state.participants, "everyone has left")
        await fac.close()
    raw = database_bytes(db)
    left = [word for word in ("zorbalinde", "Zorbalinde", "quexitha", "Quexitha") if word.encode() in raw]
    assert left == []


async def test_the_directory_says_which_rooms_take_notes(notes_relay):
    """/rooms carries accepts_notes for each room."""
    relay, _ = notes_relay
    relay.create_room("closed", "Closed room")
    async with httpx.AsyncClient(base_url=relay.http_url, timeout=TIMEOUT) as http:
        entries = {entry["name"]: entry for entry in (await http.get("/rooms")).json()}
    assert entries["demo"]["accepts_notes"] is True and entries["closed"]["accepts_notes"] is False


async def test_room_set_opens_the_room_to_notes_and_counts_at_the_next_start(tmp_path, capsys):
    """room set --lobby-notes on --attendance count reaches the room's state when the relay starts."""
    db = tmp_path / "relay.sqlite3"
    assert main(["room", "create", "grp", "--title", "Group", "--db", str(db)]) == 0
    assert main(["room", "set", "grp", "--lobby-notes", "on", "--attendance", "count", "--db", str(db)]) == 0
    assert "lobby_notes" in capsys.readouterr().out
    async with Relay(db) as relay:
        state = relay.room("grp").state
        assert state.accepts_lobby_notes and state.count_only
