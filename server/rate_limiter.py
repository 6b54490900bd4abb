"""Token buckets per participant, and the count of refusals that marks a flood.

Pure bookkeeping with the clock injected: no sockets, no events, no room. The relay's
``server.flood_guard`` asks ``take`` before a command reaches the rules, and acts when
``refuse`` says someone is flooding. The policy itself (which command draws on which
allowance, how big each bucket is) is data in ``protocol.rate_limits``.
"""

import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from protocol.rate_limits import DEFAULT_RATE_LIMITS, Allowance, Bucket, RateLimits


@dataclass
class Tokens:
    """One bucket's tokens at ``at`` (refilled lazily when next asked)."""

    tokens: float
    at: float

    @classmethod
    def full(cls, bucket: Bucket, now: float) -> "Tokens":
        """A bucket's tokens before anything was spent."""
        return cls(float(bucket.burst), now)

    def take(self, bucket: Bucket, now: float) -> float:
        """Refill for the time gone, then spend one token: 0.0 if there was one, else seconds to wait."""
        if now > self.at:
            self.tokens = min(float(bucket.burst), self.tokens + (now - self.at) / bucket.every_seconds)
            self.at = now
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return 0.0
        return (1.0 - self.tokens) * bucket.every_seconds


@dataclass
class _Person:
    """Everything the limiter keeps about one participant."""

    refusals: deque[float]
    """When the latest refusals happened (at most as many as make a flood)."""
    levels: dict[Allowance, Tokens] = field(default_factory=dict)
    stepped_in_at: float | None = None


class RateLimiter:
    """The buckets of everyone in one room."""

    def __init__(
        self, limits: RateLimits = DEFAULT_RATE_LIMITS, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limits = limits
        self.clock = clock
        self._people: dict[int, _Person] = {}

    def take(self, pid: int, allowance: Allowance, bucket: Bucket) -> float:
        """Spend one token of ``pid``'s ``allowance``; 0.0 if there was one, else seconds to wait."""
        now = self.clock()
        levels = self._person(pid).levels
        level = levels.get(allowance) or levels.setdefault(allowance, Tokens.full(bucket, now))
        return level.take(bucket, now)

    def refuse(self, pid: int) -> int | None:
        """Count one refusal for ``pid``; the count when they are now flooding, else None.

        Flooding is ``flood_refusals`` refusals within ``flood_window_seconds``. Once it
        is reported, the count starts again and no new report comes before the relay's
        pause (``flood_silence_minutes``) has run out, so a flood is told once, not
        once per command.
        """
        now = self.clock()
        person = self._person(pid)
        window = self.limits.flood_window_seconds
        person.refusals.append(now)  # the deque keeps only the latest ``flood_refusals``
        if len(person.refusals) < self.limits.flood_refusals or person.refusals[0] <= now - window:
            return None
        if person.stepped_in_at is not None and now - person.stepped_in_at < self._quiet_seconds():
            return None
        count = len(person.refusals)
        person.refusals.clear()
        person.stepped_in_at = now
        return count

    def is_flooding(self, pid: int) -> bool:
        """Whether a flood by ``pid`` was reported and its pause has not run out yet."""
        person = self._people.get(pid)
        if person is None or person.stepped_in_at is None:
            return False
        return self.clock() - person.stepped_in_at < self._quiet_seconds()

    def _quiet_seconds(self) -> float:
        """After reporting a flood, how long before the same person's flood is new again."""
        return max(self.limits.flood_window_seconds, self.limits.flood_silence_minutes * 60.0)

    def _person(self, pid: int) -> _Person:
        person = self._people.get(pid)
        if person is None:
            person = self._people[pid] = _Person(deque(maxlen=max(1, self.limits.flood_refusals)))
        return person

    def keep_only(self, pids: Iterable[int]) -> None:
        """Forget everyone not in ``pids`` (they left the room)."""
        keep = set(pids)
        for pid in [p for p in self._people if p not in keep]:
            del self._people[pid]

    def __len__(self) -> int:
        return len(self._people)
