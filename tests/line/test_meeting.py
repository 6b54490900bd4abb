"""A scripted meeting in line mode: a facilitator and two members, against a real relay."""

import contextlib
from collections.abc import AsyncIterator

from tests.line.helpers import LineClient


@contextlib.asynccontextmanager
async def meeting(relay, room) -> AsyncIterator[tuple[LineClient, LineClient, LineClient]]:
    """Fran facilitates; Sam and Alex are members; all in line mode, all joined."""
    url = relay.url("demo")
    fran = await LineClient(url, "Fran", room[1]).start()
    sam = await LineClient(url, "Sam").start()
    alex = await LineClient(url, "Alex").start()
    await fran.wait_for("Alex joined")
    try:
        yield fran, sam, alex
    finally:
        for person in (alex, sam, fran):
            if person.task is not None and not person.task.done():
                await person.end()


async def test_messages_go_both_ways(relay, room):
    """A member's line reaches the facilitator and the facilitator's reaches the member."""
    async with meeting(relay, room) as (fran, sam, _alex):
        sam.type("hello everyone")
        await fran.wait_for("Sam: hello everyone")
        fran.type("welcome, Sam")
        line = sam.out[await sam.wait_for("welcome, Sam")]
        assert line.endswith("Fran (facilitator): welcome, Sam")


async def test_raised_hand_and_granted_floor(relay, room):
    """``/raise`` tells the member their place; ``/next`` gives them the floor, said to them."""
    async with meeting(relay, room) as (fran, sam, alex):
        alex.type("/raise")
        await alex.wait_for("You are 1st in the queue")
        sam.type("/raise")
        await sam.wait_for("You are 2nd in the queue")
        fran.type("/next")
        await alex.wait_for("You have the floor")
        await sam.wait_for("Alex has the floor")
        await sam.wait_for("You are 1st in the queue")


async def test_round_with_a_pass(relay, room):
    """A round gives each their turn; a pass moves it on and everyone reads it."""
    async with meeting(relay, room) as (fran, sam, alex):
        fran.type("/round start")
        await sam.wait_for("Round: Fran, Sam, Alex")
        fran.type("/done")
        await sam.wait_for("Round: your turn")
        sam.type("/pass")
        await fran.wait_for("Sam passed")
        await alex.wait_for("Round: your turn")


async def test_agenda_next_and_the_agenda_view(relay, room):
    """The facilitator adds items and moves on; ``/agenda`` marks the item now."""
    async with meeting(relay, room) as (fran, sam, _alex):
        fran.type("/agenda add Check-in 10")
        fran.type("/agenda add Sharing 30")
        await sam.wait_for("Agenda: added Sharing (30 min)")
        fran.type("/agenda next")
        await sam.wait_for("Now: Check-in (10 min)")
        shown = await sam.ask("/agenda", "Sharing")
        assert shown[-2:] == [" >1. Check-in (10 min)", "  2. Sharing (30 min)"]


async def test_who_lists_everyone_with_their_marks(relay, room):
    """``/who`` names everyone, the facilitator's role and the reader."""
    async with meeting(relay, room) as (_fran, sam, _alex):
        shown = await sam.ask("/who", "Alex")
        assert shown[-4:] == ["3 here:", "  Fran (facilitator)", "  Sam (you)", "  Alex"]


async def test_queue_view_shows_hands_and_place(relay, room):
    """``/queue`` shows the floor, the hands in order and the reader's place."""
    async with meeting(relay, room) as (_fran, sam, alex):
        alex.type("/raise")
        await sam.wait_for("Alex raised a hand")
        sam.type("/raise")
        await sam.wait_for("You are 2nd in the queue")
        shown = await sam.ask("/queue", "You are 2nd")
        assert shown[-3:] == [
            "Nobody has the floor",
            "Hands: 1. Alex, 2. Sam (you)",
            "You are 2nd in the queue",
        ]


async def test_help_lists_a_members_commands_and_line_words(relay, room):
    """``/help`` lists what a member may type (no facilitator commands) and line mode's words."""
    async with meeting(relay, room) as (fran, sam, _alex):
        member = "\n".join(await sam.ask("/help", "/guidelines"))
        assert "/raise" in member and "/who" in member and "/queue" in member and "/agenda" in member
        assert "/next" not in member and "/remove" not in member
        leader = "\n".join(await fran.ask("/help", "/guidelines"))
        assert "/next" in leader and "/grant NAME" in leader


async def test_facilitator_grants_the_floor_by_name(relay, room):
    """``/grant NAME`` gives that person the floor."""
    async with meeting(relay, room) as (fran, sam, _alex):
        fran.type("/grant Sam")
        await sam.wait_for("You have the floor")
        await fran.wait_for("Sam has the floor")


async def test_refused_command_is_said_plainly(relay, room):
    """A member typing a facilitator's command reads why nothing was sent."""
    async with meeting(relay, room) as (_fran, sam, _alex):
        await sam.ask("/next", "Not sent: ")


async def test_end_of_input_leaves_the_room(relay, room):
    """When input ends, line mode leaves the meeting and everyone reads it."""
    async with meeting(relay, room) as (fran, sam, _alex):
        sam.type("last words")
        assert await sam.end() == 0
        await fran.wait_for("Sam: last words")
        await fran.wait_for("Sam left")


async def test_removed_member_reads_why_and_exits_with_status_one(relay, room):
    """When a facilitator removes someone, line mode prints the relay's words and stops with 1."""
    async with meeting(relay, room) as (fran, sam, _alex):
        fran.type("/remove Sam")
        await sam.wait_for("! ")
        assert sam.task is not None
        assert await sam.task == 1


async def test_a_line_typed_before_the_welcome_is_sent_after_it(relay, room):
    """Input that arrives before the relay's welcome waits for it instead of being refused."""
    fran = await LineClient(relay.url("demo"), "Fran", room[1]).start()
    early = LineClient(relay.url("demo"), "Early")
    early.type("typed at once")
    await early.start()
    await fran.wait_for("Early: typed at once")
    assert not any("Not sent" in line for line in early.out)
    await early.end()
    await fran.end()
