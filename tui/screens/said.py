"""What the meeting screen writes in its transcript: messages, ours on their way, and the room's lines.

``SaidWriter`` keeps the transcript widget in step with the room for one reader: it
starts it over on a welcome, shows each message and paragraph read aloud, keeps our own
messages as dim "pending" lines until the relay records them (then puts the recorded
line in place) or refuses them (then strikes them through with the reason), and writes
the sentences of ``tui.widgets.lines`` about everything else. A loaded format's items
show in the agenda panel, not one line each.
"""

from collections.abc import Callable

from textual.content import Content

from protocol import Event, EventKind, Message, Role, RoomState
from protocol.state import UNKNOWN_PERSON
from protocol.text import for_display_line
from tui.widgets import lines
from tui.widgets.transcript import Transcript


class SaidWriter:
    """Writes one reader's transcript."""

    def __init__(self, transcript: Callable[[], Transcript]) -> None:
        """Args:
        transcript: The transcript widget (looked up when needed: the screen composes it later).
        """
        self._transcript = transcript
        self.pending_says: dict[int, str] = {}
        """Our messages on their way, by request id."""
        self._loading: tuple[int | None, int | None] | None = None
        """(actor, request id) of the agenda being replaced, while its items arrive."""

    def add(self, line: Content) -> None:
        """One more line at the end."""
        self._transcript().add(line)

    def welcome(self, state: RoomState, me: int | None) -> None:
        """Start over from a fresh snapshot: the reminder, the messages kept, who we are."""
        transcript = self._transcript()
        transcript.clear()
        transcript.add(lines.system(lines.CONFIDENTIALITY))
        for said in state.transcript:
            transcript.add(lines.said(said, me, _role(state, said.pid)), key=_said_key(said))
        person = state.participant(me)
        if person is not None:
            transcript.add(
                lines.system(
                    f"You are in {for_display_line(state.title)} as "
                    f"{for_display_line(person.name)} ({lines.ROLE_WORDS[person.role]})"
                )
            )
        for request_id, text in self.pending_says.items():
            name = person.name if person else "you"
            transcript.add(lines.pending(name, text), key=("pending", request_id))

    def event(self, before: RoomState, after: RoomState, event: Event, me: int | None) -> None:
        """The line for a public event, a message, or nothing (a format's items while they load)."""
        if event.kind is EventKind.MEETING_ENDED:
            self._transcript().clear()  # its words are gone from the room: from the screen too
        elif event.kind is EventKind.WITHDRAWN:  # a removed person's words leave the screen too
            whose = ("said", event.fields[0])
            self._transcript().forget_where(lambda key: isinstance(key, tuple) and key[:2] == whose)
        loading = event.kind in (EventKind.AGENDA_ADDED, EventKind.READING_ADDED)
        quiet = loading and self._loading == (event.actor, event.request_id)
        if event.kind is EventKind.AGENDA_CLEARED:
            self._loading = (event.actor, event.request_id)
        elif not loading:
            self._loading = None
        if event.kind in lines.SHOWN_AS_MESSAGES:
            self._said(event, after, me)
        elif not quiet:
            line = lines.narrate(before, after, event, me)
            if line is not None:
                self.add(line)

    def saying(self, request_id: int, name: str, text: str) -> None:
        """Our message is on its way: a pending line until the relay records it."""
        self.pending_says[request_id] = text
        self._transcript().add(lines.pending(name, text), key=("pending", request_id))

    def settled(self, request_id: int) -> None:
        """The relay acknowledged a command; a pending line still there goes."""
        if self.pending_says.pop(request_id, None) is not None:
            self._transcript().forget(("pending", request_id))

    def refused(self, request_id: int | None, reason: str) -> bool:
        """Strike our refused message through; False when the refusal was not about a message."""
        text = self.pending_says.pop(request_id, None) if request_id else None
        if text is None:
            return False
        self._transcript().replace(("pending", request_id), lines.unsent(text, reason))
        return True

    def _said(self, event: Event, state: RoomState, me: int | None) -> None:
        """Show a message or a paragraph read aloud; our own message replaces its pending line
        (in place when it is the last)."""
        recorded = next((m for m in reversed(state.transcript) if m.seq == event.seq), None)
        if recorded is None:  # the reducer keeps every new message; this is only a safety net
            if event.kind is not EventKind.SAID:
                return
            recorded = Message(event.seq, event.actor or 0, UNKNOWN_PERSON, event.fields[0], event.at)
        said = lines.said(recorded, me, _role(state, recorded.pid))
        transcript = self._transcript()
        key = ("pending", event.request_id)
        if event.actor == me and event.request_id in self.pending_says:
            del self.pending_says[event.request_id]
            if transcript.is_last(key):
                transcript.replace(key, said, _said_key(recorded))
                return
            transcript.forget(key)
        transcript.add(said, key=_said_key(recorded))


def _role(state: RoomState, pid: int) -> Role | None:
    """The role of the person who said something, while they are in the room."""
    person = state.participant(pid)
    return person.role if person is not None else None


def _said_key(said: Message) -> tuple[str, int, int]:
    """A message's key in the transcript: whose it is, so it can be withdrawn with its author."""
    return ("said", said.pid, said.seq)
