"""The waiting room in the client, against a real relay: arriving, being let in or declined."""

from textual.widgets import Checkbox, Input

from tests.tui.helpers import joined
from tests.tui.waiting_helpers import arriving, in_waiting_room, open_desk, open_waiting_room, waiting_room
from tui.screens.notes import TextDialog
from tui.screens.waiting import SOON, ClosedScreen


async def test_arrival_waits_then_the_facilitator_admits_them(relay, room):
    """A newcomer sees the guidelines and nothing of the meeting until F10, a on the desk lets them in
    (and then no message shared before they came)."""
    name, key = room
    async with joined(relay.url(name), "Fay", key) as fay:
        await open_waiting_room(fay)
        await fay.type("words for the admitted only")
        async with arriving(relay.url(name), "Neo") as neo:
            shown = await in_waiting_room(neo)
            assert SOON in shown.plain
            state = neo.meeting.session.state
            assert state.participants == {} and state.transcript == ()
            assert not neo.shows("words for the admitted only")
            desk = await open_desk(fay)
            await fay.wait(lambda: "Neo" in desk.plain, "Neo on the desk")
            await fay.pilot.press("ctrl+r", "a")
            await neo.wait(lambda: waiting_room(neo) is None, "the waiting room to close")
            await neo.wait(lambda: any("Neo (you)" in row for row in neo.people), "Neo in the meeting")
            assert not neo.shows("words for the admitted only")  # shared before they came in


async def test_declined_arrival_reads_the_facilitators_message(relay, room):
    """d on the desk with a message closes the waiting room and shows that message kindly."""
    name, key = room
    async with joined(relay.url(name), "Fay", key) as fay:
        await open_waiting_room(fay)
        async with arriving(relay.url(name), "Neo") as neo:
            await in_waiting_room(neo)
            desk = await open_desk(fay)
            await fay.wait(lambda: "Neo" in desk.plain, "Neo on the desk")
            await fay.pilot.press("ctrl+r", "d")
            await fay.opened(TextDialog)
            await fay.pilot.press(*"Please come on Tuesday.", "enter")
            await neo.wait(lambda: isinstance(neo.app.screen, ClosedScreen), "the closed notice")
            notice = neo.app.screen
            assert "Please come on Tuesday." in notice.text
            assert "not able to let you in" in notice.text
            await fay.wait(lambda: "Neo" not in desk.plain, "Neo gone from the desk")


async def test_checkboxes_reach_the_desk(relay, room):
    """Ticking "accept the guidelines" and "new here" shows both marks on the facilitators' desk."""
    name, key = room
    async with joined(relay.url(name), "Fay", key) as fay:
        await open_waiting_room(fay)
        async with arriving(relay.url(name), "Neo") as neo:
            shown = await in_waiting_room(neo)
            shown.query_one("#waiting-accepted", Checkbox).focus()
            await neo.pilot.press("space", "tab", "space")
            desk = await open_desk(fay)
            await fay.wait(
                lambda: "Neo  new  accepted guidelines" in desk.plain, "Neo marked new and accepting"
            )


async def test_note_from_the_waiting_room_reaches_the_desk(relay, room):
    """A note typed in the waiting room shows in the desk's Notes."""
    name, key = room
    async with joined(relay.url(name), "Fay", key) as fay:
        await open_waiting_room(fay)
        async with arriving(relay.url(name), "Neo") as neo:
            shown = await in_waiting_room(neo)
            shown.query_one("#waiting-note", Input).focus()
            await neo.pilot.press(*"first time, a bit nervous", "enter")
            desk = await open_desk(fay)
            await fay.wait(lambda: "Neo → facilitators: first time, a bit nervous" in desk.plain, "the note")
            await neo.wait(
                lambda: "You to the facilitators (private): first time" in shown.notes_plain,
                "the note in the waiting room",
            )


async def test_resources_open_in_the_waiting_room(relay, room):
    """F12 shows the resources over the waiting room."""
    name, key = room
    async with joined(relay.url(name), "Fay", key) as fay:
        await open_waiting_room(fay)
        async with arriving(relay.url(name), "Neo") as neo:
            await in_waiting_room(neo)
            await neo.pilot.press("f12")
            await neo.wait(lambda: "988" in getattr(neo.app.screen, "text", ""), "the resources")


async def test_admit_all_lets_everyone_waiting_in(relay, room):
    """A (shift+a) on the desk admits everyone in the waiting room at once."""
    name, key = room
    async with joined(relay.url(name), "Fay", key) as fay:
        await open_waiting_room(fay)
        async with arriving(relay.url(name), "Neo") as neo, arriving(relay.url(name), "Ivy") as ivy:
            await in_waiting_room(neo)
            await in_waiting_room(ivy)
            desk = await open_desk(fay)
            await fay.wait(lambda: "Waiting (2)" in desk.plain, "both on the desk")
            await fay.pilot.press("ctrl+r", "A")
            for seat in (neo, ivy):
                await seat.wait(lambda seat=seat: waiting_room(seat) is None, "the waiting room to close")
            await fay.wait(lambda: "Waiting (0)" in desk.plain, "nobody left waiting")


async def test_reply_reaches_someone_waiting(relay, room):
    """r on the desk answers a waiting person's note; the waiting room shows the reply."""
    name, key = room
    async with joined(relay.url(name), "Fay", key) as fay:
        await open_waiting_room(fay)
        async with arriving(relay.url(name), "Neo") as neo:
            shown = await in_waiting_room(neo)
            shown.query_one("#waiting-note", Input).focus()
            await neo.pilot.press(*"is it okay to only listen?", "enter")
            desk = await open_desk(fay)
            await fay.wait(lambda: "only listen" in desk.plain, "the note on the desk")
            await fay.pilot.press("ctrl+r", "r")
            await fay.opened(TextDialog)
            await fay.pilot.press(*"Yes, of course.", "enter")
            await neo.wait(
                lambda: "A facilitator (private): Yes, of course." in shown.notes_plain, "the reply"
            )


async def test_decline_all_turns_everyone_waiting_away(relay, room):
    """Ctrl+R, D (shift+d) on the desk declines everyone in the waiting room at once."""
    name, key = room
    async with joined(relay.url(name), "Fay", key) as fay:
        await open_waiting_room(fay)
        async with arriving(relay.url(name), "Neo") as neo, arriving(relay.url(name), "Ivy") as ivy:
            await in_waiting_room(neo)
            await in_waiting_room(ivy)
            desk = await open_desk(fay)
            await fay.wait(lambda: "Waiting (2)" in desk.plain, "both on the desk")
            await fay.pilot.press("ctrl+r", "D")
            for seat in (neo, ivy):
                closed = lambda seat=seat: isinstance(seat.app.screen, ClosedScreen)  # noqa: E731
                await seat.wait(closed, "the closed screen")
            await fay.wait(lambda: "Waiting (0)" in desk.plain, "nobody left waiting")
