"""The hand queue: who speaks next, in order, and where you stand in the meeting.

Each hand shows its reason ("response", "process"); facilitators also read who has not
shared yet, and may list only those. The last line always speaks to the participant:
"You have the floor", "You are next", "Hand up: you are 3rd" (and under it why, such as
"(responses first)"), or how to raise a hand, so a newcomer knows what is expected of
them without asking. The queue lives inside the floor panel (``tui.widgets.floor``),
which shows who has the floor above it.
"""

from collections.abc import Sequence

from textual.content import Content

from protocol import Mode, RoomState
from protocol.rounds import upcoming
from tui.core.hand_place import NOT_SHARED_MARK, QueueEntry, place_short, queue_entries
from tui.core.narration import leads, ordinal
from tui.keys import label_of
from tui.widgets.fit import Tag, first_fitting, fit_row
from tui.widgets.quiet import QuietLabel

SHORT_REASONS = {"response": "resp", "process": "proc"}
"""A hand's reason in a narrow panel."""
SHOWN_IN_QUEUE = 3
"""Queue entries listed before "and N more" at 80x24; the People list shows every place anyway."""


def your_place(state: RoomState, my_pid: int | None, width: int | None = None) -> Content:
    """One line telling the participant where they stand, in ``width`` cells when given.

    A narrow panel reads short forms (``Hand up: 3rd``, ``F2: raise hand``), the key
    always whole; "(F4 passes)" goes under "You are next" rather than be cut.
    """
    if my_pid is None or my_pid not in state.participants:
        return Content("")
    if state.floor_holder == my_pid:
        return Content.styled("You have the floor", "bold $success")
    place = place_short(state, my_pid)
    if place is not None:
        where, why = place
        number = state.queue_place(my_pid)
        if width and len(where) > width and number is not None:
            where = f"Hand up: {ordinal(number)}"
        return Content.styled(where, "bold $accent") + (Content.styled("\n" + why, "$accent") if why else "")
    round_ = state.round
    if round_ is not None and my_pid in round_.order:
        if my_pid in round_.done:
            return Content.styled("You had your turn", "$text-muted")
        if upcoming(state) == my_pid:
            passes = f"({label_of('pass')} passes)"
            return Content.styled(
                first_fitting(width, f"You are next {passes}", f"You are next\n{passes}"), "bold $accent"
            )
        return Content.styled(first_fitting(width, "Your turn will come", "Your turn comes"), "$text-muted")
    if state.mode is Mode.SILENT:
        return Content.styled(
            first_fitting(width, "Nobody posts until it ends", "Nobody posts now"), "$text-muted"
        )
    hand = label_of("hand")
    short = f"{hand}: raise hand"
    if state.mode is Mode.OPEN:
        return Content.styled(first_fitting(width, f"{hand} raises your hand", short), "$text-muted")
    return Content.styled(first_fitting(width, f"{hand}: raise hand to speak", short), "$text-muted")


def marks(tags: Sequence[Tag], short: int) -> Content:
    """`` (response, not shared)`` after a name in the queue, or `` (resp, 0x)`` in short."""
    if not tags:
        return Content("")
    return Content.styled(f" ({', '.join(tag.shown(short) for tag in tags)})", "$text-muted")


def queue_line(entry: QueueEntry, width: int | None) -> Content:
    """One hand: its place, the name and its marks, fitted to ``width`` cells.

    In a narrow panel the reason is kept first (in short, ``resp``, ``proc``) and the
    name is cut before it; "not shared" shortens to ``0x`` (no shares yet), then goes.
    """
    head = Content(f"{entry.place}. ")
    name = Content(entry.name + (" (you)" if entry.you else ""))
    tags = []
    if entry.reason:
        tags.append(Tag(entry.reason, short=SHORT_REASONS.get(entry.reason), essential=True))
    if entry.not_shared:
        tags.append(Tag(NOT_SHARED_MARK, short="0x"))
    written = head + name + marks(tags, short=0)
    if not tags or not width or written.cell_length <= width:
        return written
    return fit_row(width, head, name, tags, marks) or written


def queue_text(
    state: RoomState,
    my_pid: int | None,
    shown: int = SHOWN_IN_QUEUE,
    *,
    not_shared_only: bool = False,
    width: int | None = None,
) -> Content:
    """The queue in order (at most ``shown`` places) with each hand's reason, then your place.

    A facilitator also reads who has not shared yet, and may keep only those
    (``not_shared_only``, the queue filter). Given the panel's ``width``, each line is
    fitted to it so that the reason and the place survive a narrow sidebar.
    """
    lines: list[Content] = []
    entries = queue_entries(state, my_pid, not_shared_only=not_shared_only)
    if not_shared_only:
        lines.append(Content.styled("Not shared yet:" if entries else "All hands have shared", "$text-muted"))
    place = place_short(state, my_pid)
    # The filter's heading and the reason for your place each take a line of the queue's.
    shown = max(1, shown - int(not_shared_only) - int(bool(place and place[1])))
    for entry in entries[:shown]:
        lines.append(queue_line(entry, width))
    hidden = len(entries) - shown
    if hidden > 0:
        lines.append(Content.styled(f"   and {hidden} more", "$text-muted"))
    lines.append(your_place(state, my_pid, width))
    return Content("\n").join(lines)


class HandQueue(QuietLabel):
    """The queue part of the floor panel; redrawn only when its text changes."""

    DEFAULT_CSS = """
    HandQueue {
        height: auto;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.max_shown = SHOWN_IN_QUEUE
        """How many queue places to list; the floor panel lowers it when its other lines need room."""
        self.not_shared_only = False
        """The facilitators' filter: list only the hands of those who have not shared yet."""
        self._room: tuple[RoomState, int | None] | None = None

    def show_room(self, state: RoomState, my_pid: int | None) -> None:
        """Show the queue of ``state`` from the point of view of ``my_pid``, fitted to the width."""
        self._room = (state, my_pid)
        only = self.not_shared_only and leads(state, my_pid)
        width = self.content_region.width
        self.show_content(queue_text(state, my_pid, self.max_shown, not_shared_only=only, width=width))

    def on_resize(self) -> None:
        """Fit the lines again to the new width."""
        if self._room is not None:
            self.show_room(*self._room)
