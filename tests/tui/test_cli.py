"""The command line: arguments, and the demo room whose key survives between runs."""

import stat

import pytest

from server.relay import Relay
from tui.cli import ensure_room, parse_args


async def test_demo_room_is_created_once_and_its_key_kept_private(tmp_path):
    """The first run creates the room and a 0600 key file; the next run reuses the key."""
    key_file = tmp_path / "demo.key"
    async with Relay(tmp_path / "relay.sqlite3") as relay:
        key = ensure_room(relay, "demo", "Demo meeting", key_file)
        assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
        assert ensure_room(relay, "demo", "Demo meeting", key_file) == key
        assert relay.store.key_matches("demo", key)


async def test_demo_room_gets_a_new_key_when_the_file_is_lost(tmp_path):
    """Without its key file, the demo room's key is replaced so the demo still facilitates."""
    key_file = tmp_path / "demo.key"
    async with Relay(tmp_path / "relay.sqlite3") as relay:
        old = ensure_room(relay, "demo", "Demo meeting", key_file)
        key_file.unlink()
        new = ensure_room(relay, "demo", "Demo meeting", key_file)
        assert new != old and relay.store.key_matches("demo", new)


def test_arguments_check_the_name_and_address():
    """A bad name or an address of another scheme stops at the command line."""
    assert parse_args(["ws://h:1/demo", "--name", " Sam "]).name == "Sam"
    for argv in (["ftp://h/demo"], ["--name", "\x1b[31m"], ["--demo", "ws://h:1/demo"]):
        with pytest.raises(SystemExit):
            parse_args(argv)
