"""Whether the relay still answers: the time since anything was last heard on the link.

A relay that stops answering (its host froze, a NAT dropped the mapping, the Wi-Fi went
away without a reset) leaves the socket looking open: websockets' own keepalive gives up
only after its ping timeout, about 75 s in all. ``LinkWatch`` notes every frame and pong
received; when the link has been quiet for half of ``answer_within`` it sends a ping of
its own, and once it has been quiet for ``answer_within`` it reports the link as not
answering, and again when something arrives. It never closes the link (websockets does
that, and the session then resumes); it only lets a front end say what is going on.

No ``textual`` here: the session owns one watch per session and reports through it.
"""

import asyncio
import logging
import time
from collections.abc import Callable

from websockets.asyncio.client import ClientConnection
from websockets.exceptions import ConnectionClosed

log = logging.getLogger(__name__)


class LinkWatch:
    """The time since the relay was last heard, and whether that is too long."""

    def __init__(
        self,
        answer_within: float,
        on_change: Callable[[bool], None],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """Args:
        answer_within: Seconds of silence after which the link counts as not answering.
        on_change: Called with False when the link stops answering, True when it answers again.
        clock: Monotonic seconds (tests may pass their own).
        """
        self.answer_within = answer_within
        self._on_change = on_change
        self._clock = clock
        self._last_heard = clock()
        self._answering = True
        self._pinging = False

    @property
    def silent_for(self) -> float | None:
        """Seconds since the relay was last heard, while it counts as not answering; else None."""
        return None if self._answering else self._clock() - self._last_heard

    def heard(self) -> None:
        """Something arrived from the relay (a frame, a pong)."""
        self._last_heard = self._clock()
        if not self._answering:
            self._answering = True
            self._on_change(True)

    async def watch(self, connection: ClientConnection) -> None:
        """Check the link a few times per ``answer_within`` until cancelled."""
        self.heard()
        while True:
            await asyncio.sleep(self.answer_within / 4)
            quiet = self._clock() - self._last_heard
            if quiet >= self.answer_within / 2 and not self._pinging:
                self._pinging = True
                asyncio.create_task(self._ping(connection))
            if quiet >= self.answer_within and self._answering:
                self._answering = False
                log.info("the relay has not answered for %.0f s", quiet)
                self._on_change(False)

    async def _ping(self, connection: ClientConnection) -> None:
        """Ask the relay for a pong; its arrival counts as hearing from it."""
        try:
            pong = await connection.ping()
            await pong
            self.heard()
        except (ConnectionClosed, RuntimeError, asyncio.CancelledError):
            pass  # the link closed: the session notices and resumes
        finally:
            self._pinging = False

    def stop_waiting(self) -> None:
        """The connection is gone: a new one starts with a clean slate."""
        self._last_heard = self._clock()
        if not self._answering:
            self._answering = True
            self._on_change(True)
