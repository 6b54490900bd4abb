"""Relay: bad input gets a clear error frame; the connection and the room go on."""

import httpx
import msgpack
import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from protocol import PROTOCOL_VERSION, CommandKind, ErrorFrame, Event, Hello
from protocol.codec import decode, encode
from tests.wire_client import TIMEOUT, WireClient


@pytest.mark.parametrize(
    "data, code",
    [
        (b"\xc1", "malformed"),
        ("a text frame", "not_binary"),
        (msgpack.packb([99, 1]), "unknown_frame"),
        (msgpack.packb([5, 1, 999, []]), "unknown_command"),
        (msgpack.packb([5, 1, int(CommandKind.SAY), [1]]), "bad_message"),
        (msgpack.packb([5, 1, int(CommandKind.SAY), ["x" * 2001]]), "bad_message"),
        (msgpack.packb({"type": 5}), "malformed"),
        (msgpack.packb([1, 1, "Sam", None, None, None]), "unexpected_frame"),
    ],
)
async def test_bad_frame_gets_error_and_connection_goes_on(relay, room, data, code):
    """A malformed frame is answered with an error frame naming the problem; posting still works."""
    name, _ = room
    ann = await WireClient.join(relay.url(name), "Ann")
    await ann.send_raw(data)
    error = await ann.until(lambda f: isinstance(f, ErrorFrame))
    assert error.code == code and error.message
    said = await ann.answer_to(await ann.send(CommandKind.SAY, "still here"))
    assert isinstance(said, Event)
    await ann.close()


async def test_unknown_room_closes_with_4001(relay, room):
    """Joining a room that does not exist says so and closes with 4001."""
    async with connect(relay.url("nowhere"), open_timeout=TIMEOUT) as connection:
        await connection.send(encode(Hello(PROTOCOL_VERSION, "Sam")))
        error = decode(await connection.recv())
        assert isinstance(error, ErrorFrame) and error.code == "unknown_room"
        with pytest.raises(ConnectionClosed) as closed:
            await connection.recv()
        assert closed.value.rcvd.code == 4001


async def test_bad_key_closes_with_4004(relay, room):
    """A wrong facilitator key is refused with 4004."""
    name, _ = room
    async with connect(relay.url(name), open_timeout=TIMEOUT) as connection:
        await connection.send(encode(Hello(PROTOCOL_VERSION, "Sam", "wrong")))
        error = decode(await connection.recv())
        assert isinstance(error, ErrorFrame) and error.code == "bad_key"
        with pytest.raises(ConnectionClosed) as closed:
            await connection.recv()
        assert closed.value.rcvd.code == 4004


async def test_bad_hello_is_refused(relay, room):
    """A first frame that is not a valid hello gets an error frame before the close."""
    name, _ = room
    async with connect(relay.url(name), open_timeout=TIMEOUT) as connection:
        await connection.send(msgpack.packb([1, PROTOCOL_VERSION, "", None, None, None]))
        error = decode(await connection.recv())
        assert isinstance(error, ErrorFrame) and error.code == "bad_name"


async def test_removed_member_cannot_rejoin_until_allowed(relay, room):
    """Remove closes the member's link with 4003 and keeps them out until a facilitator allows them."""
    name, key = room
    fac = await WireClient.join(relay.url(name), "Fran", key)
    ann = await WireClient.join(relay.url(name), "Ann")
    await fac.answer_to(await fac.send(CommandKind.REMOVE, ann.pid))
    with pytest.raises(ConnectionClosed) as closed:
        while True:
            await ann.recv()
    assert closed.value.rcvd.code == 4003
    async with connect(relay.url(name), open_timeout=TIMEOUT) as connection:
        await connection.send(encode(Hello(PROTOCOL_VERSION, "ANN")))
        error = decode(await connection.recv())
        assert isinstance(error, ErrorFrame) and error.code == "removed"
    await fac.answer_to(await fac.send(CommandKind.ALLOW, "Ann"))
    back = await WireClient.join(relay.url(name), "Ann")
    assert back.state.participants[back.pid].name == "Ann"
    await back.close()
    await fac.close()


async def test_http_health_and_rooms(relay, room):
    """GET /healthz answers ok and GET /rooms lists the room with who is present."""
    name, key = room
    fac = await WireClient.join(relay.url(name), "Fran", key)
    await fac.answer_to(await fac.send(CommandKind.AGENDA_ADD, "Welcome", 5))
    await fac.answer_to(await fac.send(CommandKind.AGENDA_NEXT))
    async with httpx.AsyncClient(base_url=relay.http_url, timeout=TIMEOUT) as http:
        health = await http.get("/healthz")
        assert health.status_code == 200 and health.text.strip() == "ok"
        rooms = (await http.get("/rooms")).json()
    assert [{k: r[k] for k in ("name", "title", "present", "current_item")} for r in rooms] == [
        {"name": "demo", "title": "Demo meeting", "present": 1, "current_item": "Welcome"}
    ]
    await fac.close()
