"""Relay: joining, the hand queue and floor control with real websocket clients."""

from protocol import CommandKind, ErrorFrame, Event, EventKind, Mode, Role
from tests.wire_client import WireClient


async def test_join_gets_snapshot_with_self(relay, room):
    """A newcomer's welcome holds a snapshot that lists them as a member."""
    name, _ = room
    sam = await WireClient.join(relay.url(name), "Sam")
    assert sam.welcome.role is Role.MEMBER
    assert sam.state.participants[sam.pid].name == "Sam"
    assert sam.state.title == "Demo meeting"
    await sam.close()


async def test_facilitator_key_gives_facilitator_role(relay, room):
    """Joining with the room's key makes you facilitator."""
    name, key = room
    fac = await WireClient.join(relay.url(name), "Fran", key)
    assert fac.welcome.role is Role.FACILITATOR
    await fac.close()


async def test_same_name_gets_a_suffix(relay, room):
    """Two people called Sam are told apart."""
    name, _ = room
    first = await WireClient.join(relay.url(name), "Sam")
    second = await WireClient.join(relay.url(name), "sam")
    assert second.state.participants[second.pid].name == "sam 2"
    await first.close()
    await second.close()


async def test_hand_queue_is_first_come_first_served(relay, room):
    """Hands queue in the order they were raised."""
    name, key = room
    fac = await WireClient.join(relay.url(name), "Fran", key)
    members = [await WireClient.join(relay.url(name), n) for n in ("Ann", "Ben", "Cat")]
    for member in (members[1], members[0], members[2]):
        await member.answer_to(await member.send(CommandKind.RAISE))
    state = await fac.until_state(lambda s: len(s.hand_queue) == 3)
    assert [state.participants[p].name for p in state.hand_queue] == ["Ben", "Ann", "Cat"]
    for client in (fac, *members):
        await client.close()


async def test_floor_mode_refuses_member_without_floor(relay, room):
    """In floor mode a member without the floor cannot post, and is told why."""
    name, key = room
    fac = await WireClient.join(relay.url(name), "Fran", key)
    ann = await WireClient.join(relay.url(name), "Ann")
    await fac.answer_to(await fac.send(CommandKind.SET_MODE, Mode.FLOOR))
    answer = await ann.answer_to(await ann.send(CommandKind.SAY, "may I?"))
    assert isinstance(answer, ErrorFrame) and answer.code == "not_your_turn"
    said = await fac.answer_to(await fac.send(CommandKind.SAY, "facilitators may"))
    assert isinstance(said, Event) and said.kind is EventKind.SAID
    await fac.close()
    await ann.close()


async def test_next_gives_floor_and_lowers_hand_then_member_posts(relay, room):
    """NEXT gives the floor to the first hand; the holder may post, then yields with DONE."""
    name, key = room
    fac = await WireClient.join(relay.url(name), "Fran", key)
    ann = await WireClient.join(relay.url(name), "Ann")
    await fac.answer_to(await fac.send(CommandKind.SET_MODE, Mode.FLOOR))
    await ann.answer_to(await ann.send(CommandKind.RAISE))
    await fac.until_state(lambda s: s.hand_queue == (ann.pid,))
    given = await fac.answer_to(await fac.send(CommandKind.NEXT))
    assert isinstance(given, Event) and given.fields == (ann.pid,)
    state = await ann.until_state(lambda s: s.floor_holder == ann.pid)
    assert state.hand_queue == ()
    said = await ann.answer_to(await ann.send(CommandKind.SAY, "thank you for having me"))
    assert isinstance(said, Event) and said.fields == ("thank you for having me",)
    done = await ann.answer_to(await ann.send(CommandKind.DONE))
    assert isinstance(done, Event) and done.kind is EventKind.FLOOR_RELEASED
    refused = await ann.answer_to(await ann.send(CommandKind.SAY, "one more"))
    assert isinstance(refused, ErrorFrame) and refused.code == "not_your_turn"
    await fac.close()
    await ann.close()


async def test_facilitator_moves_and_lowers_hands(relay, room):
    """A facilitator can move a hand up, lower one hand and then all hands."""
    name, key = room
    fac = await WireClient.join(relay.url(name), "Fran", key)
    ann = await WireClient.join(relay.url(name), "Ann")
    ben = await WireClient.join(relay.url(name), "Ben")
    cat = await WireClient.join(relay.url(name), "Cat")
    for member in (ann, ben, cat):
        await member.answer_to(await member.send(CommandKind.RAISE))
    await fac.until_state(lambda s: len(s.hand_queue) == 3)
    await fac.answer_to(await fac.send(CommandKind.MOVE_HAND, cat.pid, -1))
    assert fac.state.hand_queue == (ann.pid, cat.pid, ben.pid)
    await fac.answer_to(await fac.send(CommandKind.LOWER, ann.pid))
    assert fac.state.hand_queue == (cat.pid, ben.pid)
    await fac.answer_to(await fac.send(CommandKind.LOWER_ALL))
    assert fac.state.hand_queue == ()
    for client in (fac, ann, ben, cat):
        await client.close()


async def test_grant_any_hand_and_take_back(relay, room):
    """A facilitator may grant the floor to any participant and take it back."""
    name, key = room
    fac = await WireClient.join(relay.url(name), "Fran", key)
    ann = await WireClient.join(relay.url(name), "Ann")
    await fac.answer_to(await fac.send(CommandKind.GRANT, ann.pid))
    assert fac.state.floor_holder == ann.pid
    await fac.answer_to(await fac.send(CommandKind.TAKE_BACK))
    assert fac.state.floor_holder is None
    await fac.close()
    await ann.close()


async def test_member_raises_and_lowers_own_hand(relay, room):
    """A member lowers their own hand without help."""
    name, _ = room
    ann = await WireClient.join(relay.url(name), "Ann")
    await ann.answer_to(await ann.send(CommandKind.RAISE))
    assert ann.state.hand_queue == (ann.pid,)
    await ann.answer_to(await ann.send(CommandKind.LOWER, None))
    assert ann.state.hand_queue == ()
    await ann.close()
