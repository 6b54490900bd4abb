"""The device key: kept private on disk, reused, and carried by the hello when given."""

import asyncio
import stat

import pytest

from protocol import PROTOCOL_VERSION, CommandKind, Hello, ProtocolError, decode, encode
from tests.wire_client import TIMEOUT, WireClient
from tui.core.device_key import load_or_create_device_key
from tui.core.session import Session
from tui.core.updates import SessionEnded, SessionUpdate, Welcomed


def test_device_key_is_created_private(tmp_path):
    """The first call makes a 32-character url-safe key in a file only its owner may read."""
    path = tmp_path / "talkingstick" / "device_key"
    key = load_or_create_device_key(path)
    assert len(key) == 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_text().strip() == key


def test_device_key_is_reused(tmp_path):
    """A second call returns the key already kept."""
    path = tmp_path / "device_key"
    assert load_or_create_device_key(path) == load_or_create_device_key(path)


def test_damaged_device_key_is_replaced(tmp_path):
    """A file holding something else than a key is replaced by a fresh key."""
    path = tmp_path / "device_key"
    path.write_text("not a key!\n")
    key = load_or_create_device_key(path)
    assert key != "not a key!" and path.read_text().strip() == key


def test_hello_without_device_key_keeps_its_old_shape():
    """A hello without a device key is the six-element array older relays expect."""
    assert decode(encode(Hello(PROTOCOL_VERSION, "Ada"))) == Hello(PROTOCOL_VERSION, "Ada")
    assert encode(Hello(PROTOCOL_VERSION, "Ada"))[0] == 0x96


def test_hello_carries_device_key():
    """A hello with a device key decodes to the same key."""
    hello = Hello(PROTOCOL_VERSION, "Ada", None, None, None, "a" * 32)
    assert decode(encode(hello)).device_key == "a" * 32


def test_hello_refuses_odd_device_key():
    """A device key with characters outside the url-safe set is refused."""
    with pytest.raises(ProtocolError):
        decode(encode(Hello(PROTOCOL_VERSION, "Ada", None, None, None, "a" * 31 + "\x1b")))


async def test_session_hello_carries_the_device_key(relay, room):
    """A session's device key reaches the relay: once removed, that device is refused under another name."""
    fran = await WireClient.join(relay.url("demo"), "Fran", room[1])
    zed = await WireClient.join(relay.url("demo"), "Zed", device_key="z" * 32)
    await fran.answer_to(await fran.send(CommandKind.REMOVE, zed.pid))
    ended: list[SessionUpdate] = []
    session = Session(relay.url("demo"), "Quite Someone Else", device_key="z" * 32, min_backoff=0.05)
    session.add_listener(ended.append)
    await asyncio.wait_for(session.run(), TIMEOUT)
    assert [u.code for u in ended if isinstance(u, SessionEnded)] == ["removed"]
    assert not any(isinstance(u, Welcomed) for u in ended)
    await fran.close()
