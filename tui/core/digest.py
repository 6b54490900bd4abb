"""What did I miss: one line about what happened while the reader was away.

The reader is away while they have stepped out (``RoomState.stepped_out`` holds them),
while their link is down (until the relay has replayed what they missed), or while
they read back through the transcript. ``missed_line`` is a pure function of the room
as it was when they went, the events applied since (each with the room after it), and
how many lines were added meanwhile; it says only what changed for a person coming
back: the segment the meeting moved to, whose turns went by (who shared, who passed),
whether their own hand moved, and how many new lines there are. Nothing happened: no
line at all.

A resume too far behind for a replay comes back as a fresh snapshot: no events, only the
room before and after. The line then says what the two rooms show: the segment, who
shared (the share counts: a facilitator's copy holds everyone's, a member's only their
own), the round's turns had meanwhile, who has the floor now, the reader's hand, and
the new messages with their authors (the transcript numbers each one).

``Catchup`` keeps one reader's away period: a front end feeds it every session update
(``update``) and marks the reading back itself (``reading_back``); it answers the line
to tell when the reader comes back. It reads only what this client received, so a
private event another person saw cannot reach it. Computed here, sent nowhere.

This module must not import ``textual``.
"""

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field

from protocol import Event, EventKind, RoomState
from protocol.text import for_display_line
from tui.core.narration import ordinal, shown_name
from tui.core.updates import ConnectionStatus, EventApplied, SessionUpdate, StatusChanged, Welcomed
from tui.core.wording import plural

MOST_NAMES = 4
"""Names listed in "Ana, Ben and Kim shared" before "and 3 more"."""
MOST_STEPS = 2000
"""Events kept for one away period; a longer absence keeps the room as it was and the newest."""


class Away(enum.Enum):
    """Why the reader was away, and how the line about it starts."""

    STEPPED_OUT = "While you were out"
    LINK = "While you were offline"
    READING_BACK = "While you read back"


Step = tuple[Event | None, RoomState]
"""An event and the room after it; no event for a fresh snapshot that replaced the room."""


def _names(state: RoomState, pids: Sequence[int]) -> str:
    """``Ana``, ``Ana and Ben``, ``Ana, Ben and Kim``, ``Ana, Ben, Kim, Lee and 2 more``."""
    names = [shown_name(state, pid) for pid in pids[:MOST_NAMES]]
    more = len(pids) - len(names)
    if more > 0:
        return ", ".join(names) + f" and {more} more"
    return _joined(names)


def _joined(names: Sequence[str]) -> str:
    """``Ana``, ``Ana and Ben``, ``Ana, Ben and Kim``."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _segments(start: RoomState, steps: Sequence[Step]) -> str | None:
    """``the meeting moved to Sharing`` (through the items in between), or the agenda's end."""
    titles: list[str] = []
    current = start.current_item
    finished = False
    for _, after in steps:
        if after.current_item == current:
            continue
        current = after.current_item
        item = after.agenda_item(current)
        finished = item is None
        if item is not None:
            titles.append(for_display_line(item.title))
    if finished:
        return "the agenda is finished"
    if not titles:
        return None
    if len(titles) == 1:
        return f"the meeting moved to {titles[0]}"
    return f"the meeting moved through {', '.join(titles[:-1])} to {titles[-1]}"


def _shared_between(before: RoomState, after: RoomState) -> list[int]:
    """Whose share count grew from ``before`` to ``after`` (a facilitator's copy counts
    everyone's; a member's only their own)."""
    return [
        pid
        for pid, count in after.shares.items()
        if count.count > (before.shares[pid].count if pid in before.shares else 0)
    ]


def _turns_between(before: RoomState, after: RoomState) -> list[int]:
    """The round's turns had from ``before`` to ``after`` (shared, passed or skipped), in order."""
    if after.round is None:
        return []
    earlier = before.round.done if before.round is not None else frozenset()
    return [pid for pid in after.round.order if pid in after.round.done and pid not in earlier]


