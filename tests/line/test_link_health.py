"""Line mode: link markers in /who for facilitators, /away and /back, y/n before giving the floor."""

import asyncio

from protocol import CommandKind
from tests.line.helpers import LineClient
from tests.wire_client import TIMEOUT

SLOW = 2400
UP_TO_DATE = 2**53


async def _meeting(relay, room, *names: str) -> tuple[LineClient, list[LineClient]]:
    url = relay.url(room[0])
    fran = await LineClient(url, "Fran", room[1]).start()
    members = [await LineClient(url, name).start() for name in names]
    for name in names:
        await fran.wait_for(f"{name} joined")
    return fran, members


async def _end(*clients: LineClient) -> None:
    for client in clients:
        await client.end()


async def test_facilitator_reads_a_slow_member_in_who(relay, room):
    """/who marks a member whose link is slow for the facilitator, never for another member."""
    fran, (sam, alex) = await _meeting(relay, room, "Sam", "Alex")
    sam.session.send(CommandKind.LINK_REPORT, SLOW, UP_TO_DATE)
    async with asyncio.timeout(TIMEOUT):
        while sam.session.pid not in fran.session.state.link_health:
            await asyncio.sleep(0.01)
    assert (await fran.ask("/who", "  Sam"))[-1] == "  Sam (slow)"
    assert (await alex.ask("/who", "  Sam"))[-1] == "  Sam"
    await _end(sam, alex, fran)


async def test_member_steps_out_and_back(relay, room):
    """/away tells the member their place is kept and how to come back; the facilitator reads it."""
    fran, (sam,) = await _meeting(relay, room, "Sam")
    told = await sam.ask("/away", "You stepped out.")
    assert "Your hand and your place in the round are kept. Type /back when you are back." in told[-1]
    await fran.wait_for("Sam stepped out for a moment")
    who = await fran.ask("/who", "  Sam")
    assert "stepped out" in who[-1]
    await sam.ask("/back", "You are back")
    await fran.wait_for("Sam is back")
    await _end(sam, fran)


async def test_grant_to_someone_stepped_out_asks_y_or_n(relay, room):
    """/grant for someone stepped out asks y/n; "n" gives nothing, "y" gives the floor."""
    fran, (sam,) = await _meeting(relay, room, "Sam")
    await sam.ask("/away", "You stepped out.")
    await fran.wait_for("Sam stepped out for a moment")
    asked = await fran.ask("/grant Sam", "(y/n)")
    assert "Sam has stepped out for a moment and may not see the floor. Give them the floor" in asked[-1]
    await fran.ask("n", "Not given.")
    await fran.ask("/grant Sam", "(y/n)")
    fran.type("y")
    await sam.wait_for("You have the floor")
    await _end(sam, fran)


async def test_queue_shows_a_hand_kept_while_stepped_out(relay, room):
    """/queue shows the facilitator a raised hand whose owner stepped out, still in its place."""
    fran, (sam,) = await _meeting(relay, room, "Sam")
    await sam.ask("/raise", "You are 1st in the queue")
    await sam.ask("/away", "You stepped out.")
    await fran.wait_for("Sam stepped out for a moment")
    queue = await fran.ask("/queue", "Hands:")
    assert queue[-1] == "Hands: 1. Sam (stepped out)"
    await _end(sam, fran)


async def _behind(relay, room, fran: LineClient, member: LineClient, name: str) -> None:
    """``member`` reports a screen 25 s behind the room; the facilitator's copy holds it."""
    shown = member.session.state.seq
    fran.type(f"hello {name}")
    await member.wait_for(f"hello {name}")
    live = relay.room(room[0])
    now = live.clock()
    live.clock = lambda: now + 25
    member.session.send(CommandKind.LINK_REPORT, 80, shown)
    async with asyncio.timeout(TIMEOUT):
        while member.session.pid not in fran.session.state.link_health:
            await asyncio.sleep(0.01)


async def test_round_move_making_someone_far_behind_next_asks_y_or_n(relay, room):
    """/round move Alex 2 would make Alex (25 s behind) share next: y/n; "n" keeps the order."""
    fran, (sam, alex) = await _meeting(relay, room, "Sam", "Alex")
    await fran.ask("/round start", "Round: your turn")
    await _behind(relay, room, fran, alex, "Alex")
    asked = await fran.ask("/round move Alex 2", "(y/n)")
    assert "Alex is 2" in asked[-1] and "may not see their turn. Make them next anyway? (y/n)" in asked[-1]
    await fran.ask("n", "Not sent.")
    assert fran.session.state.round.order[1] == sam.session.pid
    await fran.ask("/round move Alex 2", "(y/n)")
    await fran.ask("y", "Round: Alex now goes 2nd")
    await _end(sam, alex, fran)


async def test_round_skip_of_the_turn_now_asks_before_the_floor_goes_to_someone_far_behind(relay, room):
    """/round skip of the person sharing hands the floor on: asked like /grant."""
    fran, (sam,) = await _meeting(relay, room, "Sam")
    await fran.ask("/round start", "Round: your turn")
    await _behind(relay, room, fran, sam, "Sam")
    asked = await fran.ask("/round skip Fran", "(y/n)")
    assert "may not see the floor yet. Give them the floor anyway? (y/n)" in asked[-1]
    await fran.ask("n", "Not given.")
    assert fran.session.state.floor_holder == fran.session.pid
    await _end(sam, fran)


async def test_queue_says_whom_a_round_waits_for(relay, room):
    """Everyone else done, the round waits for Sam who stepped out: /queue names him to the
    facilitator and tells Sam his turn waits for him."""
    fran, (sam,) = await _meeting(relay, room, "Sam")
    await fran.ask("/round start", "Fran has the floor")
    await sam.ask("/away", "You stepped out.")
    await fran.wait_for("Sam stepped out for a moment")
    await fran.ask("/done", "Fran is done")
    assert (await fran.ask("/queue", "Waiting for"))[-1] == "Waiting for Sam (stepped out)"
    assert (await sam.ask("/queue", "Your turn waits"))[-1] == "Your turn waits for you"
    await _end(sam, fran)
