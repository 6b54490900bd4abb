"""Rules that hold whatever the room's settings: guidelines first, a pause that ends, a clean end."""

from protocol import CommandKind, Mode, Refused
from protocol.rules import pause_over
from tests.protocol.builders import AT, act, arrive, facilitated_room, record

ADA, BO, CY, DI = 1, 2, 3, 4


def with_guidelines():
    """The facilitated room with guidelines added by Ada."""
    return act(facilitated_room(), ADA, CommandKind.READING_ADD, "Guidelines", "Be kind.", True)


def refusal_code(state, actor, kind, *args) -> str:
    try:
        act(state, actor, kind, *args)
    except Refused as refused:
        return refused.code
    raise AssertionError("not refused")


def test_member_who_has_not_accepted_may_not_post():
    """A member who joined without a waiting room is refused SAY until they accept the guidelines."""
    assert refusal_code(with_guidelines(), CY, CommandKind.SAY, "hi") == "guidelines"


def test_member_who_accepted_in_the_meeting_may_post():
    """Accepting the guidelines in the meeting lets a member post."""
    state = act(with_guidelines(), CY, CommandKind.WAITER_UPDATE, True, False)
    state = act(state, CY, CommandKind.SAY, "hi")
    assert state.transcript[-1].text == "hi"


def test_room_without_guidelines_asks_nobody():
    """With no reading marked as guidelines, nobody has anything to accept."""
    state = act(facilitated_room(), CY, CommandKind.SAY, "hi")
    assert state.transcript[-1].text == "hi"


def test_facilitators_need_not_accept():
    """Facilitators and co-facilitators post without accepting the guidelines."""
    state = act(with_guidelines(), BO, CommandKind.SAY, "welcome")
    assert state.transcript[-1].text == "welcome"


def test_admit_all_does_not_bypass_the_guidelines():
    """Someone let in with ADMIT_ALL before accepting is still refused SAY."""
    state = act(with_guidelines(), ADA, CommandKind.SET_WAITING_ROOM, True)
    state, neo = arrive(state, "Neo")
    state = act(state, ADA, CommandKind.ADMIT_ALL)
    assert neo in state.participants and neo not in state.accepted
    assert refusal_code(state, neo, CommandKind.SAY, "hi") == "guidelines"


def test_answers_from_the_waiting_room_come_in_with_the_arrival():
    """A waiter who accepted and said they are new keeps both once admitted."""
    state = act(with_guidelines(), ADA, CommandKind.SET_WAITING_ROOM, True)
    state, neo = arrive(state, "Neo")
    state = act(state, neo, CommandKind.WAITER_UPDATE, True, True)
    state = act(state, ADA, CommandKind.ADMIT, neo)
    assert neo in state.accepted and neo in state.newcomers
    assert act(state, neo, CommandKind.SAY, "hello").transcript[-1].text == "hello"


def test_leaving_forgets_acceptance_and_newcomer_flag():
    """Someone who leaves is no longer listed as accepted or new."""
    state = act(with_guidelines(), CY, CommandKind.WAITER_UPDATE, True, True)
    state = act(state, CY, CommandKind.LEAVE)
    assert CY not in state.accepted and CY not in state.newcomers


def silent_segment(minutes: int = 5, crosstalk: bool = False):
    """The room in a silent agenda segment of ``minutes`` that started at ``AT``."""
    rules = (Mode.SILENT, crosstalk, None, False, None)
    state = act(facilitated_room(), ADA, CommandKind.AGENDA_ADD, "Quiet", minutes, rules)
    return act(state, ADA, CommandKind.AGENDA_NEXT)


def test_silent_segment_has_an_end():
    """A silent segment's pause ends at its start plus its time box."""
    state = silent_segment(5)
    assert state.mode is Mode.SILENT and state.pause_ends_at() == AT + 300


def test_pause_over_returns_to_open_with_the_segment_crosstalk():
    """When the pause is over the room is open again, with the segment's crosstalk."""
    state = record(silent_segment(5, crosstalk=False), pause_over(silent_segment(5, crosstalk=False)))
    assert state.mode is Mode.OPEN and state.crosstalk is False
    assert state.why_not_post(ADA) is None


def test_pause_over_is_nothing_once_the_facilitator_ended_it():
    """After a facilitator switched the mode, the pause's end records nothing."""
    state = act(silent_segment(5), ADA, CommandKind.SET_MODE, Mode.FLOOR)
    assert pause_over(state) == []


def test_meeting_end_resets_mode_and_crosstalk():
    """After the meeting ends the room is open with crosstalk on, no round, queue or floor."""
    state = act(facilitated_room(), ADA, CommandKind.SET_CROSSTALK, False)
    state = act(state, ADA, CommandKind.SET_MODE, Mode.ROUND)
    state = act(state, DI, CommandKind.RAISE)
    state = act(state, ADA, CommandKind.END_MEETING)
    assert state.mode is Mode.OPEN and state.crosstalk is True
    assert state.round is None and state.hand_queue == () and state.floor_holder is None
