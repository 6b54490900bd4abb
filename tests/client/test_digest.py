"""What did I miss: the one line built from the events applied while the reader was away."""

from dataclasses import replace

from protocol import Command, CommandKind, EventKind, Role, RoomState, apply
from protocol.privacy import view_for
from protocol.rules import decide
from tests.protocol.builders import AT, event, facilitated_room
from tui.core.digest import Away, Catchup, Step, missed_line
from tui.core.updates import ConnectionStatus, EventApplied, StatusChanged, Welcomed

ADA, BO, CY, DI = 1, 2, 3, 4


class Meeting:
    """A room moved on by real commands, keeping every (event, room after) step."""

    def __init__(self, state: RoomState | None = None) -> None:
        self.state = state or facilitated_room()
        self.steps: list[Step] = []

    def act(self, actor: int, kind: CommandKind, *args: object) -> "Meeting":
        for kind_of_event, fields in decide(self.state, actor, Command(1, kind, tuple(args))):
            recorded = event(self.state.seq + 1, kind_of_event, *fields, actor=actor)
            self.state = apply(self.state, recorded)
            self.steps.append((recorded, self.state))
        return self

    def since(self, count: int) -> list[Step]:
        return self.steps[count:]


def with_agenda() -> Meeting:
    meeting = Meeting()
    meeting.act(ADA, CommandKind.AGENDA_ADD, "Readings", 5).act(ADA, CommandKind.AGENDA_ADD, "Sharing", 30)
    return meeting.act(ADA, CommandKind.AGENDA_NEXT)


def test_nothing_happened_gives_no_line():
    """No event and no new line: nothing to tell."""
    assert missed_line(Away.LINK, facilitated_room(), [], DI) is None


def test_a_segment_change_is_told():
    """Moving to the next agenda item reads "the meeting moved to Sharing"."""
    meeting = with_agenda()
    start, mark = meeting.state, len(meeting.steps)
    meeting.act(ADA, CommandKind.AGENDA_NEXT)
    line = missed_line(Away.STEPPED_OUT, start, meeting.since(mark), DI)
    assert line == "While you were out: the meeting moved to Sharing."


def test_people_who_had_the_floor_are_named_as_having_shared():
    """Everyone who held the floor meanwhile (but the reader) is named once, in order."""
    meeting = Meeting()
    start = meeting.state
    meeting.act(ADA, CommandKind.GRANT, BO).act(BO, CommandKind.DONE)
    meeting.act(ADA, CommandKind.GRANT, CY).act(CY, CommandKind.DONE)
    line = missed_line(Away.LINK, start, meeting.steps, DI)
    assert line == "While you were offline: Bo and Cy shared."


def test_a_pass_in_a_round_is_told():
    """A turn let go by in a round reads "Bo passed"."""
    meeting = Meeting().act(ADA, CommandKind.ROUND_START)
    start, mark = meeting.state, len(meeting.steps)
    meeting.act(ADA, CommandKind.DONE).act(BO, CommandKind.PASS)
    line = missed_line(Away.READING_BACK, start, meeting.since(mark), DI)
    assert line is not None and "Bo passed" in line


def test_the_reader_s_hand_moving_up_is_told_with_both_places():
    """A hand that went from 3rd to 1st reads "your hand moved from 3rd to 1st"."""
    meeting = Meeting().act(BO, CommandKind.RAISE).act(CY, CommandKind.RAISE).act(DI, CommandKind.RAISE)
    start, mark = meeting.state, len(meeting.steps)
    meeting.act(BO, CommandKind.LOWER, None).act(CY, CommandKind.LOWER, None)
    line = missed_line(Away.STEPPED_OUT, start, meeting.since(mark), DI)
    assert line == "While you were out: your hand moved from 3rd to 1st."


def test_new_lines_are_counted():
    """The count of new lines ends the line."""
    meeting = Meeting()
    start = meeting.state
    meeting.act(BO, CommandKind.SAY, "hello")
    line = missed_line(Away.READING_BACK, start, meeting.steps, DI, new_lines=12)
    assert line == "While you read back: 12 new lines."