def _turns(start: RoomState, steps: Sequence[Step], me: int | None) -> list[str]:
    """Who shared (held the floor) and who passed, in order, leaving out the reader.

    A fresh snapshot in place of the events says less: who shared comes from the share
    counts, the round's turns had from its ``done``, and whoever holds the floor now is
    told as such rather than as having shared.
    """
    shared: list[int] = []
    passed: list[int] = []
    turned: list[int] = []  # a round's turns seen only through a snapshot: shared or passed
    before = start
    for event, after in steps:
        if event is None:
            shared += [pid for pid in _shared_between(before, after) if pid not in shared]
            turned += [pid for pid in _turns_between(before, after) if pid not in turned]
        elif after.floor_holder != before.floor_holder:
            holder = after.floor_holder
            if holder is not None and holder not in shared:
                shared.append(holder)
        if event is not None and event.kind is EventKind.PASSED:
            pid = event.fields[0]
            if pid in shared:  # a round gives the floor first: they had it only to pass
                shared.remove(pid)
            if pid not in passed:
                passed.append(pid)
        before = after
    last = steps[-1][1] if steps else start
    turned = [pid for pid in turned if pid not in shared and pid not in passed]
    parts = []
    for pids, what in ((shared, "shared"), (passed, "passed"), (turned, "had their turn")):
        pids = [pid for pid in pids if pid != me]
        if pids:
            parts.append(f"{_names(last, pids)} {what}")
    if any(event is None for event, _ in steps) and last.floor_holder not in (None, me, start.floor_holder):
        parts.append(f"{shown_name(last, last.floor_holder)} has the floor")
    return parts


def _messages(start: RoomState, steps: Sequence[Step], me: int | None) -> str | None:
    """``3 new messages, from Ana and Ben``: those a fresh snapshot brought (its transcript
    numbers each one), when no event drew them one by one."""
    befores = [start, *(after for _, after in steps)][: len(steps)]
    jumps = [(before, after) for before, (event, after) in zip(befores, steps, strict=True) if event is None]
    new = [m for before, after in jumps for m in after.transcript if m.seq > before.seq and m.pid != me]
    if not new:
        return None
    authors = list(dict.fromkeys(for_display_line(m.name) for m in new))
    shown = authors[:MOST_NAMES]
    more = len(authors) - len(shown)
    names = ", ".join(shown) + f" and {more} more" if more else _joined(shown)
    return f"{plural(len(new), 'new message')}, from {names}"


def _hand(start: RoomState, last: RoomState, steps: Sequence[Step], me: int | None) -> str | None:
    """``your hand moved from 4th to 2nd``, ``your hand was lowered``, ``you had the floor``."""
    if me is None:
        return None
    was, now = start.queue_place(me), last.queue_place(me)
    if any(after.floor_holder == me for _, after in steps) and start.floor_holder != me:
        return "you were given the floor"
    if was is not None and now is not None and was != now:
        return f"your hand moved from {ordinal(was)} to {ordinal(now)}"
    if was is not None and now is None:
        return "your hand was lowered"
    return None


def missed_line(
    why: Away, start: RoomState, steps: Sequence[Step], me: int | None, new_lines: int = 0
) -> str | None:
    """What the reader missed, in one line, or None when nothing happened.

    Args:
        why: Why they were away (the line's opening words).
        start: The room when they went.
        steps: Every event applied since, with the room after it, oldest first.
        me: The reader's participant id.
        new_lines: Lines the front end added meanwhile (messages and the room's sentences).

    Returns:
        ``While you were out: the meeting moved to Sharing; Ana, Ben and Kim shared;
        your hand moved from 4th to 2nd; 12 new lines.``
    """
    last = steps[-1][1] if steps else start
    parts = [
        part
        for part in (
            _segments(start, steps),
            *_turns(start, steps, me),
            _hand(start, last, steps, me),
            _messages(start, steps, me),
        )
        if part is not None
    ]
    if new_lines > 0:
        parts.append(f"{plural(new_lines, 'new line')}")
    if not parts:
        return None
    return f"{why.value}: {'; '.join(parts)}."


@dataclass
class _Period:
    """One away period as it is being gathered."""

    why: Away
    start: RoomState
    steps: list[Step] = field(default_factory=list)
    new_lines: int = 0
    closed: bool = False


