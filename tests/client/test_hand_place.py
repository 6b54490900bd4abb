"""The queue as a person reads it: typed slash forms, place and why, the facilitators' hints."""

from dataclasses import replace
from types import MappingProxyType

import pytest

from protocol import CommandKind, Role
from protocol.kinds import HandReason
from protocol.state import ShareCount
from tests.protocol.builders import room
from tui.core.hand_place import (
    fairness_lines,
    place_sentence,
    place_short,
    queue_entries,
    share_tag,
)
from tui.core.slash import parse_slash

ADA, BO, CY, DI = 1, 2, 3, 4
SHARE, RESPONSE, PROCESS = HandReason.SHARE, HandReason.RESPONSE, HandReason.PROCESS
ROOM = room(("Ada", Role.FACILITATOR), ("Bo", Role.MEMBER), ("Cy", Role.MEMBER), ("Di", Role.MEMBER))


def queued(*hands, progressive=False, shared=()):
    """The room with ``(pid, reason)`` hands in that order, and ``shared`` having shared once."""
    return replace(
        ROOM,
        hand_queue=tuple(pid for pid, _ in hands),
        hand_reasons=MappingProxyType({pid: int(r) for pid, r in hands if r is not SHARE}),
        progressive=progressive,
        shares=MappingProxyType({pid: ShareCount(1, 65) for pid in shared}),
    )


@pytest.mark.parametrize(
    ("text", "args"),
    [("/raise", ()), ("/raise response", (RESPONSE,)), ("/raise process", (PROCESS,))],
)
def test_raise_slash_forms(text, args):
    """``/raise``, ``/raise response`` and ``/raise process`` send RAISE with the reason."""
    result = parse_slash(text, ROOM, BO)
    assert (result.kind, result.args) == (CommandKind.RAISE, args)


def test_progressive_slash_form():
    """``/progressive on`` sends SET_PROGRESSIVE true."""
    result = parse_slash("/progressive on", ROOM, ADA)
    assert (result.kind, result.args) == (CommandKind.SET_PROGRESSIVE, (True,))


@pytest.mark.parametrize(
    ("state", "pid", "sentence"),
    [
        (queued((CY, PROCESS), (BO, SHARE)), BO, "You are 2nd in the queue. A point of process goes first."),
        (queued((CY, RESPONSE), (DI, SHARE), (BO, SHARE)), BO,
         "You are 3rd in the queue. Direct responses go ahead of new shares."),
        (queued((BO, SHARE), (CY, SHARE), progressive=True), BO,
         "You are 1st in the queue. You have not shared yet (progressive stack)."),
        (queued((CY, SHARE), (BO, SHARE), progressive=True, shared=(BO,)), BO,
         "You are 2nd in the queue. People who have not shared yet go first (progressive stack)."),
        (queued((BO, RESPONSE)), BO, "You are 1st in the queue. Direct responses go ahead of new shares."),
        (queued((CY, SHARE), (BO, SHARE)), BO, "You are 2nd in the queue"),
    ],
    ids=["process-ahead", "responses-ahead", "not-shared", "shared", "own-response", "plain"],
)
def test_place_and_why(state, pid, sentence):
    """A member reads their place and the reason for it."""
    assert place_sentence(state, pid) == sentence


def test_no_place_when_the_hand_is_down():
    """Nothing to say about a hand that is down."""
    assert place_sentence(queued((CY, SHARE)), BO) is None


def test_short_place_for_the_panel():
    """The floor panel's few words: the place, then why."""
    assert place_short(queued((CY, PROCESS), (BO, SHARE)), BO) == ("Hand up: you are 2nd", "(process first)")


def test_queue_marks_reasons_for_everyone():
    """Every reader sees each hand's reason; a member sees no "not shared" marks."""
    state = queued((CY, PROCESS), (BO, RESPONSE), (DI, SHARE), shared=(DI,))
    assert [e.marks for e in queue_entries(state, BO)] == [" (process)", " (response)", ""]


def test_leader_sees_not_shared_marks_and_filter():
    """A facilitator sees who has not shared, and may keep only their hands."""
    state = queued((CY, PROCESS), (DI, SHARE), shared=(DI,))
    assert [e.marks for e in queue_entries(state, ADA)] == [" (process, not shared)", ""]
    assert [e.name for e in queue_entries(state, ADA, not_shared_only=True)] == ["Cy"]


def test_no_marks_before_anyone_has_shared():
    """Before the first share nobody is marked (everyone would be)."""
    assert [e.marks for e in queue_entries(queued((DI, SHARE)), ADA)] == [""]


def test_share_tags_for_leaders_only():
    """The People list's share tag is a facilitator's alone."""
    state = queued(shared=(DI,))
    assert share_tag(state, DI, ADA) == " 1x 1:05"
    assert share_tag(state, BO, ADA) == " not shared"
    assert share_tag(state, DI, BO) == ""


def test_fairness_lines_for_leaders_only():
    """A facilitator reads each person's shares; a member reads nothing."""
    state = queued(shared=(DI,))
    assert fairness_lines(state, ADA)[-2:] == ["Di: 1 share, 1:05", "3 people not shared yet"]
    assert fairness_lines(state, BO) == []