def test_the_whole_line_joins_every_part_in_order():
    """Segment, turns, hand and lines make one line separated by semicolons."""
    meeting = with_agenda().act(CY, CommandKind.RAISE).act(DI, CommandKind.RAISE)
    start, mark = meeting.state, len(meeting.steps)
    meeting.act(ADA, CommandKind.AGENDA_NEXT).act(ADA, CommandKind.NEXT).act(CY, CommandKind.DONE)
    line = missed_line(Away.LINK, start, meeting.since(mark), DI, new_lines=5)
    assert line == (
        "While you were offline: the meeting moved to Sharing; Cy shared; "
        "your hand moved from 2nd to 1st; 5 new lines."
    )


def test_many_names_end_with_how_many_more():
    """Past four names the line says how many more shared."""
    state = facilitated_room()
    for pid, name in ((5, "Eve"), (6, "Fay")):
        state = apply(state, event(state.seq + 1, EventKind.JOINED, pid, name, Role.MEMBER))
    meeting = Meeting(state)
    for pid in (BO, CY, DI, 5, 6):
        meeting.act(ADA, CommandKind.GRANT, pid).act(pid, CommandKind.DONE)
    line = missed_line(Away.LINK, state, meeting.steps, ADA)
    assert line == "While you were offline: Bo, Cy, Di, Eve and 1 more shared."


def test_stepping_out_and_back_ends_with_the_line():
    """Catchup tells the line when the reader leaves ``stepped_out``, not before."""
    meeting = Meeting()
    catchup = Catchup()
    catchup.update(Welcomed(meeting.state), DI)
    out = replace(meeting.state, stepped_out=frozenset({DI}), seq=meeting.state.seq + 1)
    assert catchup.update(EventApplied(event(out.seq, EventKind.RETURNED, DI), out), DI) is None
    assert catchup.away is Away.STEPPED_OUT and catchup.shown is None
    meeting.state = out
    meeting.act(ADA, CommandKind.GRANT, BO)
    assert catchup.update(EventApplied(*meeting.steps[-1]), DI) is None
    back = replace(meeting.state, stepped_out=frozenset(), seq=meeting.state.seq + 1)
    told = catchup.update(EventApplied(event(back.seq, EventKind.RETURNED, DI), back), DI)
    assert told == "While you were out: Bo shared." and catchup.away is None


def test_a_resume_s_replay_ends_with_the_reader_s_return():
    """After a drop, the replayed events gather until the relay tells the reader is back."""
    meeting = Meeting()
    catchup = Catchup()
    catchup.update(Welcomed(meeting.state), DI)
    catchup.update(StatusChanged(ConnectionStatus.RECONNECTING, "retrying in 1 s"), DI)
    catchup.update(StatusChanged(ConnectionStatus.CONNECTED, "resumed"), DI, server_now=AT)
    meeting.act(ADA, CommandKind.GRANT, CY)
    assert catchup.update(EventApplied(*meeting.steps[-1]), DI, lines=2) is None
    returned = event(meeting.state.seq + 1, EventKind.RETURNED, DI, actor=DI, at=AT + 1)
    told = catchup.update(EventApplied(returned, apply(meeting.state, returned)), DI, lines=1)
    assert told == "While you were offline: Cy shared; 2 new lines."


def test_a_brief_drop_where_only_my_own_link_was_told_gives_no_line():
    """My own link dropping and coming back is no news: no line after the resume."""
    state = facilitated_room()
    catchup = Catchup()
    catchup.update(Welcomed(state), DI)
    catchup.update(StatusChanged(ConnectionStatus.RECONNECTING, "retrying in 1 s"), DI)
    catchup.update(StatusChanged(ConnectionStatus.CONNECTED, "resumed"), DI, server_now=AT)
    for kind in (EventKind.DROPPED, EventKind.RETURNED):
        state = apply(state, event(state.seq + 1, kind, DI, actor=DI))
        told = catchup.update(EventApplied(event(state.seq, kind, DI, actor=DI), state), DI, lines=1)
    assert told is None and catchup.away is None and catchup.shown is None


