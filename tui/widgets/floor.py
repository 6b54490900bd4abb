"""The floor panel: who has the floor, the round, the share clock, reactions, the rules, the hands.

One glance answers what a participant needs during a structured meeting: who is sharing
and for how long still, whose turn is next in a round and how many have had theirs, how
the group is reacting, whether crosstalk is allowed, and (below, from
``tui.widgets.hands``) the hand queue and where you stand.

Clocks are computed locally, once a second, from deadlines on the relay's clock (the
share's ``RoomState.share_deadline()``, the silent segment's end) and the session's
clock offset; a tick touches only the clock label, and only when its text changes.
Nothing is ever sent on a tick. The sharer alone gets gentle reminders (at 80% of the
limit and at the limit), and everyone a notice when a silent pause is over; the panel
posts them as ``FloorPanel.Reminder`` so the screen shows them on this screen only.
Members do not see how far someone ran over; facilitators do.
"""

from collections.abc import Callable
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from protocol import Mode, RoomState
from protocol.rounds import upcoming
from tui.core.link_words import round_waits
from tui.core.narration import sentence_case, shown_name
from tui.keys import label_of
from tui.widgets.fit import Tag, cut, first_fitting, fit_row, packed
from tui.widgets.hands import HandQueue

REACTION_WORDS = ("<3", "me too", "thanks")
"""How the reaction counts read, in plain ASCII so that any terminal shows them."""
WARN_AT = 0.8
"""The sharer is reminded when this share of their time has gone."""
MODE_TITLES = {Mode.OPEN: "Open", Mode.FLOOR: "Floor mode", Mode.ROUND: "Round", Mode.SILENT: "Silent pause"}
SHORT_MODE_TITLES = {Mode.OPEN: "Open", Mode.FLOOR: "Floor", Mode.ROUND: "Round", Mode.SILENT: "Silent"}
"""The mode in a narrow panel's title (60 columns leave it 17 cells)."""
SHORTEST_FLOOR = len("Sharing")
"""The shortest floor line beside a clock: a clock wider than what is left is said short."""
CALM = "$text-muted"


def clock(seconds: float, step: int = 1) -> str:
    """``m:ss`` of a duration; time left rounds up so that ``0:00`` means it is over.

    With a ``step`` of 60 or more it is whole minutes (``3 min``), rounded up, so that it
    changes once a minute rather than every second (low-bandwidth mode).
    """
    whole = int(seconds + 0.999) if seconds > 0 else int(-seconds)
    if step >= 60:
        return f"{max(1, (whole + 59) // 60)} min"
    return f"{whole // 60}:{whole % 60:02d}"


def silent_end(state: RoomState) -> int | None:
    """Server time a silent segment ends, while the room is in its silent pause."""
    return state.pause_ends_at()


def panel_title(state: RoomState, width: int | None = None) -> str:
    """The border title: the mode, a round's progress, and how many hands are up.

    In ``width`` cells (a narrow sidebar) the mode and the round say it short
    ("Floor · Hands (2)", "Round · 2/4 done"); the count of hands goes last, as the
    queue under it lists them anyway.
    """
    round_ = state.round
    if round_ is not None and state.mode is not Mode.SILENT:
        done, total = len(round_.done & set(round_.order)), len(round_.order)
        titles = [f"Round · {done} of {total} done", f"Round · {done}/{total} done", f"Round {done}/{total}"]
    else:
        titles = [MODE_TITLES[state.mode], SHORT_MODE_TITLES[state.mode]]
    if not state.hand_queue:
        return first_fitting(width, *titles)
    hands = f" · Hands ({len(state.hand_queue)})"
    return first_fitting(width, *(title + hands for title in titles), *titles)


