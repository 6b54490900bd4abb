"""The relay server: opens the store, loads the rooms and serves websockets and HTTP.

``Relay`` is what the command line, the demo mode of the client and the tests start, and
the one place where the relay's parts are put together: the store, the formats, the
room registry (``server.rooms``), the connection handler and the HTTP routes. Those
parts get what they need as arguments and never import this module. Every room is
loaded at start so that everyone who was in a meeting when the relay stopped gets their
grace period again.

With ``tls`` the same port speaks ``wss://`` and ``https://`` (``server.tls``), and
``reload_certificate`` takes up a renewed certificate without a restart. ``stop`` tells
every client the relay is restarting (close code 1012): clients come back and resume.
"""

import asyncio
import logging
from dataclasses import replace
from functools import partial
from pathlib import Path

from websockets.asyncio.server import Server, serve

from protocol.limits import MAX_FRAME_BYTES
from protocol.rate_limits import DEFAULT_RATE_LIMITS, RateLimits
from server.accept_errors import quiet_accept_errors
from server.connection import serve_connection
from server.directory import DirectoryCache
from server.door_limits import LOOPBACK_ADDRESSES, DoorLimits, Turnstile
from server.flood_guard import FloodGuard
from server.formats import load_formats
from server.guest_invites import SWEEP_SECONDS
from server.http import make_process_request
from server.link_reports import LinkReports
from server.liveness import SILENT_LIMIT, with_silent_limit
from server.lobby_door import LobbyDoor
from server.metrics import MetricsAccess, RelayMetrics
from server.room import Room
from server.rooms import RoomRegistry
from server.ssh_door import DoorOptions, SshDoor
from server.store import Store
from server.tls import TlsFiles, reload_certificate, server_context

log = logging.getLogger(__name__)

SERVICE_RESTART = 1012
"""RFC 6455's "service restart": the client reconnects and resumes, losing nothing."""

