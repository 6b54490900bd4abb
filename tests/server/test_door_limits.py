"""Relay: limits on connections and arrivals per address and in all, and on HTTP requests."""

import asyncio

import httpx
from websockets.asyncio.client import connect

from protocol import CommandKind, ErrorFrame
from protocol.close_codes import CloseCode
from protocol.codec import decode
from server.door_limits import DoorLimits, RateWindow
from tests.server.strangers_helpers import relay_with, turned_away
from tests.wire_client import TIMEOUT, WireClient


async def _refused_before_hello(url: str) -> tuple[str, int | None]:
    """Connect without a hello; the error code and close code the door answers with."""
    async with connect(url, open_timeout=TIMEOUT) as connection:
        frame = decode(await asyncio.wait_for(connection.recv(), TIMEOUT))
        assert isinstance(frame, ErrorFrame)
        await asyncio.wait_for(connection.wait_closed(), TIMEOUT)
        return frame.code, connection.close_code


async def test_connections_per_address_are_limited(tmp_path):
    """Past connections_per_address open links, the next is closed with 4013 before its hello."""
    async with relay_with(tmp_path, DoorLimits(connections_per_address=2)) as relay:
        key = relay.create_room("demo", "Demo")
        held = [
            await WireClient.join(relay.url("demo"), "Fran", key),
            await WireClient.join(relay.url("demo"), "Ann"),
        ]
        assert await _refused_before_hello(relay.url("demo")) == (
            "too_many_from_address",
            CloseCode.TOO_MANY_FROM_ADDRESS,
        )
        await held[1].close()
        await asyncio.wait_for(held[1].connection.wait_closed(), TIMEOUT)
        async with asyncio.timeout(TIMEOUT):  # the relay counts the close once its handler ends
            while relay.door.open_connections > 1:
                await asyncio.sleep(0.01)
        assert (await WireClient.join(relay.url("demo"), "Bea")).pid


async def test_connections_in_all_are_limited(tmp_path):
    """Past max_connections, the next connection is closed with 4015 before its hello."""
    async with relay_with(tmp_path, DoorLimits(max_connections=1)) as relay:
        key = relay.create_room("demo", "Demo")
        await WireClient.join(relay.url("demo"), "Fran", key)
        assert await _refused_before_hello(relay.url("demo")) == ("relay_full", CloseCode.RELAY_FULL)


async def test_arrivals_per_address_per_minute_are_limited(tmp_path):
    """Past joins_per_address new arrivals in a minute, the next is refused 4014; the facilitator is not."""
    async with relay_with(tmp_path, DoorLimits(joins_per_address=2)) as relay:
        key = relay.create_room("demo", "Demo")
        for name in ("Ann", "Bea"):
            await (await WireClient.join(relay.url("demo"), name)).close()
        assert await turned_away(relay.url("demo"), "Cy") == ("too_many_joins", CloseCode.TOO_MANY_JOINS)
        fac = await WireClient.join(relay.url("demo"), "Fran", key)
        assert fac.pid in fac.state.participants


async def test_a_returning_member_is_not_counted_as_an_arrival(tmp_path):
    """A resume with a token gets in even when the address has used up its arrivals."""
    async with relay_with(tmp_path, DoorLimits(joins_per_address=1)) as relay:
        relay.create_room("demo", "Demo")
        ann = await WireClient.join(relay.url("demo"), "Ann")
        await ann.close()
        back = await WireClient.join(
            relay.url("demo"), "Ann", token=ann.welcome.resume_token, last_seq=ann.state.seq, state=ann.state
        )
        assert back.pid == ann.pid


async def test_http_requests_per_address_are_limited(tmp_path):
    """Past http_per_address requests in 10 s, /rooms answers 429 with Retry-After; /healthz still answers."""
    async with relay_with(tmp_path, DoorLimits(http_per_address=3)) as relay:
        relay.create_room("demo", "Demo")
        async with httpx.AsyncClient(base_url=relay.http_url, timeout=TIMEOUT) as http:
            statuses = [(await http.get("/rooms")).status_code for _ in range(3)]
            limited = await http.get("/rooms")
            health = await http.get("/healthz")
        assert statuses == [200, 200, 200]
        assert limited.status_code == 429 and 1 <= int(limited.headers["Retry-After"]) <= 10
        assert health.status_code == 200


async def test_rooms_is_built_once_for_a_burst_and_again_when_someone_arrives(tmp_path):
    """Twenty /rooms in a row build the listing once; someone arriving shows at the next request."""
    async with relay_with(tmp_path, DoorLimits(http_per_address=100)) as relay:
        key = relay.create_room("demo", "Demo")
        async with httpx.AsyncClient(base_url=relay.http_url, timeout=TIMEOUT) as http:
            bodies = [(await http.get("/rooms")).json() for _ in range(20)]
            builds = relay_directory_builds(relay)
            fac = await WireClient.join(relay.url("demo"), "Fran", key)
            await fac.answer_to(await fac.send(CommandKind.RAISE))
            (entry,) = (await http.get("/rooms")).json()
        assert builds == 1 and bodies[0][0]["present"] == 0
        assert entry["present"] == 1


def relay_directory_builds(relay) -> int:
    """How many times the relay built its /rooms listing."""
    return relay.directory.builds


def test_rate_window_slides_and_forgets():
    """A RateWindow allows limit events per window, then again once the oldest ages out."""
    now = [0.0]
    window = RateWindow(2, 10.0, clock=lambda: now[0])
    assert window.allow("a") and window.allow("a") and not window.allow("a")
    assert window.allow("b")
    assert window.retry_after("a") == 10.0
    now[0] = 10.5
    assert window.allow("a")
    now[0] = 100.0
    window.allow("c")
    assert window.tracked() == 1  # the sweep dropped "a" and "b", so memory stays bounded
