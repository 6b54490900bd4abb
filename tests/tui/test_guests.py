"""Guest speakers in the app, against a real relay: inviting from the desk, the guest's mark, their floor."""

import re

from protocol import Role
from tests.tui.helpers import Seat, joined
from tests.tui.waiting_helpers import open_desk
from tui.screens.dialogs import AgendaItemScreen
from tui.screens.guests import GuestInviteScreen
from tui.widgets.floor import FloorPanel

CODE = re.compile(r"[2-9A-Z]{4}-[2-9A-Z]{4}")


def told(seat: Seat, text: str) -> bool:
    """Whether the transcript says ``text``, even wrapped over several lines."""
    return text in " ".join(line.strip() for line in seat.transcript)


async def invited(fay: Seat, name: str = "Dr Lee") -> str:
    """Have the facilitator ``fay`` invite ``name`` (through the intents) and return the code."""
    fay.meeting.intents.invite_guest(name)
    await fay.wait(lambda: bool(fay.meeting.session.state.guest_invites), "the invitation")
    return fay.meeting.session.state.guest_invites[-1].code


async def test_the_desk_invites_a_guest_and_shows_the_code(relay, room):
    """G on the desk asks for a name; the new code shows on the desk and in the meeting's lines."""
    name, key = room
    async with joined(relay.url(name), "Fay", key) as fay:
        desk = await open_desk(fay)
        await fay.pilot.press("ctrl+r", "G")
        await fay.opened(GuestInviteScreen)
        await fay.pilot.press(*"Dr Lee", "enter", "enter")
        await fay.wait(lambda: "Guest invitations (1)" in desk.plain, "the invitation on the desk")
        code = fay.meeting.session.state.guest_invites[0].code
        assert CODE.fullmatch(code) and f"{code}  Dr Lee  until" in desk.plain
        assert told(fay, f"You invited Dr Lee as a guest speaker: code {code}, valid once for 24 hours")


async def test_the_desk_cancels_the_selected_invitation(relay, room):
    """c on the desk (after the prefix) cancels the invitation selected there."""
    name, key = room
    async with joined(relay.url(name), "Fay", key) as fay:
        code = await invited(fay)
        desk = await open_desk(fay)
        await fay.wait(lambda: code in desk.plain, "the invitation on the desk")
        await fay.pilot.press("ctrl+r", "c")
        await fay.wait(lambda: not fay.meeting.session.state.guest_invites, "the invitation cancelled")
        assert told(fay, f"You cancelled the invitation {code}")


async def test_the_room_key_invites_from_the_meeting(relay, room):
    """Ctrl+R then G in the meeting opens the same invitation dialog for a facilitator."""
    name, key = room
    async with joined(relay.url(name), "Fay", key) as fay:
        await fay.room_keys()
        await fay.pilot.press("G")
        assert isinstance(await fay.opened(GuestInviteScreen), GuestInviteScreen)


async def test_a_guest_is_marked_as_a_guest_for_everyone(relay, room):
    """The guest joins with the code in the address; the people list and their message say guest."""
    name, key = room
    async with joined(relay.url(name), "Fay", key) as fay, joined(relay.url(name), "Max") as max_:
        code = await invited(fay)
        async with joined(relay.url(name) + f"?invite={code}", "Whoever") as lee:
            assert lee.meeting.session.me().role is Role.GUEST
            await max_.wait(lambda: any("Dr Lee (guest)" in row for row in max_.people), "the guest mark")
            assert any("Dr Lee (guest) (you)" in row for row in lee.people)
            await lee.type("Thank you for having me")
            await max_.wait(lambda: told(max_, "Dr Lee (guest): Thank you for having me"), "the message")


async def test_the_agenda_gives_the_guest_the_floor_for_the_items_time_box(relay, room):
    """An item naming the guest, made current, hands them the floor with the item's 20 minutes."""
    name, key = room
    async with joined(relay.url(name), "Fay", key) as fay:
        code = await invited(fay)
        async with joined(relay.url(name) + f"?invite={code}", "Lee") as lee:
            await fay.pilot.press("f9")
            form = await fay.opened(AgendaItemScreen)
            await fay.pilot.press(*"Our guest", "enter", "2", "0", "tab")
            await fay.wait(lambda: form.query_one("#speaker").has_focus, "the speaker field")
            await fay.pilot.press(*"Dr Lee", "enter")
            await lee.wait(lambda: bool(lee.meeting.session.state.agenda), "the item at the guest's")
            await fay.pilot.press("f8", "f8")
            session = lee.meeting.session
            await lee.wait(lambda: session.state.floor_holder == session.pid, "the floor")
            floor = lee.meeting.query_one(FloorPanel)
            await lee.wait(lambda: floor.clock_shown.endswith(" left"), "the guest's countdown")
            assert floor.clock_shown in {"20:00 left", "19:59 left", "19:58 left"}
            assert told(fay, "guest speaker Dr Lee")
