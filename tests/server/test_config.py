"""relay.toml: every key read, flags over the file, clear errors with lines, and the config printout."""

from pathlib import Path

import pytest

from protocol.settings_file import SettingsFileError
from server.cli import main
from server.config import RelaySettings, load_settings

FULL = """\
# a volunteer's relay
[relay]
host = "0.0.0.0"
port = 443
database = "/var/lib/talkingstick/relay.sqlite3"
formats_dir = "formats"

[tls]
certificate = "/etc/talkingstick/tls/fullchain.pem"
key = "/etc/talkingstick/tls/privkey.pem"

[limits]
grace_seconds = 300
replay_limit = 1000

[logging]
level = "warning"

[ssh]
port = 2222
host_key = "/var/lib/talkingstick/ssh_host_key"
max_sessions = 20
"""


@pytest.fixture(autouse=True)
def own_config_dir(monkeypatch, tmp_path):
    """Keep the operator's own relay.toml and data folder out of the tests."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))


def _file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "relay.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_every_key_is_read(tmp_path):
    """Each table's keys land in the settings; a relative path is taken from the file's folder."""
    settings = load_settings(_file(tmp_path, FULL))
    assert settings == RelaySettings(
        host="0.0.0.0",
        port=443,
        database=Path("/var/lib/talkingstick/relay.sqlite3"),
        formats_dir=tmp_path / "formats",
        tls_certificate=Path("/etc/talkingstick/tls/fullchain.pem"),
        tls_key=Path("/etc/talkingstick/tls/privkey.pem"),
        grace_seconds=300,
        replay_limit=1000,
        log_level="warning",
        ssh_port=2222,
        ssh_host_key=Path("/var/lib/talkingstick/ssh_host_key"),
        ssh_max_sessions=20,
    )


def test_a_missing_default_file_means_the_defaults():
    """Without relay.toml in the configuration folder every setting is its default."""
    assert load_settings() == RelaySettings()


def test_the_default_file_is_found_in_the_config_folder(tmp_path):
    """relay.toml in $XDG_CONFIG_HOME/talkingstick is read without --config."""
    folder = tmp_path / "config" / "talkingstick"
    folder.mkdir(parents=True)
    (folder / "relay.toml").write_text("[relay]\nport = 9999\n")
    assert load_settings().port == 9999


def test_a_missing_given_file_is_an_error(tmp_path):
    """--config naming a file that is not there says so."""
    with pytest.raises(SettingsFileError, match="no such settings file"):
        load_settings(tmp_path / "nowhere.toml")


def test_an_unknown_key_names_the_file_and_line(tmp_path):
    """A misspelt key is refused with the file, its line and the keys its table knows."""
    path = _file(tmp_path, "[relay]\nport = 8765\n\n[ssh]\nport = 22\nmax_session = 3\n")
    with pytest.raises(SettingsFileError) as caught:
        load_settings(path)
    assert str(caught.value) == (
        f"{path}, line 6: unknown setting 'max_session' in [ssh] (known: host_key, max_sessions, port)."
    )


def test_a_wrong_type_names_the_line_of_its_key_in_its_table(tmp_path):
    """port = "443" in [ssh] is found on the [ssh] line, not on [relay]'s port line."""
    path = _file(tmp_path, '[relay]\nport = 8765\n[ssh]\n  port = "443"\n')
    with pytest.raises(SettingsFileError, match=r"line 4: 'port' must be a whole number, not text"):
        load_settings(path)


def test_an_unknown_table_names_its_line(tmp_path):
    """A table that does not exist is refused on its header line."""
    path = _file(tmp_path, "[relay]\nport = 1\n\n[tsl]\ncertificate = 'x'\n")
    with pytest.raises(SettingsFileError, match=r"line 4: unknown setting 'tsl'"):
        load_settings(path)


def test_tls_needs_both_files(tmp_path):
    """A certificate without its key is refused."""
    with pytest.raises(SettingsFileError, match="both certificate and key"):
        load_settings(_file(tmp_path, "[tls]\ncertificate = 'cert.pem'\n"))


def test_broken_toml_names_the_file(tmp_path):
    """A file that is not TOML is refused with its name and tomllib's line and column."""
    path = _file(tmp_path, "[relay\nport = 1\n")
    with pytest.raises(SettingsFileError, match=rf"{path}: .*line 1"):
        load_settings(path)


def test_flags_override_the_file_in_the_printout(tmp_path, capsys):
    """``config`` prints the file's values with the given flags on top."""
    path = _file(tmp_path, FULL)
    assert main(["config", "--config", str(path), "--port", "9000", "--host", "127.0.0.1"]) == 0
    printed = capsys.readouterr().out
    assert "port = 9000" in printed and 'host = "127.0.0.1"' in printed
    assert "replay_limit = 1000" in printed and "max_sessions = 20" in printed


def test_the_printout_names_key_paths_but_never_key_material(tmp_path, capsys):
    """The TLS key's path is shown; what the key file holds never is."""
    key = tmp_path / "privkey.pem"
    key.write_text("-----BEGIN PRIVATE KEY-----\nsecretbytes\n-----END PRIVATE KEY-----\n")
    path = _file(tmp_path, f"[tls]\ncertificate = 'cert.pem'\nkey = '{key}'\n")
    assert main(["config", "--config", str(path)]) == 0
    printed = capsys.readouterr().out
    assert f'key = "{key}"' in printed
    assert "PRIVATE KEY" not in printed and "secretbytes" not in printed


def test_a_bad_file_stops_serve_with_the_sentence(tmp_path, capsys):
    """serve with an invalid relay.toml exits 2 and prints the file and line."""
    path = _file(tmp_path, "[relay]\nport = true\n")
    assert main(["serve", "--config", str(path)]) == 2
    assert f"{path}, line 2: 'port' must be a whole number, not true/false." in capsys.readouterr().err


def test_one_tls_flag_alone_is_refused(tmp_path, capsys):
    """--tls-cert without --tls-key stops with a sentence naming both."""
    assert main(["config", "--tls-cert", str(tmp_path / "cert.pem")]) == 2
    assert "--tls-cert and --tls-key" in capsys.readouterr().err
