"""Typed hands in the Textual client against a real relay: keys j, q, P and F, your place and why."""

from protocol import CommandKind
from protocol.kinds import HandReason
from tests.tui.helpers import joined
from tui import keys


async def test_j_raises_a_direct_response(relay, room):
    """j (after the room key) raises a hand as a direct response, marked so in the queue."""
    name, key = room
    async with joined(relay.url(name), "Fay", key) as fay, joined(relay.url(name), "Max") as max_:
        fay.meeting.session.send(CommandKind.GRANT, fay.meeting.session.pid)
        await max_.wait(lambda: max_.meeting.session.state.floor_holder is not None, "Fay sharing")
        await max_.room_keys()
        await max_.pilot.press("j")
        await fay.wait(lambda: "1. Max (response)" in fay.hands, "Max's response in Fay's queue")
        assert max_.meeting.session.state.hand_reasons == {max_.meeting.session.pid: HandReason.RESPONSE}


async def test_q_raises_a_point_of_process_that_goes_first(relay, room):
    """q raises a point of process, placed before a new share already waiting."""
    name, key = room
    async with (
        joined(relay.url(name), "Fay", key) as fay,
        joined(relay.url(name), "Ann") as ann,
        joined(relay.url(name), "Max") as max_,
    ):
        await ann.pilot.press("f2")
        await fay.wait(lambda: "1. Ann" in fay.hands, "Ann's hand")
        await max_.room_keys()
        await max_.pilot.press("q")
        await fay.wait(lambda: "1. Max (process)" in fay.hands, "Max first")
        assert "2. Ann" in fay.hands


async def test_member_sees_place_and_why(relay, room):
    """A member pushed back by a point of process reads their place and the reason."""
    name, key = room
    async with (
        joined(relay.url(name), "Fay", key) as fay,
        joined(relay.url(name), "Ann") as ann,
        joined(relay.url(name), "Max") as max_,
    ):
        await ann.pilot.press("f2")
        await ann.wait(lambda: "Hand up: you are 1st" in ann.hands, "Ann 1st")
        await max_.room_keys()
        await max_.pilot.press("q")
        await ann.wait(lambda: "Hand up: you are 2nd" in ann.hands, "Ann 2nd")
        assert "(process first)" in ann.hands
        await fay.wait(lambda: "2. Ann" in fay.hands, "the queue at Fay's")


async def test_facilitator_switches_the_progressive_stack(relay, room):
    """P (after the room key) turns the progressive stack on for everyone."""
    name, key = room
    async with joined(relay.url(name), "Fay", key) as fay, joined(relay.url(name), "Max") as max_:
        await fay.room_keys()
        await fay.pilot.press("P")
        await max_.wait(lambda: max_.meeting.session.state.progressive, "the stack on at Max's")
        await max_.wait(lambda: max_.shows("Progressive stack on"), "the line in Max's transcript")


def test_progressive_and_filter_keys_are_for_facilitators():
    """P and F are kept from members; j and q are everyone's."""
    assert {"toggle_progressive", "filter_hands"} <= keys.LEADER_ACTIONS
    assert "raise_for" not in keys.LEADER_ACTIONS


async def test_leader_filter_lists_only_those_who_have_not_shared(relay, room):
    """F shows the facilitator only the hands of those who have not shared yet, and back."""
    name, key = room
    async with (
        joined(relay.url(name), "Fay", key) as fay,
        joined(relay.url(name), "Ann") as ann,
        joined(relay.url(name), "Max") as max_,
    ):
        session = fay.meeting.session
        session.send(CommandKind.GRANT, ann.meeting.session.pid)
        await ann.wait(lambda: "You are sharing" in ann.meeting.query_one("#floor").plain, "Ann sharing")
        await ann.pilot.press("f3")
        await fay.wait(lambda: ann.meeting.session.pid in session.state.shares, "Ann's share counted")
        await ann.pilot.press("f2")
        await max_.pilot.press("f2")
        await fay.wait(lambda: "2. Max (not shared)" in fay.hands, "Max marked")
        await fay.room_keys()
        await fay.pilot.press("F")
        await fay.wait(lambda: "Not shared yet:" in fay.hands, "the filter on")
        assert "Ann" not in fay.hands and "2. Max" in fay.hands
        await fay.room_keys()
        await fay.pilot.press("F")
        await fay.wait(lambda: "1. Ann" in fay.hands, "every hand again")


async def test_leader_sees_shares_in_the_people_list(relay, room):
    """Once someone has shared, the facilitator's People list shows counts and who has not shared."""
    name, key = room
    async with joined(relay.url(name), "Fay", key) as fay, joined(relay.url(name), "Ann") as ann:
        fay.meeting.session.send(CommandKind.GRANT, ann.meeting.session.pid)
        await ann.wait(lambda: "You are sharing" in ann.meeting.query_one("#floor").plain, "Ann sharing")
        await ann.pilot.press("f3")
        await fay.wait(lambda: any("Ann 1x 0:0" in row for row in fay.people), "Ann's share in the list")
        assert any("Fay (you) not shared" in row for row in fay.people)
        assert not any("1x" in row or "not shared" in row for row in ann.people)
