"""The relay's rate limits in action: refuse a command sent too fast, and step in on a flood.

``FloodGuard.check`` is asked once per command, before the rules (``server.connection``):
it spends a token from the sender's bucket (``server.rate_limiter``, one limiter per
room) and answers ``None`` to let the command through, or the ``rate_limited`` error
frame to send instead. A refused command is never recorded.

When someone keeps being refused (``RateLimits.flood_refusals`` within the window) the
guard records, as the relay (no actor), ``FLOOD_STOPPED`` for the facilitators and, for
a member, ``SILENCED`` for ``flood_silence_minutes``: the same event a facilitator's
silence records, so every client already shows and enforces it. Leaders and people in
the waiting room are only reported: leaders cannot be silenced, and a waiting person's
notes already have the smallest allowance.

From then on (for as long as the limiter counts them as flooding) the relay reads that
connection's next frame only ``FLOOD_READ_PAUSE_SECONDS`` after each refusal
(``take_pause``): the flooder's backlog waits in their own socket, since websockets stops
reading a connection whose queue is full, instead of costing the relay a decode and an
answer per frame. Without that pause, refusing 10,000 commands a second still held
honest members' messages back by seconds (``bench/abuse.py``). Nobody below the flood
threshold is ever slowed this way.
"""

import time
from collections.abc import Callable

from protocol.frames import Command, ErrorFrame
from protocol.kinds import EventKind
from protocol.limits import MAX_PARTICIPANTS
from protocol.rate_limits import DEFAULT_RATE_LIMITS, RateLimits, allowance_for, slow_down_message
from protocol.rules import Decision
from server.metrics import RelayMetrics
from server.rate_limiter import RateLimiter
from server.room import Room

RATE_LIMITED = "rate_limited"
"""The error code of a command refused for speed."""
FLOOD_READ_PAUSE_SECONDS = 0.5
"""How long the relay waits, after refusing someone flooding, before reading them again."""


class FloodGuard:
    """Per-room rate limiters for one relay."""

    def __init__(
        self,
        limits: RateLimits = DEFAULT_RATE_LIMITS,
        clock: Callable[[], float] = time.monotonic,
        metrics: RelayMetrics | None = None,
    ) -> None:
        self.limits = limits
        self.metrics = metrics or RelayMetrics()
        self.clock = clock
        self._limiters: dict[str, RateLimiter] = {}
        self._pauses: dict[tuple[str, int], float] = {}

    def check(self, room: Room, pid: int, command: Command) -> ErrorFrame | None:
        """None if ``pid`` may send ``command`` now, else the error frame that refuses it."""
        limiter = self._limiter(room)
        person = room.state.participants.get(pid)
        waiting = person is None and pid in room.state.waiting
        leads = person is not None and person.role.leads
        allowance = allowance_for(command.kind, waiting=waiting)
        wait = limiter.take(pid, allowance, self.limits.bucket(allowance, leads=leads))
        if wait <= 0.0:
            return None
        self.metrics.rate_limited(allowance.value)
        flood = limiter.refuse(pid)
        if flood is not None:
            self._step_in(room, pid, flood)
        if limiter.is_flooding(pid):
            self._pauses[(room.name, pid)] = min(wait, FLOOD_READ_PAUSE_SECONDS)
        return ErrorFrame(RATE_LIMITED, slow_down_message(allowance, wait), command.request_id)

    def take_pause(self, room: Room, pid: int) -> float:
        """Seconds to wait before reading ``pid``'s next frame (0.0 unless refused while flooding)."""
        return self._pauses.pop((room.name, pid), 0.0) if self._pauses else 0.0

    def _limiter(self, room: Room) -> RateLimiter:
        limiter = self._limiters.get(room.name)
        if limiter is None:
            limiter = self._limiters[room.name] = RateLimiter(self.limits, self.clock)
        elif len(limiter) > MAX_PARTICIPANTS:  # people come and go: forget those gone
            limiter.keep_only([*room.state.participants, *room.state.waiting])
        return limiter

    def _step_in(self, room: Room, pid: int, refused: int) -> None:
        """Tell the facilitators, and pause a flooding member's messages."""
        person = room.state.participants.get(pid)
        now = room.clock()
        until = 0
        if person is not None and not person.role.leads and room.state.silenced.get(pid, 0) <= now:
            until = int(now + self.limits.flood_silence_minutes * 60)
        decisions: Decision = [(EventKind.FLOOD_STOPPED, (pid, refused, until))]
        if until:
            decisions.append((EventKind.SILENCED, (pid, until)))
        room.record(decisions)
