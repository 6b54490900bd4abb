"""Checking a TOML settings file: lines of offending keys, kinds of values, masking secrets."""

import pytest

from protocol.settings_file import SettingsFileError, line_of, masked, read_settings

SCHEMA = {"name": str, "seconds": float, "relay": {"port": int, "quiet": bool}}


def test_line_of_finds_a_key_only_inside_its_table():
    """The same key in two tables is found in the one asked for, quoted or not."""
    text = 'port = 1\n[relay]\n# port = 2\n"port" = 3\n[ssh]\nport = 4\n'
    assert line_of(text, None, "port") == 1
    assert line_of(text, "relay", "port") == 4
    assert line_of(text, "ssh", "port") == 6
    assert line_of(text, "missing", "port") is None


def test_a_whole_number_is_a_number_of_seconds():
    """An integer is accepted where a float is asked for; a bool is not an integer."""
    assert read_settings("seconds = 120\n", "f.toml", SCHEMA) == {"seconds": 120}
    with pytest.raises(SettingsFileError, match=r"f.toml, line 2: 'port' must be a whole number"):
        read_settings("[relay]\nport = false\n", "f.toml", SCHEMA)


def test_a_table_where_a_value_belongs_is_refused():
    """A [name] table for a plain key names the table's line."""
    with pytest.raises(SettingsFileError, match=r"line 2: 'name' must be text in quotes, not a table"):
        read_settings("seconds = 1\n[name]\nfirst = 'x'\n", "f.toml", SCHEMA)


def test_secret_values_are_masked():
    """Values of keys that sound secret print as stars; others as they are."""
    assert masked("admin_password", "hunter2") == "********"
    assert masked("key", "/etc/tls/privkey.pem") == "/etc/tls/privkey.pem"
