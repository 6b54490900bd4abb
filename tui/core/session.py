"""The client's link to one room: join, resume after drops, the outbox and the room state.

``Session`` owns one participant's websocket to the relay. It says hello, applies the
snapshot and every event with the shared reducer, keeps typed commands in an outbox
until the relay acknowledges them, and after a drop waits (exponential backoff with
jitter) and resumes with its token and last sequence number, so that nothing typed is
lost or sent twice and no event is missed. It reports every change as a plain update
from ``tui.core.updates`` to its listeners.

Someone who arrives while the room has a waiting room (or is locked) is welcomed into the
waiting view first (``waiting``); on admission a second welcome brings the meeting's
snapshot. Events reach each person only if they may
see them (private notes, support flags and the waiting list go to facilitators and the
person concerned), so the ``seq`` numbers one person receives have gaps by design.

It must not import ``textual``, and it never trusts the relay's bytes: a frame it cannot
decode is counted and dropped. Timeouts and the reconnect backoff are in ``tui.core.reconnect``;
opening the websocket, and whether a failure or a close ends the session, in ``tui.core.link_ends``.
"""

import asyncio
import contextlib
import logging
import math
import time
from collections.abc import Callable
from pathlib import Path

from websockets.asyncio.client import ClientConnection
from websockets.exceptions import ConnectionClosed

from protocol import (
    PROTOCOL_VERSION,
    Ack,
    Command,
    CommandKind,
    ErrorFrame,
    Event,
    Hello,
    Participant,
    ProtocolError,
    Role,
    RoomState,
    Welcome,
    apply,
    decode,
    encode,
)
from protocol.close_codes import BusyClose
from protocol.fields import COMMAND_ARGS, check_all
from protocol.frames import Frame
from tui.core.link_ends import close_verdict, ended_by, hello_refusal, open_link, split_invite
from tui.core.link_watch import LinkWatch
from tui.core.reconnect import (
    ANSWER_WITHIN,
    MAX_BACKOFF,
    MIN_BACKOFF,
    STABLE_SECONDS,
    WELCOME_TIMEOUT,
    Backoff,
    Outcome,
)
from tui.core.updates import (
    CommandRefused,
    CommandSettled,
    ConnectionStatus,
    EventApplied,
    PendingCommand,
    SessionEnded,
    SessionUpdate,
    StatusChanged,
    Welcomed,
)

log = logging.getLogger(__name__)


