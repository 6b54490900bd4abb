"""Where the relay keeps its SQLite file when no ``--db`` is given."""

from pathlib import Path

import platformdirs


def default_db_path() -> Path:
    """The relay database in the platform's user data directory (created if missing)."""
    folder = platformdirs.user_data_path("talkingstick", appauthor=False)
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "relay.sqlite3"
