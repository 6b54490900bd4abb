"""The public directory: GET /rooms with each room's entry, next start and whether it is live."""

import asyncio
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest

from protocol import CommandKind
from protocol.state import AgendaItem, RoomState
from server.directory import checked_field, room_entry
from server.room_setup import settings_changes
from tests.wire_client import TIMEOUT, WireClient

DIRECTORY_KEYS = {
    "format",
    "typical_size",
    "style",
    "description",
    "contact",
    "schedule",
    "next_start",
    "live",
}


async def _rooms(relay) -> list[dict]:
    async with httpx.AsyncClient(base_url=relay.http_url, timeout=TIMEOUT) as http:
        answer = await http.get("/rooms")
    assert answer.status_code == 200
    return answer.json()


async def _entry_once(relay, condition) -> dict:
    """Poll /rooms until the one room's entry satisfies ``condition`` (bounded by TIMEOUT)."""
    async with asyncio.timeout(TIMEOUT):
        while True:
            (entry,) = await _rooms(relay)
            if condition(entry):
                return entry
            await asyncio.sleep(0.05)


async def _leave(client: WireClient) -> None:
    await client.send(CommandKind.LEAVE)
    await client.connection.wait_closed()


async def test_room_without_a_directory_entry(relay, room):
    """A room nobody described lists every directory field as null and is not live."""
    (entry,) = await _rooms(relay)
    assert set(entry) >= DIRECTORY_KEYS
    assert all(entry[key] is None for key in DIRECTORY_KEYS - {"live"})
    assert entry["live"] is False and entry["present"] == 0


async def test_directory_fields_and_next_start_are_served(relay, room):
    """Directory settings show at once in /rooms, with the next start in UTC."""
    changes = settings_changes(
        {},
        directory={
            "schedule": "weekly Tue 19:00 America/Chicago",
            "format": "SMART-Recovery-style meeting",
            "typical_size": "5-10",
            "style": "beginners welcome",
            "description": "A small friendly group.",
            "contact": "group@example.org",
        },
    )
    relay.store.update_settings(room[0], changes)
    (entry,) = await _rooms(relay)
    assert entry["schedule"] == "weekly Tue 19:00 America/Chicago"
    assert (entry["format"], entry["typical_size"], entry["style"]) == (
        "SMART-Recovery-style meeting",
        "5-10",
        "beginners welcome",
    )
    assert (entry["description"], entry["contact"]) == ("A small friendly group.", "group@example.org")
    start = datetime.fromisoformat(entry["next_start"])
    now = datetime.now(UTC)
    assert start.utcoffset() == timedelta(0) and now - timedelta(minutes=1) < start <= now + timedelta(days=7)
    local = start.astimezone(ZoneInfo("America/Chicago"))
    assert (local.weekday(), local.hour, local.minute) == (1, 19, 0) and entry["next_start"].endswith("Z")


async def test_room_is_live_while_someone_is_there(relay, room):
    """A room with someone present is live; once they leave it is not."""
    name, key = room
    fac = await WireClient.join(relay.url(name), "Fran", key)
    (entry,) = await _rooms(relay)
    assert entry["live"] is True and entry["present"] == 1
    await _leave(fac)
    entry = await _entry_once(relay, lambda e: e["present"] == 0)
    assert entry["live"] is False


async def test_room_is_live_while_an_agenda_item_is_current(relay, room):
    """A meeting with a current agenda item counts as live even when nobody is connected."""
    name, key = room
    fac = await WireClient.join(relay.url(name), "Fran", key)
    await fac.answer_to(await fac.send(CommandKind.AGENDA_ADD, "Check-in", 10))
    await fac.answer_to(await fac.send(CommandKind.AGENDA_NEXT))
    await _leave(fac)
    entry = await _entry_once(relay, lambda e: e["present"] == 0)
    assert entry["current_item"] == "Check-in" and entry["live"] is True


def test_next_start_counts_a_meeting_in_progress_by_its_agenda():
    """While a meeting is within its agenda's length, the entry's next start is today's start."""
    state = RoomState("grp", "Group", agenda=(AgendaItem(1, "Shares", 60),))
    directory = {"schedule": "weekly Wed 18:00 UTC"}
    during = room_entry("grp", "Group", directory, state, 0, datetime(2026, 5, 6, 18, 30, tzinfo=UTC))
    after = room_entry("grp", "Group", directory, state, 0, datetime(2026, 5, 6, 19, 30, tzinfo=UTC))
    assert during["next_start"] == "2026-05-06T18:00:00Z"
    assert after["next_start"] == "2026-05-13T18:00:00Z"


def test_unreadable_stored_schedule_has_no_next_start():
    """A schedule stored by hand that does not parse is shown, with a null next start."""
    entry = room_entry("grp", "Group", {"schedule": "Tuesdays"}, None, 0, datetime.now(UTC))
    assert entry["schedule"] == "Tuesdays" and entry["next_start"] is None


def test_checked_field_normalises_and_limits():
    """Directory values are trimmed, schedules made canonical, blanks cleared and long text refused."""
    assert checked_field("schedule", " weekly tuesday 7:00 UTC ") == "weekly Tue 07:00 UTC"
    assert checked_field("style", "   ") is None
    assert checked_field("contact", "a\x1b[31mb") == "a\ufffd[31mb"
    with pytest.raises(ValueError, match="at most 200"):
        checked_field("contact", "x" * 201)