def floor_line(state: RoomState, my_pid: int | None, width: int | None = None) -> Content:
    """Who has the floor (the clock goes beside it), in ``width`` cells when given.

    In a narrow panel the words shorten; someone else's name is cut before the word
    "sharing" is, and "sharing" goes before the name is cut short of readable (the
    ``>`` still marks the sharer, as in the People list).
    """
    holder = state.floor_holder
    if state.mode is Mode.SILENT:
        return first_fitting(width, Content.styled("Silent pause", "bold"), Content.styled("Silent", "bold"))
    if holder is not None and holder == my_pid:
        return first_fitting(
            width,
            Content.styled("You are sharing", "bold $success"),
            Content.styled("Sharing", "bold $success"),
        )
    if holder is not None:
        head, name = Content("> "), Content.styled(sentence_case(shown_name(state, holder)), "bold")
        written = head + name + Content(" sharing")
        if not width or written.cell_length <= width:
            return written
        return fit_row(width, head, name, [Tag("sharing")]) or cut(head + name, width)
    if state.mode is Mode.OPEN:
        return Content.styled("Anyone may post", CALM)
    return first_fitting(
        width, Content.styled("Nobody has the floor", CALM), Content.styled("Floor is free", CALM)
    )


def clock_text(
    state: RoomState, my_pid: int | None, now: float, step: int = 1, short: bool = False
) -> Content:
    """The countdown beside the floor line, or empty when there is none to show.

    The sharer sees their time left prominently and "time is up" after it; facilitators
    see the overrun ("+0:35 over"); other members see only the time left. ``step`` is
    the pace's ``clock_step`` (60: whole minutes); ``short`` is for a narrow panel.
    """
    end = silent_end(state)
    if end is not None:
        left = end - now
        return Content.styled(f"{clock(left, step)} left", CALM) if left > 0 else Content.styled("over", CALM)
    deadline = state.share_deadline()
    if deadline is None or state.mode is Mode.SILENT:
        return Content("")
    left = deadline - now
    me = state.participant(my_pid)
    if state.floor_holder == my_pid:
        if left > 0:
            return Content.styled(
                f"{clock(left, step)} left", "bold $success" if left > 30 else "bold $warning"
            )
        return Content.styled("time is up" if short else "· your time is up", "bold $warning")
    if left > 0:
        return Content.styled(clock(left, step), CALM)
    if me is not None and me.role.leads:
        return Content.styled(f"+{clock(left, step)} over", "bold $warning")
    return Content("")


def round_line(state: RoomState, my_pid: int | None, width: int | None = None) -> Content:
    """Whose turn is next in the round, or empty when no round is going on."""
    if state.round is None or state.mode is Mode.SILENT:
        return Content("")
    following = upcoming(state)
    waiting = round_waits(state, my_pid)
    if waiting:
        shown = Content.styled(first_fitting(width, *waiting), "bold")  # a name may be long
        return cut(shown, width) if width else shown
    if following is None:
        return Content.styled(
            first_fitting(width, "Last turn of the round", "Last turn of round", "Last turn"), CALM
        )
    who = "you" if following == my_pid else shown_name(state, following)
    return Content.assemble(("Next: ", CALM), (who, "bold"))


def reactions_line(state: RoomState, width: int | None = None) -> Content:
    """The reaction counts on the current share ("<3 2  me too 1  thanks 3"), once there are any.

    In a narrow panel the counts go on two lines rather than lose the last one.
    """
    if state.floor_holder is None or not any(state.reactions):
        return Content("")
    parts = [f"{word} {count}" for word, count in zip(REACTION_WORDS, state.reactions, strict=True)]
    return Content.styled(packed(width, parts, "  "), "$accent")


def rules_line(state: RoomState, my_pid: int | None, width: int | None = None) -> Content:
    """The crosstalk rule when it is off, with how to react instead; the progressive stack when on.

    When the one line does not fit ``width``, each rule takes a line of its own, in
    shorter words where needed ("React only: 1/2/3", "Stack: progressive"), so neither is cut.
    """
    if state.mode is Mode.SILENT:
        return Content("")
    stack = first_fitting(width, "Progressive stack on", "Stack: progressive") if state.progressive else ""
    if state.crosstalk:
        return Content.styled(stack, CALM)
    others_share = state.floor_holder is not None and state.floor_holder != my_pid
    crosstalk = "No crosstalk: react 1/2/3" if others_share else "No crosstalk"
    line = crosstalk + (" · progressive" if state.progressive else "")
    if not width or len(line) <= width:
        return Content.styled(line, CALM)
    crosstalk = first_fitting(width, crosstalk, "React only: 1/2/3")
    return Content.styled("\n".join(part for part in (crosstalk, stack) if part), CALM)


