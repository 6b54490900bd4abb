"""The waiting room: what someone sees before a facilitator lets them in.

It covers the whole meeting screen, which holds nothing of the meeting anyway (a
waiting person's state is the relay's small waiting view). It shows the room's title,
its welcome, the guidelines to read, two checkboxes ("I have read and accept the
guidelines", "I am new here") whose changes go to the facilitators as WAITER_UPDATE,
and a box for an optional private note (NOTE). Replies from the facilitators appear
under it. It listens to the session itself from mount to unmount and acts through
``tui.core.intents``. The meeting screen opens it on a welcome into the waiting room
and closes it when the relay's welcome into the meeting comes; ``ClosedScreen`` tells
someone kindly when they were not let in. Untrusted text is shown only as plain
``Content``.
"""

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Checkbox, Input, Label, Static

from protocol import ProtocolError, RoomState
from protocol.limits import MAX_MESSAGE_CHARS
from protocol.state import UNKNOWN_PERSON, Note
from protocol.text import clean_message, for_display, for_display_line
from tui import keys, messages
from tui.core.intents import Intents, Outcome, Refusal
from tui.core.narration import CONFIDENTIALITY, clock_text
from tui.core.session import Session
from tui.screens.following import FollowsSession
from tui.widgets.footer import FittingFooter
from tui.widgets.tickbox import TickBox

SOON = "A facilitator will let you in soon."


def keys_hint() -> str:
    """The key of the help lines, as the waiting room names it (``F12 help lines``)."""
    return f"{keys.label_of('app-resources')} help lines"


READ_HINT = "Welcome and guidelines · ↑↓ to read · Tab to the boxes"
ACCEPT = "I have read and accept the guidelines"
NEW_HERE = "I am new here"
NOTE_LABEL = "A note to the facilitators (optional)"
NO_GUIDELINES = "This room has not written down its guidelines."


def readings_text(state: RoomState) -> Content:
    """The welcome, each guidelines reading under its title, and the confidentiality line."""
    parts = [Content(for_display(state.welcome_text))] if state.welcome_text.strip() else []
    guidelines = [reading for reading in state.readings if reading.guidelines]
    for reading in guidelines:
        parts.append(
            Content.assemble((for_display_line(reading.title), "bold"), "\n", for_display(reading.text))
        )
    if not guidelines:
        parts.append(Content.styled(NO_GUIDELINES, "$text-muted"))
    if not any(CONFIDENTIALITY in part.plain for part in parts):
        parts.append(Content.styled(CONFIDENTIALITY, "bold"))
    return Content("\n\n").join(parts)


def facilitator_name(note: Note) -> str:
    """Who wrote a reply to someone waiting: their name, or "A facilitator".

    A waiting person's view holds nobody in the meeting, so a reply that arrives live is
    recorded under ``protocol.state.UNKNOWN_PERSON``; only facilitators reply, so say that.
    """
    return "A facilitator" if note.name == UNKNOWN_PERSON else for_display_line(note.name)


def note_line(note: Note, my_pid: int | None) -> Content:
    """One private note as the waiting person sees it: theirs, or a facilitator's reply."""
    if note.from_pid == my_pid:
        who = "You to the facilitators (private): "
    else:
        who = f"{facilitator_name(note)} (private): "
    return Content.assemble((clock_text(note.at) + " ", "$text-muted"), (who, "bold"), for_display(note.text))


