"""This device's key: a random secret kept in the user's data folder and sent in the hello.

The key lets a relay recognise the same device when someone leaves and comes back under
another name, so that a removal or a silence follows the person for the rest of the
meeting. It identifies nothing else: it is random, holds no name, and the relay keeps
only a salted hash of it in memory. The file is private (0600, in a 0700 folder).

This module must not import ``textual``; a front end calls ``load_or_create_device_key``
once and hands the key to its ``Session``.
"""

import logging
import os
import secrets
from pathlib import Path

from platformdirs import user_data_dir

from protocol.limits import MAX_DEVICE_KEY_CHARS, MIN_DEVICE_KEY_CHARS

log = logging.getLogger(__name__)

DEVICE_KEY_FILE = "device_key"
"""The file's name inside ``user_data_dir("talkingstick")``."""

_URL_SAFE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def device_key_path() -> Path:
    """Where this device's key lives: ``device_key`` in ``user_data_dir("talkingstick")``."""
    return Path(user_data_dir("talkingstick")) / DEVICE_KEY_FILE


def new_device_key() -> str:
    """A fresh random key: 32 url-safe characters (24 random bytes)."""
    return secrets.token_urlsafe(24)


def _usable(text: str) -> bool:
    return MIN_DEVICE_KEY_CHARS <= len(text) <= MAX_DEVICE_KEY_CHARS and set(text) <= _URL_SAFE


def load_or_create_device_key(path: Path | None = None) -> str:
    """This device's key, made and stored (0600) the first time.

    A file that cannot be read or holds something else is replaced. When the folder
    cannot be written the key lasts only for this run (the meeting still works; a
    removal then follows the name alone).

    Args:
        path: Where the key lives; ``device_key_path()`` when None.

    Returns:
        The key, 32 url-safe characters.
    """
    path = path if path is not None else device_key_path()
    try:
        kept = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        kept = ""
    if _usable(kept):
        return kept
    key = new_device_key()
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="ascii") as file:
            file.write(key + "\n")
        os.replace(temporary, path)  # a reader never sees half a key
    except OSError as exc:
        log.warning("Could not keep the device key in %s: %s", path, exc)
    return key