@dataclass(frozen=True, slots=True)
class _Share:
    """One share, as the reminders know it: who, since when, with what limit."""

    pid: int
    since: int
    seconds: int
    hard_stop: bool


class FloorPanel(Vertical):
    """The floor, the round, the clock, reactions, rules and the hand queue, in one panel."""

    DEFAULT_CSS = """
    FloorPanel {
        height: auto;
    }
    FloorPanel Static {
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    FloorPanel > #floor-row {
        height: 1;
    }
    FloorPanel #floor-now {
        width: 1fr;
    }
    FloorPanel #floor-clock {
        width: auto;
        padding-left: 1;
    }
    """

    class Reminder(Message):
        """A gentle notice for this participant only (their share's time, a pause's end)."""

        def __init__(self, text: str, in_transcript: bool = False) -> None:
            super().__init__()
            self.text = text
            self.in_transcript = in_transcript
            """Also note it in the transcript (a pause's end), not only as a toast."""

    def __init__(self, clock: Callable[[], float], *, id: str | None = None) -> None:
        """Args:
        clock: Seconds since the epoch on the relay's clock (local time plus offset).
        """
        super().__init__(id=id)
        self._clock = clock
        self._state: RoomState | None = None
        self._my_pid: int | None = None
        self._shown: dict[str, Content] = {}
        self._share: _Share | None = None
        self._share_stage = 0
        """Reminders given for ``_share``: 1 after the 80% one, 2 after the limit."""
        self._pause_running: tuple[int | None, int | None] | None = None
        self._floor_fitted: tuple[int | None] | None = None
        """The cells the floor line was last fitted to, or None to fit it again."""
        self.max_lines = 7
        """Lines the panel may use below its title; the screen raises it on tall terminals."""
        self.clock_step = 1
        """Seconds between countdown steps (the app's pace: 60 shows whole minutes only)."""

    def compose(self) -> ComposeResult:
        with Horizontal(id="floor-row"):
            yield Static(Content(""), id="floor-now")
            yield Static(Content(""), id="floor-clock")
        yield Static(Content(""), id="floor-round")
        yield Static(Content(""), id="floor-reactions")
        yield Static(Content(""), id="floor-rules")
        yield HandQueue(id="hands")

    @property
    def _width(self) -> int | None:
        """The cells a line has (None before the panel is laid out: the words as written)."""
        return self.content_region.width or None

    def show_room(self, state: RoomState, my_pid: int | None) -> None:
        """Show ``state`` from the point of view of ``my_pid`` and restart the clock."""
        self._state, self._my_pid = state, my_pid
        width = self._width
        extra = [
            self._set("floor-round", round_line(state, my_pid, width)),
            self._set("floor-reactions", reactions_line(state, width)),
            self._set("floor-rules", rules_line(state, my_pid, width)),
        ]
        hands = self.query_one(HandQueue)
        hands.max_shown = max(1, self.max_lines - 3 - sum(extra))
        hands.show_room(state, my_pid)
        # The border title has the panel's width but its two corners.
        title = panel_title(state, self.outer_size.width - 2 if width else None)
        if self.border_title != title:  # setting it repaints, even to the same text
            self.border_title = title
        self._follow_share(state, my_pid)
        self._floor_fitted = None  # the room changed: fit the floor line again
        self.tick()

    def on_resize(self) -> None:
        """Fit the lines again to the new width."""
        if self._state is not None:
            self.show_room(self._state, self._my_pid)

    def tick(self, draw: bool = True) -> None:
        """Update the clock label (only it, and only if its text changed); give reminders.

        Args:
            draw: False leaves the label as it is (the panel is out of sight); the
                reminders are given all the same.
        """
        state = self._state
        if state is None:
            return
        now = self._clock()
        if draw:
            self._draw_floor_row(state, now)
        self._remind_sharer(now)
        self._remind_pause_over(state, now)

    # Reminders

    def _follow_share(self, state: RoomState, my_pid: int | None) -> None:
        rules = state.current_rules()
        deadline = state.share_deadline()  # a segment's share limit, or a guest speaker's time box
        share = None
        if (
            my_pid is not None
            and state.floor_holder == my_pid
            and state.floor_since is not None
            and rules is not None
            and deadline is not None
        ):
            share = _Share(my_pid, state.floor_since, deadline - state.floor_since, rules.hard_stop)
        if share != self._share:
            self._share, self._share_stage = share, 0

    def _remind_sharer(self, now: float) -> None:
        share = self._share
        if share is None or self._share_stage >= 2:
            return
        left = share.since + share.seconds - now
        if left <= 0:
            self._share_stage = 2
            if share.hard_stop:
                self.post_message(self.Reminder("Your time is up; the floor moves on."))
            else:
                self.post_message(self.Reminder("Your time is up. Please finish when you are ready."))
        elif left <= share.seconds * (1 - WARN_AT) and self._share_stage < 1:
            self._share_stage = 1
            self.post_message(self.Reminder(f"About {clock(left)} left of your share."))

    def _remind_pause_over(self, state: RoomState, now: float) -> None:
        """Tell once when a silent pause we watched running reaches its end."""
        end = silent_end(state)
        pause = (state.current_item, state.current_started_at)
        if end is None:
            self._pause_running = None
        elif now < end:
            self._pause_running = pause
        elif self._pause_running == pause:
            self._pause_running = None
            me = state.participant(self._my_pid)
            leads = me is not None and me.role.leads
            more = f" {label_of('agenda-next')} moves on to the next item." if leads else ""
            self.post_message(self.Reminder("The silent pause is over." + more, in_transcript=True))

    # Drawing

    def _draw_floor_row(self, state: RoomState, now: float) -> None:
        """The clock, and who has the floor in the cells the clock leaves (redrawn as it narrows)."""
        width = self._width
        clock_now = clock_text(state, self._my_pid, now, self.clock_step)
        if width and clock_now.cell_length + 1 + SHORTEST_FLOOR > width:
            clock_now = clock_text(state, self._my_pid, now, self.clock_step, short=True)
        self._set("floor-clock", clock_now)
        room = width - clock_now.cell_length - 1 if width and clock_now.plain else width
        if self._floor_fitted != (room,):  # only when the cells left for it change
            self._floor_fitted = (room,)
            self._set("floor-now", floor_line(state, self._my_pid, room), hide_empty=False)

    def _set(self, widget_id: str, content: Content, hide_empty: bool = True) -> int:
        """Show ``content`` in the label ``widget_id`` if it changed; how many lines it shows."""
        if not content.is_same(self._shown.get(widget_id, Content("\0"))):
            self._shown[widget_id] = content
            label = self.query_one(f"#{widget_id}", Static)
            label.update(content)
            if hide_empty:
                label.display = bool(content.plain)
        return content.plain.count("\n") + 1 if content.plain else 0

    @property
    def plain(self) -> str:
        """Everything the panel says, without styles (for tests)."""
        order = ("floor-now", "floor-clock", "floor-round", "floor-reactions", "floor-rules")
        texts = [self._shown[key].plain for key in order if key in self._shown and self._shown[key].plain]
        return "\n".join([*texts, self.query_one(HandQueue).plain])

    @property
    def clock_shown(self) -> str:
        """The countdown as shown (for tests)."""
        shown = self._shown.get("floor-clock")
        return shown.plain if shown is not None else ""
