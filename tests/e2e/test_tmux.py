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
KEEP_PANES = Path(__file__).with_name("keep_panes.tmux.conf")
"""A tmux configuration that keeps a pane whose command ended, so a failing wait shows why it ended."""

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
            ["tmux", "-L", self.socket, "-f", str(KEEP_PANES), *args],
            check=True,
            capture_output=True,
            text=True,
            timeout=10,
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


def _relay(tmp_path, *create_options: str):
    """``talkingstick-relay serve`` on a free loopback port with a room "demo"."""
    db = tmp_path / "relay.sqlite3"
    created = subprocess.run(
        [str(RELAY), "room", "create", "demo", "--db", str(db), *create_options],
        check=True,
        capture_output=True,
        text=True,
        timeout=30,
    )
    key = re.search(r"keep it safe\): (\S+)", created.stdout).group(1)
    process = subprocess.Popen(
        [str(RELAY), "serve", "--db", str(db), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
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
def relay_process(tmp_path):
    """A relay with a plain room "demo" titled "Tuesday group"."""
    yield from _relay(tmp_path, "--title", "Tuesday group")


@pytest.fixture
def smart_relay(tmp_path):
    """A relay with a room "demo" made from the SMART-style format, with a waiting room."""
    yield from _relay(tmp_path, "--title", "SMART group", "--format", "smart", "--waiting-room")


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

    fran.keys("F7")  # floor mode: F7 again confirms
    fran.wait_for("F7 again")
    fran.keys("F7")
    ann.wait_for("floor mode")
    ann.keys("F2")  # raise a hand
    fran.wait_for(r"Hands \(1\)")
    fran.keys("F5")  # give the floor to the next hand
    ann.wait_for("You have the floor")
    ann.type("my share, thank you")
    fran.wait_for("my share, thank you")

    ann.keys("C-q")  # leave, with a confirmation: Ctrl+Q again leaves
    ann.wait_for(r"Leave the meeting\?")
    ann.keys("C-q")
    fran.wait_for("Ann left")


def test_a_whole_smart_meeting_from_the_keyboard(smart_relay, terminals):
    """A facilitator runs a SMART-style meeting for three members with keys only, no slash command."""
    url, key = smart_relay
    fran = terminals("fran", url, "--name", "Fran", "--key", key)
    fran.wait_for("SMART group")
    members = {}
    for name in ("Ann", "Ben", "Cat"):  # one after the other: the round follows arrival order
        members[name] = terminals(name.lower(), url, "--name", name)
        members[name].wait_for("A facilitator will let you in soon")
        fran.wait_for(f"{name} is waiting")
    ann, ben, cat = members["Ann"], members["Ben"], members["Cat"]
    fran.wait_for("Cat is waiting")

    fran.keys("F10")  # the facilitators' desk
    fran.wait_for(r"Waiting \(3\)")
    fran.keys("C-r", "A")  # admit everyone waiting
    fran.wait_for(r"Waiting \(0\)")
    fran.keys("Escape")
    for member in members.values():
        member.wait_for("You are in SMART group")
        # Admitted without ticking the guidelines: they stand in for the composer until accepted.
        member.wait_for("accepts these guidelines")
        member.keys("Enter")
        member.wait_for("Type a message")

    fran.keys("F8")  # welcome and guidelines: the guidelines show for everyone
    fran.wait_for("F8 again")
    fran.keys("F8")
    for member in members.values():
        member.wait_for("Guidelines")
        member.wait_for("Now: Welcome and guidelines")

    fran.keys("F8")  # the check-in round starts with the facilitator
    fran.wait_for("F8 again")
    fran.keys("F8")
    fran.wait_for("You are sharing")
    fran.type("Welcome everyone, I am Fran")
    fran.keys("F3")
    ann.wait_for("You are sharing")
    ann.type("Checking in: a steady week")
    ann.keys("F3")
    ben.wait_for("You are sharing")
    ben.keys("F4")  # passing needs no reason
    cat.wait_for("You are sharing")
    cat.type("Hi all, first time here")
    cat.keys("F3")
    fran.wait_for("Ben passed")
    fran.wait_for("(?i)round (is over|ended|has ended)")

    fran.keys("F8")  # agenda setting: open conversation
    fran.wait_for("F8 again")
    fran.keys("F8")
    fran.wait_for("Now: Agenda setting")
    ben.type("Could we talk about evenings?")
    fran.wait_for("Could we talk about evenings")

    fran.keys("F8")  # working time: floor mode, hands
    fran.wait_for("F8 again")
    fran.keys("F8")
    ann.wait_for("Now: Working time")
    ann.keys("F2")
    fran.wait_for(r"Hands \(1\)")
    fran.keys("F5")
    ann.wait_for("You have the floor")
    ann.type("Evenings are hard for me too")
    cat.wait_for("Evenings are hard for me too")
    ann.keys("F3")

    fran.keys("F8")  # the check-out round
    fran.wait_for("F8 again")
    fran.keys("F8")
    fran.wait_for("You are sharing")
    fran.keys("F3")
    for member in (ann, ben, cat):
        member.wait_for("You are sharing")
        member.keys("F4")
    fran.wait_for("Cat passed")

    fran.keys("F10")
    fran.wait_for("Facilitators' desk")
    fran.keys("C-r", "e")  # end the meeting: its words are deleted
    fran.wait_for(r"End the meeting\?")
    fran.keys("Tab", "Enter")
    for member in members.values():
        member.wait_for("The meeting has ended")
