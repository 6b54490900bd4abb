"""Where the relay keeps its SQLite file when no ``--db`` is given."""

from pathlib import Path

import platformdirs

from server.private_files import make_private_directory


def default_db_path() -> Path:
    """The relay database in the platform's user data directory (created 0700 if missing)."""
    folder = platformdirs.user_data_path("talkingstick", appauthor=False)
    make_private_directory(folder)
    return folder / "relay.sqlite3"
