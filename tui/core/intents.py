"""What a person asks for, turned into a checked command: the meaning of every key and dialog.

``Intents(session)`` is the one place a front end goes to act on the room. Each method
names what the person means ("raise or lower my hand", "move Sam up", "let Neo in"),
reads the session's local copy of the room to pick the command that means it (a hand
up is lowered, a hand down is raised), checks it with the same ``protocol.rules`` the
relay runs (``may``: whether this role may ever ask for it), and sends it through the
session. Every method returns an ``Outcome``:

- ``Sent(request_id, kind)``: the command is in the session's outbox; the relay's event
  or refusal follows as a session update, like any other.
- ``Refusal(text)``: nothing was sent; ``text`` is a plain sentence to show the person.

A few actions need a question first (remove someone, pause someone, load a format over
an agenda, hand the floor or a round's next turn to someone far behind: those questions
are ``tui.core.handover``'s). Their pre-checks are separate methods that return the person or thing the
front end asks about, or a ``Refusal``: ``removal(pid)``, ``pause_target(pid)``,
``pause_candidates()``, ``reply_target(note)``; the front end asks its question, then
calls the action. A typed line goes through ``typed(text)``, which may also return
``Wanted("help")`` or ``Wanted("leave")`` for the front end to do itself.

No rule of the meeting is decided here: the relay judges every command again, and its
answer is the one that counts. Nothing here imports ``textual``: the Textual app, a
line mode and an SSH door all act through this class.
"""

import asyncio
import contextlib
from dataclasses import dataclass

from protocol import CommandKind, Mode, ProtocolError, Role, RoomState
from protocol.hand_order import reason_of
from protocol.kinds import HandReason, Reaction
from protocol.rules import may
from protocol.state import Note, Participant
from tui.core.guest_lines import guest_segment
from tui.core.handover import HandoverQuestions
from tui.core.session import Session
from tui.core.slash import parse_slash
from tui.core.updates import CommandRefused, CommandSettled, ConnectionStatus, SessionEnded, SessionUpdate

NOT_IN_ROOM = "Not in the room yet; try again once connected."
ONLY_FACILITATORS = "Only a facilitator can do that."
FACILITATOR_BY_KEY = "The facilitator's role comes with the room's key."
LEADERS_NOT_PAUSED = "Facilitators cannot be paused."
NOBODY_TO_PAUSE = "There is nobody to pause."
ACCEPTED_ALREADY = "You have accepted the guidelines already."
NOBODY_WAITING = "Nobody is waiting."
NO_NOTE = "There is no note to reply to."
OWN_NOTE = "That note is your own."
NO_DESK = "Only a facilitator can open the desk."
GUEST_STAYS_GUEST = "A guest speaker stays a guest."
NO_INVITE = "There is no open invitation to cancel."
LEAVE_WAIT_SECONDS = 3.0
"""How long leaving waits for the relay to record it before closing anyway."""


@dataclass(frozen=True, slots=True)
class Sent:
    """The command went into the session's outbox."""

    request_id: int
    kind: CommandKind
    args: tuple[object, ...] = ()
    """The command's arguments as sent."""

    @property
    def said(self) -> str | None:
        """The text of a message on its way (to show as pending), or None for any other command."""
        return str(self.args[0]) if self.kind is CommandKind.SAY and self.args else None


@dataclass(frozen=True, slots=True)
class Refusal:
    """Nothing was sent; ``text`` says why, in plain words for the person."""

    text: str


@dataclass(frozen=True, slots=True)
class Wanted:
    """A typed line asked the front end itself for something: ``help`` or ``leave``."""

    what: str


Outcome = Sent | Refusal
"""What acting on the room gave: a command on its way, or a sentence saying why not."""


