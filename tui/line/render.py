"""Session updates as plain lines: what line mode prints for each change in the room.

``LineRenderer`` keeps the room as it last saw it and answers each session update with
the lines to print, oldest first, each without its newline:

* a message: ``HH:MM Name: text`` (``tui.core.message_lines``; continuation lines are
  indented), so a message costs its name and text plus 9 bytes, 23 with a leader's
  role word (co-facilitators too read ``(facilitator)`` here, to stay within 24);
* a public event: ``HH:MM `` and the sentence of ``tui.core.narration``;
* news told from the reader's seat (notes, support, the waiting room):
  ``HH:MM ! sentence`` when it asks for attention, from ``tui.core.narration_seat``;
* what the event means for the reader: ``You have the floor``, ``Round: your turn``,
  ``You are 3rd in the queue``;
* the link: ``Connection lost; retrying in 2 s``, ``Back in the room``.

Key hints are filled with slash-command words (there are no keys here). Each event and
each message is printed at most once: the session never applies an event twice, and
this renderer also skips any sequence number it already printed, so a resume (or a
snapshot after a long absence) never repeats a line. Every name and text passes through
``protocol.text``; nothing here imports ``textual`` or ``rich``.
"""

from protocol import Event, EventKind, Message, Role, RoomState
from protocol.rounds import upcoming
from protocol.state import UNKNOWN_PERSON
from protocol.text import for_display, for_display_line
from tui.core.hand_place import place_sentence
from tui.core.lobby_notes import inbox_lines
from tui.core.message_lines import message_lines
from tui.core.narration import (
    CONFIDENTIALITY,
    ROLE_WORDS,
    SHOWN_AS_MESSAGES,
    KeyHint,
    clock_text,
    leads,
    segment_text,
    shown_name,
    tell,
)
from tui.core.narration_seat import BACK_FROM_STEPPING_OUT, TO_THE_DESK, tell_seat
from tui.core.updates import (
    CommandRefused,
    ConnectionStatus,
    EventApplied,
    SessionEnded,
    SessionUpdate,
    StatusChanged,
    Welcomed,
)

WAITING_HINT = KeyHint(("desk",), " — ", " to admit")
"""The hint ``tui.core.narration_seat`` ends a waiting person's line with."""

LINE_HINTS: dict[KeyHint, str] = {
    TO_THE_DESK: " — /reply NAME TEXT answers privately",
    WAITING_HINT: " — /admit NAME lets them in, /decline NAME turns them away",
    BACK_FROM_STEPPING_OUT: " Type /back when you are back.",
}
"""Key hints that read better as a whole phrase in line mode."""

HINT_WORDS = {
    "readings": "/reading show N",
    "react-heart": "/react heart",
    "react-me-too": "metoo",
    "react-thanks": "thanks",
    "desk": "/who",
    "step-out": "/back",
}
"""Slash-command words in place of each binding a narration hint names."""

WAITING_WORDS = (
    "Type /accept to accept the guidelines, /new if you are new here, /guidelines to read "
    "them again, /note TEXT to write to the facilitators, /leave to go."
)


def hint_text(hint: KeyHint | None) -> str:
    """A narration's key hint in slash-command words, or nothing."""
    if hint is None:
        return ""
    if hint in LINE_HINTS:
        return LINE_HINTS[hint]
    return hint.text(lambda binding_id: HINT_WORDS.get(binding_id, "/help"))


def said_lines(message: Message, state: RoomState) -> list[str]:
    """A message as printed: ``HH:MM Name: text``, then indented continuation lines."""
    person = state.participant(message.pid)
    # Both leader roles read "(facilitator)" here: "(co-facilitator)" would take a message
    # past 24 bytes beyond its name and text, and ``/who`` tells the two apart. The word is
    # reserved either way, so no member's name can show it.
    role = Role.FACILITATOR if person is not None and person.role.leads else None
    if person is not None and person.role is Role.GUEST:  # "(guest)": a guest speaker, for everyone
        role = Role.GUEST
    return message_lines(clock_text(message.at), message.name, role, message.text)


