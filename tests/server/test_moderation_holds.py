"""Relay: moderation holds. A silence or removal follows the person back in (by name and
by device), a silenced hand stays down, and only the facilitator changes a co-facilitator's role."""

import asyncio
import sqlite3

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from protocol import PROTOCOL_VERSION, CommandKind, ErrorFrame, Event, EventKind, Hello, Role, decode, encode
from protocol.close_codes import CloseCode
from tests.wire_client import TIMEOUT, WireClient

DEVICE = "d3v1ce-k3y_" + "x" * 21
"""A device key as a client makes one: 32 url-safe characters."""


async def silenced(relay, name: str, key: str, who: str, device: str | None = None):
    """A facilitator and a member ``who`` (with ``device``) silenced for five minutes."""
    fac = await WireClient.join(relay.url(name), "Fran", key)
    member = await WireClient.join(relay.url(name), who, device_key=device)
    await fac.answer_to(await fac.send(CommandKind.SILENCE, member.pid, 5))
    await member.until_state(lambda s: member.pid in s.silenced)
    return fac, member


async def leave(client: WireClient) -> None:
    """Leave the meeting for good and close the link."""
    await client.send(CommandKind.LEAVE)
    with pytest.raises(ConnectionClosed):
        await client.until(lambda frame: False)


async def test_silence_follows_a_rejoin_under_the_same_name(relay, room):
    """A silenced member who leaves and rejoins under the same name is still silenced."""
    name, key = room
    fac, ann = await silenced(relay, name, key, "Ann")
    await leave(ann)
    back = await WireClient.join(relay.url(name), "Ann")
    assert back.pid != ann.pid
    refused = await back.answer_to(await back.send(CommandKind.SAY, "I'm back"))
    assert isinstance(refused, ErrorFrame) and refused.code == "silenced"
    await fac.close()
    await back.close()


async def test_silence_follows_the_device_under_a_new_name(relay, room):
    """A silenced member who rejoins from the same device under another name is still silenced."""
    name, key = room
    fac, ann = await silenced(relay, name, key, "Ann", DEVICE)
    await leave(ann)
    back = await WireClient.join(relay.url(name), "Totally New", device_key=DEVICE)
    refused = await back.answer_to(await back.send(CommandKind.SAY, "hello"))
    assert isinstance(refused, ErrorFrame) and refused.code == "silenced"
    await fac.close()
    await back.close()


async def test_removal_bars_the_device_under_a_new_name(relay, room):
    """Someone removed cannot come back from the same device under another name until allowed back."""
    name, key = room
    fac = await WireClient.join(relay.url(name), "Fran", key)
    ann = await WireClient.join(relay.url(name), "Ann", device_key=DEVICE)
    await fac.answer_to(await fac.send(CommandKind.REMOVE, ann.pid))
    async with connect(relay.url(name), open_timeout=TIMEOUT) as connection:
        await connection.send(encode(Hello(PROTOCOL_VERSION, "Someone Else", None, None, None, DEVICE)))
        error = decode(await asyncio.wait_for(connection.recv(), TIMEOUT))
        with pytest.raises(ConnectionClosed) as closed:
            await asyncio.wait_for(connection.recv(), TIMEOUT)
    assert isinstance(error, ErrorFrame) and error.code == "removed"
    assert closed.value.rcvd is not None and closed.value.rcvd.code == CloseCode.REMOVED
    await fac.answer_to(await fac.send(CommandKind.ALLOW, "Ann"))
    back = await WireClient.join(relay.url(name), "Someone Else", device_key=DEVICE)
    await fac.close()
    await back.close()


async def test_silenced_hand_stays_down_and_unseen(relay, room):
    """A silenced member's hand raises are refused, and nobody else sees a line for them."""
    name, key = room
    fac, ann = await silenced(relay, name, key, "Ann")
    ben = await WireClient.join(relay.url(name), "Ben")
    for _ in range(4):  # within the hand allowance, so the rule answers, not the rate limit
        refused = await ann.answer_to(await ann.send(CommandKind.RAISE))
        assert isinstance(refused, ErrorFrame) and refused.code == "silenced"
    said = await ben.answer_to(await ben.send(CommandKind.SAY, "my turn"))
    assert isinstance(said, Event)
    assert not any(isinstance(f, Event) and f.kind is EventKind.HAND_RAISED for f in ben.received)
    for client in (fac, ann, ben):
        await client.close()


async def test_cofacilitator_cannot_demote_another_then_remove_them(relay, room):
    """A co-facilitator may not demote another co-facilitator, so cannot remove them either."""
    name, key = room
    fac = await WireClient.join(relay.url(name), "Fran", key)
    cora = await WireClient.join(relay.url(name), "Cora")
    cole = await WireClient.join(relay.url(name), "Cole")
    for pid in (cora.pid, cole.pid):
        await fac.answer_to(await fac.send(CommandKind.SET_ROLE, pid, Role.COFACILITATOR))
    await cora.until_state(
        lambda s: (
            cole.pid in s.participants
            and s.participants[cole.pid].role is Role.COFACILITATOR
            and s.participants[cora.pid].role is Role.COFACILITATOR
        )
    )
    demoted = await cora.answer_to(await cora.send(CommandKind.SET_ROLE, cole.pid, Role.MEMBER))
    assert isinstance(demoted, ErrorFrame) and demoted.code == "facilitator_only"
    removed = await cora.answer_to(await cora.send(CommandKind.REMOVE, cole.pid))
    assert isinstance(removed, ErrorFrame)
    assert relay.room(name).state.participants[cole.pid].role is Role.COFACILITATOR
    for client in (fac, cora, cole):
        await client.close()


async def test_device_key_reaches_no_member_and_no_disk(relay, room, tmp_path):
    """The device key appears in no frame anyone receives and nowhere in the database."""
    name, key = room
    fac = await WireClient.join(relay.url(name), "Fran", key)
    ben = await WireClient.join(relay.url(name), "Ben")
    ann = await WireClient.join(relay.url(name), "Ann", device_key=DEVICE)
    await fac.answer_to(await fac.send(CommandKind.SILENCE, ann.pid, 5))
    await fac.answer_to(await fac.send(CommandKind.REMOVE, ann.pid))
    await ben.until_state(lambda s: ann.pid not in s.participants)
    for client in (fac, ben):
        assert all(DEVICE not in repr(frame) for frame in client.received)
    assert DEVICE not in repr(fac.welcome) + repr(ben.welcome)
    database = sqlite3.connect(tmp_path / "relay.sqlite3")
    try:
        for (table,) in database.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
            rows = database.execute(f'SELECT * FROM "{table}"').fetchall()
            assert DEVICE not in repr(rows)
            assert DEVICE.encode() not in b"".join(v for row in rows for v in row if isinstance(v, bytes))
    finally:
        database.close()
    await fac.close()
    await ben.close()


async def test_ending_the_meeting_forgets_the_bars(relay, room):
    """After the meeting ends, someone silenced in it comes back able to post."""
    name, key = room
    fac, ann = await silenced(relay, name, key, "Ann", DEVICE)
    await fac.answer_to(await fac.send(CommandKind.END_MEETING))
    await leave(ann)
    back = await WireClient.join(relay.url(name), "Ann", device_key=DEVICE)
    said = await back.answer_to(await back.send(CommandKind.SAY, "new meeting"))
    assert isinstance(said, Event)
    await fac.close()
    await back.close()
