"""End to end: a meeting with a guest speaker, typed hands, the progressive stack and a slow link.

The installed ``talkingstick`` command in tmux at 80x24, driven with keys as people would:
a facilitator, three members (one of them behind a link that holds every chunk for a
second each way) and a guest speaker invited on the relay's command line. A guest speaks
on the agenda item that names them, a direct response goes ahead of a new share, the
progressive stack offers the floor first to someone who has not shared, and the
facilitator sees the slow member marked. Every wait polls a screen with a deadline.
"""

import asyncio
import re
import subprocess
import threading

import pytest

from tests.e2e.test_tmux import RELAY, _relay, terminals  # noqa: F401 (a fixture)

pytestmark = pytest.mark.e2e

SLOW_LINK_SECONDS = 1.0
"""Held each way on the slow member's link: a 2 s round trip, as on a rural line."""


class SlowLink:
    """A delaying TCP proxy to the relay, run on its own event loop in a thread."""

    def __init__(self, relay_port: int) -> None:
        from bench.delay_proxy import DelayProxy

        self._loop = asyncio.new_event_loop()
        self._proxy = DelayProxy("127.0.0.1", relay_port, SLOW_LINK_SECONDS)
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._proxy.start(), self._loop).result(10)

    @property
    def port(self) -> int:
        return self._proxy.port

    def close(self) -> None:
        asyncio.run_coroutine_threadsafe(self._proxy.stop(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)


@pytest.fixture
def guest_relay(tmp_path):
    """A relay with a room "demo" and a guest invitation for "Dr Lee" made on its command line."""
    relay = _relay(tmp_path, "--title", "Thursday group")
    url, key = next(relay)
    made = subprocess.run(
        [str(RELAY), "room", "guest", "demo", "Dr Lee", "--db", str(tmp_path / "relay.sqlite3")],
        check=True,
        capture_output=True,
        text=True,
        timeout=30,
    )
    code = re.search(r"--invite (\S+)", made.stdout).group(1)
    yield url, key, code
    next(relay, None)


def test_a_guest_typed_hands_the_progressive_stack_and_a_slow_member(guest_relay, terminals):  # noqa: F811
    """The facilitator runs a meeting with a guest speaker, typed hands and a slow member, by keys."""
    url, key, code = guest_relay
    port = int(re.search(r":(\d+)/", url).group(1))
    slow = SlowLink(port)
    try:
        fran = terminals("fran", url, "--name", "Fran", "--key", key)
        fran.wait_for("Thursday group")
        ann = terminals("ann", url, "--name", "Ann")
        ben = terminals("ben", url, "--name", "Ben")
        cat = terminals("cat", url.replace(f":{port}/", f":{slow.port}/"), "--name", "Cat")
        for member in (ann, ben, cat):
            member.wait_for("Thursday group")
        fran.wait_for(r"Cat \(slow\)")  # the slow member is marked for the facilitator only
        assert "slow" not in ann.screen()

        fran.keys("F9")  # an agenda item that names the guest speaker
        fran.wait_for("Guest speaker")
        fran.keys("-l", "Our guest")
        fran.keys("Tab")
        fran.keys("-l", "5")
        fran.keys("Tab")
        fran.keys("-l", "Dr Lee")
        fran.keys("Enter")
        fran.wait_for("Our guest")

        lee = terminals("lee", url, "--invite", code)
        lee.wait_for("Thursday group")
        ann.wait_for(r"Dr Lee \(guest\)")

        fran.keys("F8")  # the guest's item: the floor goes to them for its time box
        fran.wait_for("F8 again")
        fran.keys("F8")
        lee.wait_for("You have the floor|You are sharing")
        lee.type("Thank you for having me tonight")
        ann.wait_for("Thank you for having me")
        lee.keys("F3")
        fran.wait_for("Dr Lee gave the floor back|Dr Lee is done|floor is free")

        ann.keys("F2")  # the item's rules put the room in floor mode: Ann raises and shares
        fran.wait_for(r"Hands \(1\)")
        fran.keys("F5")
        ann.wait_for("You have the floor|You are sharing")
        ann.type("My week was a hard one")
        lee.keys("F2")  # a new share
        fran.wait_for(r"Hands \(1\)")
        cat.keys("C-r", "j")  # a direct response to Ann: ahead of the new share
        screen = fran.wait_for(r"Hands \(2\)")
        assert screen.index("1. Cat (response") < screen.index("2. Dr Lee"), screen
        cat.wait_for("you are 1st")

        ann.keys("F3")  # Ann is done: the floor goes to the direct response first
        fran.keys("F5")
        cat.wait_for("You have the floor|You are sharing")
        cat.type("Same here, thank you Ann")
        fran.wait_for("Same here, thank you Ann")
        cat.keys("F3")

        fran.keys("C-r", "P")  # the progressive stack: who has not shared yet goes first
        ben.wait_for("(?i)progressive stack on")
        ben.keys("F2")  # Ben has not shared; Dr Lee, already waiting, has
        screen = fran.wait_for(r"Hands \(2\)")
        assert screen.index("1. Ben") < screen.index("2. Dr Lee")
        fran.keys("F5")
        ben.wait_for("You have the floor|You are sharing")
    finally:
        slow.close()
