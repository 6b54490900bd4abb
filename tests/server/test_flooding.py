"""Relay: one participant sending as fast as they can is slowed down, and the room goes on.

Each test reproduces a flood found by a hostile-user test, against a real relay. Floods
are sized to reach the flood threshold (20 refusals) and stop there: past it the relay
reads a flooder only twice a second, which ``test_flood_escalation`` covers.
"""

import re

from protocol import CommandKind, ErrorFrame, EventKind
from protocol.kinds import Reaction
from tests.server.flood_helpers import accepted, flood, hand_toggles, in_step, refused, seen, stored
from tests.wire_client import WireClient


async def test_message_flood_is_refused_after_the_burst(relay, room):
    """A member's 20 quick messages: 5 are posted, the rest refused with a time to wait."""
    name, _ = room
    ann = await WireClient.join(relay.url(name), "Ann")
    answers = await flood(ann, [(CommandKind.SAY, (f"line {i} " + "x" * 1900,)) for i in range(20)])
    assert len(accepted(answers)) == 5
    slow_down = refused(answers)
    assert len(slow_down) == 15
    assert re.fullmatch(r"Slow down: you can post again in [12] s\.", slow_down[0].message)
    await ann.close()


async def test_refused_messages_are_not_stored(relay, room):
    """Messages refused for speed never reach the database."""
    name, _ = room
    ann = await WireClient.join(relay.url(name), "Ann")
    await flood(ann, [(CommandKind.SAY, (f"line {i}",)) for i in range(25)])
    assert stored(relay, name, EventKind.SAID) == 5
    await ann.close()


async def test_room_goes_on_after_a_flood(relay, room):
    """The flooder stays connected and others' messages still reach everyone."""
    name, key = room
    fac = await WireClient.join(relay.url(name), "Fran", key)
    ann = await WireClient.join(relay.url(name), "Ann")
    ben = await WireClient.join(relay.url(name), "Ben")
    await flood(ann, [(CommandKind.SAY, (f"line {i}",)) for i in range(12)])
    await ben.answer_to(await ben.send(CommandKind.SAY, "I am still here"))
    await ann.until_state(lambda s: any(m.text == "I am still here" for m in s.transcript))
    raised = await ann.answer_to(await ann.send(CommandKind.RAISE))
    assert not isinstance(raised, ErrorFrame)
    for client in (fac, ann, ben):
        await client.close()


async def test_hand_toggles_while_silenced_reach_nobody(relay, room):
    """A silenced member's burst of hand raise/lower puts no hand event on others' screens."""
    name, key = room
    fac = await WireClient.join(relay.url(name), "Fran", key)
    ann = await WireClient.join(relay.url(name), "Ann")
    ben = await WireClient.join(relay.url(name), "Ben")
    await fac.answer_to(await fac.send(CommandKind.SILENCE, ann.pid, 5))
    answers = await flood(ann, hand_toggles(24))
    assert len(accepted(answers)) == 0  # a raise is a line on every screen: refused while silenced
    await in_step(ben, fac)
    assert len(seen(ben, EventKind.HAND_RAISED, EventKind.HAND_LOWERED)) == 0
    for client in (fac, ann, ben):
        await client.close()


async def test_waiting_room_notes_while_locked_reach_facilitators_twice(relay, room):
    """A stranger waiting in a locked room floods notes; the facilitators get 2."""
    name, key = room
    fac = await WireClient.join(relay.url(name), "Fran", key)
    await fac.answer_to(await fac.send(CommandKind.LOCK, True))
    eve = await WireClient.join(relay.url(name), "Eve")
    assert eve.pid in eve.state.waiting
    answers = await flood(eve, [(CommandKind.NOTE, ("let me in " + "x" * 1900,))] * 22)
    assert len(accepted(answers)) == 2
    await in_step(fac, fac)
    assert len([e for e in seen(fac, EventKind.NOTED) if e.fields[0] == eve.pid]) == 2
    await fac.close()
    await eve.close()


async def test_reaction_counts_once_per_person_per_share(relay, room):
    """A member's repeated hearts on one share count once; the repeats are refused."""
    name, key = room
    fac = await WireClient.join(relay.url(name), "Fran", key)
    ann = await WireClient.join(relay.url(name), "Ann")
    await fac.answer_to(await fac.send(CommandKind.GRANT, fac.pid))
    await ann.until_state(lambda s: s.floor_holder == fac.pid)
    answers = await flood(ann, [(CommandKind.REACT, (Reaction.HEART,))] * 3)
    assert len(accepted(answers)) == 1
    assert len(refused(answers, "already_reacted")) == 2
    await in_step(fac, fac)
    assert fac.state.reactions == (1, 0, 0)
    await fac.close()
    await ann.close()
