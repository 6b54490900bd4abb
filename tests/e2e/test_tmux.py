"""End to end: the installed ``talkingstick`` command in tmux, driven as a person would.

A real relay process, two real terminals (a facilitator and a member) at 80x24; keys go
in with ``tmux send-keys`` and the test reads the screens with ``capture-pane``. Every
wait polls the screen with a deadline.
"""

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent
CLIENT = BIN / "talkingstick"
RELAY = BIN / "talkingstick-relay"
DEADLINE = 30.0

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
    pytest.mark.skipif(not CLIENT.exists() or not RELAY.exists(), reason="the commands are not installed"),
]


class Terminal:
    """One tmux session running one command at 80x24."""

    def __init__(self, socket: str, name: str, command: list[str], env: dict[str, str]) -> None:
        self.socket = socket
        self.name = name
        exports = " ".join(f"{k}={v}" for k, v in env.items())
        line = f"env {exports} " + " ".join(command)
        self._tmux("new-session", "-d", "-s", name, "-x", "80", "-y", "24", line)

    def _tmux(self, *args: str) -> str:
        return subprocess.run(
            ["tmux", "-L", self.socket, *args], check=True, capture_output=True, text=True, timeout=10
        ).stdout

    def screen(self) -> str:
        """What the terminal shows now."""
        return self._tmux("capture-pane", "-p", "-t", self.name)

    def keys(self, *keys: str) -> None:
        """Press keys (tmux key names such as Enter, Escape, F2) or type literal text."""
        self._tmux("send-keys", "-t", self.name, *keys)

    def type(self, text: str) -> None:
        """Type text literally, then Enter."""
        self._tmux("send-keys", "-t", self.name, "-l", text)
        self._tmux("send-keys", "-t", self.name, "Enter")

    def wait_for(self, pattern: str) -> str:
        """Poll the screen until ``pattern`` (a regular expression) shows; return the screen."""
        deadline = time.monotonic() + DEADLINE
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if re.search(pattern, screen):
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{pattern!r} did not appear on {self.name}'s screen:\n{screen}")


@pytest.fixture
def relay_process(tmp_path):
    """``talkingstick-relay serve`` on a free loopback port with a room "demo"."""
    db = tmp_path / "relay.sqlite3"
    created = subprocess.run(
        [str(RELAY), "room", "create", "demo", "--title", "Tuesday group", "--db", str(db)],
        check=True, capture_output=True, text=True, timeout=30,
    )
    key = re.search(r"--key (\S+)", created.stdout).group(1)
    process = subprocess.Popen(
        [str(RELAY), "serve", "--db", str(db), "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    line = process.stdout.readline()
    port = int(re.search(r":(\d+)/ROOM", line).group(1))
    yield f"ws://127.0.0.1:{port}/demo", key
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture
def terminals(tmp_path):
    """Start terminals on a private tmux server, killed after the test."""
    socket = f"talkingstick-e2e-{uuid.uuid4().hex[:8]}"
    env = {"HOME": str(tmp_path), "TERM": "xterm-256color", "LANG": "C.UTF-8", "PATH": os.environ["PATH"]}
    started: list[Terminal] = []

    def start(name: str, *args: str) -> Terminal:
        terminal = Terminal(socket, name, [str(CLIENT), *args], env)
        started.append(terminal)
        return terminal

    yield start
    subprocess.run(["tmux", "-L", socket, "kill-server"], capture_output=True, timeout=10)


def test_a_meeting_in_two_terminals(relay_process, terminals):
    """A facilitator and a member meet: chat, floor mode, a raised hand, the floor given, a share."""
    url, key = relay_process
    fran = terminals("fran", url, "--name", "Fran", "--key", key)
    fran.wait_for("Tuesday group")
    ann = terminals("ann", url, "--name", "Ann")
    ann.wait_for("Tuesday group")
    fran.wait_for("Ann")

    ann.type("hello from Ann")
    fran.wait_for("hello from Ann")

    fran.keys("F7")  # floor mode
    ann.wait_for("floor mode")
    ann.keys("F2")  # raise a hand
    fran.wait_for(r"Hands \(1\)")
    fran.keys("F5")  # give the floor to the next hand
    ann.wait_for("You have the floor")
    ann.type("my share, thank you")
    fran.wait_for("my share, thank you")

    ann.keys("C-q")  # leave, with a confirmation
    ann.wait_for(r"Leave the meeting\?")
    ann.keys("y")
    fran.wait_for("Ann left")
