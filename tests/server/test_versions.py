"""Relay: it serves one protocol version, refuses others with the update sentence, says its version."""

import asyncio
import json

import httpx
import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from protocol import PROTOCOL_VERSION, ErrorFrame, Hello, decode, encode
from protocol.close_codes import CloseCode, version_mismatch
from protocol.directory import RelayVersion
from server.http import relay_version
from tests.wire_client import TIMEOUT


@pytest.mark.parametrize("theirs", [PROTOCOL_VERSION - 1, PROTOCOL_VERSION + 1], ids=["older", "newer"])
async def test_another_protocol_version_is_told_how_to_update(relay, room, theirs):
    """An older or newer client gets both versions and the pip command, then close VERSION."""
    async with connect(relay.url("demo"), open_timeout=TIMEOUT) as connection:
        await connection.send(encode(Hello(theirs, "Ann", None, None, None)))
        refusal = decode(await asyncio.wait_for(connection.recv(), TIMEOUT))
        with pytest.raises(ConnectionClosed):
            await asyncio.wait_for(connection.recv(), TIMEOUT)
    expected = version_mismatch(PROTOCOL_VERSION, theirs)
    assert isinstance(refusal, ErrorFrame) and (refusal.code, refusal.message) == ("version", expected)
    assert f"your talkingstick speaks {theirs}" in expected and "pip install -U talkingstick" in expected
    assert connection.close_code == CloseCode.VERSION and connection.close_reason == expected


async def test_version_names_the_release_and_the_protocol(relay):
    """GET /version answers the installed release and the protocol version the relay serves."""
    async with httpx.AsyncClient(base_url=relay.http_url, timeout=TIMEOUT) as http:
        answer = await http.get("/version")
    assert answer.status_code == 200 and answer.headers["Content-Type"] == "application/json"
    assert RelayVersion.from_json(json.loads(answer.text)) == relay_version()
    assert relay_version().protocol == PROTOCOL_VERSION and relay_version().release != "unknown"


def test_a_version_answer_of_the_wrong_shape_reads_as_none():
    """The client reads no version from a list, a bool protocol or an empty release."""
    assert RelayVersion.from_json([]) is None
    assert RelayVersion.from_json({"version": "1.0", "protocol": True}) is None
    assert RelayVersion.from_json({"version": " ", "protocol": 1}) is None
    assert "\x1b" not in RelayVersion.from_json({"version": "1.0\x1b[2J", "protocol": 1}).release
