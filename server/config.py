"""The relay's settings file, ``relay.toml``, and the settings in effect once flags are applied.

The file lives in the platform's configuration folder
(``platformdirs.user_config_path("talkingstick") / "relay.toml"``) or wherever
``--config PATH`` says; a missing default file means every default. Command-line flags
override the file. Its tables:

    [relay]    host, port, database, formats_dir
    [tls]      certificate, key                       (both, or neither)
    [limits]   grace_seconds, replay_limit
    [logging]  level
    [ssh]      port, host_key, max_sessions           (the SSH door)

Every key is documented in ``docs/hosting.md``. Unknown keys and values of the wrong
type are errors naming the file and the line (``protocol.settings_file``). This module
reads the file and nothing else: the command line (``server.cli``) applies the flags and
starts the relay.
"""

import logging
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

import platformdirs

from protocol.settings_file import Schema, SettingsFileError, masked, read_settings
from server.tls import TlsFiles

CONFIG_NAME = "relay.toml"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")

SCHEMA: Schema = {
    "relay": {"host": str, "port": int, "database": str, "formats_dir": str},
    "tls": {"certificate": str, "key": str},
    "limits": {"grace_seconds": float, "replay_limit": int},
    "logging": {"level": str},
    "ssh": {"port": int, "host_key": str, "max_sessions": int},
}
"""Every table and key ``relay.toml`` may hold, with the kind of its value."""


@dataclass(frozen=True, slots=True)
class RelaySettings:
    """What the relay runs with: the file's values over the defaults, then the flags over both."""

    host: str = "127.0.0.1"
    port: int = 8765
    database: Path | None = None
    """None: ``relay.sqlite3`` in the user data folder (``server.paths``)."""
    formats_dir: Path | None = None
    tls_certificate: Path | None = None
    tls_key: Path | None = None
    grace_seconds: float = 120.0
    replay_limit: int = 500
    log_level: str = "INFO"
    ssh_port: int | None = None
    """The SSH door's port; None keeps the door shut."""
    ssh_host_key: Path | None = None
    ssh_max_sessions: int = 20

    @property
    def tls(self) -> TlsFiles | None:
        """The certificate and key, when both are set."""
        if self.tls_certificate is None or self.tls_key is None:
            return None
        return TlsFiles(self.tls_certificate, self.tls_key)

    def overridden(self, **flags: Any) -> "RelaySettings":
        """These settings with every flag that was given (not None) in place."""
        return replace(self, **{name: value for name, value in flags.items() if value is not None})


_PLACES = {
    ("relay", "host"): "host",
    ("relay", "port"): "port",
    ("relay", "database"): "database",
    ("relay", "formats_dir"): "formats_dir",
    ("tls", "certificate"): "tls_certificate",
    ("tls", "key"): "tls_key",
    ("limits", "grace_seconds"): "grace_seconds",
    ("limits", "replay_limit"): "replay_limit",
    ("logging", "level"): "log_level",
    ("ssh", "port"): "ssh_port",
    ("ssh", "host_key"): "ssh_host_key",
    ("ssh", "max_sessions"): "ssh_max_sessions",
}
"""Where each key of the file lands in ``RelaySettings``."""

_PATHS = {field.name for field in fields(RelaySettings) if "Path" in str(field.type)}


def default_config_path() -> Path:
    """``relay.toml`` in the platform's user configuration folder (it need not exist)."""
    return platformdirs.user_config_path("talkingstick") / CONFIG_NAME


def load_settings(path: Path | None = None) -> RelaySettings:
    """The settings in ``path`` (default: ``default_config_path()``, skipped when missing).

    Relative paths in the file are taken from the file's own folder.

    Raises:
        SettingsFileError: when a given file is missing, or any file is not valid.
    """
    chosen = path if path is not None else default_config_path()
    try:
        text = chosen.read_text(encoding="utf-8")
    except FileNotFoundError as error:
        if path is None:
            return RelaySettings()
        raise SettingsFileError(f"{chosen}: no such settings file.") from error
    except (OSError, UnicodeDecodeError) as error:
        raise SettingsFileError(f"{chosen}: cannot be read ({error}).") from error
    document = read_settings(text, str(chosen), SCHEMA)
    values: dict[str, Any] = {}
    for (table, key), name in _PLACES.items():
        if key in document.get(table, {}):
            value = document[table][key]
            values[name] = chosen.parent / Path(value).expanduser() if name in _PATHS else value
    settings = RelaySettings(**values)
    _check(settings, str(chosen))
    return settings


def _check(settings: RelaySettings, source: str) -> None:
    if settings.log_level.upper() not in LOG_LEVELS:
        raise SettingsFileError(f"{source}: [logging] level is one of {', '.join(LOG_LEVELS)}.")
    if (settings.tls_certificate is None) != (settings.tls_key is None):
        raise SettingsFileError(f"{source}: [tls] needs both certificate and key, or neither.")
    if not 0 <= settings.port <= 65535:
        raise SettingsFileError(f"{source}: [relay] port is a number from 0 to 65535.")


def log_level(settings: RelaySettings) -> int:
    """The ``logging`` level the settings name."""
    return int(getattr(logging, settings.log_level.upper(), logging.INFO))


def describe(settings: RelaySettings, source: str) -> str:
    """The settings in effect, as a ``relay.toml`` one could write, secrets masked."""
    values = asdict(settings)
    lines = [f"# Settings in effect (file: {source}; flags override it)"]
    for table in SCHEMA:
        lines.append(f"\n[{table}]")
        for (place_table, key), name in _PLACES.items():
            if place_table != table:
                continue
            value = masked(key, values[name])
            if value is None:
                lines.append(f"# {key} is not set")
            elif isinstance(value, bool):
                lines.append(f"{key} = {'true' if value else 'false'}")
            elif isinstance(value, int | float):
                lines.append(f"{key} = {value}")
            else:
                lines.append(f"{key} = {_quoted(str(value))}")
    return "\n".join(lines)


def _quoted(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'
