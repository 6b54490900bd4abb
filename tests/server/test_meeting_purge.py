"""Relay: once an ended meeting's retention is over, nothing personal of it is left on disk.

Every test runs a real relay over a real SQLite file and scans the raw bytes of the
database, its WAL and its shared-memory file, which is what someone who copied them
would read.
"""

import asyncio
from pathlib import Path

from protocol import CommandKind, Event, EventKind, Welcome
from server.relay import Relay
from tests.wire_client import TIMEOUT, WireClient

PERSONAL = {
    "names": ["Fransiska Q", "Ottolinde", "Zebulonix", "Marisabelle", "Thaddeusko", "Rumpelinda"],
    "texts": [
        "waiting note of ottolinde xq",
        "decline text for zebulonix zz",
        "message from marisabelle mm",
        "note from marisabelle nn",
    ],
}
"""Distinctive words a meeting leaves behind: none may survive its purge."""


def database_bytes(db: Path) -> bytes:
    """The raw bytes of the database file, its WAL and its shared-memory file."""
    raw = b""
    for suffix in ("", "-wal", "-shm"):
        part = db.with_name(db.name + suffix)
        if part.exists():
            raw += part.read_bytes()
    return raw


async def wait_until(condition, what: str) -> None:
    """Poll ``condition`` until it holds, failing after the shared timeout."""
    try:
        async with asyncio.timeout(TIMEOUT):
            while not condition():
                await asyncio.sleep(0.02)
    except TimeoutError:
        raise AssertionError(f"timed out waiting until {what}") from None


async def _hold_a_meeting(relay: Relay, key: str) -> tuple[WireClient, list[WireClient]]:
    """A meeting touching every kind of personal record; returns the facilitator and members."""
    url = relay.url("grp")
    fac = await WireClient.join(url, "Fransiska Q", key)
    await fac.answer_to(await fac.send(CommandKind.SET_WAITING_ROOM, True))
    otto = await WireClient.join(url, "Ottolinde")
    await otto.answer_to(await otto.send(CommandKind.NOTE, "waiting note of ottolinde xq"))
    await fac.answer_to(await fac.send(CommandKind.ADMIT, otto.pid))
    zeb = await WireClient.join(url, "Zebulonix")
    await fac.answer_to(await fac.send(CommandKind.DECLINE, zeb.pid, "decline text for zebulonix zz"))
    await fac.answer_to(await fac.send(CommandKind.SET_WAITING_ROOM, False))
    mari = await WireClient.join(url, "Marisabelle")
    await mari.answer_to(await mari.send(CommandKind.SAY, "message from marisabelle mm"))
    await mari.answer_to(await mari.send(CommandKind.NOTE, "note from marisabelle nn"))
    await mari.answer_to(await mari.send(CommandKind.SUPPORT, True))
    thad = await WireClient.join(url, "Thaddeusko")
    await fac.answer_to(await fac.send(CommandKind.SILENCE, thad.pid, 5))
    rump = await WireClient.join(url, "Rumpelinda")
    await fac.answer_to(await fac.send(CommandKind.REMOVE, rump.pid))
    await fac.answer_to(await fac.send(CommandKind.AGENDA_ADD, "Agenda item that stays", 10))
    await fac.answer_to(await fac.send(CommandKind.READING_ADD, "Reading that stays", "Its text stays too."))
    for gone in (zeb, rump):
        await gone.close()
    return fac, [otto, mari, thad]


async def _end_and_leave(relay: Relay, fac: WireClient, members: list[WireClient]) -> None:
    """The facilitator ends the meeting, then everyone leaves the room."""
    ended = await fac.answer_to(await fac.send(CommandKind.END_MEETING))
    assert isinstance(ended, Event) and ended.kind is EventKind.MEETING_ENDED
    for person in [*members, fac]:
        await person.send(CommandKind.LEAVE)
    await wait_until(lambda: not relay.room("grp").state.participants, "everyone has left")
    for person in [*members, fac]:
        await person.close()


