"""Line mode across a dropped link: it resumes as the same person and prints nothing twice."""

import asyncio
from collections import Counter

from server.relay import Relay
from tests.line.helpers import LineClient
from tests.wire_client import TIMEOUT


async def until(condition, timeout: float = TIMEOUT) -> None:
    """Poll ``condition`` until true; fail after ``timeout`` seconds."""
    async with asyncio.timeout(timeout):
        while not condition():
            await asyncio.sleep(0.01)


def repeated(lines: list[str]) -> list[str]:
    """Printed lines that came out more than once (the welcome's fixed words aside)."""
    return [line for line, count in Counter(lines).items() if count > 1]


async def test_resume_after_a_killed_socket_prints_no_line_twice(relay, room):
    """After the relay's side of the socket dies, the missed lines print once and nothing repeats."""
    url = relay.url("demo")
    fran = await LineClient(url, "Fran", room[1]).start()
    sam = await LineClient(url, "Sam").start()
    fran.type("before the drop")
    await sam.wait_for("Fran (facilitator): before the drop")
    relay.room("demo").connections[sam.session.pid].transport.abort()
    fran.type("while Sam was away")
    fran.type("/agenda add Check-in 5")
    await sam.wait_for("Back in the room")
    await sam.wait_for("Agenda: added Check-in (5 min)")
    fran.type("after the return")
    await sam.wait_for("after the return")
    assert repeated(sam.out) == []
    assert sum("while Sam was away" in line for line in sam.out) == 1
    await sam.end()
    await fran.end()


async def test_message_typed_offline_is_sent_exactly_once(relay, room):
    """A line typed while the relay is down goes out once when it is back, and prints once."""
    url = relay.url("demo")
    sam = await LineClient(url, "Sam").start()
    await relay.stop()
    await sam.wait_for("Connection lost")
    at = sam.type("typed while offline")
    await sam.wait_for("Kept; it goes out when the link is back.", at)
    restarted = Relay(relay.db_path, relay.host, relay.port)
    await restarted.start()
    try:
        await sam.wait_for("Sam: typed while offline")
        await until(lambda: sam.session.pending == ())
        said = [m.text for m in restarted.room("demo").state.transcript]
        assert said == ["typed while offline"]
        assert sum("typed while offline" in line for line in sam.out if ": " in line) == 1
        assert repeated(sam.out) == []
        await sam.end()
    finally:
        await restarted.stop()
