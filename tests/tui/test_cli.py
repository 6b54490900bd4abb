"""The command line: arguments, and the demo room whose key survives between runs."""

import argparse
import stat

import pytest

from server.paths import default_db_path
from server.relay import Relay
from tui.cli import demo_paths, ensure_room, facilitator_key, parse_args


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


def test_key_can_come_from_the_environment(monkeypatch):
    """With no key option, TALKINGSTICK_KEY gives the facilitator key."""
    monkeypatch.setenv("TALKINGSTICK_KEY", "secret-from-env")
    assert parse_args(["ws://h:1/demo"]).key == "secret-from-env"


def test_key_can_come_from_a_file(tmp_path, monkeypatch):
    """--key-file reads the facilitator key from a file (its trailing newline dropped)."""
    monkeypatch.delenv("TALKINGSTICK_KEY", raising=False)
    key_file = tmp_path / "key"
    key_file.write_text("secret-from-file\n")
    assert parse_args(["ws://h:1/demo", "--key-file", str(key_file)]).key == "secret-from-file"


def test_key_can_be_asked_for_without_echo(monkeypatch):
    """--ask-key asks for the key with getpass."""
    monkeypatch.delenv("TALKINGSTICK_KEY", raising=False)
    args = argparse.Namespace(key=None, key_file=None, ask_key=True)
    assert facilitator_key(args, ask=lambda prompt: "secret-typed") == "secret-typed"


def test_demo_keeps_its_own_database(monkeypatch, tmp_path):
    """The demo's database is not the relay's default one, so its room stays out of a real lobby."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    database, key_file = demo_paths()
    assert database != default_db_path() and database.name == "demo.sqlite3"
    assert key_file.parent == database.parent


def test_a_key_that_begins_with_a_dash_is_still_a_key(monkeypatch):
    """URL-safe keys may begin with "-": ``--key -bgA8…`` gives the key, not "expected one argument"."""
    monkeypatch.delenv("TALKINGSTICK_KEY", raising=False)
    assert parse_args(["ws://h:1/demo", "--key", "-bgA8bvyLkIaxKy5MM7tGQ"]).key == "-bgA8bvyLkIaxKy5MM7tGQ"
    assert parse_args(["ws://h:1/demo", "--key", "--x", "--name", "Sam"]).key == "--x"
    with pytest.raises(SystemExit):  # an option where the key belongs is still a mistake
        parse_args(["ws://h:1/demo", "--key", "--name", "Sam"])
