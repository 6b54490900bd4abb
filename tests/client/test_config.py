"""client.toml: the defaults it gives the command line, and clear errors with the file and line."""

from pathlib import Path

import pytest

from protocol.settings_file import SettingsFileError
from tui.cli import parse_args
from tui.config import ClientSettings, load_client_settings


@pytest.fixture(autouse=True)
def own_config_dir(monkeypatch, tmp_path):
    """Keep the tester's own client.toml out of the tests."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("TALKINGSTICK_KEY", raising=False)


def _file(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "config" / "talkingstick"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "client.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_every_key_is_read(tmp_path):
    """Name, theme, low bandwidth, the authority file (beside the file) and recent rooms are read."""
    path = _file(
        tmp_path,
        'name = "Sam"\ntheme = "textual-dark"\nlow_bandwidth = true\ncafile = "group-ca.pem"\n'
        'recent_rooms = ["wss://relay.example.org/tuesday"]\n',
    )
    assert load_client_settings(path) == ClientSettings(
        name="Sam",
        theme="textual-dark",
        low_bandwidth=True,
        cafile=path.parent / "group-ca.pem",
        recent_rooms=("wss://relay.example.org/tuesday",),
    )


def test_no_file_means_no_settings():
    """Without client.toml nothing is set."""
    assert load_client_settings() == ClientSettings()


def test_an_unknown_key_names_the_file_and_line(tmp_path):
    """A misspelt key is refused with the file and its line."""
    path = _file(tmp_path, 'name = "Sam"\n\nthemes = "x"\n')
    with pytest.raises(SettingsFileError, match=rf"{path}, line 3: unknown setting 'themes'"):
        load_client_settings(path)


def test_a_wrong_type_names_the_line(tmp_path):
    """low_bandwidth = "yes" is refused on its line as not true or false."""
    path = _file(tmp_path, 'name = "Sam"\nlow_bandwidth = "yes"\n')
    with pytest.raises(SettingsFileError, match=r"line 2: 'low_bandwidth' must be true or false, not text"):
        load_client_settings(path)


def test_a_keys_table_points_at_keys_toml(tmp_path):
    """The key map is not read from client.toml; a [keys] table says where it belongs."""
    path = _file(tmp_path, '[keys]\nhand = "f5"\n')
    with pytest.raises(SettingsFileError, match="keys.toml"):
        load_client_settings(path)


def test_a_name_that_is_not_a_display_name_is_refused(tmp_path):
    """A name a relay would refuse is an error at start, naming the file."""
    path = _file(tmp_path, 'name = "' + "x" * 40 + '"\n')
    with pytest.raises(SettingsFileError, match=rf"{path}: name:"):
        load_client_settings(path)


def test_the_command_line_takes_its_defaults_from_the_file(tmp_path):
    """Without options the name, theme and authority file come from client.toml."""
    _file(tmp_path, 'name = "Sam"\ntheme = "nord"\ncafile = "/etc/group-ca.pem"\n')
    args = parse_args(["wss://relay.example.org/tuesday"])
    assert (args.name, args.theme, args.cafile) == ("Sam", "nord", Path("/etc/group-ca.pem"))


def test_options_override_the_file(tmp_path):
    """--name, --theme and --cafile win over client.toml."""
    _file(tmp_path, 'name = "Sam"\ntheme = "nord"\ncafile = "/etc/group-ca.pem"\n')
    args = parse_args(["wss://h/r", "--name", "Alex", "--theme", "ansi-dark", "--cafile", "mine.pem"])
    assert (args.name, args.theme, args.cafile) == ("Alex", "ansi-dark", Path("mine.pem"))


def test_a_bad_file_stops_the_command_with_the_sentence(tmp_path, capsys):
    """A broken client.toml ends the command with status 2 and the file and line."""
    _file(tmp_path, "theme = 3\n")
    with pytest.raises(SystemExit) as stopped:
        parse_args(["wss://h/r"])
    assert stopped.value.code == 2
    assert "client.toml, line 1: 'theme' must be text in quotes" in capsys.readouterr().err
