"""The meeting flow against a real relay: segments, rounds, passing, reactions, reading aloud."""

from textual import events

from protocol import CommandKind, Mode
from tests.tui.helpers import Seat, joined
from tui.screens.formats import FormatScreen
from tui.screens.reading_picker import ReadingPickerScreen
from tui.widgets.agenda import AgendaPanel
from tui.widgets.floor import FloorPanel
from tui.widgets.readings import ReaderPrompt, ReadingPanel


def floor(seat: Seat) -> str:
    """The floor panel's text, as the participant sees it."""
    return seat.meeting.query_one(FloorPanel).plain


def agenda(seat: Seat) -> str:
    return seat.meeting.query_one(AgendaPanel).query_one("#agenda-items").render().plain


def told(seat: Seat, text: str) -> bool:
    """Whether the transcript on screen says ``text``, even where it wrapped over lines."""
    return text in " ".join(line.strip() for line in seat.transcript)


def reading(seat: Seat) -> ReadingPanel:
    return seat.meeting.query_one(ReadingPanel)


async def load_smart(fay: Seat, *others: Seat) -> None:
    """Load the SMART-style format and wait until everyone has its five segments."""
    fay.meeting.intents.send(CommandKind.LOAD_FORMAT, "smart")
    for seat in (fay, *others):
        await seat.wait(lambda seat=seat: len(seat.meeting.session.state.agenda) == 5, "the format's agenda")


async def room_keys(seat: Seat) -> None:
    """Leave the composer so that the letters act on the room."""
    await seat.room_keys()


async def test_f8_moves_to_the_next_segment_and_its_rules(relay, room):
    """F8 twice: the guidelines open for everyone, then the check-in round starts with its rules."""
    name, key = room
    url = relay.url(name)
    async with joined(url, "Fay", key) as fay, joined(url, "Ann") as ann:
        await load_smart(fay, ann)
        await fay.pilot.press("f8", "f8")
        await ann.wait(lambda: reading(ann).is_open and "stays here" in reading(ann).text, "the guidelines")
        await fay.pilot.press("f8", "f8")
        await ann.wait(lambda: "> Fay sharing" in floor(ann), "Fay's turn in the round")
        assert "Next: you" in floor(ann) and "0 of 2 done" in ann.meeting.query_one(FloorPanel).border_title
        assert "round, 2 min shares" in agenda(ann)
        assert told(ann, "Now: Check-in round (15 min) — round, no crosstalk, 2 min shares")
        assert ann.shows("Round: Fay, Ann")
        assert not reading(ann).is_open, "a new segment without a reading closes the panel"
        assert ann.meeting.session.state.mode is Mode.ROUND


async def test_pass_moves_the_round_on(relay, room):
    """In a round, F4 from the person whose turn it is gives the floor to the next one."""
    name, key = room
    url = relay.url(name)
    async with joined(url, "Fay", key) as fay, joined(url, "Ann") as ann, joined(url, "Ben") as ben:
        await load_smart(fay, ann, ben)
        fay.meeting.intents.send(CommandKind.AGENDA_SET_CURRENT, fay.meeting.session.state.agenda[1].item_id)
        await ann.wait(lambda: "> Fay sharing" in floor(ann), "Fay's turn")
        await fay.pilot.press("f4")
        await ann.wait(lambda: "You are sharing" in floor(ann), "Ann's turn")
        assert ann.meeting.query_one(FloorPanel).clock_shown.endswith(" left"), "the sharer's countdown"
        await ann.pilot.press("f4")
        await ben.wait(lambda: "You are sharing" in floor(ben), "Ben's turn")
        assert ben.shows("Ann passed") and "2 of 3 done" in ben.meeting.query_one(FloorPanel).border_title
        assert "Last turn of the round" in floor(ben)


async def test_reactions_are_counted_on_the_sharers_screen(relay, room):
    """With crosstalk off, keys 1 and 3 from a listener add to the counts the sharer sees."""
    name, key = room
    url = relay.url(name)
    async with joined(url, "Fay", key) as fay, joined(url, "Ann") as ann:
        await load_smart(fay, ann)
        fay.meeting.intents.send(CommandKind.AGENDA_SET_CURRENT, fay.meeting.session.state.agenda[1].item_id)
        await ann.wait(lambda: "No crosstalk: react 1/2/3" in floor(ann), "the crosstalk rule")
        for reaction in ("1", "3", "3"):  # the second thanks to the same share is not counted
            await room_keys(ann)
            await ann.pilot.press(reaction)
            await ann.wait(lambda: not ann.meeting.armed, "the reaction to be sent")
        await fay.wait(lambda: "<3 1  me too 0  thanks 1" in floor(fay), "the counts at Fay's")
        assert not any("thanks" in line for line in fay.transcript), "reactions are never messages"


