"""Relay: link reports become markers for the facilitators only, and stepping out keeps a place."""

import asyncio
import sqlite3

from protocol import Ack, CommandKind, ErrorFrame, Event, EventKind
from protocol.rate_limits import NO_LIMITS
from protocol.state import LinkHealth
from server.relay import Relay
from server.store import TOGGLES_KEPT
from tests.wire_client import WireClient

SLOW = 2400
QUICK = 80
UP_TO_DATE = 2**53  # a shown seq past the room's: nothing missed


async def _meeting(relay, room, names=("Ann", "Ben")):
    name, key = room
    fac = await WireClient.join(relay.url(name), "Fran", key)
    members = [await WireClient.join(relay.url(name), n) for n in names]
    return fac, members


async def _close(*clients):
    for client in clients:
        await client.close()


def _kinds(client: WireClient) -> list[EventKind]:
    return [frame.kind for frame in client.received if isinstance(frame, Event)]


async def _fence(fac: WireClient, *clients: WireClient) -> None:
    """A public event everyone reads: whatever was sent before it has arrived by then."""
    said = await fac.send(CommandKind.SAY, "fence")
    await fac.answer_to(said)
    seq = fac.state.seq
    for client in clients:
        await client.caught_up(seq)


async def test_a_slow_report_reaches_the_facilitators_only(relay, room):
    """A slow member's report becomes LINK_HEALTH for the facilitator; no member hears of it."""
    fac, (ann, ben) = await _meeting(relay, room)
    answer = await ann.answer_to(await ann.send(CommandKind.LINK_REPORT, SLOW, UP_TO_DATE))
    assert isinstance(answer, Ack)
    await fac.until_state(lambda s: ann.pid in s.link_health)
    assert fac.state.link_health[ann.pid] == LinkHealth(SLOW, 0)
    await _fence(fac, ann, ben)
    assert EventKind.LINK_HEALTH not in _kinds(ann) + _kinds(ben)
    assert dict(ann.state.link_health) == {} and dict(ben.state.link_health) == {}
    await _close(fac, ann, ben)


async def test_the_same_marker_again_records_nothing(relay, room):
    """A second report with the same marker is acknowledged and records no event."""
    fac, (ann,) = await _meeting(relay, room, ("Ann",))
    await ann.answer_to(await ann.send(CommandKind.LINK_REPORT, SLOW, UP_TO_DATE))
    await fac.until_state(lambda s: ann.pid in s.link_health)
    seq = relay.room("demo").state.seq
    answer = await ann.answer_to(await ann.send(CommandKind.LINK_REPORT, SLOW + 500, UP_TO_DATE))
    assert isinstance(answer, Ack)
    assert relay.room("demo").state.seq == seq
    await _close(fac, ann)


async def test_behind_is_measured_from_the_first_missed_event(relay, room):
    """The relay says how long ago the first event after the member's last shown one was sent."""
    fac, (ann,) = await _meeting(relay, room, ("Ann",))
    shown = ann.state.seq
    await fac.answer_to(await fac.send(CommandKind.SAY, "welcome, everyone"))
    live = relay.room("demo")
    now = live.clock()
    live.clock = lambda: now + 25
    await ann.answer_to(await ann.send(CommandKind.LINK_REPORT, QUICK, shown))
    state = await fac.until_state(lambda s: ann.pid in s.link_health)
    assert 24 <= state.link_health[ann.pid].behind_seconds <= 26
    await _close(fac, ann)


async def test_events_meant_for_others_do_not_count_as_behind(relay, room):
    """Missing only the facilitators' own events is not being behind."""
    fac, (ann, ben) = await _meeting(relay, room)
    shown = (await ann.until_state(lambda s: ben.pid in s.participants)).seq
    await ben.answer_to(await ben.send(CommandKind.LINK_REPORT, SLOW, UP_TO_DATE))  # leaders only
    await fac.until_state(lambda s: ben.pid in s.link_health)
    live = relay.room("demo")
    now = live.clock()
    live.clock = lambda: now + 60
    seq = live.state.seq
    await ann.answer_to(await ann.send(CommandKind.LINK_REPORT, QUICK, shown))
    assert live.state.seq == seq and ann.pid not in live.state.link_health
    await _close(fac, ann, ben)


