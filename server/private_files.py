"""Making the relay's database private to the user the relay runs as.

The database holds who came to a recovery meeting and, until a meeting's retention is
over, what they said: nobody else on the machine may read it. Directories the relay
creates for it are 0700; the database and the ``-wal``/``-shm`` files SQLite keeps next to
it are 0600. SQLite creates those two with the database file's own permissions, so the
database is created private before SQLite first opens it; files left looser by an older
relay are tightened when the store opens. A folder that existed before (the operator's
own, say) is left as it is. No process-wide umask is touched: it would affect every
other file the process writes.
"""

import os
import stat
from pathlib import Path

PRIVATE_FILE = 0o600
PRIVATE_DIRECTORY = 0o700
COMPANIONS = ("-wal", "-shm", "-journal")
"""The files SQLite keeps next to a database, by suffix."""


def make_private_directory(folder: Path) -> None:
    """Create ``folder`` and any missing parents, each readable by this user only."""
    missing = []
    while not folder.exists():
        missing.append(folder)
        if folder.parent == folder:
            break
        folder = folder.parent
    for created in reversed(missing):
        created.mkdir(mode=PRIVATE_DIRECTORY, exist_ok=True)
        os.chmod(created, PRIVATE_DIRECTORY)  # mkdir's mode is filtered by the umask


def make_private_database(path: Path) -> None:
    """Create the database file 0600 if it is missing; tighten it and its companions if not."""
    make_private_directory(path.parent)
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, PRIVATE_FILE)
    os.close(descriptor)
    tighten(path)


def tighten(path: Path) -> None:
    """Take away group and other permissions from the database and its existing companions."""
    for candidate in (path, *(path.with_name(path.name + suffix) for suffix in COMPANIONS)):
        try:
            mode = stat.S_IMODE(os.stat(candidate).st_mode)
        except FileNotFoundError:
            continue
        if mode & 0o077:
            os.chmod(candidate, mode & PRIVATE_FILE)
