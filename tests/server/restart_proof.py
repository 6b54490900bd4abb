"""Run every command sample against a real relay, stop it, start it again, and check the rooms.

The relay runs in this process on 127.0.0.1 over a real SQLite file, without rate
limits (what is proved here is what the relay stores, not how fast one may send it).
Every seat drains its socket and decodes each frame as it arrives, so a frame a
client cannot decode fails the run at once. After the stop, every stored event must
decode and encode back to the very bytes stored, and each room rebuilt from the file
must equal the room the relay held when it stopped. After the start, no room may be
unavailable; a newcomer and the facilitator join each room and a member resumes from
seq 0. Every wait is bounded.
"""

import asyncio
import contextlib
import json
import sqlite3
import time
from pathlib import Path

import httpx
from websockets.exceptions import ConnectionClosed

from protocol import Command, CommandKind, ErrorFrame, Event, RoomState
from protocol.codec import decode, encode
from protocol.errors import ProtocolError
from protocol.lobby_notes import note_headers
from protocol.rate_limits import NO_LIMITS
from protocol.rules.table import COMMANDS
from protocol.state import state_to_wire
from server.relay import Relay
from server.settings import RoomSettings
from server.store import Store
from tests.server.limit_samples import (
    FORMAT_NAME,
    RESTORE,
    STANDING,
    Arrive,
    Scene,
    Send,
    Step,
    sample_steps,
)
from tests.server.limit_texts import Texts
from tests.server.lobby_step import LeaveNote
from tests.wire_client import TIMEOUT, WireClient


class Seat:
    """One person's connection: drains and decodes every frame, keeps refusals by request id."""

    def __init__(self, client: WireClient) -> None:
        self.client = client
        self.refusals: dict[int, ErrorFrame] = {}
        self.undecodable: list[str] = []
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        with contextlib.suppress(ConnectionClosed):
            async for data in self.client.connection:
                try:
                    frame = decode(data)
                except ProtocolError as error:
                    self.undecodable.append(f"{error.code}: {error.message}")
                    continue
                if isinstance(frame, ErrorFrame):  # one without a request id: the command did not decode
                    self.refusals[frame.request_id or 0] = frame

    async def close(self) -> None:
        await self.client.close()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(self._reader, TIMEOUT)


def format_file(folder: Path, texts: Texts) -> Path:
    """A meeting format at its limits: the longest name, tricky titles, a long reading."""
    segments = "".join(
        f"[[segment]]\ntitle = {_toml(title)}\nminutes = 1440\nmode = {_toml(mode)}\ncrosstalk = false\n"
        f"share_minutes = 1440\nhard_stop = true\nreading = {_toml(texts.titles[0])}\n\n"
        for title, mode in zip(texts.titles, ("open", "floor", "round", "silent") * 2, strict=False)
    )
    # The room's own reading is the one at the limit; this one stays short so that both fit
    # the room's text budget (protocol.room_budget).
    reading = texts.readings[-1][:1500]
    body = (
        f"[format]\nname = {_toml(FORMAT_NAME)}\ntitle = {_toml(texts.titles[-1])}\n\n"
        f"[[reading]]\ntitle = {_toml(texts.titles[0])}\nguidelines = true\n"
        f"text = {_toml(reading)}\n\n{segments}"
    )
    folder.mkdir(exist_ok=True)
    path = folder / f"{FORMAT_NAME}.toml"
    path.write_text(body, encoding="utf-8")
    return folder


