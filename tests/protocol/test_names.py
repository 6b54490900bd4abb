"""Names that cannot deceive: invisible characters, lookalikes, role words, removals."""

import pytest

from protocol import CommandKind, EventKind, Role
from protocol.codec import decode, encode
from protocol.errors import ProtocolError, Refused
from protocol.frames import Hello
from protocol.names import check_join_name, clean_name, name_keys, removal_keys, same_name, skeleton
from protocol.rules import check_may_join
from tests.protocol.builders import act, arrive, event, facilitated_room, record, room

ZWSP, ZWJ, SOFT_HYPHEN, LRM, RLO = "\u200b", "\u200d", "\u00ad", "\u200e", "\u202e"
CYRILLIC_A, CYRILLIC_O, ACUTE = "\u0430", "\u043e", "\u0301"


def hello_name(name: str) -> str:
    """Send ``name`` in a hello through the codec; return the name the relay would see."""
    frame = decode(encode(Hello(1, name)))
    assert isinstance(frame, Hello)
    return frame.name


@pytest.mark.parametrize("word", ["Facilitator", "host", "admin", "Relay", "ADMINISTRATOR", "Co-facilitator",
                                  "Moderator", "System", "talkingstick", "Staff", "H0st", "Fran (host)",
                                  "Facilitator2", "co facilitator"])
def test_role_words_refused_at_hello(word):
    """A hello whose name claims a role (or looks like it does) is refused as a bad name."""
    with pytest.raises(ProtocolError) as caught:
        hello_name(word)
    assert caught.value.code == "bad_name"


def test_role_word_inside_another_word_is_allowed():
    """Only whole words count: "Ghost" and "Hostetler" are ordinary names."""
    assert check_join_name("Ghost") == "Ghost"
    assert check_join_name("Sam Hostetler") == "Sam Hostetler"


@pytest.mark.parametrize(
    "name",
    [ZWSP, "Fran" + ZWSP, "Fr" + ZWJ + "an", "Rob" + SOFT_HYPHEN, LRM + "Fran", "Fran" + RLO, "\u2060",
     "Fran\ufe0f", "\u3164", "\u2800", ACUTE, ACUTE + "Rob", "Ro" + ACUTE * 4 + "b", "...", "\u00a0"],
    ids=["zwsp", "zwsp-end", "zwj", "soft-hyphen", "lrm", "rlo", "word-joiner", "variation-selector",
         "hangul-filler", "braille-blank", "lone-mark", "leading-mark", "stacked-marks", "no-letter", "nbsp"],
)
def test_invisible_or_empty_names_refused(name):
    """Invisible, format, direction characters, stray marks and letterless names are refused."""
    with pytest.raises(ProtocolError) as caught:
        clean_name(name)
    assert caught.value.code == "bad_name"


def test_name_is_normalised_before_it_is_measured():
    """NFKC and collapsed spaces come first; the limit applies to the result."""
    assert clean_name("  \uff21da   Lovelace ") == "Ada Lovelace"
    assert clean_name("R\u00e9ne\u0301") == "R\u00e9n\u00e9"
    with pytest.raises(ProtocolError):
        clean_name("\ufdfa" * 2)  # 2 characters as typed, 36 once NFKC widens each ligature
    assert len(clean_name("A" + " " * 40 + "B")) == 3


@pytest.mark.parametrize(
    "lookalike",
    ["fran", "FRAN", "Fr" + CYRILLIC_A + "n", "Fra" + ACUTE + "n", "Fran" + ACUTE, "F\u0433an", "\uff26ran"],
    ids=["lower", "upper", "cyrillic-a", "accent", "accent-end", "cyrillic-ge", "fullwidth"],
)
def test_lookalikes_share_a_key(lookalike):
    """Case, Cyrillic letters, accents and compatibility forms do not make a new name."""
    assert same_name("Fran", lookalike)


def test_different_names_stay_different():
    """Names that do not look alike keep apart, so nobody is renamed needlessly."""
    assert not same_name("Fran", "Frank")
    assert not same_name("ian", "lan")


