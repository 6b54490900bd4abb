"""Relay: one room whose stored events no longer rebuild stays closed; the relay serves the rest."""

import asyncio
import logging
import os
import re
import signal
import sqlite3
import subprocess
import sys

import httpx
import msgpack
from websockets.asyncio.client import connect

import server.store
from protocol import PROTOCOL_VERSION, CommandKind, ErrorFrame, Event, EventKind, Hello
from protocol.close_codes import FINAL_CLOSES, CloseCode
from protocol.codec import decode, encode
from protocol.limits import MAX_READING_CHARS
from server.relay import Relay
from tests.wire_client import TIMEOUT, WireClient

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(__file__)))


async def _two_rooms(db) -> dict[str, str]:
    """Rooms "good" and "bad", each with a reading; returns their facilitator keys."""
    keys = {}
    async with Relay(db) as relay:
        for name in ("good", "bad"):
            keys[name] = relay.create_room(name, name.title())
            fac = await WireClient.join(relay.url(name), "Fran", keys[name])
            await fac.answer_to(await fac.send(CommandKind.READING_ADD, "Preamble", "We meet to listen."))
            await fac.close()
    return keys


def _overlong_reading(db, room: str) -> None:
    """Store the room's reading longer than replay accepts, as an older relay could have."""
    with sqlite3.connect(db) as writer:
        seq, frame = writer.execute(
            "SELECT seq, frame FROM events WHERE room = ? AND kind = ?", (room, int(EventKind.READING_ADDED))
        ).fetchone()
        wire = msgpack.unpackb(frame)
        wire[6][2] = "x" * (MAX_READING_CHARS + 10)
        writer.execute(
            "UPDATE events SET frame = ? WHERE room = ? AND seq = ?", (msgpack.packb(wire), room, seq)
        )


async def _knock(url: str) -> tuple[object, int | None]:
    """Say hello to ``url``; return the first frame and the close code that followed."""
    async with connect(url, open_timeout=TIMEOUT) as connection:
        await connection.send(encode(Hello(PROTOCOL_VERSION, "Ann", None, None, None)))
        frame = decode(await asyncio.wait_for(connection.recv(), TIMEOUT))
        await asyncio.wait_for(connection.wait_closed(), TIMEOUT)
        return frame, connection.close_code


async def test_a_room_that_does_not_rebuild_refuses_joiners_and_the_others_work(tmp_path, caplog):
    """After a restart the bad room answers with an error frame and 4010; the good room serves."""
    db = tmp_path / "relay.sqlite3"
    await _two_rooms(db)
    _overlong_reading(db, "bad")
    caplog.set_level(logging.ERROR, logger="server.relay")
    async with Relay(db) as relay:
        frame, close_code = await _knock(relay.url("bad"))
        assert isinstance(frame, ErrorFrame) and frame.code == "room_unavailable"
        assert close_code == CloseCode.ROOM_UNAVAILABLE and CloseCode.ROOM_UNAVAILABLE in FINAL_CLOSES
        ann = await WireClient.join(relay.url("good"), "Ann")
        said = await ann.answer_to(await ann.send(CommandKind.SAY, "still here"))
        assert isinstance(said, Event) and [r.title for r in ann.state.readings] == ["Preamble"]
        await ann.close()
        async with httpx.AsyncClient(base_url=relay.http_url, timeout=TIMEOUT) as http:
            listed = (await http.get("/rooms")).json()
        assert sorted(entry["name"] for entry in listed) == ["bad", "good"]
    assert any("bad" in record.getMessage() for record in caplog.records)


async def test_a_room_whose_snapshot_does_not_read_stays_closed(tmp_path):
    """A damaged snapshot closes only its room: joiners hear it is unavailable."""
    db = tmp_path / "relay.sqlite3"
    await _two_rooms(db)
    with sqlite3.connect(db) as writer:
        writer.execute("INSERT OR REPLACE INTO snapshots (room, seq, state) VALUES ('bad', 1, x'93c0c0c0')")
    async with Relay(db) as relay:
        frame, close_code = await _knock(relay.url("bad"))
        assert isinstance(frame, ErrorFrame) and close_code == CloseCode.ROOM_UNAVAILABLE
        ann = await WireClient.join(relay.url("good"), "Ann")
        await ann.close()


async def test_a_room_whose_settings_do_not_read_stays_closed(tmp_path):
    """Settings the relay cannot take up close only their room."""
    db = tmp_path / "relay.sqlite3"
    await _two_rooms(db)
    with sqlite3.connect(db) as writer:
        writer.execute("""UPDATE rooms SET settings = '{"retention_hours": "soon"}' WHERE name = 'bad'""")
    async with Relay(db) as relay:
        frame, close_code = await _knock(relay.url("bad"))
        assert isinstance(frame, ErrorFrame) and close_code == CloseCode.ROOM_UNAVAILABLE
        ann = await WireClient.join(relay.url("good"), "Ann")
        await ann.close()


async def test_resuming_past_an_old_unreadable_event_gets_a_snapshot(tmp_path, monkeypatch):
    """An unreadable event before the room's snapshot sends a resuming client a snapshot, not 1011."""
    monkeypatch.setattr(server.store, "SNAPSHOT_EVERY", 3)
    db = tmp_path / "relay.sqlite3"
    async with Relay(db) as relay:
        key = relay.create_room("grp", "Group")
        fac = await WireClient.join(relay.url("grp"), "Fran", key)
        ann = await WireClient.join(relay.url("grp"), "Ann")
        token, seen = ann.welcome.resume_token, ann.state.seq
        await fac.answer_to(await fac.send(CommandKind.READING_ADD, "Preamble", "We meet to listen."))
        for number in range(4):
            await fac.answer_to(await fac.send(CommandKind.SAY, f"line {number}"))
        for client in (fac, ann):
            await client.close()
    _overlong_reading(db, "grp")
    async with Relay(db) as relay:
        back = await WireClient.join(relay.url("grp"), "Ann", token=token, last_seq=seen)
        assert back.pid == ann.pid and back.welcome.snapshot is not None
        await back.close()


async def test_serve_starts_with_an_unavailable_room_and_exits_0_on_sigterm(tmp_path):
    """``talkingstick-relay serve`` starts despite the bad room and ends cleanly on SIGTERM."""
    db = tmp_path / "relay.sqlite3"
    await _two_rooms(db)
    _overlong_reading(db, "bad")
    process = subprocess.Popen(
        [sys.executable, "-m", "server.cli", "serve", "--db", str(db), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        line = await asyncio.wait_for(asyncio.to_thread(process.stdout.readline), TIMEOUT)
        match = re.search(r":(\d+)/ROOM", line)
        assert match, f"relay did not start: {line!r}"
        ann = await WireClient.join(f"ws://127.0.0.1:{match.group(1)}/good", "Ann")
        await ann.close()
        process.send_signal(signal.SIGTERM)
        _, errors = await asyncio.to_thread(process.communicate, timeout=TIMEOUT)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0
    assert "room bad" in errors
