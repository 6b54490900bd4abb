"""The meeting screen against a real relay: joining, hands, the floor, messages, the agenda."""

from protocol import Mode
from tests.tui.helpers import joined
from tui.screens.dialogs import AgendaItemScreen
from tui.screens.help import HelpScreen


async def test_joining_shows_you_in_the_people_list(relay, room):
    """A participant who joins sees themselves, marked as "you", in the People list."""
    name, _ = room
    async with joined(relay.url(name), "Sam") as sam:
        assert any(row.endswith("Sam (you)") for row in sam.people)


async def test_raised_hand_appears_in_the_facilitators_queue(relay, room):
    """A member's F2 puts their hand in the facilitator's queue, and tells them their place."""
    name, key = room
    async with joined(relay.url(name), "Fay", key) as fay, joined(relay.url(name), "Max") as max_:
        await max_.pilot.press("f2")
        await fay.wait(lambda: "1. Max" in fay.hands, "Max in Fay's queue")
        await max_.wait(lambda: "you are 1st" in max_.hands, "Max told his place")
        assert any("^1 Max" in row for row in fay.people)


async def test_next_hand_gets_the_floor_and_may_post(relay, room):
    """In floor mode, F5 gives the floor to the first hand, who then sees it and can post."""
    name, key = room
    async with joined(relay.url(name), "Fay", key) as fay, joined(relay.url(name), "Max") as max_:
        await fay.pilot.press("f7", "f7")
        await max_.wait(lambda: max_.meeting.session.state.mode is Mode.FLOOR, "floor mode")
        await max_.pilot.press("f2")
        await fay.wait(lambda: "1. Max" in fay.hands, "Max's hand")
        await fay.pilot.press("f5")
        await max_.wait(lambda: "You have the floor" in max_.hands, "Max to have the floor")
        await max_.type("my turn now")
        await fay.wait(lambda: fay.shows("Max: my turn now"), "Max's message at Fay's")


async def test_message_appears_in_both_transcripts(relay, room):
    """A posted message shows in the sender's transcript and in everyone else's."""
    name, key = room
    async with joined(relay.url(name), "Fay", key) as fay, joined(relay.url(name), "Max") as max_:
        await max_.type("hello everyone")
        await fay.wait(lambda: fay.shows("Max: hello everyone"), "the message at Fay's")
        await max_.wait(
            lambda: max_.shows("Max: hello everyone") and not max_.shows("…"), "the settled message at Max's"
        )


async def test_facilitator_moves_the_agenda_on_by_key(relay, room):
    """F8 makes the next agenda item current for everyone, with its time left."""
    name, key = room
    async with joined(relay.url(name), "Fay", key) as fay, joined(relay.url(name), "Max") as max_:
        await fay.type("/agenda add Check-in 10")
        await fay.type("/agenda add Sharing 30")
        await max_.wait(lambda: len(max_.meeting.session.state.agenda) == 2, "two agenda items")
        await fay.pilot.press("f8", "f8")
        await max_.wait(lambda: max_.meeting.session.state.current_item is not None, "a current item")
        await max_.wait(lambda: max_.agenda.time_left.endswith("left"), "the countdown")
        await fay.pilot.press("f8", "f8")
        await max_.wait(lambda: max_.shows("Now: Sharing"), "the agenda to move on at Max's")
        assert max_.agenda.time_left in {"30 min left", "29 min left"}


async def test_agenda_item_added_through_the_form(relay, room):
    """F9 opens a form; a title and minutes add the item to everyone's agenda."""
    name, key = room
    async with joined(relay.url(name), "Fay", key) as fay, joined(relay.url(name), "Max") as max_:
        await fay.pilot.press("f9")
        form = await fay.opened(AgendaItemScreen)
        await fay.pilot.press(*"Check-in", "enter")
        await fay.wait(lambda: form.query_one("#minutes").has_focus, "the minutes field")
        await fay.pilot.press("1", "0", "enter")
        await max_.wait(lambda: max_.shows("Agenda: added Check-in (10 min)"), "the item at Max's")
        assert max_.meeting.session.state.agenda[0].minutes == 10


async def test_lowering_your_own_hand_leaves_the_queue(relay, room):
    """F2 a second time lowers the hand: it leaves the facilitator's queue."""
    name, key = room
    async with joined(relay.url(name), "Fay", key) as fay, joined(relay.url(name), "Max") as max_:
        await max_.pilot.press("f2")
        await fay.wait(lambda: "1. Max" in fay.hands, "Max's hand up")
        await max_.pilot.press("f2")
        await fay.wait(lambda: fay.shows("Max lowered their hand"), "Max's hand down")
        assert "1. Max" not in fay.hands


async def test_typing_slash_help_opens_the_help(relay, room):
    """``/help`` typed in the composer opens the help screen, as F1 does."""
    name, _ = room
    async with joined(relay.url(name), "Sam") as sam:
        sam.meeting.say_or_command("/help")
        await sam.wait(lambda: isinstance(sam.app.screen, HelpScreen), "the help")