async def test_no_name_or_text_of_an_ended_meeting_is_left_in_the_database(tmp_path):
    """After the purge no name, message, note, decline text or waiting note is in the file, WAL or shm."""
    db = tmp_path / "relay.sqlite3"
    relay = Relay(db)
    await relay.start()
    try:
        key = relay.create_room("grp", "Group")
        fac, members = await _hold_a_meeting(relay, key)
        await _end_and_leave(relay, fac, members)
    finally:
        await relay.stop()
    raw = database_bytes(db)
    left = [word for words in PERSONAL.values() for word in words if word.encode() in raw]
    assert left == []


async def test_agenda_readings_and_numbering_carry_on_after_the_purge(tmp_path):
    """The room keeps its agenda, readings and sequence numbers across the purge and a restart."""
    db = tmp_path / "relay.sqlite3"
    relay = Relay(db)
    await relay.start()
    try:
        key = relay.create_room("grp", "Group")
        fac, members = await _hold_a_meeting(relay, key)
        await _end_and_leave(relay, fac, members)
        seq_before = relay.room("grp").state.seq
    finally:
        await relay.stop()
    async with Relay(db) as again:
        newcomer = await WireClient.join(again.url("grp"), "Newcomer")
        state = newcomer.state
        assert [item.title for item in state.agenda] == ["Agenda item that stays"]
        assert [reading.title for reading in state.readings] == ["Reading that stays"]
        assert state.seq > seq_before and state.transcript == ()
        assert not again.room("grp").state.removed_names
        await newcomer.close()


async def test_resuming_from_before_the_purge_gets_a_fresh_snapshot(tmp_path):
    """Someone whose link dropped before the end resumes as themselves, with a fresh snapshot."""
    relay = Relay(tmp_path / "relay.sqlite3")
    await relay.start()
    try:
        key = relay.create_room("grp", "Group")
        fac = await WireClient.join(relay.url("grp"), "Fransiska Q", key)
        ann = await WireClient.join(relay.url("grp"), "Annelore")
        await ann.answer_to(await ann.send(CommandKind.SAY, "said before the end"))
        token, seen = ann.welcome.resume_token, ann.state.seq
        await ann.close()
        await fac.answer_to(await fac.send(CommandKind.AGENDA_ADD, "Added while away", 5))
        await fac.answer_to(await fac.send(CommandKind.END_MEETING))
        back = await WireClient.join(relay.url("grp"), "Annelore", token=token, last_seq=seen)
        assert isinstance(back.welcome, Welcome) and back.welcome.snapshot is not None
        assert back.pid == ann.pid and back.state.transcript == ()
        assert [item.title for item in back.state.agenda] == ["Added while away"]
        await back.close()
        await fac.close()
    finally:
        await relay.stop()


async def test_someone_still_present_at_the_purge_is_forgotten_when_they_leave(tmp_path):
    """A name kept in the room's snapshot because they stayed is gone from the file once they leave."""
    db = tmp_path / "relay.sqlite3"
    relay = Relay(db)
    await relay.start()
    try:
        key = relay.create_room("grp", "Group")
        fac = await WireClient.join(relay.url("grp"), "Fransiska Q", key)
        stayer = await WireClient.join(relay.url("grp"), "Lingerwald")
        await fac.answer_to(await fac.send(CommandKind.END_MEETING))
        await fac.send(CommandKind.LEAVE)
        await wait_until(lambda: fac.pid not in relay.room("grp").state.participants, "the facilitator left")
        for _ in range(3):  # the room runs on: no later write may bring back the leaver's name
            await stayer.answer_to(await stayer.send(CommandKind.RAISE))
            await stayer.answer_to(await stayer.send(CommandKind.LOWER, stayer.pid))
        await stayer.send(CommandKind.LEAVE)
        await wait_until(lambda: not relay.room("grp").state.participants, "everyone has left")
        await fac.close()
        await stayer.close()
    finally:
        await relay.stop()
    raw = database_bytes(db)
    assert b"Fransiska Q" not in raw and b"Lingerwald" not in raw
