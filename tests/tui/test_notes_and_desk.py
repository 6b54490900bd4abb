"""Members' notes, support and resources, and the facilitators' desk in the client, against a real relay."""

from protocol import Role
from tests.tui.helpers import joined
from tests.tui.waiting_helpers import open_desk, says
from tui.screens.desk import DeskScreen
from tui.screens.dialogs import ConfirmScreen
from tui.screens.notes import MinutesDialog, PickPersonDialog, TextDialog
from tui.screens.resources import PRIVATE, ResourcesScreen


async def _room_keys(seat) -> None:
    """Leave the composer so that the room's letter keys act."""
    await seat.room_keys()


async def test_private_note_reaches_the_desk_and_no_other_member(relay, room):
    """b sends a private note: the facilitator reads it on the desk, another member never sees it."""
    name, key = room
    url = relay.url(name)
    async with joined(url, "Fay", key) as fay, joined(url, "Max") as max_, joined(url, "Ann") as ann:
        await _room_keys(max_)
        await max_.pilot.press("b")
        await max_.opened(TextDialog)
        await max_.pilot.press(*"I may need to leave early", "enter")
        await fay.wait(lambda: fay.shows("Max to the facilitators (private)"), "the note at Fay's")
        await max_.wait(lambda: max_.shows("You to the facilitators (private)"), "Max's copy")
        await max_.type("a public line after the note")
        await ann.wait(lambda: ann.shows("a public line after the note"), "the public line at Ann's")
        assert not ann.shows("leave early") and not ann.shows("(private)")
        assert ann.meeting.session.state.notes == ()
        desk = await open_desk(fay)
        assert "Max → facilitators: I may need to leave early" in desk.plain


async def test_reply_from_the_desk_reaches_only_its_addressee(relay, room):
    """r on the desk's selected note replies privately to its writer."""
    name, key = room
    url = relay.url(name)
    async with joined(url, "Fay", key) as fay, joined(url, "Max") as max_:
        await _room_keys(max_)
        await max_.pilot.press("b")
        await max_.opened(TextDialog)
        await max_.pilot.press(*"is it okay to just listen?", "enter")
        await fay.wait(lambda: fay.shows("Max to the facilitators (private)"), "the note at Fay's")
        await open_desk(fay)
        await fay.pilot.press("ctrl+r", "r")
        await fay.opened(TextDialog)
        await fay.pilot.press(*"Of course, listening is welcome.", "enter")
        await max_.wait(lambda: says(max_, "Fay (private): Of course, listening is welcome."), "the reply")


async def test_resources_open_for_a_member_and_send_nothing(relay, room):
    """F12 (and y among the room keys) shows the resources; not one byte goes to the relay."""
    name, _ = room
    async with joined(relay.url(name), "Max") as max_:
        session = max_.meeting.session
        sent = session.bytes_sent
        await max_.pilot.press("f12")
        await max_.wait(lambda: isinstance(max_.app.screen, ResourcesScreen), "the resources")
        assert "988" in max_.app.screen.text and PRIVATE in max_.app.screen.text
        await max_.pilot.press("escape")
        await _room_keys(max_)
        await max_.pilot.press("y")
        await max_.wait(lambda: isinstance(max_.app.screen, ResourcesScreen), "the resources again")
        await max_.pilot.press("f12")
        await max_.wait(lambda: not isinstance(max_.app.screen, ResourcesScreen), "the resources closed")
        assert session.bytes_sent == sent


async def test_support_flag_reaches_the_desk(relay, room):
    """u raises "I need support": the facilitator is told and the desk lists the member."""
    name, key = room
    url = relay.url(name)
    async with joined(url, "Fay", key) as fay, joined(url, "Max") as max_:
        await _room_keys(max_)
        await max_.pilot.press("u")
        await fay.wait(lambda: fay.shows("Max asked for support"), "the support line at Fay's")
        await max_.wait(
            lambda: says(max_, "You asked for support; only the facilitators see it"), "Max's line"
        )
        desk = await open_desk(fay)
        assert "Support: Max" in desk.plain
        await _room_keys(max_)
        await max_.pilot.press("u")
        await fay.wait(lambda: "nobody has asked" in desk.plain, "the flag lowered on the desk")


async def test_pausing_a_member_tells_them_for_how_long(relay, room):
    """z on the selected member asks for minutes; the member reads that their messages are paused."""
    name, key = room
    url = relay.url(name)
    async with joined(url, "Fay", key) as fay, joined(url, "Max") as max_:
        await fay.wait(lambda: len(fay.people) == 2, "Max in Fay's list")
        await fay.select("Max")
        await fay.pilot.press("z")
        minutes = (await fay.opened(MinutesDialog)).query_one("#minutes")
        # One key at a time: a binding (backspace) and a typed character may swap places.
        await fay.pilot.press("backspace")
        await fay.wait(lambda: minutes.value == "", "the minutes field cleared")
        await fay.pilot.press("5")
        await fay.wait(lambda: minutes.value == "5", "5 in the minutes field")
        await fay.pilot.press("enter")
        await max_.wait(
            lambda: says(max_, "A facilitator paused your messages for 5 minutes"), "the pause at Max's"
        )
        await fay.wait(lambda: says(fay, "You paused Max's messages for 5 minutes"), "the pause at Fay's")


