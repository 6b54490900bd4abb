"""Catching up against a real relay: the prepared introduction, and what one missed while away."""

import contextlib
import stat
from collections.abc import AsyncIterator

from protocol import CommandKind
from tests.tui.helpers import SIZE, Seat, joined
from tui.app import TalkingStickApp
from tui.core.introduction import introductions_folder
from tui.core.session import Session
from tui.core.updates import ConnectionStatus
from tui.screens.introduction import IntroductionDialog
from tui.widgets.catchup import CatchupLine
from tui.widgets.tickbox import TickBox
from tui.widgets.transcript import Transcript


def catchup(seat: Seat) -> str:
    """The catch-up line above the composer, as plain text ("" while hidden)."""
    line = seat.meeting.query_one(CatchupLine)
    return line.plain if line.display else ""


def told(seat: Seat, text: str) -> bool:
    """Whether the transcript on screen says ``text``, even where it wrapped over lines."""
    return text in " ".join(line.strip() for line in seat.transcript)


def said_in_room(relay) -> list[str]:
    return [message.text for message in relay.room("demo").state.transcript]


@contextlib.asynccontextmanager
async def joined_slowly(url: str, name: str) -> AsyncIterator[Seat]:
    """Like ``joined``, but a dropped link waits two seconds before it comes back, so that
    the room can move on meanwhile."""
    session = Session(url, name, min_backoff=2.0, max_backoff=2.0)
    app = TalkingStickApp(session=session, keymap={})
    async with app.run_test(size=SIZE) as pilot:
        seat = Seat(app, pilot)
        await seat.wait(lambda: session.status is ConnectionStatus.CONNECTED, f"{name} to join")
        await seat.wait(lambda: any("(you)" in row for row in seat.people), f"{name} to see the room")
        yield seat


async def write_introduction(seat: Seat, text: str) -> None:
    """Open the introduction dialog (Ctrl+R, i), type ``text`` and keep it with F2."""
    await seat.room_keys()
    await seat.pilot.press("i")
    await seat.opened(IntroductionDialog)
    await seat.pilot.press(*text)
    await seat.pilot.press("f2")
    await seat.wait(lambda: seat.app.screen is seat.meeting, "the dialog to close")


async def ann_s_turn(fay: Seat, ann: Seat) -> None:
    """Fay starts a round and finishes her own turn: the floor goes to Ann."""
    fay.meeting.intents.send(CommandKind.ROUND_START)
    await fay.wait(lambda: fay.meeting.session.state.floor_holder == fay.meeting.my_pid, "Fay's turn")
    fay.meeting.intents.send(CommandKind.DONE)
    await ann.wait(lambda: ann.meeting.session.state.floor_holder == ann.meeting.my_pid, "Ann's turn")


async def test_the_introduction_is_offered_on_my_round_turn_and_never_sent_by_itself(relay, room):
    """A draft written with i is offered when the round reaches me; nothing goes out meanwhile."""
    url = relay.url(room[0])
    async with joined(url, "Fay", room[1]) as fay, joined(url, "Ann") as ann:
        await write_introduction(ann, "Hi, I am Ann")
        assert ann.meeting._catching_up.introduction.text == "Hi, I am Ann" and catchup(ann) == ""
        await ann_s_turn(fay, ann)
        await ann.wait(lambda: "sends your introduction" in catchup(ann), "the offer")
        assert "Ctrl+R then Shift+I" in catchup(ann)
        assert "Hi, I am Ann" not in said_in_room(relay)


async def test_shift_i_sends_the_offered_introduction(relay, room):
    """On my turn, Ctrl+R then Shift+I sends the draft as my message and the offer goes."""
    url = relay.url(room[0])
    async with joined(url, "Fay", room[1]) as fay, joined(url, "Ann") as ann:
        await write_introduction(ann, "Hi, I am Ann")
        await ann_s_turn(fay, ann)
        await ann.wait(lambda: "sends your introduction" in catchup(ann), "the offer")
        await ann.room_keys()
        await ann.pilot.press("I")
        await fay.wait(lambda: fay.shows("Ann: Hi, I am Ann"), "the introduction at Fay's")
        await ann.wait(lambda: catchup(ann) == "", "the offer to go")
        assert said_in_room(relay) == ["Hi, I am Ann"]


async def test_shift_i_before_my_turn_sends_nothing(relay, room):
    """Before my turn Shift+I says when the introduction is offered and sends nothing."""
    url = relay.url(room[0])
    async with joined(url, "Ann") as ann:
        await write_introduction(ann, "Hi, I am Ann")
        await ann.room_keys()
        await ann.pilot.press("I")
        await ann.wait(lambda: told(ann, "offered when your turn comes"), "the refusal")
        assert said_in_room(relay) == []


