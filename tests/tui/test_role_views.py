"""What a new co-facilitator's desk shows at once, and a removed person's words leaving the screen."""

from protocol import CommandKind, Role
from tests.tui.helpers import joined
from tests.tui.waiting_helpers import open_desk
from tests.wire_client import WireClient

SHARE = "I'm 10 days sober today"


async def test_new_co_facilitators_desk_shows_notes_and_support(relay, room):
    """Promoted, then left alone by the facilitator, a co-facilitator's desk lists the note and support."""
    name, key = room
    url = relay.url(name)
    ann = await WireClient.join(url, "Ann")
    async with joined(url, "Max") as max_:
        dana = await WireClient.join(url, "Dana", key)
        await ann.answer_to(await ann.send(CommandKind.NOTE, "I may need to leave early"))
        await ann.answer_to(await ann.send(CommandKind.SUPPORT, True))
        promote = await dana.send(CommandKind.SET_ROLE, max_.meeting.session.pid, Role.COFACILITATOR)
        await dana.answer_to(promote)
        await dana.close()  # the facilitator's client is gone
        await max_.wait(lambda: max_.shows("Dana's link dropped; you are leading"), "told they lead")
        assert max_.shows("Max is now co-facilitator")  # the fresh welcome kept the screen
        desk = await open_desk(max_)
        assert "Support: Ann" in desk.plain
        assert "Ann → facilitators: I may need to leave early" in desk.plain
    await ann.close()


async def test_removed_persons_share_leaves_the_screen(relay, room):
    """When a facilitator removes someone, their messages leave every other transcript on screen."""
    name, key = room
    url = relay.url(name)
    fay = await WireClient.join(url, "Fay", key)
    sam = await WireClient.join(url, "Sam")
    async with joined(url, "Ann") as ann:
        await sam.answer_to(await sam.send(CommandKind.SAY, SHARE))
        await fay.answer_to(await fay.send(CommandKind.SAY, "Thank you, Sam"))
        await ann.wait(lambda: ann.shows("Thank you, Sam") and ann.shows(SHARE), "both messages")
        await fay.answer_to(await fay.send(CommandKind.REMOVE, sam.pid))
        await ann.wait(lambda: ann.shows("Sam's messages were taken off the screen"), "the withdrawal")
        assert not ann.shows(SHARE) and ann.shows("Thank you, Sam")
    await fay.close()
