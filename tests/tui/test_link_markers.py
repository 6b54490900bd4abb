"""Facilitators see how each member's link looks; the floor for someone who may not see it asks first."""

from textual.widgets import Label

from protocol import CommandKind
from tests.tui.helpers import joined
from tui.core.link_words import STEPPED_OUT_STATUS
from tui.screens.dialogs import ConfirmScreen
from tui.widgets.status import StatusLine

SLOW = 2400
UP_TO_DATE = 2**53


def row_of(seat, name: str) -> str:
    return next(row for row in seat.people if name in row)


async def test_facilitator_sees_a_slow_member_marked(relay, room):
    """A member reporting a slow round trip reads "(slow)" in the facilitator's People list."""
    name, key = room
    url = relay.url(name)
    async with joined(url, "Fay", key) as fay, joined(url, "Max") as max_:
        max_.meeting.session.send(CommandKind.LINK_REPORT, SLOW, UP_TO_DATE)
        await fay.wait(lambda: "Max (slow)" in row_of(fay, "Max"), "the slow marker")


async def test_facilitator_sees_how_far_behind_a_member_is(relay, room):
    """A member whose screen lags the room by 25 s reads "(25 s behind)" for the facilitator."""
    name, key = room
    url = relay.url(name)
    async with joined(url, "Fay", key) as fay, joined(url, "Max") as max_:
        shown = max_.meeting.session.state.seq
        await fay.type("welcome, everyone")
        await max_.wait(lambda: max_.shows("welcome, everyone"), "the message")
        live = relay.room(name)
        now = live.clock()
        live.clock = lambda: now + 25
        max_.meeting.session.send(CommandKind.LINK_REPORT, 80, shown)
        await fay.wait(lambda: "s behind)" in row_of(fay, "Max"), "the behind marker")
        assert any(f"Max ({seconds} s behind)" in row_of(fay, "Max") for seconds in (24, 25, 26))


async def test_members_never_see_each_others_links(relay, room):
    """Another member's People list shows no marker for a slow member."""
    name, key = room
    url = relay.url(name)
    async with joined(url, "Fay", key) as fay, joined(url, "Max") as max_, joined(url, "Ann") as ann:
        max_.meeting.session.send(CommandKind.LINK_REPORT, SLOW, UP_TO_DATE)
        await fay.wait(lambda: "Max (slow)" in row_of(fay, "Max"), "the slow marker")
        await fay.type("fence")
        await ann.wait(lambda: ann.shows("fence"), "the fence message")
        assert "(slow)" not in row_of(ann, "Max") and "(slow)" not in row_of(max_, "Max")


async def test_member_steps_out_with_shift_o(relay, room):
    """Shift+O after the room key marks the member stepped out for the facilitator and tells them so."""
    name, key = room
    url = relay.url(name)
    async with joined(url, "Fay", key) as fay, joined(url, "Max") as max_:
        await max_.room_keys()
        await max_.pilot.press("O")
        await fay.wait(lambda: "Max (stepped out)" in row_of(fay, "Max"), "the stepped-out marker")
        status = max_.meeting.query_one(StatusLine)
        await max_.wait(lambda: STEPPED_OUT_STATUS in status.plain, "the status line")
        assert max_.shows("You stepped out."), max_.transcript
        await max_.room_keys()
        await max_.pilot.press("O")
        await fay.wait(lambda: "stepped out" not in row_of(fay, "Max"), "Max back")


async def test_granting_the_floor_to_someone_stepped_out_asks_first(relay, room):
    """Giving the floor to someone stepped out asks first; confirming gives it."""
    name, key = room
    url = relay.url(name)
    async with joined(url, "Fay", key) as fay, joined(url, "Max") as max_:
        max_.meeting.session.send(CommandKind.STEP_OUT, True)
        await fay.wait(lambda: "Max (stepped out)" in row_of(fay, "Max"), "the stepped-out marker")
        await fay.select("Max")
        await fay.pilot.press("g")
        dialog = await fay.opened(ConfirmScreen)
        question = str(dialog.query(Label).first().render())
        assert "Max has stepped out for a moment and may not see the floor." in question
        await fay.pilot.press("tab", "enter")
        max_pid = max_.meeting.session.pid
        await fay.wait(lambda: fay.meeting.session.state.floor_holder == max_pid, "the floor")


async def test_typed_grant_to_someone_far_behind_asks_first(relay, room):
    """/grant NAME for someone 25 s behind asks first; answering no gives nothing."""
    name, key = room
    url = relay.url(name)
    async with joined(url, "Fay", key) as fay, joined(url, "Max") as max_:
        shown = max_.meeting.session.state.seq
        await fay.type("welcome")
        await max_.wait(lambda: max_.shows("welcome"), "the message")
        live = relay.room(name)
        now = live.clock()
        live.clock = lambda: now + 25
        max_.meeting.session.send(CommandKind.LINK_REPORT, 80, shown)
        await fay.wait(lambda: "s behind)" in row_of(fay, "Max"), "the behind marker")
        await fay.type("/grant Max")
        dialog = await fay.opened(ConfirmScreen)
        question = str(dialog.query(Label).first().render())
        assert "s behind and may not see the floor yet. Give them the floor anyway?" in question
        await fay.pilot.press("escape")
        await fay.wait(lambda: not isinstance(fay.app.screen, ConfirmScreen), "the dialog to close")
        assert fay.meeting.session.state.floor_holder is None


async def test_next_to_a_hand_far_behind_asks_first(relay, room):
    """F5 (next hand) asks first when the hand it would call on is 25 s behind."""
    name, key = room
    url = relay.url(name)
    async with joined(url, "Fay", key) as fay, joined(url, "Max") as max_:
        max_.meeting.session.send(CommandKind.RAISE)
        await fay.wait(lambda: bool(fay.meeting.session.state.hand_queue), "Max's hand")
        shown = max_.meeting.session.state.seq
        await fay.type("welcome")
        await max_.wait(lambda: max_.shows("welcome"), "the message")
        live = relay.room(name)
        now = live.clock()
        live.clock = lambda: now + 25
        max_.meeting.session.send(CommandKind.LINK_REPORT, 80, shown)
        await fay.wait(lambda: "s behind)" in row_of(fay, "Max"), "the behind marker")
        await fay.pilot.press("f5")
        dialog = await fay.opened(ConfirmScreen)
        assert "Max is 2" in str(dialog.query(Label).first().render())
        await fay.pilot.press("tab", "enter")
        max_pid = max_.meeting.session.pid
        await fay.wait(lambda: fay.meeting.session.state.floor_holder == max_pid, "the floor")
