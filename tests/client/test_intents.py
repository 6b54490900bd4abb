"""Intents against a real relay: what a key means, checked on the local room copy before sending."""

import asyncio

from protocol import CommandKind, Mode
from tests.client.session_helpers import running, until
from tui.core import intents as said
from tui.core.intents import Intents, Refusal, Sent, Wanted
from tui.core.session import Session


async def test_the_hand_toggles_on_the_local_room(relay, room):
    """The hand intent raises a hand that is down, then lowers it once the relay shows it up."""
    async with running(relay.url("demo"), "Ann") as ann:
        await ann.connected()
        act = Intents(ann.session)
        raised = act.raise_or_lower_hand()
        assert isinstance(raised, Sent) and raised.kind is CommandKind.RAISE
        await until(lambda: ann.session.pid in ann.session.state.hand_queue)
        lowered = act.raise_or_lower_hand()
        assert isinstance(lowered, Sent) and lowered.kind is CommandKind.LOWER
        await until(lambda: ann.session.state.hand_queue == ())


async def test_nothing_is_sent_before_the_welcome(relay, room):
    """Before the relay welcomes us, an intent is refused in words and the outbox stays empty."""
    session = Session(relay.url("demo"), "Ann")
    assert Intents(session).raise_or_lower_hand() == Refusal(said.NOT_IN_ROOM)
    assert session.pending == ()


async def test_a_member_is_refused_a_facilitator_command_locally(relay, room):
    """A member asking for the next hand gets the rules' refusal; nothing reaches the relay."""
    async with running(relay.url("demo"), "Ann") as ann:
        await ann.connected()
        assert Intents(ann.session).next_hand() == Refusal(said.ONLY_FACILITATORS)
        assert ann.session.pending == ()


async def test_the_facilitator_cannot_be_demoted_or_paused(relay, room):
    """Promoting or pausing the keyholding facilitator is refused with a sentence."""
    name, key = room
    async with running(relay.url(name), "Fay", key) as fay:
        await fay.connected()
        act = Intents(fay.session)
        assert act.promote_or_demote(fay.session.pid) == Refusal(said.FACILITATOR_BY_KEY)
        assert act.pause_target(fay.session.pid) == Refusal(said.LEADERS_NOT_PAUSED)


async def test_promote_makes_a_member_co_facilitator(relay, room):
    """The promote intent on a member sends the co-facilitator role, and the relay records it."""
    name, key = room
    async with running(relay.url(name), "Fay", key) as fay, running(relay.url(name), "Max") as max_:
        await fay.connected()
        await max_.connected()
        await until(lambda: fay.session.state.participant(max_.session.pid) is not None)
        outcome = Intents(fay.session).promote_or_demote(max_.session.pid)
        assert isinstance(outcome, Sent) and outcome.kind is CommandKind.SET_ROLE
        await until(lambda: max_.session.role is not None and max_.session.role.leads)


async def test_moving_someone_in_a_round_moves_their_turn(relay, room):
    """During a round, moving someone whose hand is down moves them in the round's order."""
    name, key = room
    async with running(relay.url(name), "Fay", key) as fay, running(relay.url(name), "Max") as max_:
        await fay.connected()
        await max_.connected()
        act = Intents(fay.session)
        await until(lambda: fay.session.state.participant(max_.session.pid) is not None)
        act.start_or_end_round()
        await until(lambda: fay.session.state.round is not None)
        outcome = act.move(max_.session.pid, -1)
        assert isinstance(outcome, Sent) and outcome.kind is CommandKind.ROUND_MOVE


async def test_switch_mode_goes_between_open_and_floor(relay, room):
    """The mode intent turns open mode into floor mode."""
    name, key = room
    async with running(relay.url(name), "Fay", key) as fay:
        await fay.connected()
        Intents(fay.session).switch_mode()
        await until(lambda: fay.session.state.mode is Mode.FLOOR)


async def test_typed_help_and_leave_are_for_the_front_end(relay, room):
    """``/help`` and ``/leave`` are handed back to the front end; a plain line becomes a message."""
    async with running(relay.url("demo"), "Ann") as ann:
        await ann.connected()
        act = Intents(ann.session)
        assert act.typed("/help") == Wanted("help")
        assert act.typed("/leave") == Wanted("leave")
        assert act.typed("   ") is None
        message = act.typed("hello")
        assert isinstance(message, Sent) and message.said == "hello"


async def test_leaving_waits_for_the_relay_then_closes(relay, room):
    """The leave intent tells the room, waits for the relay to record it, and closes the link."""
    async with running(relay.url("demo"), "Ann") as ann:
        await ann.connected()
        pid = ann.session.pid
        await asyncio.wait_for(Intents(ann.session).leave(), 5)
        assert pid not in relay.room("demo").state.participants
