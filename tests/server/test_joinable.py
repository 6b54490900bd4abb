"""Relay: a room can always be joined. Its text stays within a snapshot's budget, and a
join whose welcome cannot be sent leaves nobody behind holding a place."""

import asyncio
from dataclasses import replace

import pytest
import pytest_asyncio
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from protocol import PROTOCOL_VERSION, CommandKind, ErrorFrame, Event, EventKind, Hello, decode, encode
from protocol.limits import MAX_NAME_CHARS, MAX_READING_CHARS
from protocol.state import Reading
from server.door_limits import DoorLimits
from server.relay import Relay
from tests.wire_client import TIMEOUT, WireClient


@pytest_asyncio.fixture
async def relay(tmp_path):
    """A relay that lets a crowd arrive from the one loopback address (these tests are about
    what a crowded room holds, not about the limits on strangers at the door)."""
    door = DoorLimits(connections_per_address=100_000, joins_per_address=100_000)
    running = Relay(tmp_path / "relay.sqlite3", "127.0.0.1", 0, door=door)
    await running.start()
    try:
        yield running
    finally:
        await running.stop()

CJK = "\u8bfb"
CYRILLIC = "\u0436"
ASTRAL_CJK = "\U00020000"
"""A CJK character outside the basic plane: 4 bytes in UTF-8, the most a name's character takes."""
ARRIVALS = 192
"""Enough arrivals with long astral names that, with the readings, a snapshot once outgrew a frame."""


async def refusal_of(url: str, name: str) -> tuple[ErrorFrame, int]:
    """Say hello as ``name`` and return the error frame and close code that answer it."""
    async with connect(url, open_timeout=TIMEOUT) as connection:
        await connection.send(encode(Hello(PROTOCOL_VERSION, name)))
        error = decode(await asyncio.wait_for(connection.recv(), TIMEOUT))
        with pytest.raises(ConnectionClosed) as closed:
            await asyncio.wait_for(connection.recv(), TIMEOUT)
    assert isinstance(error, ErrorFrame) and closed.value.rcvd is not None
    return error, closed.value.rcvd.code


async def test_long_cjk_readings_are_refused_and_the_room_stays_joinable(relay, room):
    """Long CJK readings past the room's budget are refused; a newcomer and a fresh facilitator still join."""
    name, key = room
    fac = await WireClient.join(relay.url(name), "Fran", key)
    answers = []
    for number in range(3):
        answers.append(
            await fac.answer_to(
                await fac.send(CommandKind.READING_ADD, f"Reading {number}", CJK * 6000, False)
            )
        )
    assert isinstance(answers[0], Event)
    refused = answers[-1]
    assert isinstance(refused, ErrorFrame) and refused.code == "readings_full"
    assert refused.message == "The room's readings are full: remove one first."
    newcomer = await WireClient.join(relay.url(name), "Nia")
    again = await WireClient.join(relay.url(name), "Fay", key)
    assert newcomer.state.readings and again.state.participants[newcomer.pid].name == "Nia"
    for client in (fac, newcomer, again):
        await client.close()


async def test_crowded_room_with_cyrillic_readings_welcomes_newcomers(relay, room):
    """Long Cyrillic readings and 192 arrivals with 32-character names still let newcomers in."""
    name, key = room
    fac = await WireClient.join(relay.url(name), "Fran", key)
    for number in range(3):
        await fac.answer_to(
            await fac.send(CommandKind.READING_ADD, f"Reading {number}", CYRILLIC * 7000, False)
        )
    arrivals = []
    for batch in range(0, ARRIVALS, 64):
        arrivals += await asyncio.gather(
            *(
                WireClient.join(relay.url(name), f"{ASTRAL_CJK * (MAX_NAME_CHARS - 4)}{n:04d}")
                for n in range(batch, min(batch + 64, ARRIVALS))
            )
        )
    newcomer = await WireClient.join(relay.url(name), "Nia")
    again = await WireClient.join(relay.url(name), "Fay", key)
    assert len(again.state.participants) == ARRIVALS + 3
    await asyncio.gather(*(client.close() for client in (fac, newcomer, again, *arrivals)))


def overgrow(relay, name: str, guidelines: bool) -> None:
    """Give the room more reading text than any frame holds, as a room stored long ago might have."""
    live = relay.room(name)
    readings = tuple(Reading(100 + n, f"Old {n}", CJK * MAX_READING_CHARS, guidelines) for n in range(3))
    live.state = replace(live.state, readings=readings)


async def test_failed_welcome_leaves_nobody_behind(relay, room):
    """A newcomer whose welcome cannot be built is refused and their place is freed at once."""
    name, key = room
    fac = await WireClient.join(relay.url(name), "Fran", key)
    overgrow(relay, name, guidelines=False)
    error, code = await refusal_of(relay.url(name), "Nia")
    assert error.code == "welcome_failed" and code == 1011
    await fac.until(lambda f: isinstance(f, Event) and f.kind is EventKind.LEFT)
    assert [p.name for p in relay.room(name).state.participants.values()] == ["Fran"]
    await fac.close()


async def test_failed_admission_welcome_keeps_the_facilitator_connected(relay, room):
    """A failed welcome on admission frees that place and keeps the admitting facilitator connected."""
    name, key = room
    fac = await WireClient.join(relay.url(name), "Fran", key)
    await fac.answer_to(await fac.send(CommandKind.SET_WAITING_ROOM, True))
    waiter = await WireClient.join(relay.url(name), "Wes")
    overgrow(relay, name, guidelines=False)
    await fac.until_state(lambda s: waiter.pid in s.waiting)
    await fac.send(CommandKind.ADMIT, waiter.pid)
    await fac.until(lambda f: isinstance(f, Event) and f.kind is EventKind.LEFT)
    said = await fac.answer_to(await fac.send(CommandKind.SAY, "still here"))
    assert isinstance(said, Event)
    assert list(relay.room(name).state.participants) == [fac.pid]
    await fac.close()
    await waiter.close()


async def test_link_closed_before_the_welcome_frees_the_place(relay, room, caplog):
    """A newcomer whose link closes straight after the hello leaves at once, not after the grace period."""
    name, key = room
    fac = await WireClient.join(relay.url(name), "Fran", key)
    async with connect(relay.url(name), open_timeout=TIMEOUT) as connection:
        await connection.send(encode(Hello(PROTOCOL_VERSION, "Gone")))
    left = await fac.until(lambda f: isinstance(f, Event) and f.kind is EventKind.LEFT)
    assert isinstance(left, Event)
    assert [p.name for p in relay.room(name).state.participants.values()] == ["Fran"]
    assert not [r for r in caplog.records if r.exc_info], "a connection handler failed"
    await fac.close()