async def test_a_resume_after_a_drop_shows_what_was_missed(relay, room):
    """Back after a dropped link, one line says the meeting moved on and how many lines came."""
    url = relay.url(room[0])
    async with joined(url, "Fay", room[1]) as fay, joined_slowly(url, "Ann") as ann:
        fay.meeting.intents.send(CommandKind.AGENDA_ADD, "Sharing", 30)
        await ann.wait(lambda: len(ann.meeting.session.state.agenda) == 1, "the agenda")
        ann_pid = ann.meeting.my_pid
        relay.room("demo").connections[ann_pid].transport.abort()
        await fay.wait(lambda: not fay.meeting.session.state.participant(ann_pid).connected, "Ann's drop")
        fay.meeting.intents.send(CommandKind.AGENDA_NEXT)
        fay.meeting.intents.send(CommandKind.SAY, "while Ann was away")
        await fay.wait(lambda: fay.shows("Fay (facilitator): while Ann was away"), "Fay's message")
        await ann.wait(lambda: ann.shows("while Ann was away"), "the replay")
        await ann.wait(lambda: catchup(ann).startswith("While you were offline"), "the digest")
        assert "the meeting moved to Sharing" in catchup(ann) and "new line" in catchup(ann)


async def test_a_resume_by_snapshot_names_who_has_the_floor_and_who_wrote(relay, room):
    """Back through a fresh snapshot (too far behind for a replay), the line names the segment,
    who has the floor now and who wrote, rather than calling the sharer one who shared."""
    url = relay.url(room[0])
    async with joined(url, "Fay", room[1]) as fay, joined_slowly(url, "Ann") as ann:
        fay.meeting.intents.send(CommandKind.AGENDA_ADD, "Sharing", 30)
        await ann.wait(lambda: len(ann.meeting.session.state.agenda) == 1, "the agenda")
        live = relay.room("demo")
        live.replay_limit = 0  # any resume comes back as a snapshot
        ann_pid = ann.meeting.my_pid
        live.connections[ann_pid].transport.abort()
        await fay.wait(lambda: not fay.meeting.session.state.participant(ann_pid).connected, "Ann's drop")
        fay.meeting.intents.send(CommandKind.AGENDA_NEXT)
        fay.meeting.intents.send(CommandKind.SAY, "while Ann was away")
        fay.meeting.intents.send(CommandKind.GRANT, fay.meeting.my_pid)
        await fay.wait(lambda: fay.meeting.session.state.floor_holder == fay.meeting.my_pid, "Fay's floor")
        await ann.wait(lambda: catchup(ann).startswith("While you were offline"), "the digest")
        assert catchup(ann) == (
            "While you were offline: the meeting moved to Sharing; Fay has the floor; "
            "1 new message, from Fay."
        )
        assert ann.shows("while Ann was away")


async def test_reading_back_while_lines_arrive_shows_the_digest_and_jumps_to_the_first_unread(relay, room):
    """Paged back, new lines wait below; the line counts them and Ctrl+R Shift+J opens the first."""
    url = relay.url(room[0])
    async with joined(url, "Fay", room[1]) as fay, joined(url, "Ann") as ann:
        for number in range(20):
            fay.meeting.intents.send(CommandKind.SAY, f"earlier {number}")
        await ann.wait(lambda: ann.shows("earlier 19"), "the earlier lines")
        await ann.pilot.press("pageup")
        transcript = ann.meeting.query_one(Transcript)
        await ann.wait(lambda: not transcript.is_live, "the page back")
        page = ann.transcript
        for number in range(20):
            fay.meeting.intents.send(CommandKind.SAY, f"unread {number}")
        await ann.wait(lambda: catchup(ann) == "While you read back: 20 new lines.", "the digest")
        assert ann.transcript[0] == page[0], "the page read back stays in place"
        await ann.room_keys()
        await ann.pilot.press("J")
        await ann.wait(lambda: "unread 0" in ann.transcript[0], "the first unread line at the top")
        assert not any("unread 19" in line for line in ann.transcript)


async def test_writing_while_reading_back_brings_the_newest_lines_back(relay, room):
    """Sending a message while reading back shows the newest page and the catch-up line goes."""
    url = relay.url(room[0])
    async with joined(url, "Fay", room[1]) as fay, joined(url, "Ann") as ann:
        for number in range(20):
            fay.meeting.intents.send(CommandKind.SAY, f"earlier {number}")
        await ann.wait(lambda: ann.shows("earlier 19"), "the earlier lines")
        await ann.pilot.press("pageup")
        transcript = ann.meeting.query_one(Transcript)
        await ann.wait(lambda: not transcript.is_live, "the page back")
        fay.meeting.intents.send(CommandKind.SAY, "unread 0")
        await ann.wait(lambda: catchup(ann) == "While you read back: 1 new line.", "the digest")
        await ann.type("hello")
        await ann.wait(lambda: transcript.is_live and catchup(ann) == "", "the newest page")
        await ann.wait(lambda: ann.shows("Ann: hello"), "Ann's message")


async def test_ticking_keep_saves_the_introduction_on_this_computer(relay, room):
    """Ticking "keep it on this computer" and F2 leave one private file in the data folder."""
    async with joined(relay.url(room[0]), "Ann") as ann:
        await ann.room_keys()
        await ann.pilot.press("i")
        dialog = await ann.opened(IntroductionDialog)
        await ann.pilot.press(*"Hi, I am Ann")
        await ann.pilot.press("tab")
        keep = dialog.query_one(TickBox)
        await ann.wait(lambda: keep.has_focus, "the tick box")
        await ann.pilot.press("space")
        await ann.wait(lambda: keep.value, "the tick")
        await ann.pilot.press("f2")
        await ann.wait(lambda: ann.app.screen is ann.meeting, "the dialog to close")
        (kept,) = introductions_folder().iterdir()
        assert kept.read_text() == "Hi, I am Ann\n" and stat.S_IMODE(kept.stat().st_mode) == 0o600
