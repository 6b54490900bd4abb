"""The relay's command line: join commands for the relay's own port, and a group's help lines."""

import re
from pathlib import Path

import pytest

from server.cli import main
from server.help_lines import for_country, known_countries
from server.relay import Relay
from server.store import Store


@pytest.fixture(autouse=True)
def own_data_dir(monkeypatch, tmp_path):
    """Keep the operator's own data folder out of the tests."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "user-data"))


@pytest.fixture
def db(tmp_path):
    """A fresh relay database path."""
    return tmp_path / "relay.sqlite3"


def _create(db: Path, capsys, *options: str) -> str:
    """Create room "grp" and return what the command printed."""
    assert main(["room", "create", "grp", "--title", "Tuesday group", "--db", str(db), *options]) == 0
    return capsys.readouterr().out


def _settings(db: Path) -> dict:
    store = Store(db)
    try:
        return store.settings("grp")
    finally:
        store.close()


def test_join_commands_use_the_port_given(db, capsys):
    """`room create --port 9000 --host example.org` prints join commands for that address."""
    out = _create(db, capsys, "--port", "9000", "--host", "example.org")
    assert "talkingstick ws://example.org:9000/grp --name YOUR_NAME" in out
    assert ":8765" not in out


def test_join_commands_say_which_port_they_assume(db, capsys):
    """Without --port the printed commands say they are for port 8765 and how to change it."""
    out = _create(db, capsys)
    assert "ws://127.0.0.1:8765/grp" in out
    assert "port 8765" in out and "--port" in out


def test_printed_facilitator_command_keeps_the_key_off_the_command_line(db, capsys):
    """The facilitator's join command asks for the key instead of carrying it."""
    out = _create(db, capsys)
    key = re.search(r"keep it safe\): (\S+)", out).group(1)
    command = next(line for line in out.splitlines() if "--ask-key" in line)
    assert key not in command


def test_country_lists_its_national_lines(db, capsys):
    """`--country UK` stores the UK's lines and says whose they are."""
    _create(db, capsys, "--country", "uk")
    settings = _settings(db)
    assert settings["resources_for"] == "the United Kingdom"
    assert any("116 123" in detail for _, detail in settings["resources"])


def test_own_resources_are_listed_as_the_groups(db, capsys):
    """Repeated `--resource "Name: number"` become the room's own list."""
    _create(db, capsys, "--resource", "Our phone: 555-0100", "--resource", "Sponsor line: 555-0199")
    settings = _settings(db)
    assert settings["resources"] == [["Our phone", "555-0100"], ["Sponsor line", "555-0199"]]
    assert "resources_for" not in settings


def test_unknown_country_is_refused_with_the_known_ones(db, capsys):
    """An unknown country code is refused, naming the codes there are lines for."""
    assert main(["room", "create", "grp", "--title", "T", "--db", str(db), "--country", "XX"]) == 2
    assert "UK" in capsys.readouterr().err


def test_every_shipped_line_names_its_source():
    """Each shipped country has lines and every line names the organisation it comes from."""
    assert known_countries() == ["AU", "CA", "IE", "UK", "US"]
    for code in known_countries():
        lines = for_country(code).lines
        assert lines and all("Source: " in detail for _, detail in lines)


async def test_snapshot_says_whose_help_lines_they_are(db, capsys):
    """A room made with --country carries the country's name to the clients."""
    _create(db, capsys, "--country", "IE")
    relay = Relay(db, "127.0.0.1", 0, grace_seconds=1)
    await relay.start()
    try:
        state = relay.room("grp").state
        assert state.resources_for == "Ireland"
    finally:
        await relay.stop()
