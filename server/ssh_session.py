"""One person at the SSH door: the name they give, the client they get, and the bytes between.

A session asks for a display name (checked with ``protocol.text.check_name``, asked
again after a refusal), then starts the client (``server.ssh_child``) and carries bytes
both ways until one side leaves: when the person disconnects the client is stopped and
reaped; when the client ends, the SSH channel closes with its exit status.

A guest speaker types their invitation code instead of a name (``protocol.guest_codes.
typed_code`` tells the two apart). The door does not judge the code: it hands it to the
client, whose hello the relay seats as the invited guest or refuses (close 4016, the
client shows the relay's sentence and the session ends with the client). Every SSH
client reaches the relay from loopback, past the relay's arrivals per address, so the
door paces codes itself per SSH peer address (``may_try_code``); a code past that pace,
or typed in the lobby (which opens no invitation), is a refused try like a bad name.

With a terminal, the name is read through the pseudo-terminal the client will then
use, so the kernel's line discipline does the echo and the editing (backspace, Ctrl+U,
Ctrl+D to leave) with no terminal code of our own, and whatever is typed after the name
waits there for the client. Without one, lines arrive as the person's own terminal
edited them, and any that follow the name are handed on to the client.
"""

import asyncio
import contextlib
import logging
import os
from collections.abc import Awaitable, Callable, Collection
from dataclasses import replace
from typing import TypeVar

import asyncssh

from protocol.errors import ProtocolError
from protocol.guest_codes import typed_code
from protocol.text import check_name
from server import ssh_child
from server.ssh_child import ClientRun

log = logging.getLogger(__name__)

CHUNK = 16384
"""Bytes moved per read, either way."""
NAME_TRIES = 5
"""Refused names before the door says goodbye."""
NAME_SECONDS = 300.0
"""How long a person may take to give a name before the door closes (a seat is held meanwhile)."""
FLUSH_SECONDS = 2.0
"""How long the last words on the terminal may take to reach the person at the end."""
TOO_SLOW = "Nobody answered; the door closes. Come back any time."
NAME_QUESTION = "Your name in the room: "
TOO_MANY_CODES = "Too many invitation codes from your network this minute; wait a minute and try again."
CODE_NEEDS_ROOM = "An invitation code opens one room: connect again with that room's name before the @."

T = TypeVar("T")


