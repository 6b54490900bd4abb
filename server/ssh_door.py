"""The SSH door: people join with nothing installed but an SSH client.

    ssh -p 2222 ROOM@host      the room called ROOM
    ssh -p 2222 host           any user name that is not a room: the lobby of rooms

The door is public, like a web page: every user name is accepted without a password or
a key (``begin_auth`` answers that no authentication is needed), and the user name only
says which room to open. Each session is handed to ``server.ssh_session``, which asks
for a display name and runs the installed client as a child process connected back to
this relay's websocket port. asyncssh speaks the SSH protocol; nothing here does.

A guest speaker comes in the same way and types their invitation code at the name
question (the greeting of a room says so). The door paces the codes it hands on per SSH
peer address (``codes_per_minute``): its clients all reach the relay from loopback, where
the relay's own arrivals per address do not count them.

The door holds at most ``max_sessions`` sessions at once (a child client each, about
the memory of one terminal client: see ``docs/performance.md``); one more is told the
door is full and closed. Compression (zlib, after login) is offered for slow links.
This module reads rooms through ``RoomLookup`` and never imports the client.
"""

import asyncio
import contextlib
import functools
import logging
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path

import asyncssh

from protocol.text import for_display_line
from server.door_limits import JOIN_WINDOW, RateWindow
from server.rooms import RoomLookup
from server.ssh_child import ClientRun, client_offers_low_bandwidth
from server.ssh_host_key import fingerprint, load_or_create_host_key
from server.ssh_session import NAME_SECONDS, DoorSession
from server.store import ROOM_NAME

log = logging.getLogger(__name__)

DEFAULT_MAX_SESSIONS = 20
CODES_PER_MINUTE = 5
"""Invitation codes the door hands on per SSH peer address a minute (a guest needs one)."""
GUEST_LINE = "Invited as a guest speaker? Type your invitation code instead of a name.\n"
"""The room's greeting's second line: how a guest speaker comes in."""
FULL_MESSAGE = "This room's door is full right now; try again in a few minutes."
COMPRESSION = ["zlib@openssh.com", "zlib", "none"]
"""Offered in this order: text compresses well, and members on weak links gain most."""
KEEPALIVE_SECONDS = 60.0
"""A person whose connection vanished without a word is noticed after a few of these."""


@dataclass(frozen=True)
class DoorOptions:
    """How the door is opened: ``talkingstick-relay serve --ssh-port ...``."""

    port: int
    """The SSH port (0 picks a free one)."""
    host_key_path: Path
    """The host key's file, made on first start (``server.ssh_host_key``)."""
    max_sessions: int = DEFAULT_MAX_SESSIONS
    """Sessions held at once; one more is refused with ``FULL_MESSAGE``."""
    host: str | None = None
    """The address to listen on; None listens where the relay's websocket port does."""
    name_seconds: float = NAME_SECONDS
    """How long a person may take to give their name (their session holds a place meanwhile)."""
    codes_per_minute: int = CODES_PER_MINUTE
    """Invitation codes handed on per SSH peer address a minute; one more is a refused try."""


def loopback_address(relay_host: str) -> str:
    """Where a child client reaches the relay: loopback, unless the relay listens on one other address."""
    if relay_host in ("", "0.0.0.0", "::", "localhost", "127.0.0.1"):
        return "127.0.0.1"
    return f"[{relay_host}]" if ":" in relay_host else relay_host


class _PublicDoor(asyncssh.SSHServer):
    """Every user name may come in, without a password: the name only chooses the room."""

    def __init__(self, door: "SshDoor") -> None:
        self._door = door
        self._connection: asyncssh.SSHServerConnection | None = None

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self._connection = conn
        self._door.connections.add(conn)

    def connection_lost(self, exc: Exception | None) -> None:
        if self._connection is not None:
            self._door.connections.discard(self._connection)

    def begin_auth(self, username: str) -> bool:
        return False  # no authentication: the door is public