def test_capital_i_looks_like_small_l_and_like_small_i():
    """"Ian" is "ian" by case and "lan" by look: both are caught."""
    assert same_name("Ian", "lan") and same_name("Ian", "ian")


def test_skeleton_follows_tr39():
    """The skeleton maps each character to its prototype (Cyrillic о → o, m → rn, 0 → O)."""
    assert skeleton("R" + CYRILLIC_O + "b") == "Rob"
    assert skeleton("m") == "rn"
    assert skeleton("0") == "O"


def test_lookalike_of_facilitator_is_numbered():
    """A newcomer whose name only looks like the facilitator's is given a number, like a namesake."""
    state = room(("Fran", Role.FACILITATOR))
    state, pid = arrive(state, "Fr" + CYRILLIC_A + "n")
    assert state.participants[pid].name == "Fr" + CYRILLIC_A + "n 2"


def test_lookalike_of_waiting_person_is_numbered():
    """Someone waiting holds their name against lookalikes too."""
    state = record(room(("Ada", Role.FACILITATOR)), [(EventKind.WAITING_ROOM_SET, (True,))])
    state, _ = arrive(state, "Rob")
    state, pid = arrive(state, "R" + CYRILLIC_O + "b")
    assert state.waiting[pid].name.endswith(" 2")


def removed_rob(name: str = "Rob"):
    """A room where ``name`` joined and was removed by the facilitator."""
    state, pid = arrive(room(("Ada", Role.FACILITATOR)), name)
    return act(state, 1, CommandKind.REMOVE, pid)


@pytest.mark.parametrize(
    "again",
    ["Rob", "ROB", "rob", "R" + CYRILLIC_O + "b", "Ro" + ACUTE + "b", "Rob" + ACUTE, "Rob 2", "Rob 17",
     "R0b"],
    ids=["same", "upper", "lower", "cyrillic-o", "accent", "accent-end", "numbered", "other-number", "zero"],
)
def test_removal_bars_lookalikes(again):
    """A removed name cannot come back by case, a lookalike letter, an accent or a number."""
    with pytest.raises(Refused) as caught:
        check_may_join(removed_rob(), clean_name(again))
    assert caught.value.code == "removed"


def test_removing_numbered_name_bars_the_chosen_name():
    """Removing "Rob 2" bars "Rob", so the person cannot rejoin and be numbered again."""
    state, first = arrive(room(("Ada", Role.FACILITATOR)), "Rob")
    state, second = arrive(state, "Rob")
    assert state.participants[second].name == "Rob 2"
    state = act(state, 1, CommandKind.REMOVE, second)
    with pytest.raises(Refused):
        check_may_join(state, "Rob")
    assert first in state.participants


def test_removed_names_are_stored_by_key():
    """The room keeps the keys of a removed name, not the name as typed."""
    state = removed_rob("R" + CYRILLIC_O + "b 2")
    assert state.removed_names == removal_keys("Rob")


def test_allowing_a_lookalike_lifts_the_bar():
    """A facilitator allowing the name back (in any lookalike form) lifts the removal."""
    state = act(removed_rob(), 1, CommandKind.ALLOW, "ROB")
    check_may_join(state, "Rob")
    assert state.removed_names == frozenset()


def test_other_names_still_join_after_a_removal():
    """A removal bars one name, not its neighbours."""
    check_may_join(removed_rob(), "Robin")


def test_keys_ignore_marks_and_spacing():
    """Keys drop marks and fold spacing, so "Ro b" and "Rob" stay apart but "Rób" is "Rob"."""
    assert name_keys("R\u00f3b") & name_keys("Rob")
    assert not name_keys("Ro b") & name_keys("Rob")


def test_replayed_join_event_keeps_its_name():
    """A JOINED event's name decodes to itself (the checker is idempotent)."""
    wire = event(1, EventKind.JOINED, 3, "Ada Lovelace", Role.MEMBER)
    assert decode(encode(wire)).fields[1] == "Ada Lovelace"


def test_facilitated_room_names_are_unchanged():
    """The ordinary names of the test rooms pass as they are."""
    state = facilitated_room()
    assert [p.name for p in state.participants.values()] == ["Ada", "Bo", "Cy", "Di"]