class Relay:
    """A running relay: one SQLite file, any number of rooms, one port."""

    def __init__(
        self,
        db_path: Path | str,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        grace_seconds: float = 120.0,
        replay_limit: int = 500,
        formats_dir: Path | None = None,
        rate_limits: RateLimits = DEFAULT_RATE_LIMITS,
        door: DoorLimits | None = None,
        ssh_door: DoorOptions | None = None,
        tls: TlsFiles | None = None,
        silent_limit: float = SILENT_LIMIT,
        metrics_token: str | None = None,
        metrics_from_anywhere: bool = False,
        invitation_sweep: float = SWEEP_SECONDS,
    ) -> None:
        self.db_path = Path(db_path)
        self.host = host
        self.port = port
        self.grace_seconds = grace_seconds
        self.replay_limit = replay_limit
        self.metrics = RelayMetrics()
        """The relay's counts, in a registry of its own (``server.metrics``), served at ``/metrics``."""
        self.metrics_access = MetricsAccess(self.metrics, metrics_token, metrics_from_anywhere)
        self.flood_guard = FloodGuard(rate_limits, metrics=self.metrics)
        """How fast each participant may send commands (``protocol.rate_limits``)."""
        self.tls = tls
        # Before the store opens too: a bad certificate leaves nothing to close.
        self._ssl_context = server_context(tls) if tls is not None else None
        self.formats = load_formats(formats_dir)  # first: a bad format file leaves no store open
        self.store = Store(self.db_path)
        self.link_reports = LinkReports(self.store, rate_limits.link_report_bucket)
        """Each person's link reports: their quiet pace and how far behind they are."""
        self.rooms = RoomRegistry(
            self.store,
            self.formats,
            grace_seconds=grace_seconds,
            replay_limit=replay_limit,
            metrics=self.metrics,
        )
        self.metrics.watch_rooms(self._present_counts)
        self.directory = DirectoryCache(self.store, self.rooms)
        """The ``/rooms`` answer, built at most once a second (``server.directory``)."""
        if ssh_door is not None:  # the door's clients all come from loopback; it caps its own sessions
            door = replace(door or DoorLimits(), trusted_addresses=LOOPBACK_ADDRESSES)
        self.door = Turnstile(door)
        """The limits on strangers and their live counts (``server.door_limits``)."""
        self.lobby = LobbyDoor(self.rooms)
        """Where notes from the lobby are left, and their pace per address (``server.lobby_door``)."""
        self.silent_limit = silent_limit
        """Seconds without a byte from a client before its connection is closed (``server.liveness``)."""
        self._server: Server | None = None
        self._invitation_sweep = invitation_sweep
        self._sweeping: asyncio.Task[None] | None = None
        self.ssh_options = ssh_door
        self.ssh_door: SshDoor | None = None
        """The SSH door, once started (``server.ssh_door``), when ``ssh_door`` options were given."""

    async def start(self) -> None:
        """Load every room and start listening; ``port`` is then the real port."""
        self.rooms.load()
        quiet_accept_errors(asyncio.get_running_loop())
        self._server = await serve(
            partial(
                serve_connection,
                rooms=self.rooms,
                flood_guard=self.flood_guard,
                link_reports=self.link_reports,
                door=self.door,
                metrics=self.metrics,
            ),
            self.host,
            self.port,
            process_request=make_process_request(
                self.store,
                self.rooms,
                self.formats,
                self.door.http,
                self.directory,
                self.metrics_access,
                self.lobby,
            ),
            max_size=MAX_FRAME_BYTES,
            # No pings from here: clients ping when quiet, and liveness is judged by
            # anything received (server.liveness), never by a pong's delay.
            ping_interval=None,
            ping_timeout=None,
            create_connection=with_silent_limit(self.silent_limit),
            open_timeout=30,
            close_timeout=5,
            ssl=self._ssl_context,
        )
        self.port = self._server.sockets[0].getsockname()[1]
        log.info("relay listening on %s:%s with %s", self.host, self.port, self.db_path)
        self._sweeping = asyncio.create_task(self._sweep_invitations())
        if self.ssh_options is not None:
            self.ssh_door = SshDoor(self.ssh_options, self.rooms, self.host, self.port, self.room_names)
            await self.ssh_door.start(self.host)

    async def _sweep_invitations(self) -> None:
        """Every few seconds: the command line's new guest invitations in, expired ones out.

        ``room guest`` writes to the database from another process, so nothing tells a
        running relay; this look is one small settings read per loaded room.
        """
        while True:
            await asyncio.sleep(self._invitation_sweep)
            for room in self.rooms.open_rooms():
                try:
                    self.rooms.take_up_invitations(room)
                except Exception:  # one room's trouble must not stop the sweep for the others
                    log.exception("room %s: the guest invitations could not be swept", room.state.name)

    async def serve_forever(self) -> None:
        """Serve until cancelled."""
        if self._server is None:
            await self.start()
        if self._server is not None:
            await self._server.serve_forever()

    def reload_certificate(self) -> bool:
        """Load the TLS files again for new handshakes (SIGHUP); False without TLS or on failure."""
        if self.tls is None or self._ssl_context is None:
            return False
        return reload_certificate(self._ssl_context, self.tls)

    async def stop(self) -> None:
        """Tell every client the relay restarts (1012), wait for the handlers, then close the store."""
        if self.ssh_door is not None:
            await self.ssh_door.stop()  # first: its clients leave while their room is still served
            self.ssh_door = None
        if self._sweeping is not None:
            self._sweeping.cancel()
            await asyncio.gather(self._sweeping, return_exceptions=True)
            self._sweeping = None
        if self._server is not None:
            open_links = list(self._server.connections)
            await asyncio.gather(
                *(link.close(SERVICE_RESTART, "service restart") for link in open_links),
                return_exceptions=True,
            )
            self._server.close()
            await self._server.wait_closed()
            self._server = None
        self.rooms.shutdown()
        self.store.close()

    async def __aenter__(self) -> "Relay":
        await self.start()
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.stop()

    def url(self, room: str) -> str:
        """The websocket address of ``room``."""
        scheme = "wss" if self.tls is not None else "ws"
        return f"{scheme}://{self.host}:{self.port}/{room}"

    @property
    def http_url(self) -> str:
        """The relay's HTTP address (lobby, health check)."""
        scheme = "https" if self.tls is not None else "http"
        return f"{scheme}://{self.host}:{self.port}"

    def create_room(self, name: str, title: str) -> str:
        """Create a room and return its facilitator key."""
        key = self.store.create_room(name, title)
        self.rooms.get(name)
        return key

    def _present_counts(self) -> dict[str, int]:
        """People in the meeting per loaded room, for ``/metrics``."""
        return {room.name: room.present_count() for room in self.rooms.open_rooms()}

    def room_names(self) -> list[str]:
        """Every room's name, as the public directory lists them."""
        return [record.name for record in self.store.rooms()]

    def room(self, name: str) -> Room | None:
        """The live room called ``name`` (see ``RoomRegistry.get``)."""
        return self.rooms.get(name)
