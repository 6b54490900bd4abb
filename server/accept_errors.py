"""Quiet accept errors: at most one log line a minute when the relay runs out of sockets.

When every file descriptor is taken, asyncio's server logs ``socket.accept() out of
system resource`` through the loop's exception handler and tries again each second,
for as long as the flood lasts: a log storm that fills the disk of the small box the
relay runs on. ``quiet_accept_errors`` puts a handler in front that lets one such line
through per ``ACCEPT_LOG_EVERY`` seconds, saying how many it held back, and passes
everything else on unchanged.
"""

import asyncio
import logging
import time
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)

ACCEPT_LOG_EVERY = 60.0
"""Seconds between two logged accept errors."""

_ACCEPT_ERROR = "socket.accept() out of system resource"


class OncePer:
    """Lets one thing through per ``seconds``, counting the ones it held back."""

    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.seconds = seconds
        self._clock = clock
        self._last: float | None = None
        self.held_back = 0

    def allow(self) -> int | None:
        """None to stay quiet; else how many were held back since the last one let through."""
        now = self._clock()
        if self._last is not None and now - self._last < self.seconds:
            self.held_back += 1
            return None
        self._last = now
        held, self.held_back = self.held_back, 0
        return held


Handler = Callable[[asyncio.AbstractEventLoop, dict[str, Any]], object]


def quiet_accept_errors(loop: asyncio.AbstractEventLoop, limiter: OncePer | None = None) -> Handler | None:
    """Rate-limit ``loop``'s accept errors; returns the handler it replaced (to put back).

    Several relays on one loop (tests) share the first one's handler.
    """
    previous = loop.get_exception_handler()
    if getattr(previous, "quiets_accept_errors", False):
        return previous
    limiter = limiter or OncePer(ACCEPT_LOG_EVERY)

    def handle(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        if not str(context.get("message", "")).startswith(_ACCEPT_ERROR):
            if previous is not None:
                previous(loop, context)
            else:
                loop.default_exception_handler(context)
            return
        held = limiter.allow()
        if held is not None:
            log.error(
                "cannot accept connections: %s (%s more like this held back); "
                "raise the open-files limit or lower --max-connections",
                context.get("exception"),
                held,
            )

    handle.quiets_accept_errors = True  # type: ignore[attr-defined]
    loop.set_exception_handler(handle)
    return previous
