"""What the SSH door tests share: a relay process with its door open, the system ``ssh``, tmux.

The relay runs as the installed ``talkingstick-relay serve --ssh-port 0`` command, so the
door's children are started exactly as in production; every wait polls with a deadline.
"""

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

BIN = Path(sys.executable).parent
RELAY = BIN / "talkingstick-relay"
DEADLINE = 30.0
SSH_OPTIONS = [
    "-o", "StrictHostKeyChecking=no",
    "-o", "UserKnownHostsFile=/dev/null",
    "-o", "BatchMode=yes",
    "-o", "LogLevel=ERROR",
]  # fmt: skip
"""BatchMode: no password prompt could ever be answered, and none is needed (the door is public)."""

NO_SSH = shutil.which("ssh") is None
NO_TMUX = shutil.which("tmux") is None


@dataclass
class DoorRelay:
    """A running relay process with its SSH door."""

    process: subprocess.Popen
    ws_port: int
    ssh_port: int
    fingerprint: str

    def ssh(self, user: str, *options: str) -> list[str]:
        """The ``ssh`` command line that knocks at this door as ``user``."""
        return ["ssh", "-p", str(self.ssh_port), *SSH_OPTIONS, *options, f"{user}@127.0.0.1"]

    def url(self, room: str) -> str:
        return f"ws://127.0.0.1:{self.ws_port}/{room}"

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(5)


def create_room(db: Path, name: str = "demo", title: str = "Tuesday group") -> None:
    subprocess.run(
        [str(RELAY), "room", "create", name, "--db", str(db), "--title", title],
        check=True, capture_output=True, text=True, timeout=30,
    )  # fmt: skip


def start_relay(db: Path, *options: str, env: dict[str, str] | None = None) -> DoorRelay:
    """``talkingstick-relay serve`` on free loopback ports with the SSH door open."""
    process = subprocess.Popen(
        [str(RELAY), "serve", "--db", str(db), "--port", "0", "--ssh-port", "0", *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    assert process.stdout is not None
    shown = "".join(process.stdout.readline() for _ in range(3))
    ws_port = int(re.search(r":(\d+)/ROOM", shown).group(1))
    ssh_port = int(re.search(r"SSH door on port (\d+)", shown).group(1))
    fingerprint = re.search(r"SSH host key (SHA256:\S+)", shown).group(1)
    return DoorRelay(process, ws_port, ssh_port, fingerprint)


class Terminal:
    """One tmux session at 80x24 running a shell command (here: ``ssh -tt``)."""

    def __init__(self, command: str, env: dict[str, str]) -> None:
        self.socket = f"talkingstick-ssh-{uuid.uuid4().hex[:8]}"
        exports = " ".join(f"{key}={value}" for key, value in env.items())
        self._tmux("new-session", "-d", "-s", "door", "-x", "80", "-y", "24", f"env {exports} {command}")

    def _tmux(self, *args: str) -> str:
        return subprocess.run(
            ["tmux", "-L", self.socket, *args], check=True, capture_output=True, text=True, timeout=10
        ).stdout

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", "door")

    def type(self, text: str) -> None:
        self._tmux("send-keys", "-t", "door", "-l", text)
        self._tmux("send-keys", "-t", "door", "Enter")

    def keys(self, *keys: str) -> None:
        self._tmux("send-keys", "-t", "door", *keys)

    def wait_for(self, pattern: str) -> str:
        deadline = time.monotonic() + DEADLINE
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if re.search(pattern, screen):
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{pattern!r} did not appear:\n{screen}")

    def resize(self, columns: int, rows: int) -> None:
        """Change the terminal's size, as a person dragging their window would."""
        self._tmux("resize-window", "-t", "door", "-x", str(columns), "-y", str(rows))

    def close(self) -> None:
        """Kill the terminal, and with it the ssh client (a disconnect)."""
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True, timeout=10)


def terminal_env(home: Path) -> dict[str, str]:
    return {"HOME": str(home), "TERM": "xterm-256color", "LANG": "C.UTF-8", "PATH": os.environ["PATH"]}


def client_pids(name: str) -> list[int]:
    """Processes running the client with ``--name name`` (a scan of /proc; zombies count)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            arguments = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"tui.cli" in arguments and name.encode() in arguments:
            found.append(int(entry.name))
    return found


def wait_until(condition, what: str, deadline: float = DEADLINE) -> None:
    """Poll ``condition`` until it holds, or fail saying ``what`` never happened."""
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"{what} did not happen within {deadline} s")


def line_mode_missing() -> bool:
    """True when the installed client has no ``--line`` mode yet.

    ``--help`` wins over an unknown option in argparse, so the help text itself is read too.
    """
    shown = subprocess.run(
        [sys.executable, "-m", "tui.cli", "--line", "--help"],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    return shown.returncode != 0 or "--line" not in shown.stdout
