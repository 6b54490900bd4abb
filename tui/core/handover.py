"""What a facilitator is asked before an intent hands someone the floor or a round's next turn.

Giving the floor (a grant, the next hand) to someone who may not see it (far behind,
reconnecting, stepped out) is asked first; so is anything else that would hand them the
floor or make them the next to share in a round: starting a round, the next agenda item
(a round segment, a guest's talk), skipping a turn, moving someone in the round's order.
``HandoverQuestions`` gives ``Intents`` one method per such action returning the sentence
to ask (``tui.core.link_words``), or None to go ahead; every front end asks it its own
way (a dialog, a y/n line) and then calls the action. Members are never asked. A typed
command's question comes as a ``Question`` with its own yes and no (deleting a note from
the lobby always asks, naming it). No Textual.
"""

from dataclasses import dataclass

from protocol import CommandKind
from tui.core.link_words import YES_FLOOR, floor_question, handover_question, next_hand_question, yes_word
from tui.core.lobby_notes import DELETE_YES, NOT_DELETED, delete_question, note_by_id
from tui.core.session import Session
from tui.core.slash import parse_slash


@dataclass(frozen=True, slots=True)
class Question:
    """Asked before a typed command goes out: the words, the yes button, what a no says."""

    text: str
    yes: str = "Give the floor"
    declined: str = "Not given."


def handing_over(text: str) -> Question:
    """A question about the floor or a round's next turn, with its own yes and no."""
    yes = yes_word(text)
    return Question(text, yes, "Not given." if yes == YES_FLOOR else "Not sent.")


class HandoverQuestions:
    """The questions asked before handing over the floor or a turn; mixed into ``Intents``."""

    session: Session

    def leads(self) -> bool:
        """Whether we facilitate or co-facilitate now."""
        me = self.session.me()
        return me is not None and me.role.leads

    def floor_question(self, pid: int) -> str | None:
        """The question to ask before giving ``pid`` the floor (far behind, reconnecting or
        stepped out: they may not see it), or None to go ahead."""
        state = self.session.state
        return floor_question(state, pid) if state is not None and self.leads() else None

    def next_question(self) -> str | None:
        """The question to ask before NEXT calls on a hand that may not see the floor, or None."""
        state = self.session.state
        return next_hand_question(state) if state is not None and self.leads() else None

    def handover_question(self, kind: CommandKind, *args: object) -> str | None:
        """What to ask before ``kind`` hands the floor or a round's next turn to someone who
        may not see it (``link_words.handover_question``), or None."""
        state, pid = self.session.state, self.session.pid
        if state is None or pid is None or not self.leads():
            return None
        return handover_question(state, pid, kind, args)

    def round_question(self) -> str | None:
        """What to ask before ``start_or_end_round`` starts one, or None."""
        state = self.session.state
        return self.handover_question(CommandKind.ROUND_START) if state and state.round is None else None

    def agenda_next_question(self) -> str | None:
        """What to ask before ``agenda_next`` (a round or a guest's talk begins), or None."""
        return self.handover_question(CommandKind.AGENDA_NEXT)

    def skip_question(self, pid: int) -> str | None:
        """What to ask before ``skip_in_round(pid)``, or None."""
        return self.handover_question(CommandKind.ROUND_SKIP, pid)

    def move_question(self, pid: int, delta: int) -> str | None:
        """What to ask before ``move(pid, delta)`` makes someone next in the round, or None."""
        moving = self.moving(pid, delta)
        return self.handover_question(*moving) if moving is not None else None

    def typed_question(self, text: str) -> Question | None:
        """What to ask before a typed ``/grant NAME``, ``/next``, ``/round move``... is sent
        (or ``/lobby delete N``, which always asks, naming the note), or None."""
        state, pid = self.session.state, self.session.pid
        if state is None or pid is None or not text.startswith("/"):
            return None
        result = parse_slash(text, state, pid)
        if result.kind is CommandKind.LOBBY_NOTE_DELETE and (note := note_by_id(state, result.args[0])):
            return Question(delete_question(note), DELETE_YES, NOT_DELETED)
        if result.kind is CommandKind.GRANT and result.args:
            asked = self.floor_question(result.args[0])
        elif result.kind is CommandKind.NEXT:
            asked = self.next_question()
        elif result.kind is not None:
            asked = self.handover_question(result.kind, *result.args)
        else:
            asked = None
        return None if asked is None else handing_over(asked)

    def moving(self, pid: int, delta: int) -> tuple[CommandKind, int, int] | None:
        """The command ``move(pid, delta)`` sends: in the round's order when a round is on and
        their hand is down, else in the hand queue; None before the welcome."""
        state = self.session.state
        if state is None:
            return None
        round_ = state.round
        if round_ is not None and pid in round_.order and pid not in state.hand_queue:
            return CommandKind.ROUND_MOVE, pid, max(0, round_.order.index(pid) + delta)
        return CommandKind.MOVE_HAND, pid, delta
