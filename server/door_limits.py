"""How many strangers the relay's door lets through: connections per address, arrivals
per address per minute, connections in all, and plain HTTP requests per address.

The counts live here and nowhere else; ``server.connection`` asks before reading a
hello and tells it when a connection ends, ``server.http`` asks before answering a
request. Everything is in memory and forgotten at restart, on purpose: no address is
ever written to disk. Addresses are the peer's IP as the socket sees it; behind a
reverse proxy every visitor shares the proxy's, so raise the limits there.
"""

import time
from collections import deque
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from protocol.close_codes import CloseCode


@dataclass(frozen=True)
class DoorLimits:
    """The relay's limits on strangers; the defaults fit one group on a small box."""

    max_connections: int = 1000
    """Websocket connections the relay holds in all."""
    connections_per_address: int = 20
    """Websocket connections open at once from one address."""
    joins_per_address: int = 30
    """New arrivals (not resumes, not facilitators with the key) from one address per minute."""
    http_per_address: int = 10
    """Plain HTTP requests (``/rooms``, ``/formats``...) from one address per ``HTTP_WINDOW``."""
    trusted_addresses: frozenset[str] = frozenset()
    """Addresses counted only against ``max_connections``: the relay's own SSH door, whose
    clients all connect from the loopback address and which caps its sessions itself."""


LOOPBACK_ADDRESSES = frozenset({"127.0.0.1", "::1"})
"""Where the relay's own SSH door connects from."""

JOIN_WINDOW = 60.0
"""Seconds over which ``joins_per_address`` is counted."""

HTTP_WINDOW = 10.0
"""Seconds over which ``http_per_address`` is counted."""


class RateWindow:
    """At most ``limit`` events per key in any ``window`` seconds (a sliding log).

    Keys whose events have all aged out are swept now and then, so a flood from many
    addresses cannot grow the table without bound.
    """

    def __init__(self, limit: int, window: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.window = window
        self._clock = clock
        self._stamps: dict[Hashable, deque[float]] = {}
        self._next_sweep = clock() + window

    def allow(self, key: Hashable) -> bool:
        """Count one event for ``key`` and say whether it is within the limit."""
        now = self._clock()
        self._sweep(now)
        stamps = self._stamps.setdefault(key, deque())
        while stamps and stamps[0] <= now - self.window:
            stamps.popleft()
        if len(stamps) >= self.limit:
            return False
        stamps.append(now)
        return True

    def retry_after(self, key: Hashable) -> float:
        """Seconds until ``key`` may send again (0 when it may now)."""
        stamps = self._stamps.get(key)
        if not stamps or len(stamps) < self.limit:
            return 0.0
        return max(0.0, stamps[0] + self.window - self._clock())

    def tracked(self) -> int:
        """How many keys the window holds now (bounded by the sweep)."""
        return len(self._stamps)

    def _sweep(self, now: float) -> None:
        if now < self._next_sweep:
            return
        self._next_sweep = now + self.window
        for key in [k for k, stamps in self._stamps.items() if not stamps or stamps[-1] <= now - self.window]:
            del self._stamps[key]


class Turnstile:
    """The door's counts: who is connected from where, and who arrived lately."""

    def __init__(self, limits: DoorLimits | None = None, clock: Callable[[], float] = time.monotonic) -> None:
        self.limits = limits or DoorLimits()
        self.open_connections = 0
        self._by_address: dict[str, int] = {}
        self._joins = RateWindow(self.limits.joins_per_address, JOIN_WINDOW, clock)
        self.http = RateWindow(self.limits.http_per_address, HTTP_WINDOW, clock)
        """Plain HTTP requests per address (``server.http`` asks it)."""

    def enter(self, address: str) -> CloseCode | None:
        """Count a new connection from ``address``; the close code when it must be turned away.

        A connection turned away is not counted, so its ``leave`` must not be called.
        """
        if self.open_connections >= self.limits.max_connections:
            return CloseCode.RELAY_FULL
        trusted = address in self.limits.trusted_addresses
        if not trusted and self._by_address.get(address, 0) >= self.limits.connections_per_address:
            return CloseCode.TOO_MANY_FROM_ADDRESS
        self.open_connections += 1
        self._by_address[address] = self._by_address.get(address, 0) + 1
        return None

    def leave(self, address: str) -> None:
        """A connection from ``address`` that ``enter`` let in has ended."""
        self.open_connections -= 1
        left = self._by_address.get(address, 0) - 1
        if left > 0:
            self._by_address[address] = left
        else:
            self._by_address.pop(address, None)

    def may_arrive(self, address: str) -> bool:
        """Count one new arrival from ``address``; False when it has had its share this minute."""
        return address in self.limits.trusted_addresses or self._joins.allow(address)


def peer_address(remote: object) -> str:
    """The IP part of a socket's peer address (``("::1", 5000, 0, 0)`` → ``"::1"``)."""
    if isinstance(remote, tuple) and remote:
        return str(remote[0])
    return "unknown"
