"""One live room on the relay: its state, who is connected, recording and fan-out.

``Room.record`` is the single path by which anything happens in a room: it numbers the
events, commits them to the store, applies them with the shared reducer and only then
sends them. It is synchronous on purpose: with no ``await`` between deciding, storing
and sending, two commands can never interleave, and every connection sees the events
in sequence order. Sends go straight to each socket's buffer (websockets'
``broadcast``); a connection whose buffer has grown past ``SLOW_BUFFER_BYTES`` stopped
reading and is closed with 4008 so it resumes later instead of eating memory.
"""

import asyncio
import logging
import time
from collections.abc import Callable, Iterable
from functools import partial
from typing import Any

from websockets.asyncio.server import ServerConnection, broadcast

from protocol.codec import encode
from protocol.errors import ProtocolError
from protocol.frames import Event, Welcome
from protocol.kinds import EventKind, Role
from protocol.limits import SNAPSHOT_TRANSCRIPT_BYTES
from protocol.meeting_format import MeetingFormat
from protocol.privacy import audience, view_for
from protocol.reducer import apply
from protocol.rules import Context, gone_for_good, share_time_up
from protocol.state import Message, Note, RoomState, state_to_wire
from server.purge import purge_ended_meeting
from server.store import Store

log = logging.getLogger(__name__)

SLOW_BUFFER_BYTES = 128 * 1024
"""A connection with more unsent bytes than this has stopped reading: drop it."""

CLOSE_TOO_SLOW = 4008


def _newest_within(items: tuple[Any, ...], budget: int) -> tuple[Any, ...]:
    """The newest messages or notes whose text fits ``budget`` bytes."""
    kept: list[Message | Note] = []
    used = 0
    for item in reversed(items):
        used += len(item.text.encode()) + len(item.name.encode()) + 16
        if used > budget:
            break
        kept.append(item)
    return tuple(reversed(kept))


