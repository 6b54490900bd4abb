"""The client program an SSH door session runs: its command line, environment and life.

The relay never imports the client (``tests/server/test_layers.py``): each person who
comes through the SSH door gets the installed ``talkingstick`` command as a child
process (``python -m tui.cli`` with this relay's own interpreter), which connects back
to the relay's websocket port on the loopback address like any other client. With a
terminal it runs on a pseudo-terminal whose master side the session pumps; without one
(``ssh -T``) it runs in the plain line mode on pipes, because there is no terminal to
mirror and a pseudo-terminal would echo every line back to a person whose own terminal
already shows it.

The child's environment is built from nothing rather than copied, so that nothing the
relay was started with (tokens, passwords) reaches a program that strangers drive: the
search path, a UTF-8 locale, the person's ``TERM`` and ``SSH_CONNECTION`` (the client
takes its low-bandwidth habits from it), and for a guest speaker the invitation code
they typed, as ``TALKINGSTICK_INVITE``: never on the command line, where every local
user could read it in ``ps`` (a process's environment is readable by its own user and
root only). A child that will not stop is killed after a few seconds, and every child
is reaped.
"""

import asyncio
import contextlib
import fcntl
import functools
import os
import signal
import struct
import subprocess
import sys
import termios
from dataclasses import dataclass

STOP_SECONDS = 5.0
"""How long a child has to leave after SIGTERM before it is killed."""
DEFAULT_SIZE = (80, 24)
"""Columns and rows when the SSH client gives no size."""
INVITE_VARIABLE = "TALKINGSTICK_INVITE"
"""Where the client reads a guest's invitation code (``tui/cli.py`` reads the same name)."""


@dataclass(frozen=True)
class ClientRun:
    """What to start for one person: where they go, as whom, and on what kind of terminal."""

    address: str
    """``ws://127.0.0.1:PORT/ROOM`` for a room, ``http://127.0.0.1:PORT`` for the lobby."""
    name: str
    """The display name the person gave at the door (already checked)."""
    line_mode: bool
    """The plain line mode (no terminal, or ``TERM=dumb``) instead of the full screen."""
    term: str
    """The person's terminal type, as their SSH client sent it."""
    ssh_connection: str
    """``client_ip client_port server_ip server_port``, as OpenSSH's sshd sets it."""
    invite: str | None = None
    """A guest speaker's invitation code typed at the door (then ``name`` is unused)."""


def client_command() -> list[str]:
    """The installed client, run by this relay's own Python."""
    return [sys.executable, "-m", "tui.cli"]


@functools.cache
def client_offers_low_bandwidth() -> bool:
    """Whether the installed client has ``--low-bandwidth`` (asked once, from its ``--help``)."""
    try:
        shown = subprocess.run(
            [*client_command(), "--help"], capture_output=True, text=True, timeout=60, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return "--low-bandwidth" in shown.stdout


def client_arguments(run: ClientRun) -> list[str]:
    """The client's command line for ``run``."""
    arguments = [*client_command()]
    if run.line_mode:
        arguments.append("--line")
    elif client_offers_low_bandwidth():
        arguments.append("--low-bandwidth")
    if run.invite is not None:  # the invitation names the guest; the code goes in the environment
        return [*arguments, run.address]
    return [*arguments, run.address, "--name", run.name]


def client_environment(run: ClientRun) -> dict[str, str]:
    """The child's whole environment: nothing of the relay's own but the search path."""
    invite = {INVITE_VARIABLE: run.invite} if run.invite is not None else {}
    return {
        **invite,
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/"),
        "LANG": "C.UTF-8",
        "TERM": run.term or "dumb",
        "SSH_CONNECTION": run.ssh_connection,
        # Line mode writes to a pipe: without this, Python would hold its lines back.
        "PYTHONUNBUFFERED": "1",
    }


def open_terminal(columns: int, rows: int) -> tuple[int, int]:
    """A new pseudo-terminal ``(master, slave)`` of the given size, reading UTF-8 input."""
    master, slave = os.openpty()
    attributes = termios.tcgetattr(slave)
    attributes[0] |= getattr(termios, "IUTF8", 0)  # erasing a letter erases all of its bytes
    termios.tcsetattr(slave, termios.TCSANOW, attributes)
    set_terminal_size(master, columns, rows)
    os.set_blocking(master, False)
    return master, slave


def set_terminal_size(master: int, columns: int, rows: int) -> None:
    """Give the pseudo-terminal a size (the default one when the client sent zeros)."""
    columns, rows = (columns, rows) if columns > 0 and rows > 0 else DEFAULT_SIZE
    fcntl.ioctl(master, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))


def _take_terminal() -> None:
    """In the child, before exec: make its standard input its controlling terminal.

    Then a hang-up on the terminal, window-size signals and Ctrl+C in the line mode reach
    it as they would in a login session.
    """
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


async def start_on_terminal(run: ClientRun, slave: int) -> asyncio.subprocess.Process:
    """Start the client on the pseudo-terminal's ``slave`` side, in a session of its own."""
    return await asyncio.create_subprocess_exec(
        *client_arguments(run),
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=client_environment(run),
        start_new_session=True,
        preexec_fn=_take_terminal,
    )


async def start_on_pipes(run: ClientRun) -> asyncio.subprocess.Process:
    """Start the client on pipes (a person without a terminal), in a session of its own."""
    return await asyncio.create_subprocess_exec(
        *client_arguments(run),
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=client_environment(run),
        start_new_session=True,
    )


def tell_resized(child: asyncio.subprocess.Process) -> None:
    """Send SIGWINCH to the child's process group (it redraws at the new size)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(child.pid, signal.SIGWINCH)


async def stop(child: asyncio.subprocess.Process) -> int:
    """End the child (SIGTERM, then SIGKILL after ``STOP_SECONDS``), reap it, return its status."""
    if child.returncode is None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(child.pid, signal.SIGTERM)
        try:
            await asyncio.wait_for(child.wait(), STOP_SECONDS)
        except TimeoutError:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(child.pid, signal.SIGKILL)
    return await child.wait()
