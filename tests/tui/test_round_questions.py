"""In a round, a key that makes someone far behind the next to share, or hands them the floor, asks first."""

from textual.widgets import Label

from protocol import CommandKind
from tests.tui.helpers import Seat, joined
from tui.screens.dialogs import ConfirmScreen


def row_of(seat: Seat, name: str) -> str:
    return next(row for row in seat.people if name in row)


async def fall_behind(relay, name: str, fay: Seat, member: Seat, who: str) -> None:
    """``member`` reports a screen 25 s behind the room; Fay's People list marks it."""
    shown = member.meeting.session.state.seq
    await fay.type(f"hello {who}")
    await member.wait(lambda: member.shows(f"hello {who}"), "the message")
    live = relay.room(name)
    now = live.clock()
    live.clock = lambda: now + 25
    member.meeting.session.send(CommandKind.LINK_REPORT, 80, shown)
    await fay.wait(lambda: "s behind)" in row_of(fay, who), "the behind marker")


def order(seat: Seat) -> tuple[int, ...]:
    state = seat.meeting.session.state
    return state.round.order if state.round is not None else ()


async def test_moving_someone_far_behind_up_to_next_asks_first(relay, room):
    """[ on Ann (25 s behind) would make her share next: the dialog asks; Esc keeps the order,
    confirming moves her."""
    name, key = room
    url = relay.url(name)
    async with joined(url, "Fay", key) as fay, joined(url, "Max") as max_, joined(url, "Ann") as ann:
        fay.meeting.intents.send(CommandKind.ROUND_START)
        await fay.wait(lambda: len(order(fay)) == 3, "the round")
        await fall_behind(relay, name, fay, ann, "Ann")
        before = order(fay)
        await fay.select("Ann")
        await fay.pilot.press("left_square_bracket")
        dialog = await fay.opened(ConfirmScreen)
        question = str(dialog.query(Label).first().render())
        assert "s behind and may not see their turn. Make them next anyway?" in question
        await fay.pilot.press("escape")
        await fay.wait(lambda: not isinstance(fay.app.screen, ConfirmScreen), "the dialog to close")
        assert order(fay) == before
        await fay.select("Ann")
        await fay.pilot.press("left_square_bracket")
        await fay.opened(ConfirmScreen)
        await fay.pilot.press("tab", "enter")
        ann_pid = ann.meeting.my_pid
        await fay.wait(lambda: order(fay)[1] == ann_pid, "Ann moved up")
        assert max_.meeting.session.state is not None


async def test_skipping_the_turn_now_asks_before_the_floor_goes_to_someone_far_behind(relay, room):
    """k on Fay (sharing) hands the floor to Max, 25 s behind: asked like the floor."""
    name, key = room
    url = relay.url(name)
    async with joined(url, "Fay", key) as fay, joined(url, "Max") as max_:
        fay.meeting.intents.send(CommandKind.ROUND_START)
        await fay.wait(lambda: len(order(fay)) == 2, "the round")
        await fall_behind(relay, name, fay, max_, "Max")
        await fay.select("Fay")
        await fay.pilot.press("k")
        dialog = await fay.opened(ConfirmScreen)
        question = str(dialog.query(Label).first().render())
        assert "may not see the floor yet. Give them the floor anyway?" in question
        await fay.pilot.press("tab", "enter")
        max_pid = max_.meeting.my_pid
        await fay.wait(lambda: fay.meeting.session.state.floor_holder == max_pid, "the floor")


async def test_starting_a_round_whose_first_turn_is_far_behind_asks_after_the_second_press(relay, room):
    """o twice starts a round; with Fay stepped out its first turn is Max's, 25 s behind: asked first."""
    name, key = room
    url = relay.url(name)
    async with joined(url, "Fay", key) as fay, joined(url, "Max") as max_:
        await fall_behind(relay, name, fay, max_, "Max")
        fay.meeting.intents.send(CommandKind.STEP_OUT, True)
        await fay.wait(lambda: fay.meeting.my_pid in fay.meeting.session.state.stepped_out, "Fay out")
        await fay.room_keys()
        await fay.pilot.press("o", "o")
        dialog = await fay.opened(ConfirmScreen)
        assert "Max is 2" in str(dialog.query(Label).first().render())
        await fay.pilot.press("escape")
        await fay.wait(lambda: not isinstance(fay.app.screen, ConfirmScreen), "the dialog to close")
        assert fay.meeting.session.state.round is None
