"""Relay: repeated private toggles keep a bounded number of records, and still add up right.

The relay here has no rate limits: these tests are about what thousands of toggles leave
on disk, not about how fast one person may send them.
"""

import sqlite3

from protocol import Ack, CommandKind, EventKind
from protocol.rate_limits import NO_LIMITS
from server.relay import Relay
from server.store import TOGGLES_KEPT
from tests.wire_client import WireClient

TOGGLES = TOGGLES_KEPT + 41
"""An odd number past the bound: the last toggle switches support on."""


def _support_rows(db, pid: int) -> int:
    with sqlite3.connect(db) as reader:
        return reader.execute(
            "SELECT count(*) FROM events WHERE kind = ? AND actor = ?", (int(EventKind.SUPPORT_SET), pid)
        ).fetchone()[0]


async def _toggle_support(member: WireClient, times: int) -> None:
    for number in range(times):
        await member.answer_to(await member.send(CommandKind.SUPPORT, number % 2 == 0))


async def test_support_toggles_keep_a_bounded_number_of_records(tmp_path):
    """However often someone toggles support, the log keeps only their latest records of it."""
    relay = Relay(tmp_path / "relay.sqlite3", rate_limits=NO_LIMITS)
    await relay.start()
    try:
        relay.create_room("grp", "Group")
        ann = await WireClient.join(relay.url("grp"), "Ann")
        await _toggle_support(ann, TOGGLES)
        assert _support_rows(relay.db_path, ann.pid) == TOGGLES_KEPT
        await ann.close()
    finally:
        await relay.stop()


async def test_a_restart_after_many_toggles_keeps_the_last_one(tmp_path):
    """The room rebuilt after a restart shows the support flag as the last toggle left it."""
    db = tmp_path / "relay.sqlite3"
    async with Relay(db, rate_limits=NO_LIMITS) as relay:
        relay.create_room("grp", "Group")
        ann = await WireClient.join(relay.url("grp"), "Ann")
        await _toggle_support(ann, TOGGLES)
        await ann.close()
    async with Relay(db, rate_limits=NO_LIMITS) as relay:
        assert relay.room("grp").state.support == {ann.pid}


async def test_a_facilitator_catching_up_past_dropped_toggles_sees_the_last_one(tmp_path):
    """A facilitator resuming from before the toggles is replayed the kept ones and ends right."""
    async with Relay(tmp_path / "relay.sqlite3", rate_limits=NO_LIMITS) as relay:
        key = relay.create_room("grp", "Group")
        fac = await WireClient.join(relay.url("grp"), "Fran", key)
        ann = await WireClient.join(relay.url("grp"), "Ann")
        await fac.until_state(lambda s: ann.pid in s.participants)
        token, seen, state = fac.welcome.resume_token, fac.state.seq, fac.state
        await fac.close()
        await _toggle_support(ann, TOGGLES)
        back = await WireClient.join(relay.url("grp"), "Fran", key, token=token, last_seq=seen, state=state)
        assert back.welcome.snapshot is None  # a replay, with gaps where older toggles were
        final = await back.until_state(lambda s: s.seq >= relay.room("grp").state.seq)
        assert final.support == {ann.pid}
        await back.close()
        await ann.close()


async def test_a_retried_toggle_is_acknowledged_not_applied_again(tmp_path):
    """Resending a recent toggle's request id gets an ack; the flag does not flip back."""
    async with Relay(tmp_path / "relay.sqlite3", rate_limits=NO_LIMITS) as relay:
        relay.create_room("grp", "Group")
        ann = await WireClient.join(relay.url("grp"), "Ann")
        await _toggle_support(ann, TOGGLES)
        retried = ann.next_request - 2  # the one before last: support off
        seq = relay.room("grp").state.seq
        ann.next_request = retried
        answer = await ann.answer_to(await ann.send(CommandKind.SUPPORT, False))
        assert isinstance(answer, Ack)
        assert relay.room("grp").state.seq == seq and relay.room("grp").state.support == {ann.pid}
        await ann.close()