def _toml(text: str) -> str:
    """``text`` as a TOML basic string (JSON's escapes are TOML's; DEL must be escaped too)."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


class Meeting:
    """One room driven through every sample, its people seated by key."""

    def __init__(self, relay: Relay, room: str, key: str, texts: Texts) -> None:
        self.relay = relay
        self.room = room
        self.key = key
        self.texts = texts
        self.seats: dict[str, Seat] = {}
        self.pids: dict[str, int] = {}
        self.names: dict[str, str] = {}
        self.tokens: dict[str, str] = {}
        self.sent: list[CommandKind] = []

    @property
    def state(self) -> RoomState:
        live = self.relay.room(self.room)
        assert live is not None, f"room {self.room} is not open"
        return live.state

    async def run(self) -> None:
        """The standing scene, then every kind's sample in the table's order, restoring after each."""
        await self.steps(STANDING)
        for kind in COMMANDS:
            await self.steps(sample_steps(kind, self.texts))
            await self.steps(RESTORE)
        undecodable = {key: seat.undecodable for key, seat in self.seats.items() if seat.undecodable}
        assert not undecodable, f"frames a client could not decode: {undecodable}"

    async def steps(self, steps: list[Step]) -> None:
        for step in steps:
            if isinstance(step, Arrive):
                await self.arrive(step)
            elif isinstance(step, LeaveNote):
                await self.leave_note(step)
            else:
                await self.send(step)

    async def arrive(self, step: Arrive) -> None:
        name = "Fran" if step.facilitator else self.texts.name(step.key)
        client = await WireClient.join(
            self.relay.url(self.room), name, self.key if step.facilitator else None
        )
        self.seats[step.key] = Seat(client)
        self.pids[step.key] = client.pid
        self.tokens[step.key] = client.welcome.resume_token
        person = self.state.participants.get(client.pid) or self.state.waiting.get(client.pid)
        assert person is not None
        self.names[step.key] = person.name

    async def leave_note(self, step: LeaveNote) -> None:
        before = len(self.state.lobby_notes)
        async with httpx.AsyncClient(base_url=self.relay.http_url, timeout=TIMEOUT) as http:
            answer = await http.get(f"/rooms/{self.room}/notes", headers=note_headers(step.name, step.text))
        assert answer.status_code == 200, answer.text
        assert len(self.state.lobby_notes) == before + 1

    async def send(self, step: Send) -> None:
        if step.only_if is not None and not step.only_if(self.state):
            return
        seat = self.seats[step.who]
        args = step.arguments(Scene(self.pids, self.names, self.state))
        request_id = seat.client.next_request
        seat.client.next_request += 1
        await seat.client.send_raw(encode(Command(request_id, step.kind, args)))
        deadline = time.monotonic() + TIMEOUT
        if step.refused is not None:
            while (refusal := seat.refusals.pop(request_id, None) or seat.refusals.pop(0, None)) is None:
                assert time.monotonic() < deadline, f"{step.who} {step.kind.name}: not refused"
                await asyncio.sleep(0.002)
            assert refusal.code == step.refused, f"{step.who} {step.kind.name}: {refusal}"
            assert self.relay.store.applied_request(self.room, seat.client.pid, request_id) is None
            return
        while self.relay.store.applied_request(self.room, seat.client.pid, request_id) is None:
            refusal = seat.refusals.get(request_id) or seat.refusals.get(0)
            assert refusal is None, f"{step.who} {step.kind.name}: refused {refusal}"
            assert time.monotonic() < deadline, f"{step.who} {step.kind.name}: no answer"
            await asyncio.sleep(0.002)
        self.sent.append(step.kind)

    async def close(self) -> None:
        for seat in self.seats.values():
            await seat.close()


def create_rooms(db: Path, rooms: dict[str, float]) -> dict[str, str]:
    """Create each room with its retention in hours; return their facilitator keys."""
    store = Store(db)
    try:
        keys = {}
        for name, retention_hours in rooms.items():
            keys[name] = store.create_room(name, f"Limits {name}")
            store.update_settings(name, {"retention_hours": retention_hours, "lobby_notes": True})
        return keys
    finally:
        store.close()


def check_stored_events(db: Path) -> int:
    """Every stored event decodes, as an event, and encodes back to the bytes stored; returns how many."""
    with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as reader:
        rows = reader.execute("SELECT room, seq, frame FROM events ORDER BY room, seq").fetchall()
    for room, seq, frame in rows:
        event = decode(frame)
        assert isinstance(event, Event) and event.seq == seq, (room, seq)
        assert encode(event) == frame, f"room {room} event {seq} ({event.kind.name}) is not in its final form"
    return len(rows)


def check_rebuilt_rooms(db: Path, held: dict[str, RoomState]) -> None:
    """Each room rebuilt from the file equals the room the relay held when it stopped."""
    store = Store(db)
    try:
        for name, live in held.items():
            record = store.room(name)
            assert record is not None
            rebuilt = RoomSettings.from_store(store.settings(name)).onto(store.load_state(record))
            assert state_to_wire(rebuilt) == state_to_wire(live), f"room {name} rebuilt differently"
    finally:
        store.close()


async def check_after_restart(
    relay: Relay, meetings: dict[str, Meeting], keys: dict[str, str], texts: Texts
) -> None:
    """No room unavailable; a newcomer and the facilitator join each; a member resumes from seq 0."""
    for name, key in keys.items():
        assert relay.rooms.unavailable(name) is None, f"room {name}: {relay.rooms.unavailable(name)}"
        room = relay.room(name)
        assert room is not None
        newcomer = await WireClient.join(relay.url(name), texts.name("newcomer"))
        fran = await WireClient.join(relay.url(name), "Fran", key)
        assert newcomer.welcome.snapshot is not None and fran.welcome.snapshot is not None
        meeting = meetings.get(name)
        if meeting is not None:
            blank = RoomState(name=name, title=f"Limits {name}")
            back = await WireClient.join(
                relay.url(name), texts.name("ann"), token=meeting.tokens["ann"], last_seq=0, state=blank
            )
            assert back.pid == meeting.pids["ann"]
            now = room.state  # the last event is the member's own return, which they see
            await back.until_state(lambda state, last=now.seq: state.seq >= last)
            assert back.state.readings == now.readings and back.state.agenda == now.agenda
            await back.close()
        for client in (newcomer, fran):
            await client.close()


async def prove(tmp_path: Path, texts: Texts) -> tuple[int, list[CommandKind]]:
    """The whole proof for one set of texts; returns the events stored and the kinds sent."""
    db = tmp_path / "relay.sqlite3"
    keys = create_rooms(db, {"kept": 24.0, "purged": 0.0, "quiet": 0.0})
    formats = format_file(tmp_path / "formats", texts)
    relay = Relay(db, formats_dir=formats, rate_limits=NO_LIMITS)
    await relay.start()
    meetings = {name: Meeting(relay, name, keys[name], texts) for name in ("kept", "purged")}
    try:
        for meeting in meetings.values():
            await meeting.run()
    finally:
        for meeting in meetings.values():
            await meeting.close()
        await relay.stop()
    held = {room.name: room.state for room in relay.rooms.open_rooms()}  # as it stopped: everyone dropped
    stored = check_stored_events(db)
    check_rebuilt_rooms(db, held)
    async with Relay(db, formats_dir=formats, rate_limits=NO_LIMITS) as again:
        await check_after_restart(again, meetings, keys, texts)
    sent = [kind for meeting in meetings.values() for kind in meeting.sent]
    return stored, sent
