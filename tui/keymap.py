"""The user's keymap: ``keys.toml`` in talkingstick's configuration directory.

It maps binding ids of ``tui.keys`` to the keys a person prefers, one line each::

    hand = "h,f11"
    desk = "w,f10"

The app reads it once at start, gives it to ``App.set_keymap`` (which moves the
bindings) and to ``keys.use_keymap`` (so that hints naming a key follow). Unknown ids
and values that are not strings are left out, so a keymap written for another
version does not stop the client from starting. A printable key given to an action that
works while typing (``hand = "h,f11"``, from the days when letters were room keys) is
left out too: typing must never act on the room. Letters belong to the room keys
(``room-hand = "h"``), which act only after the prefix.
"""

import tomllib
from pathlib import Path

from platformdirs import user_config_dir

from tui.keys import BY_ID, is_typing_safe

KEYMAP_FILE = "keys.toml"


def keymap_path() -> Path:
    """Where the user's keymap lives: ``keys.toml`` in ``user_config_dir("talkingstick")``."""
    return Path(user_config_dir("talkingstick")) / KEYMAP_FILE


def load_keymap(path: Path | None = None) -> dict[str, str]:
    """The keymap at ``path`` (the user's by default), binding id -> keys; empty when there is none.

    Raises:
        tomllib.TOMLDecodeError: when the file is not TOML.
    """
    path = path or keymap_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    table = tomllib.loads(text)
    wanted = {
        id: keys for id, keys in table.items() if id in BY_ID and isinstance(keys, str) and keys.strip()
    }
    return {id: keys for id, keys in ((id, while_typing(id, keys)) for id, keys in wanted.items()) if keys}


def while_typing(id: str, keys: str) -> str:
    """``keys`` for binding ``id``, without printable keys when it acts while someone types."""
    if not {"meeting", "app"} & set(BY_ID[id].places):
        return keys
    return ",".join(name for name in (k.strip() for k in keys.split(",")) if is_typing_safe(name))
