"""One live room on the relay: who is in it, what they may do next, and who hears of it.

``Room`` is the meeting's authority while the relay runs. It seats arrivals (a newcomer,
or someone resuming with their token, who gets what they missed), applies commands
(a retried request gets an ``Ack``, a refused one an error frame), and carries out what
an event means for a link: a removed or declined person's connection is closed, an
admitted one gets a fresh welcome, a share with a hard stop ends on time, a dropped
link holds its place for the grace period. Who the meeting declined, removed or
silenced, to know them again at the door, is kept by ``server.room_bars``.

``Room.record`` is the single path by which anything happens in a room: it numbers,
applies and commits the events (``server.recording``) and only then sends them. It is
synchronous on purpose: with no ``await`` between deciding, storing and sending, two
commands can never interleave, and every connection sees the events in sequence order.
A connection that stopped reading is closed with ``CloseCode.SLOW_READER`` so it
resumes later instead of eating memory. Tokens, retries and replay are read from the
store here, so that connection handling never needs the store at all.
"""

import logging
import time
from collections.abc import Callable, Iterable
from functools import partial
from typing import Any

from websockets.asyncio.server import ServerConnection
from websockets.exceptions import ConnectionClosed
from websockets.frames import CloseCode as WebsocketCloseCode
from websockets.protocol import State

from protocol.close_codes import CloseCode
from protocol.errors import ProtocolError, Refused
from protocol.frames import Ack, Command, ErrorFrame, Event, Frame, Hello, Welcome
from protocol.kinds import EventKind, Role
from protocol.meeting_format import MeetingFormat
from protocol.rules import (
    Context,
    check_may_join,
    check_may_lead,
    decide,
    entrance,
    gone_for_good,
    pause_over,
    share_time_up,
)
from protocol.state import RoomState
from server.door_limits import peer_address
from server.fanout import fan_out, send_to
from server.link import close_soon, send_encoded, send_now
from server.metrics import RelayMetrics
from server.purge import purge_ended_meeting
from server.recording import commit_events
from server.replay import admitted_at, missed_frames, snapshot_wire
from server.room_bars import RoomBars
from server.store import Store
from server.timers import Timers

log = logging.getLogger(__name__)

PaceCheck = Callable[["Room", int, Command], ErrorFrame | None]
"""A check on how fast someone sends: None lets a command through, an error frame refuses it."""


