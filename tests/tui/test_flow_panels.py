"""The floor, agenda and reading panels' words, the offers, and the floor panel's reminders."""

from dataclasses import replace
from types import MappingProxyType

import httpx
from textual.app import App, ComposeResult

from protocol import AgendaItem, Event, EventKind, Mode, Participant, Role, RoomState, apply
from protocol.state import ReadAloud, Reading, Round, SegmentRules
from tui.offers import offers
from tui.screens.formats import http_base, parse_formats
from tui.widgets.agenda import item_line, rules_tag, rules_words
from tui.widgets.floor import FloorPanel, clock, clock_text
from tui.widgets.lines import narrate
from tui.widgets.readings import missed_guidelines, reader_prompt

START = 1_750_000_000
CHECK_IN = SegmentRules(Mode.ROUND, crosstalk=False, share_seconds=120)
GUIDELINES = Reading(1, "Guidelines", "One.\n\nTwo.\n\nThree.", guidelines=True)


def meeting(**changes) -> RoomState:
    """Fran (facilitator), Ann and Ben in the check-in round; Ann shares since START."""
    people = {
        1: Participant(1, "Fran", Role.FACILITATOR),
        2: Participant(2, "Ann", Role.MEMBER),
        3: Participant(3, "Ben", Role.MEMBER),
    }
    state = RoomState(
        name="demo",
        title="Demo",
        seq=10,
        mode=Mode.ROUND,
        crosstalk=False,
        participants=MappingProxyType(people),
        floor_holder=2,
        floor_since=START,
        round=Round((1, 2, 3), frozenset({1})),
        agenda=(
            AgendaItem(1, "Welcome", 5, SegmentRules(reading_id=1)),
            AgendaItem(2, "Check-in round", 15, CHECK_IN),
            AgendaItem(3, "Silence", 15, SegmentRules(Mode.SILENT)),
        ),
        current_item=2,
        current_started_at=START,
        readings=(GUIDELINES,),
        next_pid=4,
        next_item_id=4,
        next_reading_id=2,
    )
    return replace(state, **changes)


def told(state: RoomState, kind: EventKind, *fields, actor: int = 1) -> str:
    event = Event(state.seq + 1, START, kind, actor, None, fields)
    line = narrate(state, apply(state, event), event)
    assert line is not None
    return line.plain


def test_clock_reads_minutes_and_seconds():
    """Time left rounds up; time over counts whole seconds."""
    assert [clock(83), clock(82.2), clock(0.4), clock(-35), clock(754)] == [
        "1:23",
        "1:23",
        "0:01",
        "0:35",
        "12:34",
    ]


def test_only_facilitators_see_how_far_a_share_ran_over():
    """At 35 s over, the facilitator reads the overrun, the sharer that time is up, others nothing."""
    state, now = meeting(), START + 155
    assert clock_text(state, 1, now).plain == "+0:35 over"
    assert clock_text(state, 2, now).plain == "· your time is up"
    assert clock_text(state, 3, now).plain == ""
    assert clock_text(state, 3, START + 37).plain == "1:23"
    assert clock_text(state, 2, START + 37).plain == "1:23 left"


def test_silent_pause_counts_down_calmly():
    """A silent segment shows the time left of the pause, for everyone."""
    state = meeting(mode=Mode.SILENT, current_item=3, floor_holder=None, round=None)
    assert clock_text(state, 3, START + 146).plain == "12:34 left"


def test_segment_lines_say_the_rules():
    """A segment starting is told with its rules; a silent one as a pause of so many minutes."""
    assert told(meeting(current_item=1), EventKind.AGENDA_CURRENT, 2).endswith(
        "Now: Check-in round (15 min) — round, no crosstalk, 2 min shares"
    )
    assert "Silent pause begins: 15 minutes" in told(meeting(), EventKind.AGENDA_CURRENT, 3)


def test_round_and_pass_lines_name_people():
    """A round lists its order; passing names who passed; the end of a meeting says what is gone."""
    assert told(meeting(), EventKind.ROUND_STARTED, (3, 1, 2)).endswith("Round: Ben, Fran, Ann")
    assert told(meeting(), EventKind.PASSED, 2).endswith("Ann passed")
    assert told(meeting(), EventKind.MEETING_ENDED).endswith(
        "The meeting has ended. Its messages have been deleted."
    )


