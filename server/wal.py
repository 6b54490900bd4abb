"""Emptying the SQLite write-ahead log after deleting a meeting, even while someone reads it.

Deleted words still sit in old WAL frames until the log is checkpointed and truncated.
Another process reading the database (a backup, an ``sqlite3`` shell) blocks that: SQLite
cannot reset a log a reader may still need. ``WalTruncation`` tries at once and, while
a reader holds the log, retries on an event-loop timer with a doubling delay capped at
``MAX_DELAY``, so the relay goes on serving meanwhile. It logs once that it is waiting
and once when the log is empty. It knows nothing of SQL: the store hands it the one
non-blocking attempt to make.
"""

import asyncio
import logging
from collections.abc import Callable

log = logging.getLogger(__name__)

FIRST_DELAY = 0.1
"""Seconds before the first retry."""
MAX_DELAY = 30.0
"""The longest pause between two retries, however long the reader stays."""


class WalTruncation:
    """Truncate one database's WAL now, or as soon as no other reader holds it."""

    def __init__(self, attempt: Callable[[], bool], database: str) -> None:
        """Args:
        attempt: Checkpoint and truncate without waiting; True if the WAL is now empty.
        database: The database's path, for the log.
        """
        self._attempt = attempt
        self._database = database
        self._timer: asyncio.TimerHandle | None = None
        self._delay = FIRST_DELAY

    @property
    def waiting(self) -> bool:
        """True while a reader holds the WAL and a retry is armed."""
        return self._timer is not None

    def request(self) -> bool:
        """Empty the WAL now if possible, else arm the retries; True if it is empty now."""
        if self._timer is not None:  # the armed retry truncates everything written so far too
            return False
        if self._try():
            return True
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # a command-line tool: the relay empties it at its next purge
            log.warning("%s: another reader holds the WAL; it was not emptied", self._database)
            return False
        log.info("%s: waiting for another reader to finish before emptying the WAL", self._database)
        self._delay = FIRST_DELAY
        self._timer = loop.call_later(self._delay, self._retry)
        return False

    def cancel(self) -> None:
        """Stop retrying (the store is closing)."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _try(self) -> bool:
        try:
            return self._attempt()
        except Exception:  # a timer callback must not take the loop down
            log.exception("%s: emptying the WAL failed", self._database)
            return False

    def _retry(self) -> None:
        self._timer = None
        if self._try():
            log.info("%s: the WAL is empty again; deleted meeting text is gone from it", self._database)
            return
        self._delay = min(self._delay * 2, MAX_DELAY)
        self._timer = asyncio.get_running_loop().call_later(self._delay, self._retry)
