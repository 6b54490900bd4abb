"""Relay: a flood is reported to the facilitators and paused; leaders keep room to lead."""

import time

import pytest_asyncio

from protocol import CommandKind, Event, EventKind, Role
from protocol.rate_limits import FLOOD_SILENCE_MINUTES, Allowance, Bucket, RateLimits
from server.relay import Relay
from tests.server.flood_helpers import accepted, flood, hand_toggles, in_step, refused, seen
from tests.wire_client import WireClient


async def test_flooding_member_is_reported_to_facilitators_only(relay, room):
    """After 20 refusals the facilitators get FLOOD_STOPPED; other members do not."""
    name, key = room
    fac = await WireClient.join(relay.url(name), "Fran", key)
    ann = await WireClient.join(relay.url(name), "Ann")
    ben = await WireClient.join(relay.url(name), "Ben")
    await flood(ann, [(CommandKind.SAY, (f"line {i}",)) for i in range(25)])
    notice = await fac.until(lambda f: getattr(f, "kind", None) is EventKind.FLOOD_STOPPED)
    assert notice.fields[0] == ann.pid and notice.fields[1] == 20 and notice.actor is None
    await in_step(ben, fac)
    assert not seen(ben, EventKind.FLOOD_STOPPED, EventKind.SILENCED)
    assert not seen(ann, EventKind.FLOOD_STOPPED)
    for client in (fac, ann, ben):
        await client.close()


async def test_flooding_member_is_silenced_for_a_few_minutes(relay, room):
    """The relay pauses a flooding member's messages with SILENCED, and their next message is refused."""
    name, key = room
    fac = await WireClient.join(relay.url(name), "Fran", key)
    ann = await WireClient.join(relay.url(name), "Ann")
    await flood(ann, [(CommandKind.SAY, (f"line {i}",)) for i in range(25)])
    state = await ann.until_state(lambda s: ann.pid in s.silenced)
    expected = time.time() + FLOOD_SILENCE_MINUTES * 60
    assert abs(state.silenced[ann.pid] - expected) < 5
    await fac.until_state(lambda s: ann.pid in s.silenced)
    await fac.close()
    await ann.close()


async def test_a_long_flood_is_reported_once(relay, room):
    """Refusals past the threshold make no second report."""
    name, key = room
    fac = await WireClient.join(relay.url(name), "Fran", key)
    ann = await WireClient.join(relay.url(name), "Ann")
    await flood(ann, hand_toggles(27))
    await in_step(fac, fac)
    assert len(seen(fac, EventKind.FLOOD_STOPPED)) == 1
    await fac.close()
    await ann.close()


async def test_flood_from_the_waiting_room_is_reported_without_a_silence(relay, room):
    """Someone waiting who floods is reported to the facilitators; there is nothing of theirs to pause."""
    name, key = room
    fac = await WireClient.join(relay.url(name), "Fran", key)
    await fac.answer_to(await fac.send(CommandKind.SET_WAITING_ROOM, True))
    eve = await WireClient.join(relay.url(name), "Eve")
    await flood(eve, [(CommandKind.NOTE, ("please",))] * 22)
    notice = await fac.until(lambda f: getattr(f, "kind", None) is EventKind.FLOOD_STOPPED)
    assert notice.fields == (eve.pid, 20, 0)
    await in_step(fac, fac)
    assert not seen(fac, EventKind.SILENCED)
    await fac.close()
    await eve.close()


async def test_facilitator_running_a_meeting_quickly_is_never_refused(relay, room):
    """30 quick facilitator commands of several kinds all go through."""
    name, key = room
    fac = await WireClient.join(relay.url(name), "Fran", key)
    commands = [(CommandKind.AGENDA_ADD, (f"Item {i}", 5)) for i in range(15)]
    commands += [(CommandKind.SAY, (f"Welcome, line {i}",)) for i in range(15)]
    answers = await flood(fac, commands)
    assert not refused(answers)
    await fac.close()


async def test_compromised_cofacilitator_flood_is_bounded(relay, room):
    """A co-facilitator's quick messages are cut off after the leaders' burst, and reported."""
    name, key = room
    fac = await WireClient.join(relay.url(name), "Fran", key)
    bo = await WireClient.join(relay.url(name), "Bo")
    await fac.answer_to(await fac.send(CommandKind.SET_ROLE, bo.pid, Role.COFACILITATOR))
    await bo.until_state(lambda s: s.participants[bo.pid].role is Role.COFACILITATOR)
    answers = await flood(bo, [(CommandKind.SAY, (f"spam {i}",)) for i in range(64)])
    assert 40 <= len(accepted(answers)) < 44
    await fac.until(lambda f: getattr(f, "kind", None) is EventKind.FLOOD_STOPPED)
    await fac.close()
    await bo.close()


async def test_flooder_is_read_slowly_once_reported(relay, room):
    """After the report, the relay answers a flooder's further commands about two a second."""
    name, _ = room
    ann = await WireClient.join(relay.url(name), "Ann")
    started = time.monotonic()
    await flood(ann, [(CommandKind.SAY, (f"line {i}",)) for i in range(25)])
    before_report = time.monotonic() - started
    started = time.monotonic()
    answers = await flood(ann, [(CommandKind.SAY, ("more",))] * 3)
    assert len(refused(answers)) == 3
    assert time.monotonic() - started >= 1.0 > before_report
    await ann.close()


async def test_honest_refusal_does_not_slow_reading(relay, room):
    """Below the flood threshold a refused member's next command is answered at once."""
    name, _ = room
    ann = await WireClient.join(relay.url(name), "Ann")
    await flood(ann, [(CommandKind.SAY, (f"line {i}",)) for i in range(15)])
    started = time.monotonic()
    answers = await flood(ann, [(CommandKind.SAY, ("one more",)), (CommandKind.RAISE, ())])
    assert isinstance(answers[1], Event) and time.monotonic() - started < 0.4
    await ann.close()


@pytest_asyncio.fixture
async def roomy_relay(tmp_path):
    """A relay whose members may send 50 messages at once (for tests about something else)."""
    roomy = RateLimits(member_buckets={allowance: Bucket(50, 0.1) for allowance in Allowance})
    running = Relay(tmp_path / "relay.sqlite3", rate_limits=roomy)
    await running.start()
    try:
        yield running
    finally:
        await running.stop()


async def test_relay_option_sets_the_limits(roomy_relay):
    """``Relay(rate_limits=...)`` replaces the default buckets."""
    roomy_relay.create_room("demo", "Demo meeting")
    ann = await WireClient.join(roomy_relay.url("demo"), "Ann")
    answers = await flood(ann, [(CommandKind.SAY, (f"line {i}",)) for i in range(30)])
    assert len(accepted(answers)) == 30
    await ann.close()