class Room:
    """A room's authoritative state and the connections that receive its events."""

    def __init__(
        self,
        state: RoomState,
        store: Store,
        *,
        grace_seconds: float,
        replay_limit: int = 500,
        clock: Callable[[], float] = time.time,
        formats: dict[str, MeetingFormat] | None = None,
        retention_hours: float = 0.0,
        history: int = 0,
        bar_addresses: bool = False,
        metrics: RelayMetrics | None = None,
        fresh_view_before: int = 0,
    ) -> None:
        self.state = state
        self.fresh_view_before = fresh_view_before
        self.requests_after: dict[int, int] = {}
        """For a seat a client started again took back, the seq its request ids count from:
        the new client numbers its commands from 1 again, and none of them retries one of
        the old client's (memory only; pids are never given twice)."""
        """A resume from before this seq gets a snapshot, not a replay: the room's settings
        (welcome text, attendance, lobby notes) changed while no relay ran, and no event says so."""
        self.metrics = metrics or RelayMetrics()
        """The relay's counts (``server.metrics``); a room on its own keeps private ones."""
        self.grace_seconds = grace_seconds
        self.replay_limit = replay_limit
        """How many missed events a returning client is replayed before a snapshot does instead."""
        self.clock = clock
        self.formats = formats or {}
        self.retention_hours = retention_hours
        """How long a finished meeting's words are kept before they are deleted."""
        self.history = history
        """How many earlier messages someone arriving late may read (0: none, as in a room)."""
        self.arrived: dict[int, int] = {}
        """The seq after which each person came into the meeting, so a fresh snapshot for them
        never shows what was shared before (known since this relay started)."""
        self.bars = RoomBars(by_address=bar_addresses)
        """Who this meeting declined, removed or silenced, and their device hashes (memory only)."""
        self.connections: dict[int, ServerConnection] = {}
        self._store = store
        self._timers = Timers(state.name)

    @property
    def name(self) -> str:
        """The room's name, as in its URL."""
        return self.state.name

    def context(self) -> Context:
        """What the rules need beyond the state: the clock and the formats."""
        return Context(now=self.clock(), formats=self.formats)

    def key_matches(self, facilitator_key: str) -> bool:
        """Whether ``facilitator_key`` is this room's."""
        return self._store.key_matches(self.name, facilitator_key)

    # Arrivals

    def join(self, connection: ServerConnection, hello: Hello, as_facilitator: bool) -> int:
        """Seat a newcomer (or put them in the waiting room), welcome them and return their pid.

        A welcome that cannot be sent (it does not encode, or the link is gone already)
        releases the seat at once through the normal leaving path, so that a failed join
        never leaves someone behind holding a place.

        Raises:
            Refused: declined earlier in this meeting, removed (by name or device), in
                lockdown, the meeting or the waiting room is full, a bad guest code, or
                the welcome could not be sent.
        """
        arrival = self.bars.arrival(hello.name, hello.device_key, peer_address(connection.remote_address))
        device = arrival.device_key  # its salted hash
        if not as_facilitator:
            self.bars.check(arrival)
            check_may_join(self.state, hello.name, hello.invite is None)
        else:
            check_may_lead(self.state)
        role, arriving = entrance(self.state, hello, as_facilitator, self.clock())  # a guest by invitation
        kind, fields = arriving[0]
        pid = fields[0]
        self.record(arriving, actor=pid)
        self.bars.seen(pid, device)
        until = None if as_facilitator else self.bars.silence_for(hello.name, device, self.clock())
        if until is not None:  # a silence follows the person, not their participant id
            self.record([(EventKind.SILENCED, (pid, until))])
        if kind is EventKind.WAITER_ARRIVED:
            self.bars.waiting(pid, arrival)
        token = self._store.issue_token(self.name, pid)
        self.arrived[pid] = self.state.seq
        try:
            snapshot = snapshot_wire(self.state, pid, arrived_after=self.state.seq, history=self.history)
            send_now(connection, Welcome(pid, role, token, self.clock(), None, snapshot))
        except (ProtocolError, ConnectionClosed) as failure:
            log.error("room %s: could not welcome %s: %s", self.name, pid, failure)
            self.release(pid)
            raise Refused("welcome_failed", "The relay could not welcome you; try again later.") from failure
        self.attach(pid, connection)
        if connection.state is not State.OPEN:  # closed mid-welcome: nobody is there to hold a place for
            self.detach(pid, connection)
            self.release(pid)
        return pid

    def welcome_lost(self, pid: int, connection: ServerConnection) -> None:
        """``pid``'s link closed before their welcome reached them: free their place at once."""
        if self.detach(pid, connection):
            self.release(pid)

    def release(self, pid: int) -> None:
        """``pid`` never got in (or is gone for good): record their leaving and free their place now."""
        self._timers.cancel(("grace", pid))
        if pid in self.state.waiting:
            self.record([(EventKind.WAITER_LEFT, (pid,))])
        elif pid in self.state.participants:
            self.record(gone_for_good(self.state, pid))
        self._store.forget_tokens(self.name, pid)
        self.bars.forget_device(pid)

    def resume(self, connection: ServerConnection, hello: Hello, as_facilitator: bool) -> int | None:
        """Give a returning client its identity back, and what it missed; None if the token resumes no one.

        A facilitator who comes back with the room's key gets the facilitator role back
        too; another connection that held the same identity is closed as replaced. A
        client started again has no token: the same device and name take back a held seat
        (``RoomBars.same_device``), with a new token.

        Raises:
            Refused: ``welcome_failed`` when their snapshot cannot be sent (they keep their place).
        """
        token = hello.resume_token
        if token is None:  # a client started again: back on the same device, to a held seat?
            pid = self.bars.same_device(self.state, hello.name, hello.device_key, as_facilitator)
            if pid is None:
                return None
            token = self._store.issue_token(self.name, pid)
            self.requests_after[pid] = self.state.seq
        else:
            pid = self._store.token_owner(self.name, token)
            if pid is None:
                return None
        person = self.state.participant(pid)
        if person is None and pid not in self.state.waiting:
            return None
        self.bars.seen(pid, self.bars.device_hash(hello.device_key))
        stored = self._stored_after(hello.last_seq)
        replay = None if stored is None else missed_frames(stored, self.state, pid)
        role = person.role if person else Role.MEMBER
        try:
            snapshot = None
            if replay is None:  # what they heard since they came, never what was shared before
                arrived = self.arrived.get(pid, admitted_at(stored, pid))
                if arrived is None and hello.last_seq is None:  # waiting when they left: an arrival now
                    arrived = self.state.seq
                snapshot = snapshot_wire(self.state, pid, arrived_after=arrived, history=self.history)
            send_now(connection, Welcome(pid, role, token, self.clock(), None, snapshot))
        except ProtocolError as failure:  # their place stays theirs for the grace period
            log.error("room %s: could not welcome %s back: %s", self.name, pid, failure)
            raise Refused("welcome_failed", "The relay could not welcome you; try again later.") from failure
        for frame in replay or ():
            send_encoded(connection, frame)
        replaced = self.attach(pid, connection)
        if replaced is not None:
            close_soon(replaced, CloseCode.REPLACED, "resumed on another connection")
        if person is not None and not person.connected:
            self.record([(EventKind.RETURNED, (pid,))], actor=pid)
        if person is not None and as_facilitator and person.role is not Role.FACILITATOR:
            self.record([(EventKind.ROLE_SET, (pid, Role.FACILITATOR))], actor=pid)
        return pid

    def _stored_after(self, last_seq: int | None) -> list[bytes] | None:
        """Every stored frame after ``last_seq``, or None when a snapshot must do."""
        if last_seq is None or last_seq > self.state.seq or last_seq < self.fresh_view_before:
            return None
        return self._store.event_frames_after(self.name, last_seq, self.replay_limit)

    # Commands

    def command(self, pid: int, command: Command, pace: "PaceCheck | None" = None) -> Frame | None:
        """Apply ``pid``'s command; return the reply only the sender gets, if any.

        Args:
            pid: Who sent it.
            command: The decoded command.
            pace: Asked after a retry is recognised and before the rules: the error frame
                that refuses a command sent too fast (``server.flood_guard``), or None.

        Returns:
            An ``Ack`` for a request already applied (a retry), an ``ErrorFrame`` for a
            refusal, or None when events were recorded (the sender recognises its own).
        """
        applied = self._store.applied_request(
            self.name, pid, command.request_id, after=self.requests_after.get(pid, 0)
        )
        if applied is not None:
            return Ack(command.request_id, applied)
        if pace is not None:
            too_fast = pace(self, pid, command)
            if too_fast is not None:
                return too_fast
        try:
            decisions = decide(self.state, pid, command, self.context())
        except (Refused, ProtocolError) as refusal:
            return ErrorFrame(refusal.code, refusal.message, command.request_id)
        except Exception:  # a bug must cost one command, not the member's link
            log.exception("room %s: deciding %s from %s failed", self.name, command.kind.name, pid)
            return ErrorFrame("internal", "The relay could not do that.", command.request_id)
        before = self.state
        for event in self.record(decisions, actor=pid, request_id=command.request_id):
            self.bars.learn(before, event)
            self._aftermath(event)
        return None

    def _aftermath(self, event: Event) -> None:
        """What a connection must feel of an event: a new welcome, or its end."""
        if event.kind is EventKind.REMOVED:
            self._close_participant(event.fields[0], CloseCode.REMOVED, "removed by a facilitator")
        elif event.kind in (EventKind.LEFT, EventKind.WAITER_LEFT):
            self._close_participant(event.fields[0], WebsocketCloseCode.NORMAL_CLOSURE, "left the room")
        elif event.kind is EventKind.DECLINED:
            self._close_participant(event.fields[0], CloseCode.DECLINED, "not admitted today")
        elif event.kind is EventKind.ADMITTED:
            # They saw nothing of the meeting: send all they may now see (but earlier shares).
            self.arrived[event.fields[0]] = self.state.seq
            self._welcome_again(event.fields[0], admitted=True)

    def _welcome_again(self, pid: int, admitted: bool = False) -> None:
        """Send ``pid`` a fresh welcome: everything they may see now that their place changed."""
        connection = self.connections.get(pid)
        person = self.state.participants.get(pid)
        if connection is None or person is None:
            return
        token = self._store.issue_token(self.name, pid)
        try:
            arrived = self.arrived.get(pid)
            snapshot = snapshot_wire(self.state, pid, arrived_after=arrived, history=self.history)
            send_now(connection, Welcome(pid, person.role, token, self.clock(), None, snapshot))
        except (ProtocolError, ConnectionClosed) as failure:
            # Their failure must not cost anyone else their link (the facilitator who let them in).
            log.error("room %s: could not welcome %s again: %s", self.name, pid, failure)
            self._close_participant(pid, CloseCode.ROOM_FULL, "could not be welcomed")
            if admitted:
                self.release(pid)

    def _close_participant(self, pid: int, code: int, reason: str) -> None:
        """Forget ``pid``'s tokens and close their connection after the events reach them."""
        self._store.forget_tokens(self.name, pid)
        connection = self.connections.get(pid)
        if connection is not None:
            self.detach(pid, connection)
            close_soon(connection, code, reason)

    # Recording and fan-out

    def record(
        self,
        decisions: Iterable[tuple[EventKind, tuple[Any, ...]]],
        actor: int | None = None,
        request_id: int | None = None,
    ) -> list[Event]:
        """Number, commit, apply and send events; return them.

        Durable before acknowledged: the store commits before anything is sent.
        """
        state, events = commit_events(
            self._store,
            self.state,
            decisions,
            at=self.clock(),
            actor=actor,
            request_id=request_id,
            metrics=self.metrics,
        )
        if not events:
            return events
        self.state = state
        started = time.perf_counter()
        fan_out(self.connections, state, events, self.metrics.slow_reader_dropped)
        self.metrics.fanout_seconds(time.perf_counter() - started)
        for event in events:
            if event.kind is EventKind.ROLE_SET:  # a new role sees more, or less, of the room
                self._welcome_again(event.fields[0])
        if any(e.kind in (EventKind.FLOOR_GIVEN, EventKind.AGENDA_CURRENT) for e in events):
            self._arm_share_timer()
        self._arm_pause_timer()
        for event in events:
            if event.kind is EventKind.MEETING_ENDED:
                self.schedule_purge(event.seq, event.at)
        return events

    def send_to(self, frame: bytes, wanted: Callable[[int], bool]) -> None:
        """Send one frame to every connection ``wanted`` picks (``server.fanout.send_to``)."""
        send_to(self.connections, self.name, frame, wanted, self.metrics.slow_reader_dropped)

    # Links

    def attach(self, pid: int, connection: ServerConnection) -> ServerConnection | None:
        """Make ``connection`` the one that receives ``pid``'s events; return any it replaced."""
        self._timers.cancel(("grace", pid))
        previous = self.connections.get(pid)
        self.connections[pid] = connection
        return previous if previous is not connection else None

    def detach(self, pid: int, connection: ServerConnection) -> bool:
        """Stop sending to ``connection``; True if it was ``pid``'s current connection."""
        if self.connections.get(pid) is connection:
            del self.connections[pid]
            return True
        return False

    def connection_closed(self, pid: int, connection: ServerConnection) -> None:
        """``pid``'s ``connection`` ended; if it was their current one, their link is lost."""
        if self.detach(pid, connection):
            self.link_lost(pid)

    def link_lost(self, pid: int) -> None:
        """``pid``'s link dropped: show them as reconnecting and hold their place a while.

        Someone who was never let in holds no place: their spot in the waiting room is
        freed at once, so a crowd that connects and drops cannot keep it full.
        """
        if pid in self.state.waiting and pid not in self.connections:
            self.record([(EventKind.WAITER_LEFT, (pid,))])
            self.bars.left_waiting(pid)
            self._store.forget_tokens(self.name, pid)
            return
        person = self.state.participants.get(pid)
        if person is None or pid in self.connections:
            return
        if person.connected:
            self.record([(EventKind.DROPPED, (pid,))])
        self._start_grace(pid)

    def hold_places_after_restart(self) -> None:
        """After a relay restart nobody is connected: start everyone's grace period.

        People in the waiting room keep theirs too: the relay, not they, dropped the link.
        """
        for pid in self.state.waiting:
            self._start_grace(pid)
        for pid in self.state.participants:
            self.link_lost(pid)
        self._arm_pause_timer()

    def present_count(self) -> int:
        """How many people are in the meeting now (not counting the waiting room)."""
        return sum(1 for pid in self.connections if pid in self.state.participants)

    # Timers

    def _start_grace(self, pid: int) -> None:
        self._timers.start(
            ("grace", pid),
            self.grace_seconds,
            partial(self._grace_over, pid),
            "record the end of a grace period",
        )

    def _grace_over(self, pid: int) -> None:
        if pid in self.connections:
            return
        if pid in self.state.waiting:
            ending = [(EventKind.WAITER_LEFT, (pid,))]
        elif pid in self.state.participants:
            ending = gone_for_good(self.state, pid)
        else:
            return
        self.record(ending)
        self._store.forget_tokens(self.name, pid)
        self.bars.forget_device(pid)

    def _arm_share_timer(self) -> None:
        """A share with a hard stop ends at its deadline: one timer, never a tick."""
        self._timers.cancel("share")
        rules = self.state.current_rules()
        deadline = self.state.share_deadline()
        if deadline is None or rules is None or not rules.hard_stop:
            return
        delay = max(0.0, deadline - self.clock())
        since = self.state.floor_since
        self._timers.start("share", delay, partial(self._share_time_up, since), "end a share at its limit")

    def _arm_pause_timer(self) -> None:
        """A silent segment ends with its time box: the room then goes back to its rules.

        Re-armed after every event (a cheap ``call_later``), so the delay always follows
        the room's clock and a segment that changed is never ended by an old timer.
        """
        self._timers.cancel("pause")
        ends_at = self.state.pause_ends_at()
        if ends_at is None:
            return
        pause = (self.state.current_item, self.state.current_started_at)
        delay = max(0.0, ends_at - self.clock())
        self._timers.start("pause", delay, partial(self._pause_over, pause), "end a silent pause")

    def _pause_over(self, pause: tuple[int | None, int | None]) -> None:
        if (self.state.current_item, self.state.current_started_at) != pause:  # moved on already
            return
        self.record(pause_over(self.state))

    def _share_time_up(self, since: int | None) -> None:
        if self.state.floor_since != since:  # that share ended already
            return
        self.record(share_time_up(self.state))

    def schedule_purge(self, ended_seq: int, ended_at: int) -> None:
        """Delete the ended meeting's words once its retention is over (at once for 0 hours)."""
        delay = ended_at + self.retention_hours * 3600 - self.clock()
        if delay <= 0:
            self._purge(ended_seq)
            return
        self._timers.start("purge", delay, partial(self._purge, ended_seq), "delete an ended meeting's text")

    def _purge(self, ended_seq: int) -> None:
        try:
            # Names, words and private records go; the live state must be replaced too, or
            # the next snapshot would bring the forgotten names back.
            self.state = purge_ended_meeting(self._store, self.name, ended_seq, self.state)
        except Exception:  # called from record and at start too: a failed purge must not cost the room
            log.exception("room %s: could not delete the ended meeting's records", self.name)

    def shutdown(self) -> None:
        """Cancel timers; the relay is stopping (places are held again on restart)."""
        self._timers.cancel_all()