def snapshot_wire(state: RoomState, pid: int) -> list[Any]:
    """The snapshot ``pid`` may see, its transcript and notes trimmed until it fits a frame.

    Raises:
        ProtocolError: if even without any messages the snapshot is too large.
    """
    view = view_for(state, pid)
    for budget in (SNAPSHOT_TRANSCRIPT_BYTES, 16384, 4096, 0):
        wire = state_to_wire(
            view, _newest_within(view.transcript, budget), _newest_within(view.notes, budget // 4)
        )
        try:
            encode(Welcome(pid, Role.MEMBER, "x" * 64, 0.0, None, wire))
        except ProtocolError:
            continue
        return wire
    raise ProtocolError("too_large", "The room's snapshot does not fit one frame.")


class Room:
    """A room's authoritative state and the connections that receive its events."""

    def __init__(
        self,
        state: RoomState,
        store: Store,
        *,
        grace_seconds: float,
        clock: Callable[[], float] = time.time,
        formats: dict[str, MeetingFormat] | None = None,
        retention_hours: float = 0.0,
    ) -> None:
        self.state = state
        self.store = store
        self.grace_seconds = grace_seconds
        self.clock = clock
        self.formats = formats or {}
        self.retention_hours = retention_hours
        """How long a finished meeting's words are kept before they are deleted."""
        self._purge_timer: asyncio.TimerHandle | None = None
        self.connections: dict[int, ServerConnection] = {}
        self._grace_timers: dict[int, asyncio.TimerHandle] = {}
        self._share_timer: asyncio.TimerHandle | None = None

    def context(self) -> Context:
        """What the rules need beyond the state: the clock and the formats."""
        return Context(now=self.clock(), formats=self.formats)

    @property
    def name(self) -> str:
        """The room's name, as in its URL."""
        return self.state.name

    def record(
        self,
        decisions: Iterable[tuple[EventKind, tuple[Any, ...]]],
        actor: int | None = None,
        request_id: int | None = None,
    ) -> list[Event]:
        """Number, commit, apply and send events; return them.

        Durable before acknowledged: the store commits before anything is sent.
        """
        now = int(self.clock())
        events: list[Event] = []
        state = self.state
        for kind, fields in decisions:
            event = Event(state.seq + 1, now, kind, actor, request_id, tuple(fields))
            state = apply(state, event)
            events.append(event)
        if not events:
            return events
        self.store.append_events(self.name, events, state)
        self.state = state
        for event in events:
            self.send_to(encode(event), partial(audience(event).includes, state))
        if any(e.kind in (EventKind.FLOOR_GIVEN, EventKind.AGENDA_CURRENT) for e in events):
            self._arm_share_timer()
        for event in events:
            if event.kind is EventKind.MEETING_ENDED:
                self.store.mark_meeting_ended(self.name, event.seq, event.at)
                self.schedule_purge(event.seq, event.at)
        return events

    def schedule_purge(self, ended_seq: int, ended_at: int) -> None:
        """Delete the ended meeting's records once its retention is over (at once for 0 hours)."""
        delay = ended_at + self.retention_hours * 3600 - self.clock()
        if delay <= 0:
            self._purge(ended_seq)
            return
        if self._purge_timer is not None:
            self._purge_timer.cancel()
        self._purge_timer = asyncio.get_running_loop().call_later(delay, self._purge, ended_seq)

    def _purge(self, ended_seq: int) -> None:
        self._purge_timer = None
        try:
            # storage: names, words and private records go; the room carries on without them
            self.state = purge_ended_meeting(self.store, self.name, ended_seq, self.state)
        except Exception:  # a timer callback must not take the loop down
            log.exception("room %s: could not delete the ended meeting's records", self.name)

    def send_to(self, frame: bytes, wanted: Callable[[int], bool]) -> None:
        """Send one frame to every connection ``wanted`` picks, dropping any that stopped reading."""
        readers = []
        for pid, connection in list(self.connections.items()):
            if not wanted(pid):
                continue
            transport = connection.transport
            if transport is not None and transport.get_write_buffer_size() > SLOW_BUFFER_BYTES:
                log.warning("room %s: participant %s is not reading; dropping them", self.name, pid)
                self.detach(pid, connection)
                asyncio.ensure_future(connection.close(CLOSE_TOO_SLOW, "too slow; resume to catch up"))
                continue
            readers.append(connection)
        broadcast(readers, frame)

    def attach(self, pid: int, connection: ServerConnection) -> ServerConnection | None:
        """Make ``connection`` the one that receives ``pid``'s events; return any it replaced."""
        self._cancel_grace(pid)
        previous = self.connections.get(pid)
        self.connections[pid] = connection
        return previous if previous is not connection else None

    def detach(self, pid: int, connection: ServerConnection) -> bool:
        """Stop sending to ``connection``; True if it was ``pid``'s current connection."""
        if self.connections.get(pid) is connection:
            del self.connections[pid]
            return True
        return False

    def _arm_share_timer(self) -> None:
        """A share with a hard stop ends at its deadline: one timer, never a tick."""
        if self._share_timer is not None:
            self._share_timer.cancel()
            self._share_timer = None
        rules = self.state.current_rules()
        deadline = self.state.share_deadline()
        if deadline is None or rules is None or not rules.hard_stop:
            return
        since = self.state.floor_since
        delay = max(0.0, deadline - self.clock())
        self._share_timer = asyncio.get_running_loop().call_later(delay, self._share_time_up, since)

    def _share_time_up(self, since: int | None) -> None:
        self._share_timer = None
        if self.state.floor_since != since:  # that share ended already
            return
        try:
            self.record(share_time_up(self.state))
        except Exception:  # a timer callback must not take the loop down
            log.exception("room %s: could not end a share at its limit", self.name)

    def link_lost(self, pid: int) -> None:
        """``pid``'s link dropped: show them as reconnecting and hold their place a while."""
        if pid in self.state.waiting and pid not in self.connections:
            self._start_grace(pid)
            return
        person = self.state.participants.get(pid)
        if person is None or pid in self.connections:
            return
        if person.connected:
            self.record([(EventKind.DROPPED, (pid,))])
        self._start_grace(pid)

    def hold_places_after_restart(self) -> None:
        """After a relay restart nobody is connected: start everyone's grace period."""
        for pid in [*self.state.participants, *self.state.waiting]:
            self.link_lost(pid)

    def _start_grace(self, pid: int) -> None:
        self._cancel_grace(pid)
        loop = asyncio.get_running_loop()
        self._grace_timers[pid] = loop.call_later(self.grace_seconds, self._grace_over, pid)

    def _cancel_grace(self, pid: int) -> None:
        timer = self._grace_timers.pop(pid, None)
        if timer is not None:
            timer.cancel()

    def _grace_over(self, pid: int) -> None:
        self._grace_timers.pop(pid, None)
        if pid in self.connections:
            return
        if pid in self.state.waiting:
            ending = [(EventKind.WAITER_LEFT, (pid,))]
        elif pid in self.state.participants:
            ending = gone_for_good(self.state, pid)
        else:
            return
        try:
            self.record(ending)
            self.store.forget_tokens(self.name, pid)
        except Exception:  # a timer callback must not take the loop down
            log.exception("room %s: could not record the end of %s's grace period", self.name, pid)

    def present_count(self) -> int:
        """How many people are in the meeting now (not counting the waiting room)."""
        return sum(1 for pid in self.connections if pid in self.state.participants)

    def shutdown(self) -> None:
        """Cancel timers; the relay is stopping (places are held again on restart)."""
        for timer in self._grace_timers.values():
            timer.cancel()
        self._grace_timers.clear()
        for handle in (self._share_timer, self._purge_timer):
            if handle is not None:
                handle.cancel()
        self._share_timer = self._purge_timer = None
