"""Relay: go-around rounds, passing, crosstalk, reactions, silent pauses and share limits."""

import asyncio

import pytest_asyncio

from protocol import CommandKind, ErrorFrame, Event, EventKind, Mode
from protocol.kinds import Reaction
from protocol.rounds import upcoming
from server.relay import Relay
from tests.wire_client import WireClient

ROUND_RULES = [int(Mode.ROUND), False, 120, False, None]


async def _meeting(relay, room, names=("Ann", "Ben", "Cat")):
    name, key = room
    fac = await WireClient.join(relay.url(name), "Fran", key)
    members = [await WireClient.join(relay.url(name), n) for n in names]
    return fac, members


async def _settle(relay, *clients):
    """Wait until each client has applied every (public) event the relay has recorded."""
    seq = relay.room("demo").state.seq
    for client in clients:
        await client.caught_up(seq)


async def _close(*clients):
    for client in clients:
        await client.close()


async def test_round_gives_each_their_turn_and_pass_moves_on(relay, room):
    """A round segment hands the floor around in order; done and pass both move it on; then it ends."""
    fac, (ann, ben, cat) = await _meeting(relay, room)
    await fac.answer_to(await fac.send(CommandKind.AGENDA_ADD, "Check-in", 15, ROUND_RULES))
    await fac.answer_to(await fac.send(CommandKind.AGENDA_NEXT))
    await _settle(relay, fac)
    assert fac.state.round is not None and fac.state.floor_holder == fac.pid
    assert upcoming(fac.state) == ann.pid
    await fac.answer_to(await fac.send(CommandKind.DONE))
    await ann.until_state(lambda s: s.floor_holder == ann.pid)
    passed = await ann.answer_to(await ann.send(CommandKind.PASS))
    assert isinstance(passed, Event) and passed.kind is EventKind.PASSED
    await ben.until_state(lambda s: s.floor_holder == ben.pid)
    await ben.answer_to(await ben.send(CommandKind.SAY, "checking in: a good week"))
    await ben.answer_to(await ben.send(CommandKind.DONE))
    await cat.until_state(lambda s: s.floor_holder == cat.pid)
    await cat.answer_to(await cat.send(CommandKind.DONE))
    state = await fac.until_state(lambda s: s.round is None)
    assert state.floor_holder is None
    await _close(fac, ann, ben, cat)


async def test_member_may_pass_before_their_turn(relay, room):
    """Passing needs no reason and can be said ahead: the round skips that person."""
    fac, (ann, ben) = await _meeting(relay, room, ("Ann", "Ben"))
    await fac.answer_to(await fac.send(CommandKind.ROUND_START))
    await _settle(relay, fac, ann)
    await ann.answer_to(await ann.send(CommandKind.PASS))
    await fac.answer_to(await fac.send(CommandKind.DONE))
    state = await ben.until_state(lambda s: s.floor_holder == ben.pid)
    assert ann.pid in state.round.done
    await _close(fac, ann, ben)


async def test_late_arrival_joins_the_end_of_the_round(relay, room):
    """Someone who arrives during a round is added at its end."""
    fac, (ann,) = await _meeting(relay, room, ("Ann",))
    await fac.answer_to(await fac.send(CommandKind.ROUND_START))
    await _settle(relay, fac)
    late = await WireClient.join(relay.url(room[0]), "Lee")
    assert late.state.round.order[-1] == late.pid
    await _close(fac, ann, late)


async def test_dropped_member_is_skipped(relay, room):
    """A member whose link is down is skipped when the turn passes to them."""
    fac, (ann, ben) = await _meeting(relay, room, ("Ann", "Ben"))
    await fac.answer_to(await fac.send(CommandKind.ROUND_START))
    await _settle(relay, fac)
    await ann.close()
    await fac.until_state(lambda s: not s.participants[ann.pid].connected)
    await fac.answer_to(await fac.send(CommandKind.DONE))
    await _settle(relay, fac)
    assert fac.state.floor_holder == ben.pid
    await _close(fac, ben)


async def test_facilitator_reorders_the_round(relay, room):
    """A facilitator can move someone in the round's order."""
    fac, (ann, ben) = await _meeting(relay, room, ("Ann", "Ben"))
    await fac.answer_to(await fac.send(CommandKind.ROUND_START))
    await _settle(relay, fac)
    await fac.answer_to(await fac.send(CommandKind.ROUND_MOVE, ben.pid, 1))
    assert fac.state.round.order == (fac.pid, ben.pid, ann.pid)
    await _close(fac, ann, ben)


