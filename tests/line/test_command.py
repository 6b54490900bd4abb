"""The installed ``talkingstick`` in line mode, as a subprocess with pipes or on a dumb terminal."""

import asyncio
import os
import pty
import select
import subprocess
import sys

from tests.line.helpers import LineProcess, talkingstick
from tests.wire_client import TIMEOUT
from tui.cli import parse_args, wants_line_mode


async def test_three_line_processes_hold_a_meeting(relay, room):
    """A facilitator and two members over pipes: messages both ways, a hand, the floor, /who."""
    url = relay.url("demo")
    fran = await LineProcess.start("--line", url, "--name", "Fran", "--key", room[1])
    await fran.wait_for("/help lists the commands")
    sam = await LineProcess.start("--line", url, "--name", "Sam")
    alex = await LineProcess.start("--line", url, "--name", "Alex")
    await sam.wait_for("/help lists the commands")
    await alex.wait_for("/help lists the commands")
    await fran.wait_for("Alex joined")
    await sam.type("hello from Sam")
    await fran.wait_for("Sam: hello from Sam")
    await fran.type("welcome both")
    await alex.wait_for("Fran (facilitator): welcome both")
    await alex.type("/raise")
    await alex.wait_for("You are 1st in the queue")
    await fran.type("/next")
    await alex.wait_for("You have the floor")
    await sam.wait_for("Alex has the floor")
    await sam.type("/who")
    await sam.wait_for("  Alex (has the floor)")
    assert await sam.end() == 0
    await fran.wait_for("Sam left")
    assert await alex.end() == 0
    assert await fran.end() == 0
    assert not any("\x1b" in line for line in fran.out + sam.out + alex.out)


def run_on_a_terminal(args: list[str], env: dict[str, str], until: bytes) -> bytes:
    """Run the installed command with a pseudo-terminal as its output; what it printed until ``until``."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [talkingstick(), *args], stdin=subprocess.PIPE, stdout=follower, stderr=follower, env=env
    )
    os.close(follower)
    seen = b""
    try:
        while until not in seen:
            ready = select.select([leader], [], [], TIMEOUT * 3)[0]
            if not ready:
                break
            try:
                chunk = os.read(leader, 4096)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    finally:
        process.kill()
        process.wait(TIMEOUT)
        os.close(leader)
    return seen


async def test_term_dumb_chooses_line_mode_on_a_terminal(relay, room):
    """With ``TERM=dumb`` the command prints plain lines even on a terminal: no escape byte."""
    env = {**os.environ, "TERM": "dumb"}
    args = [relay.url("demo"), "--name", "Dee"]
    seen = await asyncio.to_thread(run_on_a_terminal, args, env, b"/help lists the commands")
    assert b"You are in Demo meeting as Dee (member)" in seen
    assert b"\x1b" not in seen


def test_line_mode_is_chosen_by_flag_terminal_or_output(monkeypatch):
    """``--line`` and ``TERM=dumb`` choose line mode; ``--no-line`` forces the full app."""
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    monkeypatch.setenv("TERM", "xterm-256color")
    assert not wants_line_mode(parse_args(["ws://h:1/r"]))
    assert wants_line_mode(parse_args(["ws://h:1/r", "--line"]))
    monkeypatch.setenv("TERM", "dumb")
    assert wants_line_mode(parse_args(["ws://h:1/r"]))
    assert not wants_line_mode(parse_args(["ws://h:1/r", "--no-line"]))


def test_output_that_is_not_a_terminal_chooses_line_mode(monkeypatch):
    """A pipe or a file as standard output gets line mode without asking."""
    monkeypatch.setattr(sys.stdout, "isatty", lambda: False)
    monkeypatch.setenv("TERM", "xterm-256color")
    assert wants_line_mode(parse_args(["ws://h:1/r"]))
