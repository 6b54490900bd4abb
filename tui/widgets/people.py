"""The People list: who is here, their role, who has the floor and whose hand is up.

Each row starts with three fixed-width plain ASCII markers so that columns stay put in
any terminal: the role (``*`` facilitator, ``+`` co-facilitator), the floor (``>``)
and the hand (``^`` and its place in the queue). Facilitators select a row with the
arrow keys (after the room key prefix, or with the list focused) to act on that person.
In a room whose attendance is ``count`` a member sees one row, how many are here and how
many facilitate (``tui.core.lobby_notes.head_count_parts``); facilitators always see names.
Rows are rebuilt only when what they show changes, which keeps repaints (and bytes on a
slow link) to a minimum.
"""

import contextlib

from textual.binding import Binding
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

from protocol import Role, RoomState
from protocol.text import for_display_line
from tui import keys
from tui.core.guest_lines import GUEST_WORD
from tui.core.hand_place import share_tag
from tui.core.link_words import link_marker
from tui.core.lobby_notes import head_count_parts, shows_names
from tui.core.narration import leads
from tui.widgets.fit import Tag, cut, fit_row, spaced

ROLE_MARKS = {Role.FACILITATOR: "*", Role.COFACILITATOR: "+", Role.MEMBER: " ", Role.GUEST: " "}
FLOOR_MARK = ">"
HAND_MARK = "^"
LEGEND = "* facilitator  + co-facilitator  > has the floor  ^2 hand up, 2nd in queue"
"""What the markers mean, for the help screen."""


def hand_mark(place: int | None) -> str:
    """Two cells: ``^`` and the queue place (``+`` past 9), or blanks when the hand is down."""
    if place is None:
        return "  "
    return HAND_MARK + (str(place) if place < 10 else "+")


COUNT_ROW = -1
"""The first of the rows of a count-only room's list as its members see it (no one's id; the
second is ``COUNT_ROW - 1``)."""

NEW_TAG = " (new)"
"""After a newcomer's name, for facilitators only (members' rooms never carry the flag)."""
NOT_ACCEPTED_TAG = " (guidelines not accepted)"
"""After the name of someone who must still accept the guidelines, for facilitators only."""
NOT_ACCEPTED_SHORT = "(guidelines?)"
"""The same in a narrow row."""
YOU_TAG = "(you)"
AWAY_TAG = "(away)"
"""After the name of someone whose link dropped, for everyone."""


def person_row(state: RoomState, pid: int, my_pid: int | None, width: int | None = None) -> Content:
    """One row of the list: markers, then the display-safe name and its tags.

    A facilitator also reads who is new here, who has not accepted the guidelines, how
    each link looks (``tui.core.link_words``) and, once someone has shared, each person's
    shares and share time in this meeting; a member's room copy holds none of it about
    others, so nothing is shown to them. In a row narrower than it needs (``width``
    cells) the link marker and "(guest)" are kept first (``tui.widgets.fit``), on a line
    of their own if they do not fit beside the name.
    """
    person = state.participants[pid]
    floor = FLOOR_MARK if state.floor_holder == pid else " "
    head = Content(f"{ROLE_MARKS[person.role]}{floor}{hand_mark(state.queue_place(pid))} ")
    name = Content.styled(for_display_line(person.name), "bold" if pid == my_pid else "")
    tags = person_tags(state, pid, my_pid)
    written = head + name + spaced(tags, short=0)
    if not tags or width is None or width <= 0 or written.cell_length <= width:
        return written
    by_importance = sorted(tags, key=lambda tag: tag.rank)
    # The marker is what a facilitator needs here: in full while anything else can go.
    fitted = fit_row(width, head, name, by_importance, essential_short_last=True)
    if fitted is not None:
        return fitted
    essential = [tag for tag in by_importance if tag.essential]
    indent = Content(" " * (TAG_INDENT - 1))
    under = indent + spaced(essential, short=0)
    if under.cell_length > width:
        under = indent + spaced(essential, short=2)
    return cut(head + name, width) + Content("\n") + cut(under, width)


TAG_INDENT = 4
"""Where a row's essential tags start when they take a line of their own."""