async def test_no_crosstalk_refuses_text_but_allows_reactions(relay, room):
    """With crosstalk off a member without the floor cannot post but can react; counts go to the share."""
    fac, (ann, ben) = await _meeting(relay, room, ("Ann", "Ben"))
    await fac.answer_to(await fac.send(CommandKind.SET_CROSSTALK, False))
    await fac.answer_to(await fac.send(CommandKind.GRANT, ann.pid))
    refused = await ben.answer_to(await ben.send(CommandKind.SAY, "me too!"))
    assert isinstance(refused, ErrorFrame) and refused.code == "no_crosstalk"
    reacted = await ben.answer_to(await ben.send(CommandKind.REACT, Reaction.ME_TOO))
    assert isinstance(reacted, Event)
    state = await ann.until_state(lambda s: s.reactions[Reaction.ME_TOO] == 1)
    assert state.transcript == ()
    await ann.answer_to(await ann.send(CommandKind.SAY, "thank you all"))
    await _close(fac, ann, ben)


async def test_silent_pause_lets_nobody_post(relay, room):
    """In a silent segment nobody posts, facilitators included."""
    fac, (ann,) = await _meeting(relay, room, ("Ann",))
    await fac.answer_to(
        await fac.send(CommandKind.AGENDA_ADD, "Pause", 3, [int(Mode.SILENT), False, None, False, None])
    )
    await fac.answer_to(await fac.send(CommandKind.AGENDA_NEXT))
    await _settle(relay, fac, ann)
    for client in (fac, ann):
        answer = await client.answer_to(await client.send(CommandKind.SAY, "hello?"))
        assert isinstance(answer, ErrorFrame) and answer.code == "silent"
    await _close(fac, ann)


@pytest_asyncio.fixture
async def hard_stop_room(tmp_path):
    relay = Relay(tmp_path / "r.sqlite3")
    await relay.start()
    key = relay.create_room("demo", "Demo")
    yield relay, ("demo", key)
    await relay.stop()


async def test_share_deadline_travels_as_time_and_hard_stop_ends_it(hard_stop_room):
    """A share's limit is a deadline from the floor event; with a hard stop the relay ends it on time."""
    relay, room = hard_stop_room
    fac, (ann,) = await _meeting(relay, room, ("Ann",))
    await fac.answer_to(
        await fac.send(CommandKind.AGENDA_ADD, "Shares", 10, [int(Mode.FLOOR), False, 1, True, None])
    )
    await fac.answer_to(await fac.send(CommandKind.AGENDA_NEXT))
    await _settle(relay, fac)
    given = await fac.answer_to(await fac.send(CommandKind.GRANT, ann.pid))
    assert fac.state.share_deadline() == given.at + 1
    released = await ann.until(lambda f: isinstance(f, Event) and f.kind is EventKind.FLOOR_RELEASED)
    assert released.actor is None and ann.state.floor_holder is None
    await _close(fac, ann)


async def test_member_reads_aloud_a_paragraph_at_a_time(relay, room):
    """A member asked to read posts the reading under their name, one paragraph per step."""
    fac, (ann,) = await _meeting(relay, room, ("Ann",))
    await fac.answer_to(
        await fac.send(CommandKind.READING_ADD, "Guidelines", "Be kind.\n\nYou may pass.", True)
    )
    reading_id = fac.state.readings[0].reading_id
    await fac.answer_to(await fac.send(CommandKind.READING_SHOW, reading_id))
    await fac.answer_to(await fac.send(CommandKind.READING_ASK, reading_id, ann.pid))
    await ann.until_state(lambda s: s.reader is not None)
    for _ in range(2):
        await ann.answer_to(await ann.send(CommandKind.READING_STEP))
    state = await ann.until_state(lambda s: s.reader is None)
    assert [(m.name, m.text) for m in state.transcript] == [("Ann", "Be kind."), ("Ann", "You may pass.")]
    assert state.shown_reading == reading_id
    await _close(fac, ann)


async def test_late_arrival_gets_the_guidelines(relay, room):
    """Someone arriving after the guidelines were read finds them in their snapshot."""
    fac, _ = await _meeting(relay, room, ())
    await fac.answer_to(await fac.send(CommandKind.READING_ADD, "Guidelines", "Be kind.", True))
    late = await WireClient.join(relay.url(room[0]), "Lee")
    assert [r.title for r in late.state.readings if r.guidelines] == ["Guidelines"]
    await _close(fac, late)


async def test_turn_events_are_quick_to_arrive(relay, room):
    """Sanity: the round's floor event reaches members without a clock tick."""
    fac, (ann,) = await _meeting(relay, room, ("Ann",))
    await fac.answer_to(await fac.send(CommandKind.ROUND_START))
    await asyncio.wait_for(ann.until_state(lambda s: s.floor_holder == fac.pid), 5)
    await _close(fac, ann)


async def test_round_moves_on_when_the_speaker_leaves(relay, room):
    """If the person whose turn it is leaves for good, the next person gets the floor."""
    fac, (ann, ben) = await _meeting(relay, room, ("Ann", "Ben"))
    await fac.answer_to(await fac.send(CommandKind.ROUND_START))
    await fac.answer_to(await fac.send(CommandKind.DONE))
    await ann.until_state(lambda s: s.floor_holder == ann.pid)
    await ann.answer_to(await ann.send(CommandKind.LEAVE))
    state = await ben.until_state(lambda s: s.floor_holder == ben.pid)
    assert ann.pid not in state.participants
    await _close(fac, ben)
