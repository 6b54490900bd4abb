"""Rules and bars: a silence or removal follows the person, a silenced hand stays down,
and only the facilitator changes a co-facilitator's role."""

import pytest

from protocol import CommandKind, Role
from protocol.bars import Bars
from protocol.errors import Refused
from protocol.rules import Context
from tests.protocol.builders import AT, act, facilitated_room, room

NOW = Context(now=AT)


def test_silence_bars_the_name_and_its_lookalikes():
    """A silenced name, a lookalike of it or it with a number comes back silenced until the silence ends."""
    bars = Bars().silence("Ann", None, AT + 300)
    assert bars.silence_for("Ann", None, AT) == AT + 300
    assert bars.silence_for("\u0410nn 2", None, AT) == AT + 300  # Cyrillic А
    assert bars.silence_for("Ann", None, AT + 301) is None
    assert bars.silence_for("Ben", None, AT) is None


def test_silence_bars_the_device_under_any_name():
    """A silenced device comes back silenced under any name."""
    bars = Bars().silence("Ann", "device-hash", AT + 300)
    assert bars.silence_for("Zed", "device-hash", AT) == AT + 300
    assert bars.silence_for("Zed", "other-hash", AT) is None


def test_lifting_a_silence_frees_name_and_device():
    """A silence of 0 lifts the bars on the name and the device."""
    bars = Bars().silence("Ann", "device-hash", AT + 300).silence("Ann", "device-hash", 0)
    assert bars.silence_for("Ann", "device-hash", AT) is None


def test_removal_bars_the_device_until_allowed():
    """A removed device stays barred until its name is allowed back."""
    bars = Bars().remove("Ann 2", "device-hash")
    assert bars.removed("device-hash") and not bars.removed(None) and not bars.removed("other")
    assert not bars.allow("Ann").removed("device-hash")
    assert bars.allow("Ben").removed("device-hash")


def test_silenced_member_may_not_raise_a_hand():
    """A silenced member's hand raise is refused; the silence over, it is allowed."""
    state = act(facilitated_room(), 1, CommandKind.SILENCE, 3, 5, context=NOW)
    with pytest.raises(Refused) as refusal:
        act(state, 3, CommandKind.RAISE, context=NOW)
    assert refusal.value.code == "silenced"
    later = Context(now=AT + 301)
    assert 3 in act(state, 3, CommandKind.RAISE, context=later).hand_queue


def test_cofacilitator_may_not_demote_a_cofacilitator():
    """A co-facilitator changing another co-facilitator's role is refused."""
    state = act(
        room(("Ada", Role.FACILITATOR), ("Bo", Role.MEMBER), ("Cy", Role.MEMBER)),
        1,
        CommandKind.SET_ROLE,
        2,
        Role.COFACILITATOR,
    )
    state = act(state, 1, CommandKind.SET_ROLE, 3, Role.COFACILITATOR)
    with pytest.raises(Refused) as refusal:
        act(state, 2, CommandKind.SET_ROLE, 3, Role.MEMBER)
    assert refusal.value.code == "facilitator_only"


def test_cofacilitator_may_not_remove_a_cofacilitator():
    """A co-facilitator removing another co-facilitator is refused (the other order of the same rule)."""
    state = act(facilitated_room(), 1, CommandKind.SET_ROLE, 3, Role.COFACILITATOR)
    with pytest.raises(Refused):
        act(state, 2, CommandKind.REMOVE, 3)


def test_facilitator_may_demote_a_cofacilitator():
    """The facilitator may make a co-facilitator a member again."""
    state = act(facilitated_room(), 1, CommandKind.SET_ROLE, 2, Role.MEMBER)
    assert state.participants[2].role is Role.MEMBER


def test_cofacilitator_may_promote_a_member():
    """A co-facilitator may still make a member a co-facilitator."""
    state = act(facilitated_room(), 2, CommandKind.SET_ROLE, 3, Role.COFACILITATOR)
    assert state.participants[3].role is Role.COFACILITATOR
