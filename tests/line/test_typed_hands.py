"""Typed hands and the fairness hints in line mode, against a real relay."""

from tests.line.test_meeting import meeting


async def test_raise_process_tells_place_and_reason(relay, room):
    """``/raise process`` goes first, and the member pushed back reads why."""
    async with meeting(relay, room) as (fran, sam, alex):
        sam.type("/raise")
        await sam.wait_for("You are 1st in the queue")
        alex.type("/raise process")
        await alex.wait_for("You are 1st in the queue. Points of process go first.")
        await sam.wait_for("You are 2nd in the queue. A point of process goes first.")
        await fran.wait_for("Alex raised a hand for a point of process (1st)")


async def test_raise_response_goes_ahead_of_shares(relay, room):
    """``/raise response`` while someone shares goes ahead of a new share."""
    async with meeting(relay, room) as (fran, sam, alex):
        fran.type("/grant Fran")
        await sam.wait_for("Fran has the floor")
        sam.type("/raise")
        await sam.wait_for("You are 1st in the queue")
        alex.type("/raise response")
        await alex.wait_for("You are 1st in the queue. Direct responses go ahead of new shares.")
        await sam.wait_for("You are 2nd in the queue. Direct responses go ahead of new shares.")


async def test_queue_view_shows_reasons(relay, room):
    """``/queue`` marks each hand's reason for everyone."""
    async with meeting(relay, room) as (fran, sam, alex):
        alex.type("/raise process")
        await sam.wait_for("Alex raised a hand")
        sam.type("/queue")
        await sam.wait_for("Hands: 1. Alex (process)")


async def test_progressive_stack_puts_the_not_yet_shared_first(relay, room):
    """With ``/progressive on`` a member who has not shared is offered first, and told why."""
    async with meeting(relay, room) as (fran, sam, alex):
        fran.type("/grant Sam")
        await sam.wait_for("You have the floor")
        sam.type("/done")
        await fran.wait_for("Sam is done")
        fran.type("/progressive on")
        await alex.wait_for("Progressive stack on")
        sam.type("/raise")
        await sam.wait_for("You are 1st in the queue")
        alex.type("/raise")
        await alex.wait_for("You are 1st in the queue. You have not shared yet (progressive stack).")
        await sam.wait_for("You are 2nd in the queue. People who have not shared yet go first")
        fran.type("/next")
        await alex.wait_for("You have the floor")


async def test_facilitator_reads_shares_member_does_not(relay, room):
    """``/queue`` shows the facilitator each person's shares; a member's shows none."""
    async with meeting(relay, room) as (fran, sam, _alex):
        fran.type("/grant Sam")
        await sam.wait_for("You have the floor")
        sam.type("/done")
        await fran.wait_for("Sam is done")
        fran.type("/queue")
        await fran.wait_for("Shares in this meeting:")
        await fran.wait_for("  Sam: 1 share, 0:0")
        await fran.wait_for("  Alex: not shared yet")
        mark = len(sam.out)
        sam.type("/queue")
        await sam.wait_for("Nobody has the floor", after=mark)
        assert not any("Shares in this meeting" in line or "not shared" in line for line in sam.out)


async def test_who_view_shows_shares_to_the_facilitator(relay, room):
    """``/who`` marks each person's shares for the facilitator once someone has shared."""
    async with meeting(relay, room) as (fran, sam, _alex):
        fran.type("/grant Sam")
        await sam.wait_for("You have the floor")
        sam.type("/done")
        await fran.wait_for("Sam is done")
        fran.type("/who")
        await fran.wait_for("  Sam (1x 0:0")
        await fran.wait_for("  Alex (not shared)")
