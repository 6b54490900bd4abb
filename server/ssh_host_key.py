"""The SSH door's host key: made once, kept private, and named by its fingerprint.

People who join over SSH check that they reach the same door as last time by its host
key, so the key must outlive restarts: the first start makes an Ed25519 key and writes
it (OpenSSH format, mode 0600, created private before anything is written to it); every
later start reads the same file. The fingerprint (``SHA256:...``) is what a host
publishes so that people can compare it with what their SSH client shows. This module
never touches the relay's database.
"""

import os
from pathlib import Path

import asyncssh

from server.private_files import PRIVATE_FILE, make_private_directory

HOST_KEY_FILE = "ssh_host_ed25519_key"
"""The host key's file name, next to the relay's database unless told otherwise."""


def default_host_key_path(db_path: Path) -> Path:
    """Where the host key lives when no ``--ssh-host-key`` is given: beside the database."""
    return db_path.with_name(HOST_KEY_FILE)


def load_or_create_host_key(path: Path) -> asyncssh.SSHKey:
    """The host key kept in ``path``, made (Ed25519) and written 0600 if it is missing.

    Raises:
        asyncssh.KeyImportError: when the file exists but holds no readable private key.
    """
    if path.exists():
        return asyncssh.read_private_key(str(path))
    make_private_directory(path.parent)
    key = asyncssh.generate_private_key("ssh-ed25519")
    # O_EXCL: two relays starting at once never write over each other's fresh key.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(key.export_private_key())
    os.chmod(path, PRIVATE_FILE)  # the mode given to open is filtered by the umask
    return key


def fingerprint(key: asyncssh.SSHKey) -> str:
    """The key's SHA256 fingerprint, as ``ssh-keygen -lf`` and SSH clients show it."""
    return key.get_fingerprint("sha256")