async def test_desk_switches_show_the_room_as_it_stands(relay, room):
    """Ctrl+R then l, t and k on the desk lock the room, turn the waiting room on and, once
    confirmed, lockdown on, and say so."""
    name, key = room
    async with joined(relay.url(name), "Fay", key) as fay:
        desk = await open_desk(fay)
        assert "lock: open" in desk.plain and "waiting room: off" in desk.plain
        await fay.pilot.press("ctrl+r", "l", "ctrl+r", "t", "ctrl+r", "k")
        await fay.wait(lambda: isinstance(fay.app.screen, ConfirmScreen), "the lockdown question")
        await fay.pilot.press("tab", "enter")
        await fay.wait(
            lambda: (
                "lock: locked" in desk.plain
                and "waiting room: on" in desk.plain
                and "lockdown: on" in desk.plain
            ),
            "the switches on the desk",
        )


async def test_ending_the_meeting_asks_first(relay, room):
    """Ctrl+R then e on the desk asks "End the meeting?"; yes clears everyone's messages."""
    name, key = room
    async with joined(relay.url(name), "Fay", key) as fay:
        await fay.type("something said before the end")
        await fay.wait(lambda: bool(fay.meeting.session.state.transcript), "the message recorded")
        await open_desk(fay)
        await fay.pilot.press("ctrl+r", "e")
        await fay.wait(lambda: isinstance(fay.app.screen, ConfirmScreen), "the question")
        await fay.pilot.press("tab", "enter")
        await fay.wait(lambda: fay.meeting.session.state.transcript == (), "the messages deleted")


async def test_members_cannot_open_the_desk(relay, room):
    """A member's F10 does nothing: the desk is not offered to them."""
    name, _ = room
    async with joined(relay.url(name), "Max") as max_:
        await max_.pilot.press("f10")
        await max_.pilot.pause()
        assert max_.app.screen is max_.meeting


async def test_desk_picks_whom_to_pause(relay, room):
    """s on the desk lists the members to pick from, then asks for the minutes."""
    name, key = room
    url = relay.url(name)
    async with joined(url, "Fay", key) as fay, joined(url, "Max") as max_:
        await fay.wait(lambda: len(fay.people) == 2, "Max in Fay's list")
        await open_desk(fay)
        await fay.pilot.press("ctrl+r", "s")
        await fay.wait(lambda: isinstance(fay.app.screen, PickPersonDialog), "the list of members")
        await fay.pilot.press("enter")
        await fay.wait(lambda: isinstance(fay.app.screen, MinutesDialog), "the minutes")
        await fay.pilot.press("enter")
        await max_.wait(lambda: says(max_, "A facilitator paused your messages for 5 minutes"), "the pause")


async def test_the_desk_listens_to_the_session_only_while_open(relay, room):
    """The desk subscribes to the session when it opens and unsubscribes when it closes."""
    name, key = room
    async with joined(relay.url(name), "Fay", key) as fay:
        session = fay.meeting.session
        before = len(session._listeners)
        await open_desk(fay)
        await fay.wait(lambda: len(session._listeners) == before + 1, "the desk listening")
        await fay.pilot.press("escape")
        await fay.wait(lambda: fay.app.screen is fay.meeting, "back at the meeting")
        await fay.wait(lambda: len(session._listeners) == before, "the desk no longer listening")


async def test_the_desk_closes_itself_when_its_reader_no_longer_facilitates(relay, room):
    """A co-facilitator made a member again sees their open desk close, back at the meeting."""
    name, key = room
    async with joined(relay.url(name), "Fay", key) as fay, joined(relay.url(name), "Max") as max_:
        await fay.wait(lambda: len(fay.people) == 2, "Max in Fay's list")
        await fay.select("Max")
        await fay.pilot.press("p")
        await max_.wait(lambda: max_.meeting.session.role is Role.COFACILITATOR, "Max promoted")
        await open_desk(max_)
        await fay.select("Max")
        await fay.pilot.press("p")
        await max_.wait(lambda: max_.meeting.session.role is Role.MEMBER, "Max a member again")
        await max_.wait(lambda: max_.app.screen is max_.meeting, "the desk closed")
        assert not any(isinstance(screen, DeskScreen) for screen in max_.app.screen_stack)
