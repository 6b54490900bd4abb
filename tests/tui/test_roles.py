"""What members and facilitators are offered, and the facilitator's actions on a person."""

from protocol import Role
from tests.tui.helpers import joined
from tui.palette import palette_keys
from tui.screens.help import HelpScreen


def offered(seat) -> set[str]:
    """Actions the footer offers right now (bindings that ``check_action`` allows)."""
    return {binding.action for _, binding, enabled, _ in seat.meeting.active_bindings.values()}


async def test_member_is_not_offered_facilitator_actions(relay, room):
    """A member's bindings hold no facilitator action; a facilitator's do."""
    name, key = room
    async with joined(relay.url(name), "Fay", key) as fay, joined(relay.url(name), "Max") as max_:
        assert "next_hand" not in offered(max_)
        assert "next_hand" in offered(fay)


async def test_promotion_offers_facilitator_actions_at_once(relay, room):
    """When the facilitator promotes a member (Esc, select, p), the member gains the actions."""
    name, key = room
    async with joined(relay.url(name), "Fay", key) as fay, joined(relay.url(name), "Max") as max_:
        await fay.wait(lambda: len(fay.people) == 2, "Max in Fay's list")
        await fay.select("Max")
        await fay.pilot.press("p")
        await max_.wait(lambda: max_.meeting.session.role is Role.COFACILITATOR, "Max promoted")
        await max_.wait(lambda: "next_hand" in offered(max_), "Max offered Next")
        assert max_.shows("Max is now co-facilitator")


def test_palette_offers_members_only_member_actions():
    """The command palette lists facilitator actions only for those who lead."""
    assert not any(key.leader for key in palette_keys(leads=False, in_meeting=True))
    assert any(key.action == "next_hand" for key in palette_keys(leads=True, in_meeting=True))


async def test_refused_command_is_shown_as_a_notice(relay, room):
    """A command the relay refuses shows its reason in the transcript."""
    name, _ = room
    async with joined(relay.url(name), "Max") as max_:
        await max_.type("/done")
        await max_.wait(lambda: max_.shows("! You do not have the floor."), "the refusal")


async def test_message_refused_in_floor_mode_is_marked_not_sent(relay, room):
    """In floor mode a member without the floor sees their message marked as not sent."""
    name, key = room
    async with joined(relay.url(name), "Fay", key) as fay, joined(relay.url(name), "Max") as max_:
        await fay.pilot.press("f7", "f7")
        await max_.wait(lambda: max_.shows("Floor mode"), "floor mode at Max's")
        await max_.type("can I say something")
        await max_.wait(lambda: max_.shows("not sent: can I say something"), "the refusal")
        assert not fay.shows("can I say something")


async def test_removing_a_person_asks_first_and_ends_their_meeting(relay, room):
    """r on a selected person asks for confirmation; Tab then Enter removes them from the room."""
    name, key = room
    async with joined(relay.url(name), "Fay", key) as fay, joined(relay.url(name), "Max") as max_:
        await fay.wait(lambda: len(fay.people) == 2, "Max in Fay's list")
        await fay.select("Max")
        await fay.pilot.press("r")
        await fay.wait(lambda: type(fay.app.screen).__name__ == "ConfirmScreen", "the question")
        await fay.pilot.press("tab", "enter")
        await fay.wait(lambda: fay.shows("Max was removed from the room"), "the removal")
        await max_.wait(lambda: max_.shows("You were removed"), "Max told")


async def test_leaving_asks_then_tells_the_room(relay, room):
    """Ctrl+Q twice leaves: the app closes and the others see that you left."""
    name, key = room
    async with joined(relay.url(name), "Fay", key) as fay, joined(relay.url(name), "Max") as max_:
        await max_.pilot.press("ctrl+q")
        await max_.wait(lambda: type(max_.app.screen).__name__ == "ConfirmScreen", "the question")
        await max_.pilot.press("ctrl+q")
        await fay.wait(lambda: fay.shows("Max left"), "Max's leaving at Fay's")
        await max_.wait(lambda: not max_.app.is_running, "Max's app to close")


async def test_help_lists_only_what_a_member_may_do(relay, room):
    """F1 shows a member their keys and slash commands, without facilitator ones."""
    name, _ = room
    async with joined(relay.url(name), "Max") as max_:
        await max_.pilot.press("f1")
        await max_.opened(HelpScreen)
        text = max_.app.screen.text
        assert "Raise or lower your hand" in text and "/raise" in text
        assert "Give the floor to the next raised hand" not in text and "/lowerall" not in text
        await max_.pilot.press("f1")
        await max_.wait(lambda: not isinstance(max_.app.screen, HelpScreen), "the help to close")