def test_a_live_event_after_the_replay_ends_the_absence_and_is_not_counted():
    """An event recorded after the welcome is not missed: it closes the period uncounted."""
    meeting = Meeting()
    catchup = Catchup()
    catchup.update(Welcomed(meeting.state), DI)
    catchup.update(StatusChanged(ConnectionStatus.RECONNECTING, "retrying in 1 s"), DI)
    catchup.update(StatusChanged(ConnectionStatus.CONNECTED, "resumed"), DI, server_now=AT)
    meeting.act(ADA, CommandKind.GRANT, CY)
    catchup.update(EventApplied(*meeting.steps[-1]), DI, lines=1)
    live = event(meeting.state.seq + 1, EventKind.HAND_RAISED, BO, actor=BO, at=AT + 5)
    told = catchup.update(EventApplied(live, meeting.state), DI, lines=1)
    assert told == "While you were offline: Cy shared; 1 new line."


def test_reading_back_shows_the_line_as_lines_arrive():
    """While reading back the line is shown at once and counts the lines that arrived."""
    catchup = Catchup()
    state = facilitated_room()
    catchup.update(Welcomed(state), DI)
    catchup.reading_back()
    assert catchup.shown is None
    catchup.lines_added(3)
    assert catchup.shown == "While you read back: 3 new lines."
    assert catchup.back() == "While you read back: 3 new lines."
    catchup.dismiss()
    assert catchup.shown is None


def resumed_with_a_snapshot(start: RoomState, now: RoomState, me: int) -> str | None:
    """The line Catchup tells when a resume comes back as a fresh snapshot (too far behind)."""
    catchup = Catchup()
    catchup.update(Welcomed(view_for(start, me)), me)
    catchup.update(StatusChanged(ConnectionStatus.RECONNECTING, "retrying in 1 s"), me)
    catchup.update(StatusChanged(ConnectionStatus.CONNECTED, "resumed"), me, server_now=AT)
    return catchup.update(Welcomed(view_for(now, me)), me, lines=40)


def test_a_snapshot_resume_names_the_floor_the_hand_and_the_new_messages():
    """A member back through a snapshot reads the segment, who has the floor now, their hand
    and who wrote: what the two rooms show (a member's copy counts no one else's shares)."""
    meeting = with_agenda().act(CY, CommandKind.RAISE).act(DI, CommandKind.RAISE)
    start = meeting.state
    meeting.act(ADA, CommandKind.AGENDA_NEXT).act(ADA, CommandKind.NEXT)
    meeting.act(CY, CommandKind.SAY, "my share").act(CY, CommandKind.DONE)
    meeting.act(BO, CommandKind.SAY, "thank you").act(ADA, CommandKind.GRANT, BO)
    assert resumed_with_a_snapshot(start, meeting.state, DI) == (
        "While you were offline: the meeting moved to Sharing; Bo has the floor; "
        "your hand moved from 2nd to 1st; 2 new messages, from Cy and Bo."
    )


def test_a_snapshot_resume_tells_a_facilitator_who_shared_from_the_counts():
    """A facilitator's copy counts everyone's shares: the snapshot's counts name who shared."""
    meeting = Meeting().act(CY, CommandKind.RAISE)
    start = meeting.state
    meeting.act(ADA, CommandKind.NEXT).act(CY, CommandKind.DONE)
    meeting.act(ADA, CommandKind.GRANT, DI).act(DI, CommandKind.DONE)
    assert resumed_with_a_snapshot(start, meeting.state, BO) == "While you were offline: Cy and Di shared."


def test_a_snapshot_resume_in_a_round_names_the_turns_that_went_by():
    """In a round, the turns had since (shared or passed) and whose turn it is now are told."""
    meeting = Meeting().act(ADA, CommandKind.ROUND_START)
    start = meeting.state
    meeting.act(ADA, CommandKind.DONE).act(BO, CommandKind.PASS)
    assert resumed_with_a_snapshot(start, meeting.state, DI) == (
        "While you were offline: Ada and Bo had their turn; Cy has the floor."
    )
    assert resumed_with_a_snapshot(start, meeting.state, BO) == (
        "While you were offline: Ada shared; Cy has the floor."
    )


def test_a_snapshot_resume_with_nothing_new_gives_no_line():
    """The same room again (only our own link came and went) tells nothing."""
    state = facilitated_room()
    assert resumed_with_a_snapshot(state, state, DI) is None
