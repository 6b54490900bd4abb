"""A room's one-shot timers: grace periods, a share's hard stop, the purge of ended meetings.

Each timer has a key (``("grace", pid)``, ``"share"``, ``"purge"``); starting one under a
key cancels the one before, so a room never holds two timers for the same thing and
nothing ticks. A callback that raises is logged with what it was doing and goes no
further: a timer must never take the event loop, and with it every meeting, down.
"""

import asyncio
import logging
from collections.abc import Callable, Hashable

log = logging.getLogger(__name__)


class Timers:
    """One room's pending timers, by key."""

    def __init__(self, room_name: str) -> None:
        self._room_name = room_name
        self._handles: dict[Hashable, asyncio.TimerHandle] = {}

    def start(self, key: Hashable, delay: float, callback: Callable[[], None], doing: str) -> None:
        """Run ``callback`` after ``delay`` seconds, replacing any timer under ``key``.

        Args:
            key: What the timer is for; one timer per key.
            delay: Seconds from now.
            callback: What to do then.
            doing: What the callback does, for the log if it fails ("end a share at its limit").
        """
        self.cancel(key)
        loop = asyncio.get_running_loop()
        self._handles[key] = loop.call_later(delay, self._fire, key, callback, doing)

    def cancel(self, key: Hashable) -> None:
        """Forget the timer under ``key``, if there is one."""
        handle = self._handles.pop(key, None)
        if handle is not None:
            handle.cancel()

    def cancel_all(self) -> None:
        """Forget every timer (the relay is stopping)."""
        for handle in self._handles.values():
            handle.cancel()
        self._handles.clear()

    def _fire(self, key: Hashable, callback: Callable[[], None], doing: str) -> None:
        self._handles.pop(key, None)
        try:
            callback()
        except Exception:  # a timer callback must not take the loop down
            log.exception("room %s: could not %s", self._room_name, doing)
