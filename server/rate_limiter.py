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
class _Level:
    """One bucket's tokens at ``at`` (refilled lazily when next asked)."""

    tokens: float
    at: float


@dataclass
class _Person:
    """Everything the limiter keeps about one participant."""

    refusals: deque[float]
    """When the latest refusals happened (at most as many as make a flood)."""
    levels: dict[Allowance, _Level] = field(default_factory=dict)
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
        person = self._person(pid)
        level = person.levels.get(allowance)
        if level is None:
            level = person.levels[allowance] = _Level(float(bucket.burst), now)
        elif now > level.at:
            level.tokens = min(float(bucket.burst), level.tokens + (now - level.at) / bucket.every_seconds)
            level.at = now
        if level.tokens >= 1.0:
            level.tokens -= 1.0
            return 0.0
        return (1.0 - level.tokens) * bucket.every_seconds

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
