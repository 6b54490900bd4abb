"""Names on a real relay: role words, invisible characters and lookalikes of the removed."""

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from protocol import PROTOCOL_VERSION, CommandKind, ErrorFrame, Hello
from protocol.close_codes import CloseCode
from protocol.codec import decode, encode
from tests.wire_client import TIMEOUT, WireClient


async def _refusal(url: str, name: str) -> tuple[ErrorFrame, int]:
    """Say hello as ``name``; return the relay's error frame and its close code."""
    async with connect(url, open_timeout=TIMEOUT) as connection:
        await connection.send(encode(Hello(PROTOCOL_VERSION, name)))
        error = decode(await connection.recv())
        assert isinstance(error, ErrorFrame)
        with pytest.raises(ConnectionClosed) as closed:
            await connection.recv()
        return error, closed.value.rcvd.code


@pytest.mark.parametrize("name", ["Facilitator", "host", "admin", "Relay", "Fran\u200b", "\u200b"])
async def test_deceptive_hello_name_is_refused_for_good(relay, room, name):
    """A role word or an invisible character in a name is refused with a final close."""
    error, code = await _refusal(relay.url(room[0]), name)
    assert error.code == "bad_name" and code == CloseCode.BAD_HELLO


async def test_lookalike_of_the_facilitator_is_numbered(relay, room):
    """"Frаn" with a Cyrillic а joining beside the facilitator Fran is shown as "Frаn 2"."""
    name, key = room
    fac = await WireClient.join(relay.url(name), "Fran", key)
    other = await WireClient.join(relay.url(name), "Fr\u0430n")
    assert other.state.participants[other.pid].name == "Fr\u0430n 2"
    await other.close()
    await fac.close()


async def test_removed_numbered_name_cannot_rejoin_as_its_base(relay, room):
    """Removing "Rob 2" keeps out "Rob", "Rоb" (Cyrillic о) and "Rob" with a combining mark."""
    name, key = room
    fac = await WireClient.join(relay.url(name), "Ada", key)
    first = await WireClient.join(relay.url(name), "Rob")
    second = await WireClient.join(relay.url(name), "Rob")
    assert second.state.participants[second.pid].name == "Rob 2"
    await fac.answer_to(await fac.send(CommandKind.REMOVE, second.pid))
    for again in ("Rob", "R\u043eb", "Rob\u0301", "ROB 3"):
        error, code = await _refusal(relay.url(name), again)
        assert error.code == "removed" and code == CloseCode.REMOVED
    await first.close()
    await fac.close()


async def test_a_lookalike_waiting_first_does_not_rename_the_facilitator(relay, room):
    """"Frаn" waiting before Fran arrives with the key: Fran keeps her name; the lookalike is
    numbered when let in, as they would have been had Fran come first."""
    name, key = room
    ada = await WireClient.join(relay.url(name), "Ada", key)
    await ada.answer_to(await ada.send(CommandKind.SET_WAITING_ROOM, True))
    eve = await WireClient.join(relay.url(name), "Fr\u0430n")
    assert eve.state.waiting[eve.pid].name == "Fr\u0430n"
    fran = await WireClient.join(relay.url(name), "Fran", key)
    assert fran.state.participants[fran.pid].name == "Fran"
    await ada.answer_to(await ada.send(CommandKind.ADMIT, eve.pid))
    state = await ada.until_state(lambda s: eve.pid in s.participants)
    assert state.participants[eve.pid].name == "Fr\u0430n 2"
    for client in (eve, fran, ada):
        await client.close()
