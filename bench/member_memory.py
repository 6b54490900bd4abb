"""Relay memory per idle member, over ``ws://`` and with the relay holding TLS (``--tls-cert``).

Starts the installed ``talkingstick-relay serve`` as a child process (so the members'
own memory is not counted), joins ``--members`` members to one room with websockets'
defaults (permessage-deflate on, as the talkingstick client), waits for them to settle
and reads the relay's RSS from ``/proc``. Prints the RSS before and after and the growth
per member, once without TLS and once with a certificate made by trustme.

    python bench/member_memory.py --members 200
"""

import argparse
import asyncio
import shutil
import ssl
import subprocess
import tempfile
from pathlib import Path

import trustme
from websockets.asyncio.client import ClientConnection, connect

from protocol import PROTOCOL_VERSION, Hello, Welcome
from protocol.codec import decode, encode
from protocol.limits import MAX_PARTICIPANTS

SETTLE_SECONDS = 2.0
"""Time for the relay to finish welcoming everyone before RSS is read."""


def rss_kib(pid: int) -> int:
    """The resident set size of process ``pid`` in KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


async def measure(folder: Path, members: int, tls: bool) -> None:
    """Join ``members`` idle members and print the relay's RSS growth per member."""
    relay_command = shutil.which("talkingstick-relay") or "talkingstick-relay"
    db = folder / ("tls.sqlite3" if tls else "plain.sqlite3")
    subprocess.run(
        [relay_command, "room", "create", "grp", "--title", "Group", "--db", str(db)],
        check=True,
        capture_output=True,
    )
    command = [relay_command, "serve", "--db", str(db), "--port", "0"]
    command += ["--connections-per-address", str(members + 10), "--max-connections", str(members + 10)]
    command += ["--joins-per-address", str(members + 10)]
    client_context = None
    if tls:
        authority = trustme.CA()
        certificate = authority.issue_cert("127.0.0.1")
        certificate.private_key_and_cert_chain_pem.write_to_path(str(folder / "chain.pem"))
        certificate.private_key_pem.write_to_path(str(folder / "key.pem"))
        command += ["--tls-cert", str(folder / "chain.pem"), "--tls-key", str(folder / "key.pem")]
        client_context = ssl.create_default_context()
        authority.configure_trust(client_context)
    relay = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert relay.stdout is not None
        url = relay.stdout.readline().split(" on ")[1].split(" ")[0].replace("ROOM", "grp")
        await asyncio.sleep(SETTLE_SECONDS)
        before = rss_kib(relay.pid)
        links: list[ClientConnection] = []
        for number in range(members):
            link = await connect(url, ssl=client_context, open_timeout=30)
            await link.send(encode(Hello(PROTOCOL_VERSION, f"member{number}", None, None, None, None)))
            if not isinstance(decode(await link.recv()), Welcome):
                raise RuntimeError(f"member {number} was not welcomed (a room holds {MAX_PARTICIPANTS})")
            links.append(link)
        await asyncio.sleep(SETTLE_SECONDS)
        after = rss_kib(relay.pid)
        label = "wss (--tls-cert)" if tls else "ws"
        print(
            f"{label}: {members} members, relay RSS {before / 1024:.1f} -> {after / 1024:.1f} MiB, "
            f"{(after - before) / members:.1f} KiB per member"
        )
        for link in links:
            await link.close()
    finally:
        relay.terminate()
        relay.wait()


async def main() -> None:
    """Measure without TLS, then with it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=200, help="idle members in one room (at most 200)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        await measure(Path(folder), args.members, tls=False)
        await measure(Path(folder), args.members, tls=True)


if __name__ == "__main__":
    asyncio.run(main())
