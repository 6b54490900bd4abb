"""How the client paces its link to the relay: timeouts, and the wait before reconnecting.

Chosen for the links this project serves (800 ms round trips, 9.6 kbit/s): generous
handshake and welcome timeouts, and an exponential backoff with jitter between two bounds
that resets only after a connection that stayed up (``STABLE_SECONDS``). Pure: no sockets.
"""

import enum
import random

ANSWER_WITHIN = 45.0
"""Seconds of silence after which the relay counts as not answering. The link's only
keepalive is ``LinkWatch``: it pings after 30 s of quiet (the pong also measures the
round trip) and closes the link after 90 s of silence. websockets' own keepalive is off:
its ping timeout counts from when the ping is written, so on a slow busy link a pong
queued behind data closed healthy connections."""
OPEN_TIMEOUT = 20.0
"""Seconds for the TCP and websocket handshakes: about three round trips, which is 2.4 s
at 800 ms, or a few more on a loaded 9.6 kbit/s link; a dead address fails sooner."""
WELCOME_TIMEOUT = 120.0
"""Seconds from hello to welcome: a full snapshot at 9.6 kbit/s takes most of a minute."""
CLOSE_TIMEOUT = 5.0
"""Seconds to wait for the relay to answer our close frame."""
ABNORMAL_CLOSURE = 1006
"""RFC 6455's code for a link that dropped without a close frame (never sent on the wire)."""
MIN_BACKOFF = 2.0
"""Shortest wait before reconnecting: a couple of 800 ms round trips, so that a link that
just dropped has a moment to come back, and a relay restarting is not hit at once."""
MAX_BACKOFF = 30.0
"""Longest wait: a reconnect costs about three round trips and 1-2 KB of a 9.6 kbit/s
link, and a relay away for minutes is still found within half a minute of its return."""
STABLE_SECONDS = 10.0
"""A welcomed connection that lasted this long resets the backoff; a shorter one does not,
so a relay that drops us straight after the welcome is not hammered."""


class Outcome(enum.Enum):
    """How one connection attempt ended, which decides the wait before the next."""

    FAILED = enum.auto()  # never welcomed
    BRIEF = enum.auto()  # welcomed, but dropped before STABLE_SECONDS
    STABLE = enum.auto()  # welcomed and stayed up: back off from the start again
    RETRY_NOW = enum.auto()  # the resume token was refused: join afresh at once
    OVER = enum.auto()  # ended by the relay or closed by us


class Backoff:
    """The wait before the next connection attempt, doubling from ``shortest`` to ``longest``."""

    def __init__(self, shortest: float, longest: float) -> None:
        self.shortest = shortest
        self.longest = max(longest, shortest)
        self._next = shortest

    def after(self, outcome: Outcome, busy_seconds: float | None = None) -> float:
        """The seconds to wait after an attempt that ended with ``outcome``.

        Jitter spreads clients that all dropped at once (a relay restart); every wait stays
        within [shortest, longest] unless the relay said it is busy, when its pause wins.
        """
        if outcome is Outcome.STABLE:
            self._next = self.shortest
        delay = min(self._next * random.uniform(1.0, 1.5), self.longest)
        self._next = min(self._next * 2, self.longest)
        if busy_seconds is not None:
            delay = max(delay, busy_seconds * random.uniform(1.0, 1.2))
        return delay