class Intents(HandoverQuestions):
    """Everything one participant may ask of the room, checked and sent through ``session``."""

    def __init__(self, session: Session) -> None:
        """Args:
        session: The participant's session; commands go through its outbox.
        """
        self.session = session

    # The one way out

    def send(self, kind: CommandKind, *args: object) -> Outcome:
        """Send ``kind`` if we are in the room and our role may ask for it.

        Returns:
            ``Sent``, or a ``Refusal`` when we are not welcomed yet, our role may never
            ask for it, or the arguments break the wire's limits.
        """
        state, pid = self.session.state, self.session.pid
        if state is None or pid is None:
            return Refusal(NOT_IN_ROOM)
        me = state.participant(pid)
        if me is not None and not may(me.role, kind):
            return Refusal(ONLY_FACILITATORS)
        try:
            return Sent(self.session.send(kind, *args), kind, args)
        except ProtocolError as error:  # arguments the wire cannot carry: say so, send nothing
            return Refusal(error.message)

    @property
    def room(self) -> RoomState | None:
        """The local copy of the room, or None before the welcome."""
        return self.session.state

    def person(self, pid: int | None) -> Participant | None:
        """The participant ``pid`` in the local copy of the room, or None when unknown."""
        state = self.session.state
        return state.participant(pid) if state is not None else None

    # A typed line

    def typed(self, text: str) -> Outcome | Wanted | None:
        """A line from the composer: a message, or a slash command; None for a blank line."""
        if not text.strip():
            return None
        state, pid = self.session.state, self.session.pid
        if state is None or pid is None:
            return Refusal(NOT_IN_ROOM)
        result = parse_slash(text, state, pid)
        if result.help:
            return Wanted("help")
        if result.error is not None:
            return Refusal(result.error)
        if result.kind is CommandKind.LEAVE:
            return Wanted("leave")
        if result.kind is None:
            return None
        return self.send(result.kind, *result.args)

    # Everyone: the floor and the round

    def raise_or_lower_hand(self) -> Outcome:
        """Raise our hand, or lower it when it is up."""
        state, pid = self.session.state, self.session.pid
        if state is not None and pid is not None and pid in state.hand_queue:
            return self.send(CommandKind.LOWER, None)
        return self.send(CommandKind.RAISE)

    def raise_or_lower_for(self, reason: HandReason) -> Outcome:
        """Raise our hand for ``reason`` (a direct response, a point of process); lower it
        when it is up for that reason already; a hand up for another reason takes the new one."""
        state, pid = self.session.state, self.session.pid
        up = state is not None and pid is not None and pid in state.hand_queue
        if up and state is not None and pid is not None and reason_of(state, pid) is reason:
            return self.send(CommandKind.LOWER, None)
        return self.send(CommandKind.RAISE, reason)

    def done(self) -> Outcome:
        """Give the floor back when we have finished."""
        return self.send(CommandKind.DONE)

    def step_out_or_back(self) -> Outcome:
        """Step out for a moment (hand and round place kept), or come back when out."""
        state, pid = self.session.state, self.session.pid
        return self.send(CommandKind.STEP_OUT, not (state is not None and pid in state.stepped_out))

    def pass_turn(self) -> Outcome:
        """Let our turn go by: the floor, our place in the round, or our raised hand."""
        return self.send(CommandKind.PASS)

    def react(self, reaction: int) -> Outcome:
        """A silent reaction to the person sharing (counted, never a message)."""
        return self.send(CommandKind.REACT, Reaction(reaction))

    def read_on(self) -> Outcome:
        """Post the next paragraph of the reading we were asked to read."""
        return self.send(CommandKind.READING_STEP)

    async def leave(self, wait: float = LEAVE_WAIT_SECONDS) -> None:
        """Tell the room we leave, wait briefly for the relay to record it, then close."""
        session = self.session
        if session.status is ConnectionStatus.CONNECTED and session.pid is not None:
            recorded = asyncio.Event()
            request_id = session.send(CommandKind.LEAVE)

            def listen(update: SessionUpdate) -> None:
                if isinstance(update, SessionEnded) or (
                    isinstance(update, CommandSettled | CommandRefused) and update.request_id == request_id
                ):
                    recorded.set()

            session.add_listener(listen)
            try:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(recorded.wait(), wait)
            finally:
                session.remove_listener(listen)
        await session.close()

    # Notes and support, for everyone

    def note(self, text: str) -> Outcome:
        """A private note to the facilitators."""
        return self.send(CommandKind.NOTE, text)

    def ask_or_withdraw_support(self) -> Outcome:
        """Ask for support, or withdraw the request when it stands; only facilitators see it."""
        state, pid = self.session.state, self.session.pid
        if state is None or pid is None:
            return Refusal(NOT_IN_ROOM)
        return self.send(CommandKind.SUPPORT, pid not in state.support)

    def answer_guidelines(self, accepted: bool, is_new: bool) -> Outcome:
        """From the waiting room: whether we accept the guidelines and are new here."""
        return self.send(CommandKind.WAITER_UPDATE, accepted, is_new)

    def accept_guidelines(self) -> Outcome:
        """In the meeting: accept the room's guidelines, which must come before posting."""
        state, pid = self.session.state, self.session.pid
        if state is None or pid is None:
            return Refusal(NOT_IN_ROOM)
        if not state.owes_guidelines(pid):
            return Refusal(ACCEPTED_ALREADY)
        return self.send(CommandKind.WAITER_UPDATE, True, False)

    # Facilitators: the room

    def next_hand(self) -> Outcome:
        """Give the floor to the next raised hand."""
        return self.send(CommandKind.NEXT)

    def take_floor(self) -> Outcome:
        """Take the floor back."""
        return self.send(CommandKind.TAKE_BACK)

    def switch_progressive(self) -> Outcome:
        """Turn the progressive stack on (those who have not shared go first) or off."""
        state = self.session.state
        if state is None:
            return Refusal(NOT_IN_ROOM)
        return self.send(CommandKind.SET_PROGRESSIVE, not state.progressive)

    def may_filter_hands(self) -> Refusal | None:
        """None when we may narrow the queue to those who have not shared (facilitators)."""
        return None if self.leads() else Refusal(ONLY_FACILITATORS)

    def lower_all(self) -> Outcome:
        """Lower every raised hand."""
        return self.send(CommandKind.LOWER_ALL)

    def switch_mode(self) -> Outcome:
        """Open mode becomes floor mode; any other (floor, round, silent pause) becomes open.

        Rounds have their own key and segments bring their own mode, so this stays a
        simple switch between the two everyday modes.
        """
        state = self.session.state
        if state is None:
            return Refusal(NOT_IN_ROOM)
        return self.send(CommandKind.SET_MODE, Mode.FLOOR if state.mode is Mode.OPEN else Mode.OPEN)

    def agenda_next(self) -> Outcome:
        """Move on to the next agenda item and its rules."""
        return self.send(CommandKind.AGENDA_NEXT)

    def agenda_add(self, title: str, minutes: int, speaker: str | None = None) -> Outcome:
        """Add an item to the end of the agenda; naming a guest ``speaker`` makes it their talk
        (``tui.core.guest_lines.guest_segment``: they get the floor for its time box)."""
        if speaker is None:
            return self.send(CommandKind.AGENDA_ADD, title, minutes)
        return self.send(CommandKind.AGENDA_ADD, title, minutes, guest_segment(speaker))

    def invite_guest(self, name: str, hours: int | None = None) -> Outcome:
        """Make a one-use invitation for the guest speaker ``name``, valid ``hours`` (default a day)."""
        return self.send(CommandKind.GUEST_INVITE, name, None if hours is None else hours * 60)

    def cancel_invite(self, code: str | None) -> Outcome:
        """Withdraw the open invitation ``code`` (None: none is selected)."""
        if code is None:
            return Refusal(NO_INVITE)
        return self.send(CommandKind.GUEST_CANCEL, code)

    def start_or_end_round(self) -> Outcome:
        """Start a round with everyone present, or end the one going on."""
        state = self.session.state
        if state is None:
            return Refusal(NOT_IN_ROOM)
        return self.send(CommandKind.ROUND_START if state.round is None else CommandKind.ROUND_END)

    def switch_crosstalk(self) -> Outcome:
        """Turn crosstalk on or off."""
        state = self.session.state
        if state is None:
            return Refusal(NOT_IN_ROOM)
        return self.send(CommandKind.SET_CROSSTALK, not state.crosstalk)

    def format_replaces_agenda(self) -> bool:
        """Whether loading a format would replace an agenda (so the front end asks first)."""
        state = self.session.state
        return state is not None and bool(state.agenda)

    def load_format(self, name: str) -> Outcome:
        """Load a meeting format by name (it replaces the agenda and the readings)."""
        return self.send(CommandKind.LOAD_FORMAT, name)

    def show_reading(self, reading_id: int | None) -> Outcome:
        """Show a reading to everyone (None closes the one shown)."""
        return self.send(CommandKind.READING_SHOW, reading_id)

    def ask_to_read(self, reading_id: int, pid: int) -> Outcome:
        """Ask ``pid`` to read a reading aloud, paragraph by paragraph."""
        return self.send(CommandKind.READING_ASK, reading_id, pid)

    # Facilitators: one person

    def give_floor(self, pid: int) -> Outcome:
        """Give the floor to ``pid`` (ask ``floor_question(pid)`` first)."""
        return self.send(CommandKind.GRANT, pid)

    def lower_hand_of(self, pid: int) -> Outcome:
        """Lower ``pid``'s hand."""
        return self.send(CommandKind.LOWER, pid)

    def move(self, pid: int, delta: int) -> Outcome:
        """Move ``pid`` up (negative) or down the hand queue, or the round's order when a
        round is on and their hand is down."""
        moving = self.moving(pid, delta)
        return self.send(*moving) if moving is not None else Refusal(NOT_IN_ROOM)

    def skip_in_round(self, pid: int) -> Outcome:
        """Skip ``pid`` in the round this time."""
        return self.send(CommandKind.ROUND_SKIP, pid)

    def promote_or_demote(self, pid: int) -> Outcome | None:
        """Make ``pid`` co-facilitator, or a member again; None when they are not in the room."""
        person = self.person(pid)
        if person is None:
            return None
        if person.role is Role.FACILITATOR:
            return Refusal(FACILITATOR_BY_KEY)
        if person.role is Role.GUEST:
            return Refusal(GUEST_STAYS_GUEST)
        new_role = Role.MEMBER if person.role is Role.COFACILITATOR else Role.COFACILITATOR
        return self.send(CommandKind.SET_ROLE, pid, new_role)

    def removal(self, pid: int) -> Participant | None:
        """Whom removing ``pid`` would remove (for the question), or None when they are gone."""
        return self.person(pid)

    def remove(self, pid: int) -> Outcome:
        """Remove ``pid`` from the room (they cannot come back until allowed)."""
        return self.send(CommandKind.REMOVE, pid)

    def pause_target(self, pid: int) -> Participant | Refusal | None:
        """Whose messages pausing ``pid`` would pause, a ``Refusal`` for a facilitator, or
        None when they are gone."""
        person = self.person(pid)
        if person is not None and person.role.leads:
            return Refusal(LEADERS_NOT_PAUSED)
        return person

    def pause_candidates(self) -> list[tuple[int, str]] | Refusal:
        """The members whose messages may be paused, as (pid, name), or a ``Refusal``."""
        state = self.session.state
        if state is None:
            return Refusal(NOT_IN_ROOM)
        members = [(p.pid, p.name) for p in state.participants.values() if not p.role.leads]
        return members or Refusal(NOBODY_TO_PAUSE)

    def pause(self, pid: int, minutes: int) -> Outcome:
        """Pause ``pid``'s messages for ``minutes`` (0 lifts a pause)."""
        return self.send(CommandKind.SILENCE, pid, minutes)

    # Facilitators: the desk

    def may_open_desk(self) -> Refusal | None:
        """None when we may open the facilitators' desk, else why not."""
        return None if self.leads() else Refusal(NO_DESK)

    def admit(self, pid: int | None) -> Outcome:
        """Let the waiting person ``pid`` in."""
        if pid is None:
            return Refusal(NOBODY_WAITING)
        return self.send(CommandKind.ADMIT, pid)

    def admit_all(self) -> Outcome:
        """Let everyone waiting in."""
        state = self.session.state
        if state is None or not state.waiting:
            return Refusal(NOBODY_WAITING)
        return self.send(CommandKind.ADMIT_ALL)

    def decline_all(self) -> Outcome:
        """Turn everyone waiting away (they stay turned away for this meeting)."""
        state = self.session.state
        if state is None or not state.waiting:
            return Refusal(NOBODY_WAITING)
        return self.send(CommandKind.DECLINE_ALL)

    def decline(self, pid: int, message: str = "") -> Outcome:
        """Decline the waiting person ``pid``, with the facilitators' message when there is one."""
        if message:
            return self.send(CommandKind.DECLINE, pid, message)
        return self.send(CommandKind.DECLINE, pid)

    def delete_lobby_note(self, note_id: int | None) -> Outcome:
        """Delete a note from the lobby (the one selected on the desk)."""
        if note_id is None:
            return Refusal("Select a note from the lobby first.")
        return self.send(CommandKind.LOBBY_NOTE_DELETE, note_id)

    def reply_target(self, note: Note | None) -> int | Refusal:
        """Whom a reply to ``note`` goes to: the writer of a note, the addressee of a reply."""
        if note is None or self.session.state is None:
            return Refusal(NO_NOTE)
        pid = note.to_pid if note.to_pid is not None else note.from_pid
        if pid == self.session.pid:
            return Refusal(OWN_NOTE)
        return pid

    def reply(self, pid: int, text: str) -> Outcome:
        """A private reply to ``pid`` (only they and the facilitators read it)."""
        return self.send(CommandKind.REPLY, pid, text)

    def lock_or_unlock(self) -> Outcome:
        """Lock the room (newcomers wait), or unlock it."""
        state = self.session.state
        if state is None:
            return Refusal(NOT_IN_ROOM)
        return self.send(CommandKind.LOCK, not state.locked)

    def switch_lockdown(self) -> Outcome:
        """Turn lockdown on or off."""
        state = self.session.state
        if state is None:
            return Refusal(NOT_IN_ROOM)
        return self.send(CommandKind.LOCKDOWN, not state.lockdown)

    def switch_waiting_room(self) -> Outcome:
        """Turn the waiting room on or off."""
        state = self.session.state
        if state is None:
            return Refusal(NOT_IN_ROOM)
        return self.send(CommandKind.SET_WAITING_ROOM, not state.waiting_room)

    def end_meeting(self) -> Outcome:
        """End the meeting; the relay deletes its messages."""
        return self.send(CommandKind.END_MEETING)