class SshDoor:
    """The SSH door of one relay: listens, counts sessions, hands each to a ``DoorSession``."""

    def __init__(
        self,
        options: DoorOptions,
        rooms: RoomLookup,
        relay_host: str,
        relay_port: int,
        room_names: Callable[[], list[str]] = list,
    ) -> None:
        """Args:
        options: the door's port, host key, cap and time for a name.
        rooms: the live rooms, by name (the SSH user name).
        relay_host, relay_port: where the relay's websocket port listens.
        room_names: every room's name (the public directory's), offered to a person
            without a terminal who named no room: the line mode has no lobby.
        """
        self.options = options
        self.rooms = rooms
        self.room_names = room_names
        self.relay_address = f"{loopback_address(relay_host)}:{relay_port}"
        """Where child clients connect: the relay's own websocket port."""
        self.host_key = load_or_create_host_key(options.host_key_path)
        self.fingerprint = fingerprint(self.host_key)
        """The host key's ``SHA256:...`` fingerprint, for the host to publish."""
        self.port = options.port
        self.sessions: set[asyncio.Task[None]] = set()
        self.connections: set[asyncssh.SSHServerConnection] = set()
        self._server: asyncssh.SSHAcceptor | None = None
        self._codes = RateWindow(options.codes_per_minute, JOIN_WINDOW)
        """Codes handed on per SSH peer address (memory only, like every door count)."""

    async def start(self, default_host: str) -> None:
        """Start listening (on ``options.host`` or ``default_host``); ``port`` is then the real port."""
        # Asked once now, off the event loop, so that no session waits on the client's --help.
        await asyncio.to_thread(client_offers_low_bandwidth)
        self._server = await asyncssh.create_server(
            lambda: _PublicDoor(self),
            self.options.host if self.options.host is not None else default_host,
            self.options.port,
            server_host_keys=[self.host_key],
            process_factory=self._arrive,
            encoding=None,
            line_editor=False,
            compression_algs=COMPRESSION,
            agent_forwarding=False,
            x11_forwarding=False,
            allow_scp=False,
            keepalive_interval=KEEPALIVE_SECONDS,
        )
        self.port = self._server.sockets[0].getsockname()[1]
        log.info("ssh door on port %s, host key %s", self.port, self.fingerprint)

    async def stop(self) -> None:
        """Stop listening, end every session (stopping its client) and close every connection."""
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None
        for session in list(self.sessions):
            session.cancel()
        await asyncio.gather(*self.sessions, return_exceptions=True)
        for connection in list(self.connections):
            connection.close()
            with contextlib.suppress(Exception):
                await connection.wait_closed()

    async def _arrive(self, process: "asyncssh.SSHServerProcess[bytes]") -> None:
        """One SSH session: refused when the door is full, else a ``DoorSession``."""
        newline = "\n" if process.get_terminal_type() is None else "\r\n"
        if len(self.sessions) >= self.options.max_sessions:
            with contextlib.suppress(asyncssh.Error, BrokenPipeError, ConnectionError):
                process.stdout.write((FULL_MESSAGE + newline).encode())
                process.exit(1)
            return
        task = asyncio.current_task()
        if task is not None:
            self.sessions.add(task)
        try:
            greeting, run, open_codes = self._destination(process)
            if run.line_mode and run.address.startswith("http"):
                await self._list_rooms(process, newline)
                return
            peer = (process.get_extra_info("peername") or ("",))[0]
            await DoorSession(
                process,
                greeting,
                run,
                self.options.name_seconds,
                open_codes,
                lambda: self._codes.allow(peer),
            ).serve()
        finally:
            if task is not None:
                self.sessions.discard(task)

    async def _list_rooms(self, process: "asyncssh.SSHServerProcess[bytes]", newline: str) -> None:
        """Without a terminal there is no lobby to browse: say how to name a room, and which there are."""
        names = self.room_names()
        lines = [
            "Welcome to talkingstick. Without a terminal, name the room you want to join:",
            f"  ssh -p {self.port} ROOM@{_server_address(process)}",
            "The rooms here: " + (", ".join(names) if names else "none yet") + ".",
        ]
        with contextlib.suppress(asyncssh.Error, BrokenPipeError, ConnectionError):
            process.stdout.write(newline.join([*lines, ""]).encode())
            process.exit(0)

    def _destination(
        self, process: "asyncssh.SSHServerProcess[bytes]"
    ) -> tuple[str, ClientRun, Callable[[], Collection[str]] | None]:
        """The greeting, the client to run for this session's user name and terminal, and the
        room's open invitation codes (None for the lobby, which opens none)."""
        user = process.get_extra_info("username") or ""
        room = self.rooms.get(user) if ROOM_NAME.match(user) else None
        open_codes: Callable[[], Collection[str]] | None = None
        if room is not None or (ROOM_NAME.match(user) and self.rooms.unavailable(user)):
            title = for_display_line(room.state.title) if room is not None else user
            greeting = f"Welcome to {title} (the room {user}).\n" + GUEST_LINE
            address = f"ws://{self.relay_address}/{user}"
            open_codes = functools.partial(self._open_codes, user)
        else:
            greeting = "Welcome to talkingstick: you will see the rooms of this relay.\n"
            address = f"http://{self.relay_address}"
        term = process.get_terminal_type()
        run = ClientRun(
            address=address,
            name="",
            line_mode=term is None or term == "dumb",
            term=term or "dumb",
            ssh_connection=_ssh_connection(process),
        )
        return greeting, run, open_codes

    def _open_codes(self, user: str) -> frozenset[str]:
        """The codes of the room's invitations now (read when the person answers, not before)."""
        room = self.rooms.get(user)
        invites = room.state.guest_invites if room is not None else ()
        return frozenset(invite.code for invite in invites)


def _server_address(process: "asyncssh.SSHServerProcess[bytes]") -> str:
    """The address the person reached the door on (the host name they typed is not sent)."""
    local = process.get_extra_info("sockname") or ("HOST",)
    return f"[{local[0]}]" if ":" in str(local[0]) else str(local[0])


def _ssh_connection(process: "asyncssh.SSHServerProcess[bytes]") -> str:
    """``SSH_CONNECTION`` as sshd sets it: client address and port, server address and port."""
    peer = process.get_extra_info("peername") or ("", 0)
    local = process.get_extra_info("sockname") or ("", 0)
    return f"{peer[0]} {peer[1]} {local[0]} {local[1]}"