async def test_reader_posts_paragraphs_with_the_full_stop(relay, room):
    """Asked to read through the readings dialog, the reader's "." posts the next paragraph."""
    name, key = room
    url = relay.url(name)
    async with joined(url, "Fay", key) as fay, joined(url, "Ann") as ann:
        await load_smart(fay, ann)
        await fay.select("Ann")
        await fay.pilot.press("comma")
        await fay.opened(ReadingPickerScreen)
        await fay.pilot.press("f2")
        prompt = ann.meeting.query_one(ReaderPrompt)
        await ann.wait(lambda: "press . for the next paragraph (1 of 8)" in prompt.plain, "the prompt")
        assert reading(ann).is_open and "You are reading Guidelines" in prompt.plain
        await room_keys(ann)
        await ann.pilot.press("full_stop")
        await fay.wait(lambda: told(fay, "Ann: Welcome. This is a place"), "the first paragraph at Fay's")
        await ann.wait(lambda: "(2 of 8)" in prompt.plain, "the prompt to move on")
        ann.meeting.intents.accept_guidelines()  # the composer shows once the guidelines are accepted
        await ann.wait(lambda: ann.meeting.query_one("#composer").display, "the composer shown")
        await ann.composer()
        await ann.pilot.press("full_stop")
        await fay.wait(
            lambda: told(fay, "Ann: What is said here stays here."), "a paragraph from the composer"
        )
        assert ann.meeting.query_one("#composer").value == ""


async def test_format_picker_loads_a_format_from_the_relays_list(relay, room):
    """f lists the relay's formats; choosing one loads its agenda for everyone."""
    name, key = room
    url = relay.url(name)
    async with joined(url, "Fay", key) as fay, joined(url, "Ann") as ann:
        await room_keys(fay)
        await fay.pilot.press("f")
        picker = await fay.opened(FormatScreen)
        await fay.wait(lambda: any(f.name == "smart" for f in picker.formats), "the list of formats")
        formats = picker.query_one("#formats")
        for _ in range(len(picker.formats)):
            highlighted = formats.highlighted
            if formats.highlighted_option.id == "smart":
                break
            await fay.pilot.press("down")
            await fay.wait(lambda h=highlighted: formats.highlighted != h, "the next format")
        await fay.pilot.press("enter")
        await ann.wait(lambda: len(ann.meeting.session.state.agenda) == 5, "the agenda at Ann's")
        assert "Check-in round" in agenda(ann) or "Welcome and guide" in agenda(ann)


async def test_round_and_crosstalk_keys(relay, room):
    """o (pressed twice) starts a round and ends it; c turns crosstalk off for everyone."""
    name, key = room
    url = relay.url(name)
    async with joined(url, "Fay", key) as fay, joined(url, "Ann") as ann:
        await room_keys(fay)
        await fay.pilot.press("o", "o")
        await ann.wait(lambda: "> Fay sharing" in floor(ann) and "Next: you" in floor(ann), "the round")
        await room_keys(fay)
        await fay.pilot.press("c")
        await ann.wait(lambda: told(ann, "No crosstalk: let each person finish"), "crosstalk off")
        await room_keys(fay)
        await fay.pilot.press("o", "o")
        await ann.wait(lambda: ann.shows("The round is over"), "the round's end")
        assert "Next:" not in floor(ann)


async def test_late_arrival_finds_the_guidelines_open(relay, room):
    """Someone joining during the round finds the guidelines that were read before they came."""
    name, key = room
    url = relay.url(name)
    async with joined(url, "Fay", key) as fay:
        await load_smart(fay)
        await fay.pilot.press("f8", "f8")
        await fay.wait(lambda: fay.meeting.session.state.shown_reading is not None, "the guidelines shown")
        await fay.pilot.press("f8", "f8")
        await fay.wait(lambda: fay.meeting.session.state.round is not None, "the round")
        async with joined(url, "Cal") as cal:
            await cal.wait(lambda: reading(cal).is_open, "the guidelines at Cal's")
            assert "What is said here stays here." in reading(cal).text
            await room_keys(cal)
            await cal.pilot.press("v")
            await cal.wait(lambda: not reading(cal).is_open, "v to close them")


async def test_facilitator_reorders_the_round_with_brackets(relay, room):
    """During a round, ] on the selected person moves them later in the round's order."""
    name, key = room
    url = relay.url(name)
    async with joined(url, "Fay", key) as fay, joined(url, "Ann") as ann, joined(url, "Ben") as ben:
        fay.meeting.intents.send(CommandKind.ROUND_START)
        await ben.wait(lambda: ben.meeting.session.state.round is not None, "the round")
        await room_keys(fay)
        fay.meeting.query_one("#people").select_pid(ann.meeting.session.pid)
        await fay.pilot.press("right_square_bracket")
        order = (fay.meeting.session.pid, ben.meeting.session.pid, ann.meeting.session.pid)
        await ann.wait(lambda: ann.meeting.session.state.round.order == order, "Ann moved after Ben")


async def test_share_typed_then_done_at_once_arrives_before_the_turn_ends(relay, room):
    """Enter then F3 pressed together: the share is posted before the floor moves on."""
    name, key = room
    url = relay.url(name)
    async with joined(url, "Fay", key) as fay, joined(url, "Ann") as ann:
        fay.meeting.intents.send(CommandKind.SET_CROSSTALK, False)
        fay.meeting.intents.send(CommandKind.ROUND_START)
        fay_pid = fay.meeting.session.pid
        await fay.wait(lambda: fay.meeting.session.state.floor_holder == fay_pid, "Fay's turn")
        fay.meeting.intents.send(CommandKind.DONE)
        await ann.wait(lambda: "You are sharing" in floor(ann), "Ann's turn")
        await ann.pilot.press(*"my share")
        # A terminal delivers Enter and F3 together: queue both before either is handled.
        for key in ("enter", "f3"):
            ann.pilot.app.post_message(events.Key(key, None))
        await fay.wait(lambda: told(fay, "my share"), "Ann's share")
        assert not told(ann, "not sent")
