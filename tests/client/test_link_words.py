"""The words of link markers and the questions asked before the floor (pure: no relay)."""

from types import MappingProxyType

from protocol import CommandKind, Mode, Participant, Role, RoomState
from protocol.state import AgendaItem, LinkHealth, Round, SegmentRules
from tui.core.link_words import floor_question, handover_question, link_marker, next_hand_question

FAY, SAM, ANN = 1, 2, 3


def room(**changes) -> RoomState:
    people = {
        FAY: Participant(FAY, "Fay", Role.FACILITATOR),
        SAM: Participant(SAM, "Sam", Role.MEMBER),
        ANN: Participant(ANN, "Ann", Role.MEMBER),
    }
    return RoomState("demo", "Demo", participants=MappingProxyType(people), **changes)


def test_markers_read_plainly():
    """A link reads "slow", "25 s behind", "stepped out" or "reconnecting"; a fine one nothing."""
    health = MappingProxyType({SAM: LinkHealth(2400, 0), ANN: LinkHealth(90, 25)})
    state = room(link_health=health)
    assert link_marker(state, SAM) == "slow"
    assert link_marker(state, ANN) == "25 s behind"
    assert link_marker(state, FAY) is None
    assert link_marker(room(stepped_out=frozenset({SAM})), SAM) == "stepped out"
    people = dict(room().participants)
    people[SAM] = Participant(SAM, "Sam", Role.MEMBER, connected=False)
    dropped = RoomState("demo", "Demo", participants=MappingProxyType(people))
    assert link_marker(dropped, SAM) == "reconnecting"


def test_the_floor_question_says_why():
    """The question names the person and how far behind they are."""
    state = room(link_health=MappingProxyType({SAM: LinkHealth(90, 25)}))
    assert floor_question(state, SAM) == (
        "Sam is 25 s behind and may not see the floor yet. Give them the floor anyway?"
    )
    assert floor_question(state, ANN) is None


def test_next_asks_about_the_hand_it_would_call_on():
    """NEXT asks about the first raised hand not stepped out, the one it would give the floor to."""
    state = room(
        hand_queue=(ANN, SAM),
        stepped_out=frozenset({ANN}),
        link_health=MappingProxyType({SAM: LinkHealth(90, 40)}),
    )
    assert next_hand_question(state) == (
        "Sam is 40 s behind and may not see the floor yet. Give them the floor anyway?"
    )
    assert next_hand_question(room(hand_queue=(ANN,))) is None


ANN_BEHIND = MappingProxyType({ANN: LinkHealth(90, 25)})


def in_a_round(**changes) -> RoomState:
    """Fay has the floor in a round of Fay, Sam and Ann; Ann is 25 s behind."""
    changes.setdefault("link_health", ANN_BEHIND)
    return room(mode=Mode.ROUND, round=Round((FAY, SAM, ANN)), floor_holder=FAY, **changes)


def test_moving_someone_far_behind_to_next_in_the_round_asks_first():
    """Moving Ann up to share next asks; the sentence says she may not see her turn."""
    assert handover_question(in_a_round(), FAY, CommandKind.ROUND_MOVE, (ANN, 1)) == (
        "Ann is 25 s behind and may not see their turn. Make them next anyway?"
    )


def test_moving_the_next_one_down_asks_about_who_comes_next():
    """Moving Sam down makes Ann next: that asks too, about Ann."""
    question = handover_question(in_a_round(), FAY, CommandKind.ROUND_MOVE, (SAM, 2))
    assert question is not None and question.startswith("Ann is 25 s behind")


def test_a_move_that_leaves_the_next_one_asks_nothing():
    """A move that does not change who is next, or makes someone up to date next, asks nothing."""
    state = in_a_round()
    assert handover_question(state, FAY, CommandKind.ROUND_MOVE, (ANN, 0)) is None
    assert handover_question(state, FAY, CommandKind.ROUND_MOVE, (SAM, 1)) is None
    sam_behind = in_a_round(link_health=MappingProxyType({SAM: LinkHealth(90, 25)}))
    assert handover_question(sam_behind, FAY, CommandKind.ROUND_MOVE, (ANN, 1)) is None


def test_skipping_the_turn_now_asks_about_who_gets_the_floor():
    """Skipping the person sharing hands the floor on: asked like the floor itself."""
    state = in_a_round(link_health=MappingProxyType({SAM: LinkHealth(90, 25)}))
    assert handover_question(state, FAY, CommandKind.ROUND_SKIP, (FAY,)) == (
        "Sam is 25 s behind and may not see the floor yet. Give them the floor anyway?"
    )


def test_skipping_the_next_one_asks_about_the_one_after():
    """Skipping Sam makes Ann (far behind) next: asked as a turn."""
    question = handover_question(in_a_round(), FAY, CommandKind.ROUND_SKIP, (SAM,))
    assert question is not None and question.endswith("Make them next anyway?")


def test_starting_a_round_asks_about_its_first_turn():
    """A round whose first turn goes to someone far behind asks before it starts."""
    state = room(stepped_out=frozenset({FAY}), link_health=MappingProxyType({SAM: LinkHealth(90, 25)}))
    question = handover_question(state, FAY, CommandKind.ROUND_START, ())
    assert question is not None and question.startswith("Sam is 25 s behind")
    assert handover_question(room(), FAY, CommandKind.ROUND_START, ()) is None


def test_moving_on_to_a_round_segment_asks_about_its_first_turn():
    """The next agenda item starting a round with someone far behind first asks first."""
    item = AgendaItem(1, "Round", 10, SegmentRules(mode=Mode.ROUND))
    health = MappingProxyType({SAM: LinkHealth(90, 25)})
    state = room(agenda=(item,), next_item_id=2, stepped_out=frozenset({FAY}), link_health=health)
    question = handover_question(state, FAY, CommandKind.AGENDA_NEXT, ())
    assert question is not None and question.startswith("Sam is 25 s behind")


def test_a_refused_command_or_a_member_asks_nothing():
    """A command the rules refuse asks nothing (the refusal says why); members are never asked."""
    assert handover_question(room(), FAY, CommandKind.ROUND_MOVE, (ANN, 1)) is None
    assert handover_question(in_a_round(), SAM, CommandKind.ROUND_MOVE, (ANN, 1)) is None
