"""Hold scripted meetings over emulated weak links and print what members got: ``bench/weaklink.sh``.

    sudo bench/weaklink.sh [--runs main,slow,line] [--messages 300]

Needs root (network namespaces), ``ip``, ``tc`` and ``nft``; the shell entry point checks
them and deletes the namespaces on exit. This program builds the links
(``bench/weaklink_net.py``: 10.199.x.x addresses that exist only inside two namespaces
it creates, a rate limit, a small MTU and 5 % random loss each way), starts one relay in
the relay's namespace (``bench/weaklink_relay.py``) and, for each run, a scripted meeting
in the clients' namespace (``bench/weaklink_meeting.py``), whose delay proxies add 400 ms
each way. The runs:

- ``main``: a facilitator and five members at 9.6 kbit/s, 300 messages, hands, grants,
  two rounds with passes, agenda moves and two forced drops of one member's line.
- ``slow``: a facilitator and three members at 2.4 kbit/s, 60 messages, one forced drop.
- ``line``: a facilitator, four members and one ``talkingstick --line`` at 9.6 kbit/s,
  100 messages.

Each run is bounded in time (``--limit``) and the whole bench stops by itself.
"""

import argparse
import json
import os
import platform
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.weaklink_net import Network  # noqa: E402

HERE = Path(__file__).resolve().parent
RUNS = {
    # name: (people incl. the facilitator, bit/s, messages, forced drops, a line-mode member)
    "main": (6, 9600, 300, 2, False),
    "slow": (4, 2400, 60, 1, False),
    "line": (6, 9600, 100, 0, True),
}


def machine() -> str:
    """The machine line for docs/performance.md."""
    load = os.getloadavg()
    return (
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, "
        f"load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}"
    )


def start_relay(network: Network, folder: Path, rooms: list[str]) -> tuple[subprocess.Popen[str], dict]:
    """The relay inside its namespace; returns the process and what it printed (port, keys)."""
    relay = subprocess.Popen(
        [*network.exec_prefix(network.relay_ns), sys.executable, str(HERE / "weaklink_relay.py"),
         str(folder / "weaklink.sqlite3"), *rooms],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    if relay.stdout is None:
        raise RuntimeError("no relay output")
    first = relay.stdout.readline()
    if not first:
        raise RuntimeError("the relay did not start")
    return relay, json.loads(first)


def main(args: argparse.Namespace) -> int:
    """Build the links, start the relay, hold each run's meeting, clean up."""
    chosen = [name for name in args.runs.split(",") if name]
    network = Network(args.prefix, loss_percent=args.loss, mtu=args.mtu)
    print("talkingstick weak-link bench")
    print(f"  machine: {machine()}")
    print(
        f"  links: {args.loss} % loss each way, MTU {args.mtu}, {args.delay * 1000:.0f} ms each way (proxy)"
    )
    relay = None
    status = 0
    try:
        network.create()
        plans = {}
        for name in chosen:
            people, rate, messages, cuts, line = RUNS[name]
            plans[name] = ([network.add_line(rate).number for _ in range(people)], rate, messages, cuts, line)
        with tempfile.TemporaryDirectory() as folder:
            relay, started = start_relay(network, Path(folder), chosen)
            for name in chosen:
                lines, rate, messages, cuts, line = plans[name]
                dropped = network.dropped()
                began = time.monotonic()
                meeting = [
                    *network.exec_prefix(network.clients_ns),
                    sys.executable, str(HERE / "weaklink_meeting.py"),
                    "--port", str(started["port"]), "--room", name, "--key", started["keys"][name],
                    "--lines", ",".join(map(str, lines)), "--rate", str(rate), "--label", name,
                    "--messages", str(args.messages if name == "main" and args.messages else messages),
                    "--cuts", str(cuts), "--delay", str(args.delay), "--limit", str(args.limit),
                ]  # fmt: skip
                if line:
                    meeting.append("--line")
                print()
                result = subprocess.run(meeting, timeout=args.limit + 60)
                status = status or result.returncode
                print(f"    packets dropped by the loss rule: {network.dropped() - dropped}")
                print(f"    run took {time.monotonic() - began:.0f} s; machine now: {machine()}")
            if relay.stdin is not None:
                relay.stdin.close()
            relay.wait(timeout=30)
    finally:
        if relay is not None and relay.poll() is None:
            relay.kill()
        network.remove()
    return status


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line (every default is what docs/performance.md reports)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", default="main,slow,line", help="which runs, comma-separated")
    parser.add_argument("--messages", type=int, default=0, help="messages in the main run (default 300)")
    parser.add_argument("--loss", type=int, default=5, help="percent of packets dropped each way")
    parser.add_argument("--delay", type=float, default=0.4, help="seconds added each way")
    parser.add_argument("--mtu", type=int, default=576)
    parser.add_argument("--limit", type=float, default=900, help="seconds a run may take")
    parser.add_argument("--prefix", default=f"tsw{os.getpid()}", help="names of namespaces and links")
    return parser.parse_args(argv)


if __name__ == "__main__":
    # A plain TERM would skip the cleanup below; as an exit it runs every ``finally``.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    sys.exit(main(parse_args()))
