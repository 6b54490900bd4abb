"""The client's settings file, ``client.toml``, beside ``keys.toml`` in the configuration folder.

    name = "Sam"                      # the display name when --name is not given
    theme = "ansi-dark"               # a Textual theme
    low_bandwidth = true              # prefer the lightest screen (read for the slow-link mode)
    cafile = "our-group-ca.pem"       # a group's own certificate authority (relative: beside this file)
    recent_rooms = ["wss://relay.example.org/tuesday"]

The key map stays in its own file, ``keys.toml`` (``tui.keymap``); a ``[keys]`` table here
is an error that says so. Command-line options override the file. Unknown keys and
values of the wrong type are errors naming the file and the line
(``protocol.settings_file``). This module reads the file; it must not import ``server``
nor ``textual``.
"""

from dataclasses import dataclass, field
from pathlib import Path

from platformdirs import user_config_dir

from protocol.errors import ProtocolError
from protocol.settings_file import Schema, SettingsFileError, read_settings
from protocol.text import check_name

CONFIG_FILE = "client.toml"

SCHEMA: Schema = {
    "name": str,
    "theme": str,
    "low_bandwidth": bool,
    "cafile": str,
    "recent_rooms": list,
}
"""Every key ``client.toml`` may hold, with the kind of its value."""

MAX_RECENT_ROOMS = 20


@dataclass(frozen=True, slots=True)
class ClientSettings:
    """What ``client.toml`` says; None where it says nothing."""

    name: str | None = None
    theme: str | None = None
    low_bandwidth: bool | None = None
    """None: on over SSH, off elsewhere (``tui.low_bandwidth.choose_pace``)."""
    cafile: Path | None = None
    recent_rooms: tuple[str, ...] = field(default=())


def config_path() -> Path:
    """``client.toml`` in ``user_config_dir("talkingstick")`` (it need not exist)."""
    return Path(user_config_dir("talkingstick")) / CONFIG_FILE


def load_client_settings(path: Path | None = None) -> ClientSettings:
    """The settings in ``path`` (default ``config_path()``); a missing file means none.

    Raises:
        SettingsFileError: when the file cannot be read or holds something it may not.
    """
    chosen = path if path is not None else config_path()
    try:
        text = chosen.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ClientSettings()
    except (OSError, UnicodeDecodeError) as error:
        raise SettingsFileError(f"{chosen}: cannot be read ({error}).") from error
    if _has_keys_table(text):
        raise SettingsFileError(f"{chosen}: the key map lives in its own file, keys.toml, beside this one.")
    document = read_settings(text, str(chosen), SCHEMA)
    name = document.get("name")
    if name is not None:
        try:
            name = check_name(name)
        except ProtocolError as error:
            raise SettingsFileError(f"{chosen}: name: {error.message}") from error
    rooms = document.get("recent_rooms", [])
    if not all(isinstance(room, str) for room in rooms):
        raise SettingsFileError(f"{chosen}: recent_rooms is a list of room addresses in quotes.")
    cafile = document.get("cafile")
    return ClientSettings(
        name=name,
        theme=document.get("theme"),
        low_bandwidth=document.get("low_bandwidth", False),
        cafile=chosen.parent / Path(cafile).expanduser() if cafile else None,
        recent_rooms=tuple(rooms[:MAX_RECENT_ROOMS]),
    )


def _has_keys_table(text: str) -> bool:
    return any(line.strip().startswith("[keys]") for line in text.splitlines())