def test_agenda_tags_and_words():
    """Each segment carries a short tag; the current one's rules read in words that fit."""
    assert [rules_tag(CHECK_IN), rules_tag(SegmentRules(Mode.SILENT)), rules_tag(None)] == ["R2m", "S", ""]
    assert rules_words(CHECK_IN) == "round, 2 min shares, no crosstalk"
    assert rules_words(CHECK_IN, width=24) == "round, 2 min shares"
    line = item_line(2, AgendaItem(2, "A very long check-in round title", 15, CHECK_IN), 24)
    assert line.endswith("… 15m R2m") and len(line) == 24


def test_offers_follow_the_round():
    """Pass goes to whoever has a turn to come; reactions to everyone but the sharer."""
    state = meeting()
    assert offers(state, 2).may_pass and not offers(state, 2).may_react
    assert offers(state, 3).may_pass and offers(state, 3).may_react
    assert not offers(state, 1).may_pass and offers(state, 1).leads
    assert offers(replace(state, reader=ReadAloud(3, 1)), 3).reading


def test_reader_prompt_and_missed_guidelines():
    """The reader is told how far they are; a late arrival gets the guidelines once past the start."""
    state = meeting(reader=ReadAloud(3, 1, 1))
    assert (
        reader_prompt(state, 3).plain == "You are reading Guidelines: press . for the next paragraph (2 of 3)"
    )
    assert reader_prompt(state, 2).plain == ""
    assert missed_guidelines(state) == GUIDELINES
    assert missed_guidelines(meeting(current_item=1)) is None
    assert missed_guidelines(meeting(shown_reading=1)) is None


def test_format_list_is_read_defensively():
    """Entries of the wrong shape or repeated names are skipped; ws addresses map to http."""
    payload = [{"name": "smart", "title": "SMART", "segments": 5}, {"name": 3}, "x", {"name": "smart"}]
    assert [(f.name, f.title, f.segments) for f in parse_formats(payload)] == [("smart", "SMART", 5)]
    assert parse_formats({"not": "a list"}) == []
    assert http_base("ws://127.0.0.1:8765/demo") == "http://127.0.0.1:8765"
    assert http_base("wss://relay.example/demo") == "https://relay.example"


async def test_relay_lists_its_formats(relay):
    """GET /formats names every format the relay can load, with its title and size."""
    async with httpx.AsyncClient() as client:
        response = await client.get(relay.http_url + "/formats")
    entries = {entry["name"]: entry for entry in response.json()}
    assert entries["smart"]["segments"] == 5 and entries["smart"]["title"]
    assert set(entries["smart"]) == {"name", "title", "description", "segments"}


class Clocked(App[None]):
    """A bare app holding one floor panel whose clock the test moves."""

    def __init__(self) -> None:
        super().__init__()
        self.now = float(START)
        self.reminders: list[FloorPanel.Reminder] = []

    def compose(self) -> ComposeResult:
        yield FloorPanel(lambda: self.now)

    def on_floor_panel_reminder(self, message: FloorPanel.Reminder) -> None:
        self.reminders.append(message)


async def test_sharer_is_reminded_at_80_percent_and_at_the_limit():
    """The sharer gets one gentle reminder at 96 s of 120, one at 120, and no more."""
    app = Clocked()
    async with app.run_test() as pilot:
        panel = app.query_one(FloorPanel)
        panel.show_room(meeting(), 2)
        for second in (60, 95, 97, 110, 121, 150):
            app.now = START + second
            panel.tick()
            await pilot.pause()
        assert [r.text for r in app.reminders] == [
            "About 0:23 left of your share.",
            "Your time is up. Please finish when you are ready.",
        ]


async def test_listeners_get_no_share_reminders():
    """Only the sharer is reminded of their time."""
    app = Clocked()
    async with app.run_test() as pilot:
        panel = app.query_one(FloorPanel)
        panel.show_room(meeting(), 3)
        app.now = START + 200
        panel.tick()
        await pilot.pause()
        assert app.reminders == []


async def test_end_of_a_silent_pause_is_noticed_once():
    """A silent pause watched running brings one notice, for the transcript too, when it ends."""
    app = Clocked()
    async with app.run_test() as pilot:
        panel = app.query_one(FloorPanel)
        panel.show_room(meeting(mode=Mode.SILENT, current_item=3, floor_holder=None, round=None), 3)
        for second in (800, 899, 900, 930):
            app.now = START + second
            panel.tick()
            await pilot.pause()
        assert [(r.text, r.in_transcript) for r in app.reminders] == [("The silent pause is over.", True)]