class Session:
    """One participant in one room, over a websocket that may drop at any time.

    Read-only attributes:
        state: The room as of the last applied event, or None before the first welcome.
        pid: This participant's id in the room, or None before the first welcome.
        status: Where the link stands.
        bytes_sent, bytes_received: Payload bytes of all frames so far.
        server_offset: Relay clock minus local clock at the last welcome, in seconds.
        malformed_frames: Frames from the relay that could not be decoded and were dropped.
    """

    def __init__(
        self,
        url: str,
        name: str,
        facilitator_key: str | None = None,
        *,
        device_key: str | None = None,
        min_backoff: float = MIN_BACKOFF,
        max_backoff: float = MAX_BACKOFF,
        answer_within: float = ANSWER_WITHIN,
        cafile: Path | str | None = None,
    ) -> None:
        """Prepare a session; nothing connects until ``run``.

        Args:
            url: The room's websocket address, ``ws://host:port/ROOM``.
            name: The display name to join with (the relay may add a number to it).
            facilitator_key: The room's key, to join as its facilitator.
            device_key: This device's key (``tui.core.device_key``), sent in every hello.
            min_backoff: Shortest wait in seconds before reconnecting (``reconnect.Backoff``).
            max_backoff: Longest wait.
            answer_within: Seconds of silence before ``silent_for`` reports it.
            cafile: A group's own certificate authority (PEM) to trust for ``wss://`` too.
        """
        # A guest's code goes in the hello: a proxy logs the request line, so not in ``?invite=``.
        self.url, self.invite = split_invite(url)
        self.name = name
        self.facilitator_key = facilitator_key
        self.device_key = device_key
        self.cafile = cafile
        self._min_backoff = min_backoff
        self._max_backoff = max(max_backoff, min_backoff)
        self.state: RoomState | None = None
        self.pid: int | None = None
        self.status = ConnectionStatus.CONNECTING
        self.bytes_sent = 0
        self.bytes_received = 0
        self.server_offset = 0.0
        self.malformed_frames = 0
        self._role: Role | None = None
        self._seated = False
        """True once a welcome seated us in the meeting itself (not the waiting room)."""
        self._rtt: float | None = None
        self._resume_token: str | None = None
        self._listeners: list[Callable[[SessionUpdate], None]] = []
        self._outbox: dict[int, PendingCommand] = {}
        self._next_request_id = 1
        self._connection: ClientConnection | None = None
        self._outgoing: asyncio.Queue[int] | None = None  # request ids to write; set while welcomed
        self._attempt: asyncio.Task[Outcome] | None = None
        self._wake = asyncio.Event()
        self._closing = False
        self._running = False
        self._ended: SessionEnded | None = None
        self._busy: BusyClose | None = None
        """Why the relay last turned us away for being busy, until the next attempt waits for it."""
        self._watch = LinkWatch(answer_within, self._answering_changed)

    # Read-only views

    @property
    def role(self) -> Role | None:
        """This participant's role, following ROLE_SET events after the welcome."""
        person = self.me()
        return person.role if person is not None else self._role

    @property
    def rtt(self) -> float | None:
        """Round trip in seconds: keepalive ping latency, or hello-to-welcome time before it."""
        connection = self._connection
        if connection is not None and connection.latency > 0:
            self._rtt = connection.latency
        return self._rtt

    @property
    def silent_for(self) -> float | None:
        """Seconds the relay has been silent while connected, once that is too long; else None."""
        return self._watch.silent_for if self.status is ConnectionStatus.CONNECTED else None

    @property
    def pending(self) -> tuple[PendingCommand, ...]:
        """Commands sent or queued that the relay has not acknowledged yet, oldest first."""
        return tuple(self._outbox.values())

    @property
    def waiting(self) -> bool:
        """True while this participant is in the waiting room, not yet admitted."""
        return self.state is not None and self.pid is not None and self.pid in self.state.waiting

    def me(self) -> Participant | None:
        """This participant as the room state has them, or None."""
        return self.state.participant(self.pid) if self.state is not None else None

    # What the app calls

    def add_listener(self, callback: Callable[[SessionUpdate], None]) -> None:
        """Call ``callback`` with every update, synchronously on the event loop."""
        self._listeners.append(callback)

    def remove_listener(self, callback: Callable[[SessionUpdate], None]) -> None:
        """Stop calling ``callback``; a screen calls it when it goes away. Unknown ones are ignored."""
        with contextlib.suppress(ValueError):
            self._listeners.remove(callback)

    def send(self, kind: CommandKind, *args: object) -> int:
        """Put a command in the outbox and send it now if the relay has welcomed us.

        A command stays pending until the relay acknowledges it; after a reconnect every
        pending command is sent again once (the relay recognises a repeat by its id).

        Args:
            kind: What to ask for.
            *args: The command's arguments, as ``protocol.fields.COMMAND_ARGS`` lists them.

        Returns:
            The request id that later updates about this command carry.

        Raises:
            ProtocolError: when the arguments break the wire format or its limits.
        """
        args = check_all(COMMAND_ARGS[kind], list(args), kind.name)
        request_id = self._next_request_id
        encode(Command(request_id, kind, args))  # raises now rather than in the writer
        self._next_request_id += 1
        if self._ended is not None or self._closing:
            self._emit(CommandRefused(request_id, "closed", "Not sent: the session is over."))
            return request_id
        self._outbox[request_id] = PendingCommand(request_id, kind, args)
        if self._outgoing is not None:
            self._outgoing.put_nowait(request_id)
        return request_id

    async def run(self) -> None:
        """Join the room and keep the link up until ``close()`` or the relay ends the session.

        Safe to cancel: the socket is closed on the way out.

        Raises:
            RuntimeError: if ``run`` is already running for this session.
        """
        if self._running:
            raise RuntimeError("This session is already running.")
        self._running = True
        backoff = Backoff(self._min_backoff, self._max_backoff)
        try:
            self._check_hello()
            while self._ended is None and not self._closing:
                status = ConnectionStatus.CONNECTING if self.pid is None else ConnectionStatus.RECONNECTING
                self._set_status(status, "connecting")
                self._attempt = asyncio.create_task(self._connect_once())
                try:
                    outcome = await self._attempt
                except asyncio.CancelledError:
                    current = asyncio.current_task()
                    if current is not None and current.cancelling():
                        raise
                    outcome = Outcome.OVER  # close() stopped the attempt
                finally:
                    self._attempt = None
                if outcome is Outcome.OVER or self._ended is not None or self._closing:
                    break
                if outcome is Outcome.RETRY_NOW:
                    continue
                reason, self._busy = self._busy, None  # a busy relay: its pause, not a quick retry
                delay = backoff.after(outcome, reason.seconds if reason is not None else None)
                detail = f"retrying in {math.ceil(delay)} s"
                self._set_status(
                    ConnectionStatus.RECONNECTING, f"{reason.message} ({detail})" if reason else detail
                )
                await self._pause(delay)
        finally:
            self._running = False
            detail = self._ended.message if self._ended is not None else "closed"
            self._set_status(ConnectionStatus.CLOSED, detail)

    def _check_hello(self) -> None:
        """End at once when no relay could accept our hello, rather than retry forever."""
        refusal = hello_refusal(self.name, self.facilitator_key)
        if refusal is not None:
            self._end(refusal.code, refusal.message)

    async def close(self) -> None:
        """Close the link and stop reconnecting. This does not leave the room (send LEAVE)."""
        self._closing = True
        self._wake.set()
        connection = self._connection
        if connection is not None:
            await connection.close()
        elif self._attempt is not None:
            self._attempt.cancel()

    # One connection

    async def _connect_once(self) -> Outcome:
        connection = await open_link(self.url, self.cafile)
        if isinstance(connection, SessionEnded):  # trying again cannot help
            self._end(connection.code, connection.message)
            return Outcome.OVER
        if connection is None:
            return Outcome.FAILED
        self._connection = connection
        try:
            return await self._converse(connection)
        finally:
            self._connection = None
            self._outgoing = None
            # Cancellation lands here too; close() still gets to say goodbye properly.
            await connection.close()

    async def _converse(self, connection: ClientConnection) -> Outcome:
        loop = asyncio.get_running_loop()
        resuming = self._resume_token is not None and self.state is not None
        # Someone waiting asks for a snapshot, not a replay: admitted while the link was
        # down, the meeting's events would land on the small waiting view.
        last_seq = self.state.seq if resuming and self.state is not None and not self.waiting else None
        hello = Hello(
            PROTOCOL_VERSION,
            self.name,
            self.facilitator_key,
            self._resume_token if resuming else None,
            last_seq,
            self.device_key,
            self.invite,
        )
        hello_at = loop.time()
        try:
            await self._write(connection, hello)
            async with asyncio.timeout(WELCOME_TIMEOUT):
                welcome = await self._await_welcome(connection)
        except ConnectionClosed as exc:
            return self._closed(exc)
        except TimeoutError:
            log.info("no welcome from %s in %s s", self.url, WELCOME_TIMEOUT)
            return Outcome.FAILED
        # Joining afresh at once helps only if we were resuming; otherwise back off.
        if not self._welcomed(welcome, loop.time() - hello_at):
            return Outcome.RETRY_NOW if resuming else Outcome.FAILED
        welcomed_at = loop.time()
        self._outgoing = asyncio.Queue()
        for request_id in self._outbox:
            self._outgoing.put_nowait(request_id)
        writer = asyncio.create_task(self._drain_outbox(connection, self._outgoing))
        watcher = asyncio.create_task(self._watch.watch(connection))
        try:
            stopped = await self._receive(connection)
        except ConnectionClosed as exc:
            stopped = self._closed(exc)
        finally:
            self._outgoing = None
            writer.cancel()
            watcher.cancel()
            self._watch.stop_waiting()
        if stopped is Outcome.OVER:
            return Outcome.OVER
        return Outcome.STABLE if loop.time() - welcomed_at >= STABLE_SECONDS else Outcome.BRIEF

    async def _await_welcome(self, connection: ClientConnection) -> Welcome:
        """The relay's welcome. (A resume token the relay no longer knows is not refused:
        it answers with a fresh join, which ``_welcomed`` recognises by the new pid.)"""
        while True:
            frame = await self._read(connection)
            if isinstance(frame, Welcome):
                return frame
            if isinstance(frame, ErrorFrame):
                # The close that follows decides; this is what the relay said about it.
                log.info("relay refused hello: %s %s", frame.code, frame.message)
            elif frame is not None:
                log.info("ignoring %s before welcome", type(frame).__name__)

    def _welcomed(self, welcome: Welcome, hello_to_welcome: float) -> bool:
        """Take in a welcome. False when it cannot be used and we must join afresh."""
        fresh = welcome.snapshot is not None
        if not fresh and (self.state is None or welcome.pid != self.pid):
            # A resume for someone else with no snapshot to start from: start over.
            log.warning("welcome without snapshot for pid %s (was %s)", welcome.pid, self.pid)
            self._resume_token = None
            return False
        self.pid = welcome.pid
        self._role = welcome.role
        self._resume_token = welcome.resume_token
        self.server_offset = welcome.server_time - time.time()
        self._rtt = hello_to_welcome
        if welcome.snapshot is not None:
            self.state = welcome.snapshot
            self._emit(Welcomed(welcome.snapshot))
        self._seated = self.state is not None and self.state.participant(self.pid) is not None
        self._set_status(ConnectionStatus.CONNECTED, "joined" if fresh else "resumed")
        return True

    async def _receive(self, connection: ClientConnection) -> Outcome:
        """Handle frames until the session is over (OVER) or must resume to resync (FAILED).

        Raises:
            ConnectionClosed: when the link closes.
        """
        while True:
            frame = await self._read(connection)
            if isinstance(frame, Event):
                stop = self._on_event(frame)
                if stop is not None:
                    return stop
            elif isinstance(frame, Ack):
                self._settle(frame.request_id)
            elif isinstance(frame, ErrorFrame):
                self._on_error(frame)
            elif isinstance(frame, Welcome):
                self._welcomed_again(frame)
            elif frame is not None:
                log.info("ignoring %s after welcome", type(frame).__name__)

    def _welcomed_again(self, welcome: Welcome) -> None:
        """A welcome on a connection already welcomed: admitted, or given a new role.

        Its snapshot is everything this person may now see of the meeting, and it comes
        with a new token to resume with; it replaces the waiting view, or the view of
        the role they had.
        """
        if welcome.snapshot is None:
            log.warning("ignoring a second welcome without a snapshot")
            return
        self.pid = welcome.pid
        self._role = welcome.role
        self._resume_token = welcome.resume_token
        self.server_offset = welcome.server_time - time.time()
        stayed = self._seated and welcome.snapshot.participant(welcome.pid) is not None
        self._seated = welcome.snapshot.participant(welcome.pid) is not None
        self.state = welcome.snapshot
        if stayed:
            # A new role in the same meeting: what the role's event told stays on screen, and
            # the next event (or a desk opened now) draws from this fuller, or narrower, room.
            return
        self._emit(Welcomed(welcome.snapshot))

    async def _drain_outbox(self, connection: ClientConnection, outgoing: asyncio.Queue[int]) -> None:
        """Write queued commands in order; one writer keeps them in the order typed."""
        try:
            while True:
                request_id = await outgoing.get()
                pending = self._outbox.get(request_id)
                if pending is not None:  # a replayed event may have settled it meanwhile
                    await self._write(connection, Command(request_id, pending.kind, pending.args))
        except ConnectionClosed:
            pass  # the reader sees the close and decides what next

    async def _read(self, connection: ClientConnection) -> Frame | None:
        """One frame from the relay, or None for one that could not be decoded."""
        data = await connection.recv()
        self._watch.heard()
        self.bytes_received += len(data)
        try:
            return decode(data)
        except ProtocolError as exc:
            self.malformed_frames += 1
            log.warning("dropped a malformed frame from the relay: %s %s", exc.code, exc.message)
            return None

    async def _write(self, connection: ClientConnection, frame: Frame) -> None:
        data = encode(frame)
        await connection.send(data)
        self.bytes_sent += len(data)

    # Frames to updates

    def _on_event(self, event: Event) -> Outcome | None:
        """Apply one event; an outcome when this connection must stop.

        The relay sends each person only the events they may see, so a jump in ``seq``
        is normal (a private note between others), not a sign of loss: events arrive in
        order on one connection, and a resume replays whatever a drop cut off.

        Returns:
            OVER when the event ends the session (we were removed, declined or left),
            FAILED when no welcome has given us a state yet, else None.
        """
        if self.state is None:
            return Outcome.FAILED
        if event.seq > self.state.seq:
            self.state = apply(self.state, event)
            self._emit(EventApplied(event, self.state))
        if event.actor is not None and event.actor == self.pid and event.request_id is not None:
            self._settle(event.request_id)
        ended = ended_by(event, self.pid)
        if ended is None:
            return None
        self._end(ended.code, ended.message)
        return Outcome.OVER

    def _settle(self, request_id: int) -> None:
        if self._outbox.pop(request_id, None) is not None:
            self._emit(CommandSettled(request_id))

    def _on_error(self, error: ErrorFrame) -> None:
        if error.request_id is not None:
            self._outbox.pop(error.request_id, None)
        self._emit(CommandRefused(error.request_id, error.code, error.message))

    def _closed(self, exc: ConnectionClosed) -> Outcome:
        """Decide from the relay's close code whether trying again can help."""
        if self._closing:
            return Outcome.OVER
        verdict = close_verdict(exc, self.url)
        if isinstance(verdict, SessionEnded):
            self._end(verdict.code, verdict.message)
            return Outcome.OVER
        self._busy = verdict
        return Outcome.FAILED

    def _end(self, code: str, message: str) -> None:
        if self._ended is None:
            self._ended = SessionEnded(code, message)
            self._emit(self._ended)

    def _answering_changed(self, answering: bool) -> None:
        """Tell the listeners when the relay stops answering, and when it answers again."""
        if self.status is ConnectionStatus.CONNECTED:
            self._emit(StatusChanged(self.status, "answering again" if answering else "not answering"))

    def _set_status(self, status: ConnectionStatus, detail: str) -> None:
        self.status = status
        self._emit(StatusChanged(status, detail))

    def _emit(self, update: SessionUpdate) -> None:
        for listener in list(self._listeners):
            try:
                listener(update)
            except Exception:  # a broken screen must not take the link down with it
                log.exception("session listener failed on %r", update)

    async def _pause(self, seconds: float) -> None:
        """Sleep, but wake at once when ``close()`` is called."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), seconds)
