"""Line mode catching up against a real relay: /intro on one's turn, and /missed and /unread after a drop."""

import asyncio

import pytest

from protocol import CommandKind
from tests.line.helpers import LineClient
from tests.wire_client import TIMEOUT
from tui.core.session import Session
from tui.line.app import LineMode
from tui.line.catching_up import NOTHING_MISSED, OFFER


@pytest.fixture(autouse=True)
def private_data_folder(tmp_path, monkeypatch):
    """A kept introduction goes to a folder of the test's own, not the user's."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))


class SlowClient(LineClient):
    """A line client whose dropped link waits two seconds before coming back, so that
    the room can move on meanwhile."""

    def __init__(self, url: str, name: str) -> None:
        self.out = []
        self.session = Session(url, name, min_backoff=2.0, max_backoff=2.0)
        self.mode = LineMode(self.session, self.out.append)
        self._typed = asyncio.Queue()
        self.task = None


async def sam_s_turn(fran: LineClient, sam: LineClient) -> None:
    """Fran starts a round and is done with her turn: the floor goes to Sam."""
    fran.type("/round start")
    await fran.wait_for("Round: your turn")
    fran.type("/done")
    await sam.wait_for("Round: your turn")


def said_in_room(relay) -> list[str]:
    return [message.text for message in relay.room("demo").state.transcript]


async def test_intro_is_offered_on_my_turn_and_sent_only_by_intro_send(relay, room):
    """/intro writes the draft; the turn prints the offer and sends nothing; /intro send sends it."""
    url = relay.url("demo")
    fran = await LineClient(url, "Fran", room[1]).start()
    sam = await LineClient(url, "Sam").start()
    await sam.ask("/intro Hi, I am Sam.", "is ready")
    await sam_s_turn(fran, sam)
    await sam.wait_for(OFFER)
    assert said_in_room(relay) == []
    sam.type("/intro send")
    await fran.wait_for("Sam: Hi, I am Sam.")
    assert said_in_room(relay) == ["Hi, I am Sam."]
    await sam.end()
    await fran.end()


async def test_intro_save_keeps_it_for_the_next_time(relay, room, tmp_path):
    """/intro save keeps the draft; the next line mode in the same room starts with it."""
    url = relay.url("demo")
    sam = await LineClient(url, "Sam").start()
    await sam.ask("/intro Hi, I am Sam.", "is ready")
    await sam.ask("/intro save", "kept on this computer")
    await sam.end()
    again = await LineClient(url, "Sam").start()
    shown = await again.ask("/intro", "Your introduction")
    assert shown[-1] == "Your introduction (kept on this computer): Hi, I am Sam."
    await again.ask("/intro forget", "no longer kept")
    assert not any((tmp_path / "data" / "talkingstick" / "introductions").iterdir())
    await again.end()


async def test_missed_says_nothing_before_any_absence(relay, room):
    """Before any absence /missed says there is nothing."""
    sam = await LineClient(relay.url("demo"), "Sam").start()
    assert (await sam.ask("/missed", NOTHING_MISSED))[-1] == NOTHING_MISSED
    await sam.end()


async def test_a_resume_prints_what_was_missed_and_unread_prints_it_again(relay, room):
    """Back after a drop, one line tells what was missed; /missed and /unread say it again."""
    url = relay.url("demo")
    fran = await LineClient(url, "Fran", room[1]).start()
    sam = await SlowClient(url, "Sam").start()
    fran.type("/agenda add Sharing 30")
    await sam.wait_for("Agenda: added Sharing")
    sam_pid = sam.session.pid
    relay.room("demo").connections[sam_pid].transport.abort()
    async with asyncio.timeout(TIMEOUT):
        while relay.room("demo").state.participant(sam_pid).connected:
            await asyncio.sleep(0.01)
    fran.mode.intents.send(CommandKind.AGENDA_NEXT)
    fran.type("while Sam was away")
    await fran.wait_for("Fran (facilitator): while Sam was away")
    at = await sam.wait_for("While you were offline")
    assert sam.out[at].startswith("While you were offline: the meeting moved to Sharing;")
    assert (await sam.ask("/missed", "While you were offline"))[-1] == sam.out[at]
    unread = sam.type("/unread")
    await sam.wait_for("while Sam was away", unread)
    await sam.end()
    await fran.end()


async def test_a_resume_by_snapshot_names_the_floor_and_who_wrote(relay, room):
    """Back through a fresh snapshot (too far behind for a replay), the line still names the
    segment, who has the floor and who wrote, from the two rooms."""
    url = relay.url("demo")
    fran = await LineClient(url, "Fran", room[1]).start()
    sam = await SlowClient(url, "Sam").start()
    fran.type("/agenda add Sharing 30")
    await sam.wait_for("Agenda: added Sharing")
    live = relay.room("demo")
    live.replay_limit = 0  # any resume comes back as a snapshot
    sam_pid = sam.session.pid
    live.connections[sam_pid].transport.abort()
    async with asyncio.timeout(TIMEOUT):
        while live.state.participant(sam_pid).connected:
            await asyncio.sleep(0.01)
    fran.mode.intents.send(CommandKind.AGENDA_NEXT)
    fran.type("while Sam was away")
    await fran.wait_for("Fran (facilitator): while Sam was away")
    fran.type("/grant Fran")
    await fran.wait_for("You have the floor")
    at = await sam.wait_for("While you were offline")
    assert sam.out[at] == (
        "While you were offline: the meeting moved to Sharing; Fran has the floor; 1 new message, from Fran."
    )
    await sam.end()
    await fran.end()
