"""The client follows the meeting's rules: guidelines before posting, newcomers marked, a clean end."""

from protocol import CommandKind, Mode
from tests.tui.helpers import joined
from tests.tui.waiting_helpers import GUIDELINES, arriving, in_waiting_room, open_desk, open_waiting_room
from tui.screens.resources import ResourcesScreen
from tui.widgets.composer import Composer
from tui.widgets.guidelines import GuidelinesPrompt
from tui.widgets.people import NEW_TAG, NOT_ACCEPTED_TAG


async def add_guidelines(seat) -> None:
    """The facilitator adds the room's guidelines (no waiting room)."""
    session = seat.meeting.session
    session.send(CommandKind.READING_ADD, "Our guidelines", GUIDELINES, True)
    await seat.wait(lambda: session.state.guidelines() is not None, "the guidelines")


async def test_member_accepts_the_guidelines_in_place_of_the_composer(relay, room):
    """Without a waiting room, a member sees the guidelines and Enter accepts them; then they can write."""
    name, key = room
    async with joined(relay.url(name), "Fay", key) as fay:
        await add_guidelines(fay)
        async with joined(relay.url(name), "Ann") as ann:
            prompt = ann.meeting.query_one(GuidelinesPrompt)
            composer = ann.meeting.query_one(Composer)
            await ann.wait(lambda: prompt.display and prompt.has_focus, "the guidelines prompt")
            assert not composer.display
            assert "Speak from your own experience." in str(prompt.render())
            await fay.wait(lambda: any("Ann" in r and NOT_ACCEPTED_TAG in r for r in fay.people), "mark")
            await ann.pilot.press("enter")
            await ann.wait(lambda: composer.display and composer.has_focus, "the composer back")
            await ann.type("hello all")
            await fay.wait(lambda: fay.shows("hello all"), "Ann's message")
            await fay.wait(lambda: not any(NOT_ACCEPTED_TAG in r for r in fay.people), "the mark gone")


async def test_facilitators_see_the_newcomer_flag_in_people_and_members_do_not(relay, room):
    """An arrival who said they are new is marked new in the facilitator's People list, not a member's."""
    name, key = room
    async with joined(relay.url(name), "Fay", key) as fay, joined(relay.url(name), "Max") as max_:
        await open_waiting_room(fay)
        async with arriving(relay.url(name), "Neo") as neo:
            await in_waiting_room(neo)
            neo.meeting.session.send(CommandKind.WAITER_UPDATE, True, True)
            desk = await open_desk(fay)
            await fay.wait(lambda: "Neo  new" in desk.plain, "Neo marked new")
            fay.meeting.session.send(CommandKind.ADMIT_ALL)
            await fay.wait(lambda: any("Neo" in r and NEW_TAG in r for r in fay.people), "new")
            await max_.wait(lambda: any("Neo" in r for r in max_.people), "Neo in Max's list")
            assert not any(NEW_TAG in r for r in max_.people)


async def test_end_of_meeting_resets_a_members_composer_hint(relay, room):
    """After the meeting ends mid-round, a member's composer no longer says to wait for their turn."""
    name, key = room
    async with joined(relay.url(name), "Fay", key) as fay, joined(relay.url(name), "Ann") as ann:
        composer = ann.meeting.query_one(Composer)
        fay.meeting.session.send(CommandKind.SET_MODE, Mode.ROUND)
        await ann.wait(lambda: "Round" in composer.placeholder, "the round hint")
        fay.meeting.session.send(CommandKind.END_MEETING)
        await ann.wait(lambda: ann.meeting.session.state.mode is Mode.OPEN, "the end")
        await ann.wait(lambda: "Type a message" in composer.placeholder, "the open hint")
        assert ann.meeting.session.state.round is None


async def test_resources_panel_says_whose_help_lines_they_are(relay, room):
    """F12 names the country of the help lines and that the group's host set them."""
    name, _ = room
    async with joined(relay.url(name), "Ann") as ann:
        await ann.pilot.press("f12")
        await ann.wait(lambda: isinstance(ann.app.screen, ResourcesScreen), "the resources")
        assert "Help lines for the United States, set by this group's host." in ann.app.screen.text


async def test_facilitator_sees_the_overrun_forecast_and_a_member_does_not(relay, room):
    """Nine minutes past a one-minute item, the facilitator's agenda says the meeting will run over."""
    name, key = room
    async with joined(relay.url(name), "Fay", key) as fay, joined(relay.url(name), "Ann") as ann:
        fay.meeting.session.send(CommandKind.AGENDA_ADD, "Check-in", 1)
        fay.meeting.session.send(CommandKind.AGENDA_NEXT)
        await ann.wait(lambda: ann.meeting.session.state.current_item is not None, "the first item")
        for seat in (fay, ann):  # both clocks run ten minutes on
            seat.meeting.session.server_offset += 10 * 60
        await fay.wait(lambda: "9 min over" in fay.agenda.forecast_shown, "the forecast")
        assert fay.agenda.forecast_shown.startswith("at this pace: ends ")
        await ann.wait(lambda: "over by" in ann.agenda.time_left, "Ann's clock past the item")
        assert ann.agenda.forecast_shown == ""
