"""The hand queue as a person reads it: each hand's reason, your place and why, the fairness hints.

Every front end says the same words: the Textual floor panel and People list, and line
mode's lines and ``/queue``. A member reads their own place and the reason for it
("You are 2nd in the queue. A point of process goes first."); facilitators also read, for the
current meeting, each person's shares and share time and who has not shared yet, and may
narrow the queue to those. The order itself is the relay's (``protocol.hand_order``);
nothing here decides it. Plain strings only; this module must not import ``textual``.
"""

from dataclasses import dataclass

from protocol import RoomState
from protocol.fairness import not_shared
from protocol.hand_order import has_shared, reason_of
from protocol.kinds import HandReason
from tui.core.narration import leads, ordinal, sentence_case, shown_name
from tui.core.wording import plural

REASON_WORDS = {HandReason.RESPONSE: "response", HandReason.PROCESS: "process"}
"""How a hand's reason is marked in the queue (a new share is not marked)."""
REASON_PHRASES = {
    HandReason.SHARE: "a new share",
    HandReason.RESPONSE: "a direct response",
    HandReason.PROCESS: "a point of process",
}
"""What a hand is raised for, in a sentence."""
NOT_SHARED_MARK = "not shared"
"""After the name of someone in the queue who has not shared, for facilitators only."""


@dataclass(frozen=True, slots=True)
class Why:
    """Why a hand is where it is: a sentence, and the few words a narrow panel has room for."""

    sentence: str
    short: str


PROCESS_FIRST = Why("A point of process goes first.", "process first")
MY_PROCESS = Why("Points of process go first.", "process")
MY_RESPONSE = Why("Direct responses go ahead of new shares.", "response")
RESPONSES_FIRST = Why("Direct responses go ahead of new shares.", "responses first")
NOT_SHARED_FIRST = Why("You have not shared yet (progressive stack).", "not shared yet")
SHARED_LATER = Why("People who have not shared yet go first (progressive stack).", "not shared go first")


def why_there(state: RoomState, pid: int) -> Why | None:
    """Why ``pid``'s raised hand is at its place, or None when it is simply the order of raising."""
    place = state.queue_place(pid)
    if place is None:
        return None
    mine = reason_of(state, pid)
    ahead = [reason_of(state, other) for other in state.hand_queue[: place - 1]]
    if mine is HandReason.PROCESS:
        return MY_PROCESS
    if HandReason.PROCESS in ahead:
        return PROCESS_FIRST
    if mine is HandReason.RESPONSE:
        return MY_RESPONSE
    if HandReason.RESPONSE in ahead:
        return RESPONSES_FIRST
    if state.progressive and not has_shared(state, pid):
        return NOT_SHARED_FIRST
    if state.progressive and ahead:
        return SHARED_LATER
    return None


def _place_and_why(state: RoomState, my_pid: int | None) -> tuple[int, Why | None] | None:
    """The reader's place in the queue and why they stand there, or None when their hand is down."""
    place = None if my_pid is None else state.queue_place(my_pid)
    if my_pid is None or place is None:
        return None
    return place, why_there(state, my_pid)


def place_sentence(state: RoomState, my_pid: int | None) -> str | None:
    """``You are 2nd in the queue. A point of process goes first.``, or None when the hand is down."""
    placed = _place_and_why(state, my_pid)
    if placed is None:
        return None
    place, why = placed
    return f"You are {ordinal(place)} in the queue" + (f". {why.sentence}" if why else "")


def place_short(state: RoomState, my_pid: int | None) -> tuple[str, str] | None:
    """``("Hand up: you are 2nd", "(process first)")`` for the narrow floor panel: the place,
    and why in a few words (empty when it is simply the order of raising); None when the
    hand is down."""
    placed = _place_and_why(state, my_pid)
    if placed is None:
        return None
    place, why = placed
    return f"Hand up: you are {ordinal(place)}", f"({why.short})" if why else ""



def hints_shown(state: RoomState, my_pid: int | None) -> bool:
    """Whether the reader sees "not shared yet" marks: a facilitator, once someone has shared
    (before the first share everyone is new to the floor, and marking all would say nothing)."""
    return leads(state, my_pid) and any(count.count for count in state.shares.values())


@dataclass(frozen=True, slots=True)
class QueueEntry:
    """One raised hand as the queue lists it."""

    place: int
    pid: int
    name: str
    reason: str
    """``response``, ``process``, or empty for a new share."""
    not_shared: bool
    """True when the reader facilitates and this person has not shared yet."""
    you: bool

    @property
    def marks(self) -> str:
        """`` (response, not shared yet)``: the marks after the name, or the empty string."""
        words = [w for w in (self.reason, NOT_SHARED_MARK if self.not_shared else "") if w]
        return f" ({', '.join(words)})" if words else ""


def queue_entries(state: RoomState, my_pid: int | None, *, not_shared_only: bool = False) -> list[QueueEntry]:
    """The raised hands in queue order; a facilitator may keep only those who have not shared."""
    hints = hints_shown(state, my_pid)
    entries = []
    for place, pid in enumerate(state.hand_queue, start=1):
        fresh = hints and not has_shared(state, pid)
        if not_shared_only and not fresh:
            continue
        reason = REASON_WORDS.get(reason_of(state, pid), "")
        name = sentence_case(shown_name(state, pid))  # "Someone" in a count-only room
        entries.append(QueueEntry(place, pid, name, reason, fresh, pid == my_pid))
    return entries


def share_time(seconds: int) -> str:
    """``3:05`` (minutes and seconds) of the time someone has shared."""
    return f"{seconds // 60}:{seconds % 60:02d}"


def share_tag(state: RoomState, pid: int, my_pid: int | None) -> str:
    """`` 2x 3:05`` or `` not shared`` after a name in the People list, for facilitators only."""
    if not hints_shown(state, my_pid):
        return ""
    count = state.shares.get(pid)
    if count is None or count.count == 0:
        return " not shared"
    return f" {count.count}x {share_time(count.seconds)}"


def fairness_lines(state: RoomState, my_pid: int | None) -> list[str]:
    """The facilitators' fairness hints for this meeting, one line a person (empty for a member)."""
    if not leads(state, my_pid):
        return []
    lines = []
    for pid in sorted(state.participants):
        count = state.shares.get(pid)
        if count is None or count.count == 0:
            lines.append(f"{shown_name(state, pid)}: not shared yet")
        else:
            lines.append(
                f"{shown_name(state, pid)}: {plural(count.count, 'share')}, {share_time(count.seconds)}"
            )
    waiting = len(not_shared(state))
    stack = " (progressive stack on)" if state.progressive else ""
    lines.append(f"{plural(waiting, 'person')} not shared yet{stack}")
    return lines
