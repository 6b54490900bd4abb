"""The hand queue: who speaks next, in order, and where you stand in it.

The last line always speaks to the participant: "You have the floor", "You are 3rd",
or how to raise a hand, so a newcomer knows what is expected of them without asking.
"""

from textual.content import Content
from textual.widgets import Static

from protocol import Mode, RoomState
from tui.widgets.lines import name_of, ordinal

SHOWN_IN_QUEUE = 5
"""Queue entries listed before "and N more"; the People list shows every place anyway."""


def your_place(state: RoomState, my_pid: int | None) -> Content:
    """One line telling the participant where they stand."""
    if my_pid is None:
        return Content("")
    if state.floor_holder == my_pid:
        return Content.styled("You have the floor", "bold $success")
    place = state.queue_place(my_pid)
    if place is not None:
        return Content.styled(f"Hand up: you are {ordinal(place)}", "bold $accent")
    if state.mode is Mode.FLOOR:
        return Content.styled("F2: raise hand to speak", "$text-muted")
    return Content.styled("F2 raises your hand", "$text-muted")


def queue_text(state: RoomState, my_pid: int | None) -> Content:
    """The whole panel: floor holder, the queue in order, then your place."""
    lines: list[Content] = []
    if state.floor_holder is not None:
        lines.append(Content.assemble("> ", (name_of(state, state.floor_holder), "bold"), " speaking"))
    for place, pid in enumerate(state.hand_queue[:SHOWN_IN_QUEUE], start=1):
        you = " (you)" if pid == my_pid else ""
        lines.append(Content(f"{place}. {name_of(state, pid)}{you}"))
    hidden = len(state.hand_queue) - SHOWN_IN_QUEUE
    if hidden > 0:
        lines.append(Content.styled(f"   and {hidden} more", "$text-muted"))
    if not state.hand_queue and state.floor_holder is None:
        lines.append(Content.styled("No hands up", "$text-muted"))
    lines.append(your_place(state, my_pid))
    return Content("\n").join(lines)


class HandQueue(Static):
    """The queue panel; redrawn only when its text changes."""

    DEFAULT_CSS = """
    HandQueue {
        height: auto;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(Content(""), id=id)
        self._shown = Content("")

    def show_room(self, state: RoomState, my_pid: int | None) -> None:
        """Show the queue of ``state`` from the point of view of ``my_pid``."""
        text = queue_text(state, my_pid)
        if not text.is_same(self._shown):
            self._shown = text
            self.update(text)
        title = f"Hands ({len(state.hand_queue)})"
        if self.border_title != title:  # setting it repaints, even to the same text
            self.border_title = title

    @property
    def plain(self) -> str:
        """The panel's text without styles (for tests)."""
        return self._shown.plain
