"""A waiter whose name passes for someone's in the meeting is pointed out to the facilitators.

"Frаn" (a Cyrillic а) waiting while Fran facilitates reads exactly like her name on the
desk; the facilitators read "looks like Fran" beside it, on the desk, in the arrival
notice and in line mode's /who, and can decline before anyone is misled.
"""

from dataclasses import replace
from types import MappingProxyType

from protocol import Role
from protocol.state import Participant, RoomState, Waiter
from tui.core.narration_seat import waiter_marks
from tui.line.asked import who_lines
from tui.screens.desk import waiter_row

IMPOSTOR = Waiter(7, "Fr\u0430n", False, False)


def _room() -> RoomState:
    return replace(
        RoomState(name="demo", title="Tuesday"),
        participants=MappingProxyType({1: Participant(1, "Fran", Role.FACILITATOR)}),
        waiting=MappingProxyType({7: IMPOSTOR, 8: Waiter(8, "Ann", is_new=True)}),
    )


def test_the_marks_name_whom_the_waiter_looks_like():
    """The lookalike mark comes first; an honest name has none."""
    room = _room()
    assert waiter_marks(IMPOSTOR, room) == "looks like Fran"
    assert waiter_marks(room.waiting[8], room) == "new"


def test_the_desk_and_line_mode_show_it():
    """The desk row and /who both carry the mark."""
    room = _room()
    assert "looks like Fran" in waiter_row(IMPOSTOR, room).plain
    assert "  Fr\u0430n (looks like Fran)" in who_lines(room, 1)
