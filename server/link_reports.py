"""Link reports on the relay: how far behind each person is, measured here, and kept quiet.

A client reports its round trip and the last event it has shown (``LINK_REPORT``) about
once a minute. ``LinkReports.take`` measures how far behind the room that person's screen
is: 0 when they have every event they may see, else the time since the first event
after their last one that was meant for them (read back from the store, so private
events between others never count against anyone). The rules (``protocol.rules.presence``)
record ``LINK_HEALTH`` only when their marker changes.

A report is never refused aloud and never counts towards flooding: its own bucket
(``protocol.rate_limits.LINK_REPORT_BUCKET``: 3, then one every 20 s) says which are
read, the rest are dropped, and every one is answered with an ``Ack`` so the client's
outbox lets it go.
Memory only: a restart forgets the pace, which costs nothing.
"""

from collections.abc import Callable
from time import monotonic

from protocol.codec import decode
from protocol.errors import ProtocolError, Refused
from protocol.frames import Ack, Command, Event
from protocol.limits import MAX_PARTICIPANTS
from protocol.privacy import audience
from protocol.rate_limits import LINK_REPORT_BUCKET, Bucket
from protocol.rules import Context, decide
from server.rate_limiter import Tokens
from server.room import Room
from server.store import Store

LOOK_AHEAD_EVENTS = 256
"""Events after a report's last shown one searched for the first meant for the sender."""


class LinkReports:
    """The relay's link reports: a quiet pace per person, and the lag each report shows."""

    def __init__(
        self,
        store: Store | None = None,
        bucket: Bucket = LINK_REPORT_BUCKET,
        clock: Callable[[], float] = monotonic,
    ) -> None:
        self._store = store
        self._bucket = bucket
        self._clock = clock
        self._tokens: dict[tuple[str, int], Tokens] = {}
        """Each (room, pid)'s report tokens."""

    def take(self, room: Room, pid: int, command: Command) -> Ack:
        """Read ``pid``'s report if their pace allows, record any new marker, and acknowledge it."""
        if self._may_read(room.name, pid):
            rtt_ms, shown_seq = command.args
            behind = self.behind_seconds(room, pid, shown_seq)
            context = Context(now=room.clock(), formats=room.formats, behind_seconds=behind)
            try:
                decision = decide(room.state, pid, command, context)
            except (Refused, ProtocolError):  # from the waiting room, say: nothing to show anyone
                decision = []
            if decision:
                room.record(decision, actor=pid, request_id=command.request_id)
        return Ack(command.request_id, room.state.seq)

    def behind_seconds(self, room: Room, pid: int, shown_seq: int) -> float:
        """Seconds since the first event after ``shown_seq`` meant for ``pid`` (0: none missed)."""
        if shown_seq >= room.state.seq or self._store is None:
            return 0.0
        for frame in self._store.first_frames_after(room.name, shown_seq, LOOK_AHEAD_EVENTS):
            try:
                event = decode(frame)
            except ProtocolError:
                continue
            if isinstance(event, Event) and audience(event).includes(room.state, pid):
                return max(0.0, room.clock() - event.at)
        return 0.0

    def _may_read(self, room_name: str, pid: int) -> bool:
        """Spend one of the person's report tokens, if they have one."""
        now = self._clock()
        if len(self._tokens) > 4 * MAX_PARTICIPANTS:  # people come and go: start the pace afresh
            self._tokens.clear()
        tokens = self._tokens.setdefault((room_name, pid), Tokens.full(self._bucket, now))
        return tokens.take(self._bucket, now) == 0.0
