"""Relay: meeting rules that hold on their own (guidelines before posting, a silent pause that ends)."""

import time

from protocol import CommandKind, ErrorFrame, Event, EventKind, Mode
from tests.wire_client import WireClient


async def test_member_without_a_waiting_room_must_accept_the_guidelines(relay, room):
    """With the waiting room off, a member's SAY is refused until they accept the guidelines."""
    name, key = room
    fac = await WireClient.join(relay.url(name), "Fran", key)
    await fac.answer_to(await fac.send(CommandKind.READING_ADD, "Guidelines", "Be kind.", True))
    ann = await WireClient.join(relay.url(name), "Ann")
    refused = await ann.answer_to(await ann.send(CommandKind.SAY, "hello"))
    assert isinstance(refused, ErrorFrame) and refused.code == "guidelines"
    assert "guidelines" in refused.message
    accepted = await ann.answer_to(await ann.send(CommandKind.WAITER_UPDATE, True, False))
    assert isinstance(accepted, Event) and accepted.kind is EventKind.WAITER_UPDATED
    said = await ann.answer_to(await ann.send(CommandKind.SAY, "hello"))
    assert isinstance(said, Event) and said.kind is EventKind.SAID
    state = await fac.until_state(lambda s: ann.pid in s.accepted)
    assert ann.pid in state.accepted
    await fac.close()
    await ann.close()


async def test_silent_pause_ends_on_its_own(relay, room):
    """When a silent segment's time box is over, the relay opens the room again."""
    name, key = room
    fac = await WireClient.join(relay.url(name), "Fran", key)
    rules = (Mode.SILENT, True, None, False, None)
    await fac.answer_to(await fac.send(CommandKind.AGENDA_ADD, "Quiet", 1, rules))
    await fac.answer_to(await fac.send(CommandKind.AGENDA_NEXT))
    assert fac.state.mode is Mode.SILENT
    # The minute is almost over: the relay's clock moves on, and the next event re-times the end.
    relay.room(name).clock = lambda: time.time() + 59.7
    await fac.answer_to(await fac.send(CommandKind.READING_ADD, "After the pause", "Welcome back."))
    state = await fac.until_state(lambda s: s.mode is Mode.OPEN)
    assert state.crosstalk is True and state.current_item is not None
    await fac.close()
