"""At 60x20 nothing a facilitator or member needs is cut off.

Each case opens one of the main screens at 60x20 (member and facilitator, sharing, a
round, a silent pause, open and floor mode, the progressive stack, no crosstalk, an
empty queue, stepped out, the room key prompt, the desk) and reads the screen's rows
as drawn. Only a name or a title (someone's text) may end in "…", and only after at least
three of its characters; the app's own words never do. The key hints each case needs
(how to come back, how to raise a hand, how to cancel) must be on screen whole.
These are drawings of fixed rooms, as the snapshots are: no relay is needed to draw.
"""

import html
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace

import pytest
from textual.pilot import Pilot

from protocol import Mode, RoomState
from protocol.privacy import view_for
from protocol.state import Round
from tests.tui.helpers import StillSession, still_app
from tests.tui.test_hands_snapshots import typed_room
from tests.tui.test_link_snapshots import stepped_out_room
from tests.tui.test_snapshots import NOW, fixed_room, round_room, silent_room
from tui.app import TalkingStickApp
from tui.widgets.composer import Composer

pytestmark = pytest.mark.usefixtures("utc")

NARROW = (60, 20)
ROW = re.compile(
    r'<text class="[^"]*" x="([\d.]+)" y="[\d.]+" textLength="[\d.]+" '
    r'clip-path="url\(#[\w-]*line-(\d+)\)">([^<]*)</text>'
)
CELL = 12.2
"""The width of one cell in Textual's screenshots."""
MIN_CUT = 3
"""The fewest characters of a name a cut keeps before its "…"."""


def screen_rows(app: TalkingStickApp) -> list[str]:
    """The screen's rows as drawn, left to right."""
    width, height = app.size
    rows = [[" "] * width for _ in range(height)]
    for x, row, text in ROW.findall(app.export_screenshot()):
        start = round(float(x) / CELL)
        for at, char in enumerate(html.unescape(text).replace("\xa0", " ").rstrip("\n")):
            if start + at < width:
                rows[int(row)][start + at] = char
    return ["".join(row) for row in rows]


def cut_words(rows: list[str], data: list[str]) -> list[str]:
    """The rows where something other than a name or title (``data``) ends in "…"."""
    wrong = []
    for row in rows:
        for at in (m.start() for m in re.finditer("…", row)):
            before = row[:at]
            if not any(before.endswith(text[:size]) for text in data for size in range(MIN_CUT, len(text))):
                wrong.append(row.rstrip())
    return wrong


def names_and_titles(state: RoomState) -> list[str]:
    return [p.name for p in state.participants.values()] + [item.title for item in state.agenda]


def _keys(*names: str) -> Callable[[Pilot], Awaitable[None]]:
    async def press(pilot: Pilot) -> None:
        await pilot.press(*names)
        await pilot.pause()

    return press


@dataclass
class Case:
    pid: int
    room: RoomState
    keys: tuple[str, ...] = ()
    whole: list[str] = field(default_factory=list)
    """Words that must be on one row, whole."""

    def view(self) -> RoomState:
        return view_for(self.room, self.pid)


def _no_hands(room: RoomState) -> RoomState:
    return replace(room, hand_queue=(), floor_holder=None, floor_since=None)


def _waiting_round() -> RoomState:
    """The round owes only Max a turn, and Max stepped out: it waits for him."""
    return replace(
        round_room(),
        floor_holder=None,
        floor_since=None,
        reactions=(0, 0, 0),
        round=Round((1, 3, 2, 5), frozenset({1, 3, 5})),
        stepped_out=frozenset({2}),
    )


CASES = {
    "member-sharing": Case(2, fixed_room(), whole=["You have the floor"]),
    "facilitator": Case(1, fixed_room(), whole=["F2"]),
    "empty-queue": Case(2, _no_hands(fixed_room()), whole=["F2: raise hand", "Floor is free"]),
    "open-mode": Case(2, replace(_no_hands(fixed_room()), mode=Mode.OPEN), whole=["F2", "F1: help"]),
    "stepped-out": Case(2, stepped_out_room(), whole=["Ctrl+R Shift+O: back", "kept"]),
    "progressive-member": Case(2, typed_room(), whole=["Stack: progressive", "Hand up: 3rd", "Hands (3)"]),
    "progressive-facilitator": Case(1, typed_room(), whole=["Stack: progressive", "Hands (3)"]),
    "no-crosstalk": Case(
        2,
        replace(fixed_room(), crosstalk=False, progressive=True, floor_holder=3, hand_queue=(4,)),
        whole=["React only: 1/2/3", "Stack: progressive"],
    ),
    "round-next": Case(2, round_room(), whole=["You are next", "(F4 passes)", "thanks 3", "1/4 done"]),
    "round-sharer": Case(3, round_room(), whole=["1:23 left"]),
    "round-overrun": Case(1, round_room(shared_for=155), whole=["over"]),
    "silent": Case(2, silent_room(), whole=["Silent pause", "left"]),
    "room-keys": Case(1, fixed_room(), ("ctrl+r",), whole=["Esc cancels"]),
    "desk": Case(1, fixed_room(), ("f10",), whole=["Ctrl+R then"]),
    # The People list is three rows high at 60x20: a marker on a row of its own would be
    # scrolled out of sight, so a short name keeps its marker beside it, in short.
    "facilitator-stepped-out": Case(1, stepped_out_room(), whole=["Max (out)"]),
    "round-waits-facilitator": Case(1, _waiting_round(), whole=["Waiting for Max"]),
    "round-waits-member": Case(2, _waiting_round(), whole=["Your turn waits"]),
}


@pytest.mark.parametrize("case", CASES)
async def test_nothing_the_app_says_is_cut_at_60_columns(case):
    """Only names and titles may be cut at 60x20; the key hints each screen needs read whole."""
    wanted = CASES[case]
    app = still_app(StillSession(wanted.pid, wanted.view()), NOW)
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        if wanted.keys:
            await _keys(*wanted.keys)(pilot)
        rows = screen_rows(app)
        shown = "\n".join(rows)
        wrong = cut_words(rows, names_and_titles(wanted.room))
        assert not wrong, "cut at 60x20:\n" + "\n".join(wrong)
        for words in wanted.whole:
            assert words in shown, f"{words!r} not whole at 60x20:\n{shown}"
        composers = list(app.screen.query(Composer))
        if composers and composers[0].display:
            assert composers[0].placeholder in shown, f"the composer's hint is cut:\n{shown}"
