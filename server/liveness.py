"""Whether a participant's link is still alive, judged by anything received, not by pings.

The relay sends no keepalive pings: the client pings when its link is quiet
(``tui.core.link_watch``), so an idle member costs one exchange about every 30 s rather
than one from each side. websockets' own ping timeout also counted from when the ping was
written: on a 9.6 kbit/s link the pong waited behind queued events and healthy members
were dropped. ``HeardConnection`` instead notes the time of every byte received (a
frame, a ping, part of either) and closes a connection that has been silent for
``silent_limit`` seconds: a member whose pongs are late because data is queued is still
heard, and a member who vanished without a close is let go within about that long, so
their place moves to its grace period as for any drop.

It owns nothing else of the connection: ``server.connection`` handles the frames.
"""

import asyncio
import logging
import time
from typing import Any

from websockets.asyncio.server import ServerConnection

log = logging.getLogger(__name__)

SILENT_LIMIT = 90.0
"""Seconds without a byte after which a connection is closed: three of the client's
30 s quiet-link pings, so two lost ones are forgiven."""
CHECKS_PER_LIMIT = 6
"""How often a connection's silence is looked at, per ``silent_limit``."""


class HeardConnection(ServerConnection):
    """A server connection that notes when it last heard anything, and ends a silent one."""

    silent_limit: float = SILENT_LIMIT
    """Seconds of silence allowed; ``with_silent_limit`` makes a class with another."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.last_heard = time.monotonic()
        """When the last byte arrived from the client (monotonic seconds)."""
        self._check: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)
        self.last_heard = time.monotonic()
        self._schedule()

    def data_received(self, data: bytes) -> None:
        self.last_heard = time.monotonic()
        super().data_received(data)

    def connection_lost(self, exc: Exception | None) -> None:
        if self._check is not None:
            self._check.cancel()
            self._check = None
        super().connection_lost(exc)

    def _schedule(self) -> None:
        self._check = asyncio.get_running_loop().call_later(self.silent_limit / CHECKS_PER_LIMIT, self._look)

    def _look(self) -> None:
        silent = time.monotonic() - self.last_heard
        if silent < self.silent_limit:
            self._schedule()
            return
        self._check = None
        log.info("closing a connection silent for %.0f s", silent)
        # No close handshake: a peer that has sent nothing for this long will not answer it.
        self.transport.abort()


def with_silent_limit(seconds: float) -> type[HeardConnection]:
    """A ``HeardConnection`` class that allows ``seconds`` of silence (tests use short ones)."""
    if seconds == SILENT_LIMIT:
        return HeardConnection
    return type("HeardConnection", (HeardConnection,), {"silent_limit": seconds})