class DoorSession:
    """One SSH channel: the name prompt, then the client on a terminal or on pipes."""

    def __init__(
        self,
        process: "asyncssh.SSHServerProcess[bytes]",
        greeting: str,
        run: ClientRun,
        name_seconds: float = NAME_SECONDS,
        open_codes: Callable[[], Collection[str]] | None = None,
        may_try_code: Callable[[], bool] = lambda: True,
    ) -> None:
        """Args:
        process: the SSH session, binary (the door is started with ``encoding=None``).
        greeting: the lines shown before the name is asked (where the person is going).
        run: the client to start; its ``name`` (or ``invite``) is filled in from the prompt.
        name_seconds: how long the name may take before the session closes.
        open_codes: the room's open invitation codes now; None where no code opens
            anything (the lobby).
        may_try_code: counts one code from this person's address, False past the pace.
        """
        self.process = process
        self.greeting = greeting
        self.run = run
        self.name_seconds = name_seconds
        self.open_codes = open_codes
        self.may_try_code = may_try_code
        self.child: asyncio.subprocess.Process | None = None

    async def serve(self) -> None:
        """Run the whole session and close the channel with the client's exit status."""
        status = 1
        try:
            if self.process.get_terminal_type() is None:
                status = await self._serve_on_pipes()
            else:
                status = await self._serve_on_terminal()
        except (asyncssh.Error, BrokenPipeError, ConnectionError) as error:
            log.info("ssh door session ended: %s", error)
        finally:
            if self.child is not None:
                status = _exit_status(await ssh_child.stop(self.child))
            with contextlib.suppress(asyncssh.Error, BrokenPipeError, ConnectionError, OSError):
                self.process.exit(status)

    # With a terminal ---------------------------------------------------------------

    async def _serve_on_terminal(self) -> int:
        columns, rows, *_ = self.process.get_terminal_size()
        master, slave = ssh_child.open_terminal(columns, rows)
        slave_open = True
        pumps = [
            asyncio.create_task(self._person_to_terminal(master)),
            asyncio.create_task(self._terminal_to_person(master)),
        ]
        try:
            run = await self._until_gone(self._in_time(self._ask_on_terminal(slave), slave))
            if run is None:
                return 1
            os.set_blocking(slave, True)  # the client shares this file description
            self.child = await ssh_child.start_on_terminal(run, slave)
            os.close(slave)
            slave_open = False
            # The output pump ends when the client's side of the terminal closes.
            await self._until_gone(pumps[1])
            return 0
        finally:
            if slave_open:
                os.close(slave)
            if self.child is not None:
                await ssh_child.stop(self.child)
            # With every side of the terminal closed, what was last written (a refusal, a
            # goodbye) still reaches the person before the output pump meets the end.
            await asyncio.wait([pumps[1]], timeout=FLUSH_SECONDS)
            for pump in pumps:
                pump.cancel()
            await asyncio.gather(*pumps, return_exceptions=True)
            os.close(master)

    async def _ask_on_terminal(self, slave: int) -> ClientRun | None:
        os.set_blocking(slave, False)
        _write_terminal(slave, self.greeting)
        for _ in range(NAME_TRIES):
            _write_terminal(slave, NAME_QUESTION)
            answer = await _read_fd(slave)
            if not answer:
                return None
            run, refusal = self._answered(answer)
            if run is not None:
                return run
            _write_terminal(slave, refusal + "\n")
        _write_terminal(slave, "Goodbye.\n")
        return None

    async def _person_to_terminal(self, master: int) -> None:
        while True:
            try:
                data = await self.process.stdin.read(CHUNK)
            except asyncssh.TerminalSizeChanged as change:
                ssh_child.set_terminal_size(master, change.width, change.height)
                if self.child is not None:
                    ssh_child.tell_resized(self.child)
                continue
            except (asyncssh.BreakReceived, asyncssh.SignalReceived):
                continue
            if not data:
                return
            await _write_fd(master, data)

    async def _terminal_to_person(self, master: int) -> None:
        while data := await _read_fd(master):
            self.process.stdout.write(data)
            await self.process.stdout.drain()

    # Without a terminal ------------------------------------------------------------

    async def _serve_on_pipes(self) -> int:
        asked = await self._until_gone(self._in_time(self._ask_on_pipes(), None))
        if asked is None:
            return 1
        run, early_input = asked
        child = self.child = await ssh_child.start_on_pipes(run)
        if child.stdin is None or child.stdout is None or child.stderr is None:
            raise RuntimeError("the client was started without its pipes")
        child.stdin.write(early_input)
        pumps = [
            asyncio.create_task(self._person_to_pipe(child.stdin)),
            asyncio.create_task(_pipe_to(child.stdout, self.process.stdout)),
            asyncio.create_task(_pipe_to(child.stderr, self.process.stderr)),
        ]
        try:
            await self._until_gone(asyncio.gather(pumps[1], pumps[2]))
            return _exit_status(await ssh_child.stop(child))
        finally:
            for pump in pumps:
                pump.cancel()
            await asyncio.gather(*pumps, return_exceptions=True)

    async def _ask_on_pipes(self) -> tuple[ClientRun, bytes] | None:
        """The client to run and whatever the person sent after their answer, or None when they left."""
        self.process.stdout.write(self.greeting.encode())
        pending = b""
        for _ in range(NAME_TRIES):
            self.process.stdout.write(NAME_QUESTION.encode())
            while b"\n" not in pending:
                try:
                    data = await self.process.stdin.read(CHUNK)
                except (asyncssh.BreakReceived, asyncssh.SignalReceived, asyncssh.TerminalSizeChanged):
                    continue
                if not data:
                    return None
                pending += data
            answer, _, pending = pending.partition(b"\n")
            run, refusal = self._answered(answer)
            if run is not None:
                return run, pending
            self.process.stdout.write((refusal + "\n").encode())
        self.process.stdout.write(b"Goodbye.\n")
        return None

    async def _person_to_pipe(self, stdin: asyncio.StreamWriter) -> None:
        while True:
            try:
                data = await self.process.stdin.read(CHUNK)
            except (asyncssh.BreakReceived, asyncssh.SignalReceived, asyncssh.TerminalSizeChanged):
                continue
            if not data:
                break
            stdin.write(data)
            await stdin.drain()
        stdin.close()  # the person sent EOF: so does the client's input

    # Shared ---------------------------------------------------------------------

    def _answered(self, answer: bytes) -> tuple[ClientRun | None, str]:
        """The client to run for a typed answer (a name or a guest's code), or the sentence why not."""
        text = answer.decode("utf-8", errors="replace").strip()
        code = typed_code(text, self.open_codes() if self.open_codes is not None else ())
        if code is None:
            try:
                return replace(self.run, name=check_name(text)), ""
            except ProtocolError as refusal:
                return None, refusal.message
        if self.open_codes is None:
            return None, CODE_NEEDS_ROOM
        if not self.may_try_code():
            return None, TOO_MANY_CODES
        return replace(self.run, invite=code), ""

    async def _in_time(self, asking: Awaitable[T], slave: int | None) -> T | None:
        """What ``asking`` returns, or None (after saying so) when the name takes too long."""
        try:
            return await asyncio.wait_for(asking, self.name_seconds)
        except TimeoutError:
            if slave is not None:
                _write_terminal(slave, "\n" + TOO_SLOW + "\n")
            else:
                self.process.stdout.write(("\n" + TOO_SLOW + "\n").encode())
            return None

    async def _until_gone(self, work: Awaitable[T]) -> T | None:
        """``work``'s result, or None as soon as the person's channel closes first."""
        task = asyncio.ensure_future(work)
        gone = asyncio.ensure_future(self.process.channel.wait_closed())
        try:
            await asyncio.wait([task, gone], return_when=asyncio.FIRST_COMPLETED)
        finally:
            gone.cancel()
            if not task.done():
                task.cancel()
            # Also when this session is cancelled: no task is left with an unread outcome.
            await asyncio.gather(task, return_exceptions=True)
        return None if task.cancelled() else task.result()