def guidelines_lines(state: RoomState) -> list[str]:
    """The room's welcome and each guidelines reading under its title."""
    lines = for_display(state.welcome_text).splitlines() if state.welcome_text.strip() else []
    guidelines = [reading for reading in state.readings if reading.guidelines]
    for reading in guidelines:
        lines.append(f"Guidelines: {for_display_line(reading.title)}")
        lines.extend("  " + line for line in for_display(reading.text).splitlines() if line.strip())
    if not guidelines:
        lines.append("This room has not written down its guidelines.")
    return lines


def waiting_room_lines(state: RoomState) -> list[str]:
    """The waiting room in words: where we are, the welcome, the guidelines, what to type."""
    title = for_display_line(state.title)
    return [
        f"You are in the waiting room of {title}. A facilitator will let you in.",
        *guidelines_lines(state),
        CONFIDENTIALITY,
        WAITING_WORDS,
    ]


class LineRenderer:
    """Turns one reader's session updates into the lines to print."""

    def __init__(self) -> None:
        self.state: RoomState | None = None
        """The room as of the last update."""
        self.me: int | None = None
        """The reader's participant id (it changes when they are let in from the waiting room)."""
        self._printed_seq = 0
        """The highest event sequence number printed: nothing at or below it prints again."""
        self._printed_message_seq = 0
        """The highest message printed, so a later snapshot prints only newer ones."""
        self._status = ConnectionStatus.CONNECTING
        self._welcomes = 0
        self._was_waiting = False

    def update(self, update: SessionUpdate, me: int | None) -> list[str]:
        """The lines for ``update``, seen from participant ``me``."""
        if isinstance(update, EventApplied):
            lines = self._event(update.event, update.state, me)
        elif isinstance(update, Welcomed):
            lines = self._welcomed(update.state, me)
        elif isinstance(update, StatusChanged):
            lines = self._status_changed(update)
        elif isinstance(update, CommandRefused):
            lines = [f"! Not done: {for_display_line(update.message)}"]
        elif isinstance(update, SessionEnded):
            lines = [f"! {for_display_line(update.message)}"]
        else:
            lines = []
        self.me = me
        return lines

    # Welcomes and the link

    def _welcomed(self, state: RoomState, me: int | None) -> list[str]:
        waiting = me is not None and me in state.waiting
        first = self._welcomes == 0
        let_in = self._was_waiting and not waiting
        self._welcomes += 1
        self._was_waiting = waiting
        self.state = state
        if waiting:
            return waiting_room_lines(state) if first else []
        lines = [CONFIDENTIALITY] if first else []
        if let_in:
            lines.append("A facilitator let you in.")
        lines.extend(self._new_messages(state))
        person = state.participant(me)
        if first or let_in:
            if person is not None:
                lines.append(
                    f"You are in {for_display_line(state.title)} as "
                    f"{for_display_line(person.name)} ({ROLE_WORDS[person.role]})"
                )
            lines.extend(self.now_lines(state, me))
            if leads(state, me) and state.lobby_notes:  # read before the meeting, as a note is meant to be
                lines.extend(inbox_lines(state))
            if me is not None and state.owes_guidelines(me):  # they come before posting
                lines.extend(guidelines_lines(state))
                lines.append("Type /accept to accept the guidelines; then you can post.")
            lines.append("Type a line to post it; /help lists the commands.")
        self._printed_seq = max(self._printed_seq, state.seq)
        return lines

    def _new_messages(self, state: RoomState) -> list[str]:
        lines: list[str] = []
        for message in state.transcript:
            if message.seq > self._printed_message_seq:
                lines.extend(said_lines(message, state))
                self._printed_message_seq = message.seq
        return lines

    def _status_changed(self, update: StatusChanged) -> list[str]:
        before, self._status = self._status, update.status
        if update.status is ConnectionStatus.RECONNECTING and before is ConnectionStatus.CONNECTED:
            return [f"! Connection lost; {for_display_line(update.detail)}. What you type is kept."]
        if update.status is ConnectionStatus.CONNECTED and before is ConnectionStatus.RECONNECTING:
            return ["Back in the room"]
        return []

    # Events

    def _event(self, event: Event, after: RoomState, me: int | None) -> list[str]:
        before = self.state if self.state is not None else after
        self.state = after
        if event.seq <= self._printed_seq:
            return []
        self._printed_seq = event.seq
        if event.kind in SHOWN_AS_MESSAGES:
            return self._said(event, after)
        stamp = clock_text(event.at) + " "
        lines: list[str] = []
        told = tell(before, after, event, me)
        if told is not None:
            lines.append(stamp + told.text + self._share_words(event, after) + hint_text(told.hint))
            if event.kind is EventKind.READING_SHOWN:
                lines.extend(self._reading_text(after))
        news = tell_seat(before, after, event, me)
        if news is not None:
            mark = "! " if news.alert else ""
            lines.append(stamp + mark + news.text + hint_text(news.hint) + (news.body or ""))
        lines.extend(self._for_me(before, after, me))
        return lines

    def _said(self, event: Event, after: RoomState) -> list[str]:
        recorded = next((m for m in reversed(after.transcript) if m.seq == event.seq), None)
        if recorded is None:
            if event.kind is not EventKind.SAID:
                return []
            recorded = Message(event.seq, event.actor or 0, UNKNOWN_PERSON, event.fields[0], event.at)
        self._printed_message_seq = max(self._printed_message_seq, recorded.seq)
        return said_lines(recorded, after)

    @staticmethod
    def _share_words(event: Event, after: RoomState) -> str:
        """``, 4 min`` after "Sam has the floor" when the segment limits shares."""
        deadline = after.share_deadline() if event.kind is EventKind.FLOOR_GIVEN else None
        if deadline is None or after.floor_since is None:
            return ""
        seconds = deadline - after.floor_since
        return f", {seconds // 60} min" if seconds % 60 == 0 else f", {seconds} s"

    @staticmethod
    def _reading_text(state: RoomState) -> list[str]:
        reading = state.reading(state.shown_reading)
        if reading is None:
            return []
        return ["  " + line for line in for_display(reading.text).splitlines() if line.strip()]

    @staticmethod
    def _for_me(before: RoomState, after: RoomState, me: int | None) -> list[str]:
        """What changed for the reader: the floor, their turn, their place in the queue."""
        if me is None or me not in after.participants:
            return []
        if after.floor_holder == me and before.floor_holder != me:
            return [
                "Round: your turn (/done when finished, /pass to pass)"
                if after.round
                else "You have the floor"
            ]
        place, was = after.queue_place(me), before.queue_place(me)
        sentence = place_sentence(after, me)
        if sentence is not None and (place != was or sentence != place_sentence(before, me)):
            return [sentence]
        if place is None and was is not None and after.floor_holder != me:
            return ["Your hand is down"]
        next_now = after.round is not None and after.floor_holder != me and upcoming(after) == me
        if next_now and (before.round is None or upcoming(before) != me):
            return ["Round: you are next"]
        return []

    # Shown on entering

    @staticmethod
    def now_lines(state: RoomState, me: int | None) -> list[str]:
        """Where the meeting stands: the agenda item, the floor, the reader's place."""
        lines: list[str] = []
        item = state.agenda_item(state.current_item)
        if item is not None:
            lines.append(segment_text(item))
        if state.floor_holder is not None:
            you = " (you)" if state.floor_holder == me else ""
            lines.append(f"{shown_name(state, state.floor_holder)} has the floor{you}")
        sentence = place_sentence(state, me)
        if sentence is not None:
            lines.append(sentence)
        return lines
