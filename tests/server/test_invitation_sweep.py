"""The relay's look at guest invitations every few seconds: the command line's arrive, expired ones go.

An invitation made with ``talkingstick-relay room guest`` waits in the room's settings; the
facilitators present see it within a sweep, without waiting for someone to arrive. An
invitation past its expiry opens nothing already; the sweep takes it off their list too.
"""

import time

import pytest_asyncio

from protocol import Event, EventKind
from server.cli import main
from server.relay import Relay
from tests.line.helpers import LineClient
from tests.line.test_guests import invited
from tests.server.test_guests import invite
from tests.wire_client import WireClient

QUICK = 0.05
"""Seconds between sweeps in these tests."""


@pytest_asyncio.fixture
async def quick_relay(tmp_path):
    """A relay sweeping invitations every ``QUICK`` seconds, with the room "demo"."""
    running = Relay(tmp_path / "relay.sqlite3", invitation_sweep=QUICK)
    await running.start()
    try:
        yield running, running.create_room("demo", "Demo meeting")
    finally:
        await running.stop()


async def test_a_command_line_invitation_reaches_the_facilitators_present(quick_relay, capsys):
    """`room guest` while a facilitator sits in the room: it shows on their list, nobody arriving."""
    relay, key = quick_relay
    fac = await WireClient.join(relay.url("demo"), "Fran", key)
    assert main(["room", "guest", "demo", "Dr Lee", "--db", str(relay.db_path)]) == 0
    assert "within a few seconds" in capsys.readouterr().out
    state = await fac.until_state(lambda s: bool(s.guest_invites))
    assert [i.name for i in state.guest_invites] == ["Dr Lee"]
    await fac.close()


async def test_an_expired_invitation_leaves_the_list_with_a_line(quick_relay):
    """Past its expiry the invitation goes from every facilitator's copy, told as expired, not cancelled."""
    relay, key = quick_relay
    fac = await WireClient.join(relay.url("demo"), "Fran", key)
    code = await invite(fac, minutes=1)
    room = relay.rooms.get("demo")
    room.clock = lambda: time.time() + 120  # two minutes on
    gone = await fac.until(lambda f: isinstance(f, Event) and f.kind is EventKind.GUEST_CANCELLED)
    assert gone.fields == (code,) and gone.actor is None
    assert fac.state.guest_invites == ()
    await fac.close()


async def test_line_mode_tells_the_facilitator_it_expired(quick_relay):
    """The facilitator reads which invitation expired and for whom, not that someone cancelled it."""
    relay, key = quick_relay
    fran = await LineClient(relay.url("demo"), "Fran", key).start()
    code = await invited(fran)
    relay.rooms.get("demo").clock = lambda: time.time() + 2 * 86400
    await fran.wait_for(f"The guest invitation {code} for Dr Lee expired")
    await fran.end()
