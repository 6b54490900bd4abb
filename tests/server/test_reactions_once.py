"""Reactions count once per person per share: on the relay and in the reducer everyone runs."""

from protocol import CommandKind, EventKind, RoomState, apply
from protocol.frames import Event
from protocol.kinds import Reaction, Role
from tests.server.flood_helpers import accepted, flood
from tests.wire_client import WireClient


async def test_a_new_share_takes_the_same_reaction_again(relay, room):
    """Once the floor moves on, a member's heart counts again on the next share."""
    name, key = room
    fac = await WireClient.join(relay.url(name), "Fran", key)
    ann = await WireClient.join(relay.url(name), "Ann")
    ben = await WireClient.join(relay.url(name), "Ben")
    await fac.answer_to(await fac.send(CommandKind.GRANT, ben.pid))
    await ann.until_state(lambda s: s.floor_holder == ben.pid)
    assert len(accepted(await flood(ann, [(CommandKind.REACT, (Reaction.HEART,))] * 2))) == 1
    await fac.answer_to(await fac.send(CommandKind.GRANT, fac.pid))
    await ann.until_state(lambda s: s.floor_holder == fac.pid)
    assert len(accepted(await flood(ann, [(CommandKind.REACT, (Reaction.HEART,))]))) == 1
    state = await fac.until_state(lambda s: s.reactions != (0, 0, 0))
    assert state.reactions == (1, 0, 0)
    for client in (fac, ann, ben):
        await client.close()


async def test_different_reactions_from_one_person_each_count(relay, room):
    """A heart and a thank-you from the same member are two different reactions."""
    name, key = room
    fac = await WireClient.join(relay.url(name), "Fran", key)
    ann = await WireClient.join(relay.url(name), "Ann")
    await fac.answer_to(await fac.send(CommandKind.GRANT, fac.pid))
    await ann.until_state(lambda s: s.floor_holder == fac.pid)
    await flood(ann, [(CommandKind.REACT, (Reaction.HEART,)), (CommandKind.REACT, (Reaction.THANK_YOU,))])
    state = await fac.until_state(lambda s: s.reactions[2] == 1)
    assert state.reactions == (1, 0, 1)
    await fac.close()
    await ann.close()


def test_replayed_duplicate_reactions_count_once():
    """Old stored events with one person's 5,000 hearts replay as one heart."""
    state = RoomState("demo", "Demo")
    state = apply(state, Event(1, 0, EventKind.JOINED, 1, None, (1, "Fran", Role.FACILITATOR)))
    state = apply(state, Event(2, 0, EventKind.JOINED, 2, None, (2, "Ann", Role.MEMBER)))
    state = apply(state, Event(3, 0, EventKind.FLOOR_GIVEN, 1, None, (1,)))
    for seq in range(4, 5004):
        state = apply(state, Event(seq, 0, EventKind.REACTED, 2, seq, (Reaction.HEART,)))
    assert state.reactions == (1, 0, 0)


async def test_members_receive_a_reaction_as_a_count_without_who_sent_it(relay, room):
    """Other members get REACTED with no actor; the sender and the facilitators still see who."""
    name, key = room
    fac = await WireClient.join(relay.url(name), "Fran", key)
    ann = await WireClient.join(relay.url(name), "Ann")
    ben = await WireClient.join(relay.url(name), "Ben")
    await fac.answer_to(await fac.send(CommandKind.GRANT, fac.pid))
    await ann.until_state(lambda s: s.floor_holder == fac.pid)
    answer = await ann.answer_to(await ann.send(CommandKind.REACT, Reaction.ME_TOO))
    assert isinstance(answer, Event) and answer.actor == ann.pid
    await ben.until_state(lambda s: s.reactions == (0, 1, 0))
    await fac.until_state(lambda s: s.reactions == (0, 1, 0))

    def reactions(client: WireClient) -> list[Event]:
        return [f for f in client.received if isinstance(f, Event) and f.kind is EventKind.REACTED]

    assert [e.actor for e in reactions(ben)] == [None]
    assert [e.actor for e in reactions(fac)] == [ann.pid]
    for client in (fac, ann, ben):
        await client.close()
