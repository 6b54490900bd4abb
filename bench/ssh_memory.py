"""Measure the memory each SSH door session costs, and print a plain table.

    python bench/ssh_memory.py [--sessions 10] [--no-terminal]

Starts ``talkingstick-relay serve --ssh-port 0`` (free loopback ports, a fresh database
in a temporary folder, a room "demo"), then opens ``--sessions`` sessions with the
system ``ssh -tt`` client, each in its own window of a private tmux server at 80x24 (tmux
reads the output, as a person's terminal would), answers each name prompt and waits
until the full client shows the room (with ``--no-terminal``: ``ssh -T`` sessions,
which run the line mode, until it has printed the room's title). Then it reads, from ``/proc``:

- the RSS of every client the door started (the relay's child processes), one per session,
  and their PSS (pages the clients share, such as Python's own, counted in part);
- the relay process's own RSS before the first session and after the last, the
  difference divided by the sessions being the door's own cost per session (the SSH
  connection, its channel, the pumps, and the websocket connection of the client).

Needs ``ssh`` and ``tmux``. Loopback only; every wait has a deadline; it stops by itself.
"""

import argparse
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

BIN = Path(sys.executable).parent
RELAY = BIN / "talkingstick-relay"
DEADLINE = 60.0
SSH_OPTIONS = "-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o BatchMode=yes -o LogLevel=ERROR"


def rss_kib(pid: int) -> int:
    """Resident memory of ``pid`` in KiB (``VmRSS``)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def pss_kib(pid: int) -> int:
    """Proportional memory of ``pid`` in KiB: pages shared with the other clients count in part."""
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1])
    return 0


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid``."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def wait_for(condition, what: str) -> None:
    end = time.monotonic() + DEADLINE
    while time.monotonic() < end:
        if condition():
            return
        time.sleep(0.2)
    raise SystemExit(f"timed out waiting for {what}")


def tmux(socket: str, *args: str) -> str:
    return subprocess.run(["tmux", "-L", socket, *args], check=True, capture_output=True, text=True).stdout


def joined(socket: str, target: str, number: int, line_mode: bool) -> bool:
    """Whether session ``number`` shows the room: its own name in the full client, the title in lines."""
    screen = tmux(socket, "capture-pane", "-p", "-t", target)
    if line_mode:
        return "Bench group" in screen.split("Your name in the room:")[-1]
    return f"Person {number} (you)" in screen


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=10, help="SSH sessions to open (default 10)")
    parser.add_argument("--no-terminal", action="store_true", help="ssh -T: the line mode instead")
    args = parser.parse_args()
    if not shutil.which("ssh") or not shutil.which("tmux"):
        raise SystemExit("needs the ssh client and tmux")

    folder = Path(tempfile.mkdtemp(prefix="ts-ssh-bench-"))
    db = folder / "relay.sqlite3"
    subprocess.run(
        [str(RELAY), "room", "create", "demo", "--db", str(db), "--title", "Bench group"],
        check=True,
        capture_output=True,
    )
    relay = subprocess.Popen(
        [str(RELAY), "serve", "--db", str(db), "--port", "0", "--ssh-port", "0"]
        + ["--ssh-max-sessions", str(args.sessions + 1)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert relay.stdout is not None
    shown = "".join(relay.stdout.readline() for _ in range(3))
    ssh_port = int(re.search(r"SSH door on port (\d+)", shown).group(1))
    socket = f"ts-ssh-bench-{uuid.uuid4().hex[:8]}"
    env = f"env HOME={folder} TERM=xterm-256color LANG=C.UTF-8"
    try:
        time.sleep(1.0)  # let the relay settle before its baseline
        relay_before = rss_kib(relay.pid)
        for number in range(args.sessions):
            terminal = "-T" if args.no_terminal else "-tt"
            command = f"{env} ssh {terminal} -p {ssh_port} {SSH_OPTIONS} demo@127.0.0.1"
            window = f"s{number}"
            if number == 0:
                size = ("-x", "80", "-y", "24")
                tmux(socket, "new-session", "-d", "-s", "bench", "-n", window, *size, command)
            else:
                tmux(socket, "new-window", "-t", "bench", "-n", window, command)
            target = f"bench:{window}"
            wait_for(
                lambda t=target: "Your name" in tmux(socket, "capture-pane", "-p", "-t", t), "the prompt"
            )
            tmux(socket, "send-keys", "-t", target, "-l", f"Person {number}")
            tmux(socket, "send-keys", "-t", target, "Enter")
            wait_for(lambda t=target, n=number: joined(socket, t, n, args.no_terminal), "the client's screen")
        time.sleep(2.0)  # everyone's joins and redraws are over
        clients = children(relay.pid)
        client_rss = sorted(rss_kib(pid) for pid in clients)
        client_pss = sum(pss_kib(pid) for pid in clients) / len(clients) / 1024
        relay_after = rss_kib(relay.pid)
    finally:
        subprocess.run(["tmux", "-L", socket, "kill-server"], capture_output=True)
        relay.send_signal(signal.SIGTERM)
        relay.wait(30)
        shutil.rmtree(folder, ignore_errors=True)

    print(f"machine: {platform.machine()}, Python {platform.python_version()}, {os.cpu_count()} cores")
    kind = "ssh -T, line mode" if args.no_terminal else "ssh -tt, full client"
    print(f"sessions: {args.sessions} ({kind}), clients found: {len(clients)}")
    mean_client = sum(client_rss) / len(client_rss) / 1024
    door_share = (relay_after - relay_before) / args.sessions / 1024
    print(f"{'what':<44}{'MiB':>8}")
    print(f"{'client RSS, smallest':<44}{client_rss[0] / 1024:>8.1f}")
    print(f"{'client RSS, mean':<44}{mean_client:>8.1f}")
    print(f"{'client RSS, largest':<44}{client_rss[-1] / 1024:>8.1f}")
    print(f"{'client PSS, mean (shared pages split)':<44}{client_pss:>8.1f}")
    print(f"{'relay RSS before the sessions':<44}{relay_before / 1024:>8.1f}")
    print(f"{'relay RSS with every session':<44}{relay_after / 1024:>8.1f}")
    print(f"{'relay growth per session (the door own)':<44}{door_share:>8.2f}")
    print(f"{'per session in all (client + relay share)':<44}{mean_client + door_share:>8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
