"""Relay: a crowd of strangers cannot fill a room, and who is declined stays out."""

import asyncio

from protocol import CommandKind, EventKind
from protocol.close_codes import CloseCode
from protocol.limits import MAX_WAITING
from tests.server.strangers_helpers import ROOMY, relay_with, turned_away
from tests.wire_client import TIMEOUT, WireClient


async def _waiting_room(relay, name="demo"):
    key = relay.create_room(name, "Demo meeting")
    fac = await WireClient.join(relay.url(name), "Fran", key)
    await fac.answer_to(await fac.send(CommandKind.SET_WAITING_ROOM, True))
    return fac, key


async def _fill_waiting_room(relay, fac):
    waiters = []
    for number in range(MAX_WAITING):
        waiters.append(await WireClient.join(relay.url("demo"), f"Stranger {number}"))
    await fac.until_state(lambda s: len(s.waiting) == MAX_WAITING)
    return waiters


async def test_a_full_waiting_room_turns_the_next_arrival_away(tmp_path):
    """With MAX_WAITING people waiting, the next arrival is closed with 4011 waiting_full."""
    async with relay_with(tmp_path, ROOMY) as relay:
        fac, _ = await _waiting_room(relay)
        await _fill_waiting_room(relay, fac)
        assert await turned_away(relay.url("demo"), "One more") == ("waiting_full", CloseCode.WAITING_FULL)


async def test_members_are_never_pushed_out_by_a_crowd_of_arrivals(tmp_path):
    """A member whose link drops comes back into a room whose waiting room is full."""
    async with relay_with(tmp_path, ROOMY) as relay:
        fac, _ = await _waiting_room(relay)
        await fac.answer_to(await fac.send(CommandKind.SET_WAITING_ROOM, False))
        member = await WireClient.join(relay.url("demo"), "Ann")
        await fac.answer_to(await fac.send(CommandKind.SET_WAITING_ROOM, True))
        await _fill_waiting_room(relay, fac)
        await member.close()
        back = await WireClient.join(
            relay.url("demo"),
            "Ann",
            token=member.welcome.resume_token,
            last_seq=member.state.seq,
            state=member.state,
        )
        assert back.pid == member.pid and back.pid in back.state.participants


async def test_a_waiter_who_drops_frees_their_place_at_once(tmp_path):
    """Someone who was never let in holds no place: when their link drops, the place is free."""
    async with relay_with(tmp_path, ROOMY) as relay:
        fac, _ = await _waiting_room(relay)
        waiters = await _fill_waiting_room(relay, fac)
        await waiters[0].close()
        await fac.until(lambda f: getattr(f, "kind", None) is EventKind.WAITER_LEFT)
        newcomer = await WireClient.join(relay.url("demo"), "Newcomer")
        assert newcomer.pid in newcomer.state.waiting


async def test_lockdown_closes_the_door_to_arrivals(relay):
    """In lockdown an arrival is refused with 4012 and the sentence that says why."""
    fac, _ = await _waiting_room(relay)
    await fac.answer_to(await fac.send(CommandKind.LOCKDOWN, True))
    assert await turned_away(relay.url("demo"), "Eve") == ("closed_to_arrivals", CloseCode.CLOSED_TO_ARRIVALS)


async def test_a_declined_name_and_its_lookalikes_stay_declined(relay):
    """Eve, declined, cannot come back as Eve, as "Evе" (Cyrillic е) or as "Eve 2"; Neo can."""
    fac, _ = await _waiting_room(relay)
    eve = await WireClient.join(relay.url("demo"), "Eve")
    await fac.until_state(lambda s: eve.pid in s.waiting)
    await fac.answer_to(await fac.send(CommandKind.DECLINE, eve.pid))
    for name in ("Eve", "Ev\u0435", "Eve 2"):
        assert await turned_away(relay.url("demo"), name) == ("declined", CloseCode.DECLINED)
    neo = await WireClient.join(relay.url("demo"), "Neo")
    assert neo.pid in neo.state.waiting


async def test_decline_all_turns_everyone_away_and_keeps_them_out(relay):
    """DECLINE_ALL closes every waiter's link with 4007, and none of them may wait again."""
    fac, _ = await _waiting_room(relay)
    waiters = [await WireClient.join(relay.url("demo"), name) for name in ("Sam", "Kim", "Lou")]
    await fac.until_state(lambda s: len(s.waiting) == 3)
    await fac.answer_to(await fac.send(CommandKind.DECLINE_ALL))
    for waiter in waiters:
        await asyncio.wait_for(waiter.connection.wait_closed(), TIMEOUT)
        assert waiter.connection.close_code == CloseCode.DECLINED
    assert await turned_away(relay.url("demo"), "Kim") == ("declined", CloseCode.DECLINED)


async def test_the_end_of_the_meeting_forgets_who_was_declined(relay):
    """After END_MEETING, a name declined during it may wait for the next meeting."""
    fac, _ = await _waiting_room(relay)
    eve = await WireClient.join(relay.url("demo"), "Eve")
    await fac.until_state(lambda s: eve.pid in s.waiting)
    await fac.answer_to(await fac.send(CommandKind.DECLINE, eve.pid))
    await fac.answer_to(await fac.send(CommandKind.END_MEETING))
    again = await WireClient.join(relay.url("demo"), "Eve")
    assert again.pid in again.state.waiting


async def test_a_room_that_bars_addresses_keeps_a_declined_address_out(relay):
    """With bar_addresses on, another name from a declined arrival's address is refused 4007."""
    key = relay.store.create_room("barred", "Barred meeting")
    relay.store.update_settings("barred", {"bar_addresses": True})
    fac = await WireClient.join(relay.url("barred"), "Fran", key)
    await fac.answer_to(await fac.send(CommandKind.SET_WAITING_ROOM, True))
    eve = await WireClient.join(relay.url("barred"), "Eve")
    await fac.until_state(lambda s: eve.pid in s.waiting)
    await fac.answer_to(await fac.send(CommandKind.DECLINE, eve.pid))
    assert await turned_away(relay.url("barred"), "Zed") == ("declined", CloseCode.DECLINED)
    assert (await WireClient.join(relay.url("barred"), "Fran", key)).pid  # the facilitator still walks in
