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
from typing import Any

from websockets.asyncio.server import ServerConnection, broadcast

from protocol.codec import encode
from protocol.frames import Event
from protocol.kinds import EventKind
from protocol.limits import SNAPSHOT_TRANSCRIPT_BYTES
from protocol.reducer import apply
from protocol.state import Message, RoomState, state_to_wire
from server.store import Store

log = logging.getLogger(__name__)

SLOW_BUFFER_BYTES = 128 * 1024
"""A connection with more unsent bytes than this has stopped reading: drop it."""

CLOSE_TOO_SLOW = 4008


def trimmed_transcript(state: RoomState, budget: int = SNAPSHOT_TRANSCRIPT_BYTES) -> tuple[Message, ...]:
    """The newest messages whose text fits ``budget`` bytes, so a snapshot fits a frame."""
    kept: list[Message] = []
    used = 0
    for message in reversed(state.transcript):
        used += len(message.text.encode()) + len(message.name.encode()) + 16
        if used > budget:
            break
        kept.append(message)
    return tuple(reversed(kept))


def snapshot_wire(state: RoomState) -> list[Any]:
    """The snapshot array for a welcome, its transcript trimmed to the frame budget."""
    return state_to_wire(state, trimmed_transcript(state))


class Room:
    """A room's authoritative state and the connections that receive its events."""

    def __init__(
        self,
        state: RoomState,
        store: Store,
        *,
        grace_seconds: float,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.state = state
        self.store = store
        self.grace_seconds = grace_seconds
        self.clock = clock
        self.connections: dict[int, ServerConnection] = {}
        self._grace_timers: dict[int, asyncio.TimerHandle] = {}

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
            self.send_to_all(encode(event))
        return events

    def send_to_all(self, frame: bytes) -> None:
        """Send one frame to every connection, dropping any that stopped reading."""
        readers = []
        for pid, connection in list(self.connections.items()):
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

    def link_lost(self, pid: int) -> None:
        """``pid``'s link dropped: show them as reconnecting and hold their place a while."""
        person = self.state.participants.get(pid)
        if person is None or pid in self.connections:
            return
        if person.connected:
            self.record([(EventKind.DROPPED, (pid,))])
        self._start_grace(pid)

    def hold_places_after_restart(self) -> None:
        """After a relay restart nobody is connected: start everyone's grace period."""
        for pid in list(self.state.participants):
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
        if pid in self.connections or pid not in self.state.participants:
            return
        try:
            self.record([(EventKind.LEFT, (pid,))])
            self.store.forget_tokens(self.name, pid)
        except Exception:  # a timer callback must not take the loop down
            log.exception("room %s: could not record the end of %s's grace period", self.name, pid)

    def present_count(self) -> int:
        """How many people are connected now."""
        return len(self.connections)

    def shutdown(self) -> None:
        """Cancel timers; the relay is stopping (places are held again on restart)."""
        for timer in self._grace_timers.values():
            timer.cancel()
        self._grace_timers.clear()