class Catchup:
    """One reader's away periods: when they start, what they gather, the line when they end.

    Stepping out and a dropped link start and end by themselves from the session's
    updates; reading back is started by the front end (``reading_back``) and ended by it
    (``back``). A period that is over keeps its line (``line``) until the next one starts
    or the front end lets it go (``dismiss``).
    """

    def __init__(self) -> None:
        self._period: _Period | None = None
        self._state: RoomState | None = None
        self._resume_cutoff: float | None = None
        """While the relay replays a resume: the relay's clock at the welcome."""
        self._me: int | None = None
        self._said: tuple[tuple[Away, int, int, int, int], str | None] | None = None
        """The last line told, and what it was told from."""

    @property
    def away(self) -> Away | None:
        """Why the reader is away now, or None when they are not."""
        period = self._period
        return period.why if period is not None and not period.closed else None

    @property
    def line(self) -> str | None:
        """The line about the current or last away period, or None when nothing happened."""
        period = self._period
        if period is None:
            return None
        # Asked after every update while away: told again only when something was added.
        newest = period.steps[-1][1].seq if period.steps else 0
        said = (period.why, period.start.seq, len(period.steps), newest, period.new_lines)
        if self._said is None or self._said[0] != said:
            line = missed_line(period.why, period.start, period.steps, self._me, period.new_lines)
            self._said = (said, line)
        return self._said[1]

    @property
    def shown(self) -> str | None:
        """The line to keep in sight now: a period that is over, the replay of a resume as
        it arrives, or reading back as lines arrive; nothing while the reader is still out
        or the link still down."""
        away = self.away
        if away is None or away is Away.READING_BACK or self._resume_cutoff is not None:
            return self.line
        return None

    def dismiss(self) -> None:
        """Forget the last period's line (the reader has caught up)."""
        if self._period is not None and self._period.closed:
            self._period = None

    def reading_back(self) -> None:
        """The reader left the newest lines to read back: a period starts, unless one is on."""
        if self.away is None and self._state is not None:
            self._period = _Period(Away.READING_BACK, self._state)

    def back(self) -> str | None:
        """A reading-back period ends (the newest lines are in view again); its line, if any."""
        if self.away is Away.READING_BACK:
            return self._close()
        return None

    def lines_added(self, count: int = 1) -> None:
        """The front end added ``count`` lines while the reader was away (or being replayed to)."""
        period = self._period
        if period is not None and not period.closed:
            period.new_lines += count

    def update(
        self, update: SessionUpdate, me: int | None, server_now: float = 0.0, lines: int = 0
    ) -> str | None:
        """Follow one session update; the line to tell when it ended an away period.

        Args:
            update: What the session reported.
            me: The reader's participant id.
            server_now: The relay's clock now (local time plus the session's offset): a
                resume's replayed events are those recorded before it.
            lines: How many lines the front end drew for this update. Those of the event
                that sends the reader away or brings them back, of their own link dropping
                and coming back, and of a fresh snapshot are not counted as new.
        """
        self._me = me
        if isinstance(update, StatusChanged):
            return self._link(update, server_now)
        if isinstance(update, Welcomed):
            return self._welcomed(update.state)
        if isinstance(update, EventApplied):
            return self._event(update.event, update.state, me, lines)
        return None

    def _link(self, update: StatusChanged, server_now: float) -> str | None:
        if update.status is ConnectionStatus.RECONNECTING and self._state is not None:
            if self.away is None or self.away is Away.READING_BACK:
                self._period = _Period(Away.LINK, self._state)
        elif update.status is ConnectionStatus.CONNECTED and self.away is Away.LINK:
            self._resume_cutoff = server_now  # the replay follows; it ends the period
        return None

    def _welcomed(self, state: RoomState) -> str | None:
        """A fresh snapshot: after a long absence it stands for every event missed."""
        previous, self._state = self._state, state
        if self.away is Away.LINK and previous is not None:
            self._gather(None, state)
            return self._close()
        if self.away is not None:  # let in, or a new role: start from this room
            self._period = None
        return None

    def _event(self, event: Event, after: RoomState, me: int | None, lines: int) -> str | None:
        before = self._state if self._state is not None else after
        self._state = after
        if me is not None and me in after.stepped_out and me not in before.stepped_out:
            self._period = _Period(Away.STEPPED_OUT, before)
            return None
        away = self.away
        if away is None:
            return None
        if away is Away.STEPPED_OUT and me is not None and me not in after.stepped_out:
            return self._close()
        if away is Away.LINK and self._resume_cutoff is not None and event.at > self._resume_cutoff:
            return self._close()  # live again: this event is no longer missed
        my_link = event.kind in (EventKind.DROPPED, EventKind.RETURNED) and event.fields[0] == me
        if my_link:
            if away is Away.LINK and self._resume_cutoff is not None and event.kind is EventKind.RETURNED:
                return self._close()  # the relay recorded our return after the replay
            return None
        self._gather(event, after)
        self.lines_added(lines)
        return None

    def _gather(self, event: Event | None, after: RoomState) -> None:
        period = self._period
        if period is None:
            return
        if len(period.steps) >= MOST_STEPS:  # the oldest turns go; the room at the start stays
            del period.steps[: MOST_STEPS // 2]
        period.steps.append((event, after))

    def _close(self) -> str | None:
        period = self._period
        if period is None:
            return None
        period.closed = True
        self._resume_cutoff = None
        return self.line
