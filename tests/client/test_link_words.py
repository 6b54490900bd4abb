"""The words of link markers and the questions asked before the floor (pure: no relay)."""

from types import MappingProxyType

from protocol import Participant, Role, RoomState
from protocol.state import LinkHealth
from tui.core.link_words import floor_question, link_marker, next_hand_question

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
