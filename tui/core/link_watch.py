"""Whether the relay still answers: the time since anything was last heard on the link.

A relay that stops answering (its host froze, a NAT dropped the mapping, the Wi-Fi went
away without a reset) leaves the socket looking open. ``LinkWatch`` is the link's only
keepalive: the relay sends no pings of its own, so an idle member costs one ping and one
pong about every 30 s instead of two exchanges every 20 s (see "Keepalive" in
``docs/performance.md``). It notes every frame and pong received; when the link has been
quiet for ``PING_AFTER`` of ``answer_within`` (30 of 45 s) it sends a ping, once it has
been quiet for ``answer_within`` it reports the link as not answering (and again when
something arrives), and after ``GIVE_UP_AFTER`` times ``answer_within`` (90 s) it closes
the link so that the session resumes on a new one. Only silence counts: a pong queued
behind data on a slow link arrives late, but the data before it counts as heard.

No ``textual`` here: the session owns one watch per session and reports through it.
"""

import asyncio
import logging
import time
from collections.abc import Callable

from websockets.asyncio.client import ClientConnection
from websockets.exceptions import ConnectionClosed

log = logging.getLogger(__name__)

PING_AFTER = 2 / 3
"""Share of ``answer_within`` of quiet after which a ping asks the relay to answer."""
GIVE_UP_AFTER = 2.0
"""Multiple of ``answer_within`` of silence after which the link is closed and resumed."""
CHECKS_PER_WINDOW = 9
"""Looks at the clock per ``answer_within``: a ping goes out at most this late (5 s of 45)."""


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
            await asyncio.sleep(self.answer_within / CHECKS_PER_WINDOW)
            quiet = self._clock() - self._last_heard
            if quiet >= self.answer_within * PING_AFTER and not self._pinging:
                self._pinging = True
                asyncio.create_task(self._ping(connection))
            if quiet >= self.answer_within and self._answering:
                self._answering = False
                log.info("the relay has not answered for %.0f s", quiet)
                self._on_change(False)
            if quiet >= self.answer_within * GIVE_UP_AFTER:
                log.info("the relay has been silent for %.0f s; closing the link to resume", quiet)
                # No close handshake: a silent relay would not answer it either.
                connection.transport.abort()
                return

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