def person_tags(state: RoomState, pid: int, my_pid: int | None) -> list[Tag]:
    """The tags after ``pid``'s name, in the order a wide row shows them."""
    person = state.participants[pid]
    tags: list[Tag] = []
    if person.role is Role.GUEST:  # everyone sees who is a guest speaker
        tags.append(Tag(f"({GUEST_WORD})", "$accent", essential=True, rank=1))
    if pid == my_pid:
        tags.append(Tag(YOU_TAG, "$text-muted", rank=4))
    shares = share_tag(state, pid, my_pid)  # facilitators only, once someone has shared
    if shares:
        count = state.shares.get(pid)
        short = f"{count.count if count is not None else 0}x"
        tags.append(Tag(shares.strip(), "$text-muted", short=short, rank=5))
    leading = leads(state, my_pid)
    # Facilitators read how each link looks ("reconnecting", "stepped out", "12 s behind",
    # "slow"); a member's copy of the room holds only their own stepping out, and a dropped
    # link reads "(away)" to them, as it always has.
    marker = link_marker(state, pid) if person.connected or leading else None
    if marker is not None:
        short_marker = f"({link_marker(state, pid, short=True)})"
        tags.append(Tag(f"({marker})", "$warning italic", short=short_marker, essential=True, rank=0))
    elif not person.connected:
        tags.append(Tag(AWAY_TAG, "$text-muted italic", essential=True, rank=0))
    if leading:
        if pid in state.newcomers:
            tags.append(Tag(NEW_TAG.strip(), "$accent", rank=3))
        if state.owes_guidelines(pid):
            tags.append(Tag(NOT_ACCEPTED_TAG.strip(), "$warning", short=NOT_ACCEPTED_SHORT, rank=2))
    return tags


def nobody_selected() -> str:
    """What to say when an action needs someone selected in the People list first."""
    return (
        f"Select someone in the People list first ({keys.label_of('room-keys')}, "
        "then the arrow keys, then the letter)."
    )


class PeopleList(OptionList, inherit_bindings=False):
    """Everyone in the room, one row each, in order of arrival."""

    BINDINGS = [
        *keys.arrow_bindings("cursor_down", "cursor_up", "first", "last"),
        Binding("enter", "select", "Write", show=False),
        *keys.bindings(keys.PEOPLE_KEYS),
    ]

    DEFAULT_CSS = """
    PeopleList {
        height: 1fr;
        border: none;
        padding: 0;
        scrollbar-size-vertical: 0;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._rows: list[tuple[int, str, tuple]] = []
        self._full: list[str] = []
        self._room: tuple[RoomState, int | None] | None = None

    def show_room(self, state: RoomState, my_pid: int | None) -> None:
        """Show the people of ``state``, keeping the selection on the same person.

        Rows are fitted to the list's width (``person_row``), so a narrow sidebar keeps
        each link marker and "(guest)"; they are fitted again when the width changes.
        """
        self._room = (state, my_pid)
        width = self.scrollable_content_region.width
        pids = sorted(state.participants)
        rows = [(pid, person_row(state, pid, my_pid, width)) for pid in pids]
        full = [person_row(state, pid, my_pid).plain for pid in pids]
        if not shows_names(state, my_pid):  # a count-only room: members read how many, not who
            rows = [(COUNT_ROW - n, Content(part)) for n, part in enumerate(head_count_parts(state))]
            full = [row.plain for _, row in rows]
        self._full = full
        signature = [(pid, row.plain, tuple(row.spans)) for pid, row in rows]
        if signature == self._rows:
            return
        self._rows = signature
        selected = self.selected_pid
        self.clear_options()
        self.add_options([Option(row, id=str(pid) if pid > COUNT_ROW else None) for pid, row in rows])
        if selected is not None:
            self.select_pid(selected)
        title = f"People ({len(state.participants)})"
        if self.border_title != title:
            self.border_title = title

    def select_pid(self, pid: int) -> None:
        """Highlight the row of participant ``pid`` (if they are listed)."""
        with contextlib.suppress(OptionDoesNotExist):  # they have just left
            self.highlighted = self.get_option_index(str(pid))

    def on_resize(self) -> None:
        """Fit the rows again to the new width."""
        if self._room is not None:
            self.show_room(*self._room)

    @property
    def rows_text(self) -> list[str]:
        """Each row as plain text in full, whatever the width (for tests and screen readers)."""
        return list(self._full)

    @property
    def selected_pid(self) -> int | None:
        """The participant whose row is highlighted, or None."""
        option = self.highlighted_option
        return None if option is None or option.id is None else int(option.id)