def _exit_status(returncode: int) -> int:
    """A process's return code as an SSH exit status (a signal as 128 + its number)."""
    return returncode if returncode >= 0 else 128 - returncode


def _write_terminal(slave: int, text: str) -> None:
    """Show ``text`` on the terminal (short: it fits the terminal's buffer at once)."""
    with contextlib.suppress(BlockingIOError):
        os.write(slave, text.encode())


def _wake(waiter: "asyncio.Future[None]") -> None:
    if not waiter.done():
        waiter.set_result(None)


async def _read_fd(descriptor: int) -> bytes:
    """The next bytes from a non-blocking descriptor; empty at its end (EIO on a closed terminal)."""
    loop = asyncio.get_running_loop()
    while True:
        try:
            return os.read(descriptor, CHUNK)
        except BlockingIOError:
            pass
        except OSError:  # EIO: every process on the other side of the terminal has left
            return b""
        readable = loop.create_future()
        loop.add_reader(descriptor, _wake, readable)
        try:
            await readable
        finally:
            loop.remove_reader(descriptor)


async def _write_fd(descriptor: int, data: bytes) -> None:
    """Write all of ``data`` to a non-blocking descriptor, waiting while it is full."""
    loop = asyncio.get_running_loop()
    while data:
        try:
            data = data[os.write(descriptor, data) :]
            continue
        except BlockingIOError:
            pass
        writable = loop.create_future()
        loop.add_writer(descriptor, _wake, writable)
        try:
            await writable
        finally:
            loop.remove_writer(descriptor)


async def _pipe_to(source: asyncio.StreamReader, target: "asyncssh.SSHWriter[bytes]") -> None:
    while data := await source.read(CHUNK):
        target.write(data)
        await target.drain()
