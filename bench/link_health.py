"""Measure what link-health reports cost on the wire, and print a plain table.

    python bench/link_health.py [--members 10] [--every 0.5] [--seconds 6]

A relay runs in this process on 127.0.0.1 over a fresh SQLite file, behind the byte
counting TCP proxy of ``bench/wire.py`` (TCP payload: websocket framing, masking and
compression included; IP and TCP headers not). ``--members`` real client ``Session``s
(permessage-deflate on, as the client connects) each run the client's own
``LinkReporter`` with its interval shortened to ``--every`` seconds, beside a
facilitator's session; the bytes each member's link carries up (reports) and down (the
relay's acks) are divided by the reports sent. Then one member alternates a slow and a
quick report, so that each becomes a ``LINK_HEALTH`` event, and the bytes the
facilitator's link carries per event are counted. The figures per member per hour are
at the client's real rate (one report a minute, ``tui.core.link_report``). The run
stops by itself in about ``--seconds`` plus a few seconds.
"""

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from wire import CountingProxy, Link  # noqa: E402

from protocol import Command, CommandKind, Event, EventKind, encode  # noqa: E402
from protocol.rate_limits import NO_LIMITS  # noqa: E402
from server.door_limits import LOOPBACK_ADDRESSES, DoorLimits  # noqa: E402
from server.relay import Relay  # noqa: E402
from tui.core.link_report import REPORT_EVERY_SECONDS, LinkReporter  # noqa: E402
from tui.core.session import Session  # noqa: E402
from tui.core.updates import ConnectionStatus  # noqa: E402

TIMEOUT = 15.0
HEADERS = 40
"""Bytes of IPv4 + TCP headers per segment (no options)."""
SEGMENTS_PER_REPORT = 3
"""The report, the ack (carrying the TCP ACK of the report), the delayed TCP ACK of the ack."""
SLOW_LINK_BYTES_PER_SECOND = 9600 / 8


async def until(condition, what: str) -> None:
    """Wait for ``condition`` to hold, polling, for at most ``TIMEOUT`` seconds."""
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        await asyncio.sleep(0.01)


async def seated(url: str, name: str, key: str | None = None) -> tuple[Session, asyncio.Task[None]]:
    session = Session(url, name, key)
    task = asyncio.create_task(session.run())
    await until(lambda: session.status is ConnectionStatus.CONNECTED and session.me() is not None, name)
    return session, task


def per_link(link: Link, count: int) -> tuple[float, float]:
    return (link.up / count, link.down / count) if count else (0.0, 0.0)


async def measure(relay: Relay, proxy: CountingProxy, members: int, every: float, seconds: float) -> None:
    key = relay.create_room("bench", "Link health bench")
    facilitator, fac_task = await seated(proxy.url("bench"), "Fran", key)
    fac_link = proxy.links[-1]
    people: list[tuple[Session, asyncio.Task[None], Link]] = []
    for number in range(members):
        session, task = await seated(proxy.url("bench"), f"Member {number + 1}")
        people.append((session, task, proxy.links[-1]))
    await until(lambda: len(facilitator.state.participants) == members + 1, "everyone seen")
    await asyncio.sleep(0.5)  # the arrivals' events have settled
    before = [(link.up, link.down) for _, _, link in people]
    reporters = [LinkReporter(session, every=every) for session, _, _ in people]
    runs = [asyncio.create_task(reporter.run()) for reporter in reporters]
    await asyncio.sleep(seconds)
    for run in runs:
        run.cancel()
    await until(lambda: all(not s.pending for s, _, _ in people), "every report acknowledged")
    sent = sum(reporter.sent for reporter in reporters)
    up = sum(link.up - b[0] for (_, _, link), b in zip(people, before, strict=True))
    down = sum(link.down - b[1] for (_, _, link), b in zip(people, before, strict=True))
    per_up, per_down = up / sent, down / sent

    # LINK_HEALTH: one member's marker flips slow / fine; the facilitator's link carries each event.
    flipper = people[0][0]
    events_before = relay.room("bench").state.seq
    fac_down = fac_link.down
    flips = 20
    for flip in range(flips):
        flipper.send(CommandKind.LINK_REPORT, 2400 if flip % 2 == 0 else 80, 2**53)
        await until(lambda f=flip: relay.room("bench").state.seq >= events_before + f + 1, "flip")
    await until(lambda: facilitator.state.seq >= relay.room("bench").state.seq, "facilitator caught up")
    per_event = (fac_link.down - fac_down) / flips

    sample_report = len(encode(Command(120, CommandKind.LINK_REPORT, (85, 1234))))
    sample_event = len(encode(Event(1300, 1_765_000_000, EventKind.LINK_HEALTH, 7, 121, (7, 2400, 20))))
    hour = 3600 / REPORT_EVERY_SECONDS
    payload_hour = hour * (per_up + per_down)
    with_headers = payload_hour + hour * SEGMENTS_PER_REPORT * HEADERS
    # Up a 9.6 kbit/s link go the report's segment and the TCP ACK of the relay's ack.
    uplink = (per_up + 2 * HEADERS) / SLOW_LINK_BYTES_PER_SECOND

    print(f"members {members}, reports every {every} s for {seconds} s: {sent} reports")
    print(f"{'msgpack LINK_REPORT command (typical values)':<58}{sample_report:>10} B")
    print(f"{'msgpack LINK_HEALTH event (typical values)':<58}{sample_event:>10} B")
    print(f"{'measured up per report (framing, mask, deflate)':<58}{per_up:>10.1f} B")
    print(f"{'measured down per report (the relay ack)':<58}{per_down:>10.1f} B")
    print(f"{'measured per LINK_HEALTH event at a facilitator':<58}{per_event:>10.1f} B")
    print(f"{f'reports per member per hour (one every {REPORT_EVERY_SECONDS:g} s)':<58}{hour:>10.0f}")
    print(f"{'TCP payload per member per hour, both ways':<58}{payload_hour:>10.0f} B")
    print(f"{'with 40 B IP/TCP headers x 3 segments per report':<58}{with_headers:>10.0f} B")
    print(f"{'time one report holds a 9.6 kbit/s uplink':<58}{uplink * 1000:>10.0f} ms")
    print(f"{'share of that uplink, one report a minute':<58}{uplink / REPORT_EVERY_SECONDS:>10.2%}")
    for session, task, _ in [(facilitator, fac_task, fac_link), *people]:
        await session.close()
        task.cancel()


async def main(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as folder:
        # Every member comes through the proxy, from one loopback address: the door trusts it.
        door = DoorLimits(trusted_addresses=LOOPBACK_ADDRESSES)
        relay = Relay(Path(folder) / "bench.sqlite3", "127.0.0.1", 0, rate_limits=NO_LIMITS, door=door)
        await relay.start()
        proxy = CountingProxy(relay.port)
        await proxy.start()
        try:
            await measure(relay, proxy, args.members, args.every, args.seconds)
        finally:
            await proxy.stop()
            await relay.stop()


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=10, help="members reporting (default 10)")
    parser.add_argument("--every", type=float, default=0.5, help="seconds between reports (default 0.5)")
    parser.add_argument("--seconds", type=float, default=6.0, help="how long they report (default 6)")
    return parser.parse_args(argv)


if __name__ == "__main__":
    asyncio.run(main(parse_args()))