class WaitingScreen(FollowsSession, Screen[None]):
    """The waiting room for one session; F12 (the app's key) shows resources, Ctrl+Q leaves."""

    DEFAULT_CSS = """
    WaitingScreen { layout: vertical; }
    WaitingScreen #waiting-title { height: 1; padding: 0 1; background: $panel; text-style: bold; }
    WaitingScreen #waiting-soon { height: 1; padding: 0 1; color: $text-accent; text-style: bold; }
    WaitingScreen #waiting-soon > Static { width: 1fr; }
    WaitingScreen #waiting-soon > #keys-hint { width: auto; color: $text-muted; text-style: none; }
    WaitingScreen #waiting-readings {
        height: 1fr; padding: 0 1; border-top: hkey $panel; border-title-color: $text-muted;
    }
    WaitingScreen #waiting-readings:focus { border-top: hkey $accent; }
    WaitingScreen Checkbox { margin: 0 1; }
    WaitingScreen #waiting-note-row { height: 1; margin: 0 1; }
    WaitingScreen #waiting-note-row Label { width: auto; color: $text-muted; }
    WaitingScreen #waiting-note { height: 1; border: none; padding: 0 1; background: $boost; width: 1fr; }
    WaitingScreen #waiting-notes { height: auto; max-height: 4; padding: 0 1; }
    """

    def __init__(self, session: Session) -> None:
        """Args:
        session: The session in the waiting room; the meeting screen runs it.
        """
        super().__init__()
        self.session = session
        self.intents = Intents(session)
        self._shown: tuple[str, ...] = ()
        self._notes_shown: tuple[int, ...] = ()
        self.notes_plain = ""
        self._composed = False
        """Our notes and the facilitators' replies as shown, without styles."""

    def compose(self) -> ComposeResult:
        state = self.session.state
        me = (
            state.waiting.get(self.session.pid)
            if state is not None and self.session.pid is not None
            else None
        )
        yield Static(Content(""), id="waiting-title")
        with Horizontal(id="waiting-soon"):
            yield Static(Content(SOON))
            yield Static(Content(keys_hint()), id="keys-hint")
        with VerticalScroll(id="waiting-readings") as readings:
            readings.border_title = READ_HINT
            yield Static(Content(""), id="waiting-text")
        yield TickBox(ACCEPT, me.accepted_guidelines if me else False, id="waiting-accepted", compact=True)
        yield TickBox(NEW_HERE, me.is_new if me else False, id="waiting-new", compact=True)
        with Horizontal(id="waiting-note-row"):
            yield Label(Content(NOTE_LABEL + ": "))
            note = Input(placeholder="Enter sends it", max_length=MAX_MESSAGE_CHARS, id="waiting-note")
            note.cursor_blink = False
            yield note
        yield Static(Content(""), id="waiting-notes")
        yield FittingFooter(compact=True)

    def on_mount(self) -> None:
        self._composed = True
        self.subscribe()
        self.query_one("#waiting-readings").focus()
        if self.session.state is not None:
            self.show_state(self.session.state)

    # The session

    def follow(self, state: RoomState) -> None:
        if self.session.pid in state.waiting:
            self.show_state(state)

    def on_meeting_over(self, message: messages.MeetingOver) -> None:
        """Say kindly why we were not let in, and offer to quit."""
        if message.code == "left":
            return
        if not any(isinstance(screen, ClosedScreen) for screen in self.app.screen_stack):
            self.app.push_screen(ClosedScreen(message.text, declined=message.code == "declined"))

    # Drawing

    def show_state(self, state: RoomState) -> None:
        """Show the room's title, welcome and guidelines and our notes, where they changed."""
        if not self._composed:
            return  # pushed but not composed yet: on_mount shows the state then
        body = readings_text(state)
        shown = (state.title, body.plain)
        if shown != self._shown:
            self._shown = shown
            self.query_one("#waiting-title", Static).update(
                Content(for_display_line(state.title) + " · waiting room")
            )
            self.query_one("#waiting-text", Static).update(body)
        notes = tuple(note.seq for note in state.notes)
        if notes != self._notes_shown:
            self._notes_shown = notes
            lines = Content("\n").join(note_line(note, self.session.pid) for note in state.notes[-4:])
            self.notes_plain = lines.plain
            self.query_one("#waiting-notes", Static).update(lines)

    @property
    def readings_plain(self) -> str:
        """The welcome and guidelines as shown, without styles (for tests)."""
        return self._shown[1] if self._shown else ""

    @property
    def plain(self) -> str:
        """Everything the waiting room says, without styles (for tests and screen readers)."""
        title = self._shown[0] if self._shown else ""
        return "\n".join((title, SOON, self.readings_plain, ACCEPT, NEW_HERE, NOTE_LABEL, self.notes_plain))

    @on(Checkbox.Changed)
    def _answered(self) -> None:
        accepted = self.query_one("#waiting-accepted", Checkbox).value
        is_new = self.query_one("#waiting-new", Checkbox).value
        self._report(self.intents.answer_guidelines(accepted, is_new))

    @on(Input.Submitted, "#waiting-note")
    def _note(self, event: Input.Submitted) -> None:
        if not event.value.strip():
            return
        try:
            text = clean_message(event.value)
        except ProtocolError as error:
            self.notify(error.message, severity="warning", markup=False)
            return
        if self._report(self.intents.note(text)):
            event.input.clear()
            self.notify("Your note is on its way; only the facilitators read it.", markup=False)

    def _report(self, outcome: Outcome) -> bool:
        """Notify a refusal; True when the command is on its way."""
        if isinstance(outcome, Refusal):
            self.notify(outcome.text, severity="warning", markup=False)
            return False
        return True


class ClosedScreen(ModalScreen[None]):
    """Why the waiting room closed for us (declined, or the link ended), and a way out."""

    DEFAULT_CSS = """
    ClosedScreen { align: center middle; }
    ClosedScreen > Vertical {
        width: 64; max-width: 100%; height: auto; border: round $accent;
        background: $surface; padding: 0 1;
    }
    ClosedScreen Static { margin-bottom: 1; }
    ClosedScreen #said { margin-bottom: 0; }
    ClosedScreen #their-words { padding: 0 1; border-left: outer $accent; }
    ClosedScreen Horizontal { height: auto; align: right middle; }
    ClosedScreen Button { height: 1; border: none; min-width: 10; }
    """

    BINDINGS = keys.bindings(keys.CLOSED_KEYS)

    def __init__(self, message: str, declined: bool) -> None:
        """Args:
        message: What the facilitators (or the relay) said; untrusted.
        declined: True when the facilitators declined us, False for any other end.
        """
        super().__init__()
        self._message = message
        self._declined = declined
        self.text = ""
        """Everything the notice says, as plain text (for tests)."""

    def compose(self) -> ComposeResult:
        heading = (
            "The facilitators were not able to let you in this time."
            if self._declined
            else "The waiting room has closed for you."
        )
        said = "Their message:" if self._declined else "The reason:"
        sections = [
            Content.styled(heading, "bold"),
            Content(said),
            Content(for_display(self._message)),
            Content(
                "Thank you for coming. If you need someone to talk to now, "
                f"{keys.label_of('app-resources')} shows help lines."
            ),
        ]
        self.text = "\n".join(section.plain for section in sections)
        with Vertical():
            yield Static(sections[0])
            yield Static(sections[1], id="said")
            yield Static(sections[2], id="their-words")
            yield Static(sections[3])
            with Horizontal():
                yield Button(Content(f"Quit ({keys.label_of('closed-quit')})"), id="quit", compact=True)

    def on_mount(self) -> None:
        self.query_one("#quit", Button).focus()

    @on(Button.Pressed, "#quit")
    def _pressed(self) -> None:
        self.action_quit()

    def action_quit(self) -> None:
        """Close talkingstick (the meeting screen closes the link as it goes)."""
        self.app.exit()