async def test_reports_past_the_pace_are_dropped_quietly(relay, room):
    """Past three reports at once, the relay reads none for a while and never refuses one aloud."""
    fac, (ann,) = await _meeting(relay, room, ("Ann",))
    for rtt in (SLOW, QUICK, SLOW):
        await ann.answer_to(await ann.send(CommandKind.LINK_REPORT, rtt, UP_TO_DATE))
    await fac.until_state(lambda s: s.link_health.get(ann.pid) == LinkHealth(SLOW, 0))
    seq = relay.room("demo").state.seq
    answer = await ann.answer_to(await ann.send(CommandKind.LINK_REPORT, QUICK, UP_TO_DATE))
    assert isinstance(answer, Ack)
    assert relay.room("demo").state.seq == seq
    assert not any(isinstance(frame, ErrorFrame) for frame in ann.received)
    await _close(fac, ann)


async def test_link_health_goes_when_the_member_leaves(relay, room):
    """A member who leaves takes their marker with them."""
    fac, (ann,) = await _meeting(relay, room, ("Ann",))
    await ann.answer_to(await ann.send(CommandKind.LINK_REPORT, SLOW, UP_TO_DATE))
    await fac.until_state(lambda s: ann.pid in s.link_health)
    await ann.send(CommandKind.LEAVE)
    state = await fac.until_state(lambda s: ann.pid not in s.participants)
    assert ann.pid not in state.link_health
    await _close(fac, ann)


async def test_stepping_out_reaches_the_facilitators_and_the_person_only(relay, room):
    """STEPPED_OUT goes to the facilitators and the one stepping out, never to other members."""
    fac, (ann, ben) = await _meeting(relay, room)
    stepped = await ann.answer_to(await ann.send(CommandKind.STEP_OUT, True))
    assert isinstance(stepped, Event) and stepped.kind is EventKind.STEPPED_OUT
    await fac.until_state(lambda s: ann.pid in s.stepped_out)
    await _fence(fac, ann, ben)
    assert EventKind.STEPPED_OUT not in _kinds(ben)
    assert ben.state.stepped_out == frozenset() and ann.state.stepped_out == {ann.pid}
    await _close(fac, ann, ben)


async def test_round_skips_someone_out_and_gives_their_turn_back(relay, room):
    """A round passes over a member stepped out, then gives them their turn once they are back."""
    fac, (ann, ben) = await _meeting(relay, room)
    await ann.answer_to(await ann.send(CommandKind.STEP_OUT, True))
    await fac.answer_to(await fac.send(CommandKind.ROUND_START))
    await fac.answer_to(await fac.send(CommandKind.DONE))
    await ben.until_state(lambda s: s.floor_holder == ben.pid)
    assert ann.pid not in relay.room("demo").state.round.done
    await ann.answer_to(await ann.send(CommandKind.STEP_OUT, False))
    await ben.answer_to(await ben.send(CommandKind.DONE))
    state = await ann.until_state(lambda s: s.floor_holder == ann.pid)
    assert state.round is not None
    await _close(fac, ann, ben)


async def test_a_round_waits_for_the_last_person_out(relay, room):
    """When only someone stepped out is left the round waits, and they get the floor on return."""
    fac, (ann,) = await _meeting(relay, room, ("Ann",))
    await ann.answer_to(await ann.send(CommandKind.STEP_OUT, True))
    await fac.answer_to(await fac.send(CommandKind.ROUND_START))
    await fac.answer_to(await fac.send(CommandKind.DONE))
    await asyncio.wait_for(fac.until_state(lambda s: s.floor_holder is None), 5)
    assert relay.room("demo").state.round is not None
    await ann.answer_to(await ann.send(CommandKind.STEP_OUT, False))
    await fac.until_state(lambda s: s.floor_holder == ann.pid)
    await _close(fac, ann)


async def test_link_health_keeps_a_bounded_number_of_records(tmp_path):
    """A link that keeps flipping between slow and fine leaves only its latest records in the log."""
    relay = Relay(tmp_path / "relay.sqlite3", rate_limits=NO_LIMITS)
    await relay.start()
    try:
        relay.create_room("grp", "Group")
        ann = await WireClient.join(relay.url("grp"), "Ann")
        for flip in range(TOGGLES_KEPT + 9):
            rtt = SLOW if flip % 2 == 0 else QUICK
            await ann.answer_to(await ann.send(CommandKind.LINK_REPORT, rtt, UP_TO_DATE))
        with sqlite3.connect(relay.db_path) as reader:
            rows = reader.execute(
                "SELECT count(*) FROM events WHERE kind = ?", (int(EventKind.LINK_HEALTH),)
            ).fetchone()[0]
        assert rows == TOGGLES_KEPT
        assert relay.room("grp").state.link_health[ann.pid] == LinkHealth(SLOW, 0)
        await ann.close()
    finally:
        await relay.stop()
