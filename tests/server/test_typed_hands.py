"""Relay: typed hands, the progressive stack and the shares kept for the facilitators."""

from protocol import CommandKind, ErrorFrame, Event, EventKind, Mode
from protocol.kinds import HandReason
from tests.wire_client import WireClient


async def _names(client: WireClient, count: int) -> list[str]:
    state = await client.until_state(lambda s: len(s.hand_queue) == count)
    return [state.participants[p].name for p in state.hand_queue]


async def _share(fac: WireClient, member: WireClient) -> None:
    """``member`` is given the floor and gives it back: one share."""
    await fac.answer_to(await fac.send(CommandKind.GRANT, member.pid))
    await member.until_state(lambda s: s.floor_holder == member.pid)
    await member.answer_to(await member.send(CommandKind.DONE))


async def test_direct_response_goes_ahead_of_new_shares(relay, room):
    """A direct response raised last is placed before the new shares already waiting."""
    name, key = room
    fac = await WireClient.join(relay.url(name), "Fran", key)
    ann, ben, cat = [await WireClient.join(relay.url(name), n) for n in ("Ann", "Ben", "Cat")]
    await fac.answer_to(await fac.send(CommandKind.SET_MODE, Mode.FLOOR))
    await fac.answer_to(await fac.send(CommandKind.GRANT, ann.pid))
    await ben.answer_to(await ben.send(CommandKind.RAISE))
    answer = await cat.answer_to(await cat.send(CommandKind.RAISE, HandReason.RESPONSE))
    assert isinstance(answer, Event) and answer.fields == (cat.pid, HandReason.RESPONSE, 0)
    assert await _names(fac, 2) == ["Cat", "Ben"]
    state = await ben.until_state(lambda s: len(s.hand_queue) == 2)
    assert state.hand_reasons == {cat.pid: HandReason.RESPONSE}
    given = await fac.answer_to(await fac.send(CommandKind.NEXT))
    assert isinstance(given, Event) and given.fields == (cat.pid,)
    for client in (fac, ann, ben, cat):
        await client.close()


async def test_point_of_process_goes_first(relay, room):
    """A point of process goes before direct responses and new shares."""
    name, key = room
    fac = await WireClient.join(relay.url(name), "Fran", key)
    ann, ben, cat = [await WireClient.join(relay.url(name), n) for n in ("Ann", "Ben", "Cat")]
    await fac.answer_to(await fac.send(CommandKind.GRANT, ann.pid))
    await ben.answer_to(await ben.send(CommandKind.RAISE, HandReason.RESPONSE))
    await cat.answer_to(await cat.send(CommandKind.RAISE, HandReason.PROCESS))
    assert await _names(fac, 2) == ["Cat", "Ben"]
    for client in (fac, ann, ben, cat):
        await client.close()


async def test_response_refused_when_nobody_shares(relay, room):
    """A direct response with nobody sharing is refused, with a reason."""
    name, _ = room
    ann = await WireClient.join(relay.url(name), "Ann")
    answer = await ann.answer_to(await ann.send(CommandKind.RAISE, HandReason.RESPONSE))
    assert isinstance(answer, ErrorFrame) and answer.code == "no_share"
    await ann.close()


async def test_progressive_stack_puts_the_not_yet_shared_first(relay, room):
    """With the progressive stack on, someone who has not shared is placed before someone who has."""
    name, key = room
    fac = await WireClient.join(relay.url(name), "Fran", key)
    ann, ben = [await WireClient.join(relay.url(name), n) for n in ("Ann", "Ben")]
    await _share(fac, ann)
    await fac.answer_to(await fac.send(CommandKind.SET_PROGRESSIVE, True))
    await ann.answer_to(await ann.send(CommandKind.RAISE))
    await ben.answer_to(await ben.send(CommandKind.RAISE))
    assert await _names(fac, 2) == ["Ben", "Ann"]
    given = await fac.answer_to(await fac.send(CommandKind.NEXT))
    assert isinstance(given, Event) and given.fields == (ben.pid,)
    for client in (fac, ann, ben):
        await client.close()


async def test_switching_progressive_on_resorts_the_queue(relay, room):
    """Switching the stack on moves waiting hands of those who have not shared ahead."""
    name, key = room
    fac = await WireClient.join(relay.url(name), "Fran", key)
    ann, ben = [await WireClient.join(relay.url(name), n) for n in ("Ann", "Ben")]
    await _share(fac, ann)
    await ann.answer_to(await ann.send(CommandKind.RAISE))
    await ben.answer_to(await ben.send(CommandKind.RAISE))
    assert await _names(ben, 2) == ["Ann", "Ben"]
    await fac.answer_to(await fac.send(CommandKind.SET_PROGRESSIVE, True))
    state = await ben.until_state(lambda s: s.progressive and s.hand_queue == (ben.pid, ann.pid))
    assert state.queue_place(ben.pid) == 1
    for client in (fac, ann, ben):
        await client.close()


async def test_facilitator_sees_shares_member_does_not(relay, room):
    """The facilitator's copy counts each share; a member's welcome holds only their own."""
    name, key = room
    fac = await WireClient.join(relay.url(name), "Fran", key)
    ann = await WireClient.join(relay.url(name), "Ann")
    await _share(fac, ann)
    state = await fac.until_state(lambda s: ann.pid in s.shares)
    assert state.shares[ann.pid].count == 1
    assert relay.room(name).state.shares[ann.pid].count == 1
    ben = await WireClient.join(relay.url(name), "Ben")
    assert dict(ben.state.shares) == {}
    again = await WireClient.join(relay.url(name), "Fran", key)
    assert again.state.shares[ann.pid].count == 1
    for client in (fac, ann, ben, again):
        await client.close()


async def test_member_snapshot_carries_no_one_elses_shares(relay, room):
    """A member arriving mid-meeting gets no one else's shares; a member's copy counts their own."""
    name, key = room
    fac = await WireClient.join(relay.url(name), "Fran", key)
    ann, ben = [await WireClient.join(relay.url(name), n) for n in ("Ann", "Ben")]
    await _share(fac, ann)
    await _share(fac, ben)
    cat = await WireClient.join(relay.url(name), "Cat")
    assert ann.pid not in cat.state.shares and ben.pid not in cat.state.shares
    state = await ann.until_state(lambda s: s.floor_holder is None and ben.pid in s.shares)
    assert state.shares[ann.pid].count == 1
    for client in (fac, ann, ben, cat):
        await client.close()


async def test_member_may_not_switch_the_progressive_stack(relay, room):
    """SET_PROGRESSIVE from a member is refused and changes nothing."""
    name, _ = room
    ann = await WireClient.join(relay.url(name), "Ann")
    answer = await ann.answer_to(await ann.send(CommandKind.SET_PROGRESSIVE, True))
    assert isinstance(answer, ErrorFrame) and answer.code == "not_facilitator"
    assert relay.room(name).state.progressive is False
    await ann.close()


async def test_progressive_set_reaches_members(relay, room):
    """Everyone is told when the progressive stack is switched on."""
    name, key = room
    fac = await WireClient.join(relay.url(name), "Fran", key)
    ann = await WireClient.join(relay.url(name), "Ann")
    await fac.answer_to(await fac.send(CommandKind.SET_PROGRESSIVE, True))
    frame = await ann.until(lambda f: isinstance(f, Event) and f.kind is EventKind.PROGRESSIVE_SET)
    assert isinstance(frame, Event) and frame.fields == (True,)
    for client in (fac, ann):
        await client.close()
