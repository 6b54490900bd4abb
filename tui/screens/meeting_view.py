"""What the meeting screen shows: the layout, and every session update drawn on it.

``MeetingView`` composes the widgets, runs the session in the ``net`` worker group,
subscribes to it on mount (and unsubscribes on unmount), and turns each session update
(delivered as a Textual message from ``tui.messages``) into what the participant sees:
the transcript (``tui.screens.said``), the panels, the status line, the reading panel
(``tui.screens.reading_follow``) and the waiting room over it all while we wait.
``tui.screens.meeting.MeetingScreen`` adds the keys. Nothing here sends a command.
It posts ``Shown`` once there is something to read (the room drawn, a notice, a dropped
link): the app writes nothing of the screen before, only "Connecting to ROOM…".
"""

import time
from collections.abc import Callable
from functools import partial

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.reactive import Reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from protocol import EventKind, Mode, RoomState
from protocol.kinds import MODE_WORDS
from protocol.text import for_display_line
from tui import keys, messages
from tui.core import lobby_notes
from tui.core.intents import Intents, Refusal
from tui.core.link_report import LinkReporter, awaited_count
from tui.core.session import Session
from tui.core.updates import ConnectionStatus, EventApplied, SessionUpdate, StatusChanged, Welcomed
from tui.low_bandwidth import DEFAULT_PACE, ScreenPace
from tui.offers import Offers, offers
from tui.screens.catching_up import CatchingUp
from tui.screens.reading_follow import ReadingFollower
from tui.screens.said import SaidWriter
from tui.screens.waiting import WaitingScreen
from tui.widgets import lines
from tui.widgets.agenda import AgendaPanel
from tui.widgets.catchup import CatchupLine
from tui.widgets.composer import Composer
from tui.widgets.floor import FloorPanel
from tui.widgets.footer import FittingFooter
from tui.widgets.guidelines import GuidelinesPrompt
from tui.widgets.key_prompt import KeyPrompt
from tui.widgets.people import PeopleList
from tui.widgets.readings import ReaderPrompt, ReadingPanel
from tui.widgets.status import LinkFacts, StatusLine
from tui.widgets.transcript import Transcript

TALL = 32
"""From this many rows the agenda and floor panels list more."""
TOAST_SECONDS = 8
WELCOME_IN = "You are in the meeting. What is shared here stays here."


class MeetingView(Screen[None]):
    """One room, as one participant sees it (the keys are ``MeetingScreen``'s)."""

    class Shown(Message):
        """The room is drawn, or something about the link is there to read: painting may
        begin (the app paints nothing but one line until then, ``tui.terminal_frame``)."""

    focused: Reactive[Widget | None] = Reactive(None, repaint=False)
    """As ``Screen.focused``, without its repaint of the whole screen on every change of
    focus (4 KB at 80x24 in colour): the widgets that gain or lose the focus
    repaint themselves, and their ``:focus`` styles are updated by ``Screen.set_focus``."""

    # From 60 to 79 columns the sidebar narrows so that the transcript keeps most of the width.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (60, "-compact"), (80, "-normal"), (110, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (TALL, "-tall")]

    def __init__(self, session: Session, *, clock: Callable[[], float] = time.time) -> None:
        """Args:
        session: The session to the room; the screen runs it and closes it on unmount.
        clock: Local time in seconds since the epoch (tests fix it).
        """
        super().__init__()
        self.session = session
        self.intents = Intents(session)
        self._clock = clock
        self._room: RoomState | None = None
        self._detail = ""
        self._leads = False
        self._offered = Offers()
        """What ``check_action`` depends on (see ``tui.offers``)."""
        self._said = SaidWriter(lambda: self.query_one(Transcript))
        self._readings = ReadingFollower(lambda: self.query_one(ReadingPanel), self.action_write)
        self._catching_up = CatchingUp(
            session, lambda: self.query_one(Transcript), lambda: self.query_one(CatchupLine), self._server_now
        )
        self._title = Content("")
        self._link_shown: tuple[object, ...] = ()
        self._was_connected = False
        self._shown = False

    # Layout

    def compose(self) -> ComposeResult:
        yield Static(Content(""), id="title")
        with Horizontal(id="body"):
            with Vertical(id="main"):
                yield ReadingPanel(id="readings")
                yield Transcript(id="transcript")
                yield ReaderPrompt(id="reader-prompt")
            with Vertical(id="sidebar"):
                yield PeopleList(id="people")
                yield FloorPanel(self._server_now, id="floor")
                yield AgendaPanel(self._server_now, id="agenda")
        yield GuidelinesPrompt(id="guidelines-prompt")
        yield CatchupLine(id="catchup")
        yield Composer(id="composer", on_submit=self.say_or_command)
        yield StatusLine(id="status")
        yield KeyPrompt("#status", id="key-prompt")
        yield FittingFooter(compact=True)

    def on_mount(self) -> None:
        self.query_one(GuidelinesPrompt).display = False
        self.session.add_listener(self._deliver)
        self.query_one(Composer).focus()
        self.query_one(PeopleList).border_title = "People"
        self.query_one(FloorPanel).border_title = "Floor"
        self.query_one(AgendaPanel).border_title = "Agenda"
        pace = self.pace
        # app.tcss narrows the sidebar in this mode, so that a message fits on one line.
        self.set_class(pace.low_bandwidth, "-low-bandwidth")
        self.query_one(Composer).cursor_blink = pace.cursor_blink
        self.query_one(FloorPanel).clock_step = self.query_one(AgendaPanel).clock_step = pace.clock_step
        self.set_interval(1.0, self._tick)
        # The round trip and byte counts change all the time; the line repaints only this often.
        self.set_interval(pace.traffic_every, partial(self._show_link, traffic=True))
        self._catching_up.start()
        if self.session.state is not None:
            self._show_welcome(self.session.state)
        self._show_link(traffic=True)
        self._keep_connected()
        self._report_link()

    async def on_unmount(self) -> None:
        """Close the link ourselves: a cancelled worker would close it with an error code."""
        self.session.remove_listener(self._deliver)
        await self.session.close()

    def on_resize(self) -> None:
        """List more agenda items and hands on a tall terminal."""
        agenda, floor = self.query_one(AgendaPanel), self.query_one(FloorPanel)
        tall = self.size.height >= TALL
        wanted = (8, 11) if tall else (3, 7)
        if (agenda.max_items, floor.max_lines) != wanted:
            agenda.max_items, floor.max_lines = wanted
            if self._room is not None:
                agenda.show_room(self._room)
                floor.show_room(self._room, self.my_pid)

    @property
    def pace(self) -> ScreenPace:
        """What may change on screen and how often (the app's, else the default)."""
        pace = getattr(self.app, "pace", DEFAULT_PACE)
        return pace if isinstance(pace, ScreenPace) else DEFAULT_PACE

    def _tick(self) -> None:
        """Once a second: the clocks, computed locally (nothing is sent).

        A clock out of sight (the sidebar hidden on a narrow terminal) is not redrawn:
        it is brought up to date when it shows again (``on_resize``).
        """
        agenda, floor = self.query_one(AgendaPanel), self.query_one(FloorPanel)
        agenda.tick(draw=agenda.region.area > 0)
        floor.tick(draw=floor.region.area > 0)

    def on_screen_resume(self) -> None:
        """Back on top: bring the clocks up to date at once."""
        self.query_one(AgendaPanel).tick()
        self.query_one(FloorPanel).tick()

    def action_write(self) -> None:
        """Give the composer the focus, to write (the guidelines prompt, while it stands in)."""
        prompt = self.query_one(GuidelinesPrompt)
        (prompt if prompt.display else self.query_one(Composer)).focus()

    def say_or_command(self, text: str) -> None:
        """Act on a line typed in the composer (``MeetingScreen`` does: the view only shows)."""
        raise NotImplementedError

    # The session

    def _deliver(self, update: SessionUpdate) -> None:
        """Session listener: runs on the event loop, so posting a message is safe."""
        if isinstance(update, StatusChanged):  # a queued status may be replaced by a newer one
            self._catching_up.link(update)
        self.post_message(messages.wrap(update))

    @work(exclusive=True, group="net", exit_on_error=False)
    async def _keep_connected(self) -> None:
        await self.session.run()

    @work(exclusive=True, group="link-report", exit_on_error=False)
    async def _report_link(self) -> None:
        """Tell the relay how this link looks, about once a minute (``tui.core.link_report``)."""
        await LinkReporter(self.session).run()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "net" and event.state is WorkerState.ERROR:
            self._notice(f"The connection failed: {event.worker.error}")
            self._show_link()

    def _server_now(self) -> float:
        return self._clock() + self.session.server_offset

    @property
    def leads(self) -> bool:
        """Whether we facilitate or co-facilitate (and so are offered those actions)."""
        return self._leads

    @property
    def my_pid(self) -> int | None:
        """Our participant id in the room, once welcomed."""
        return self.session.pid

    # Session updates

    def on_connection_changed(self, message: messages.ConnectionChanged) -> None:
        update: StatusChanged = message.update
        self._detail = update.detail
        if update.status is ConnectionStatus.RECONNECTING and self._was_connected:
            self.notify(
                "Connection lost; what you type waits and will be sent.", severity="warning", markup=False
            )
        self._was_connected = update.status is ConnectionStatus.CONNECTED
        self._show_link()
        if update.status in (ConnectionStatus.RECONNECTING, ConnectionStatus.CLOSED):
            self._show_screen()  # the status line says why the room is not there yet

    def on_room_welcomed(self, message: messages.RoomWelcomed) -> None:
        first = self.query_one(Transcript).next_serial
        self._show_welcome(message.state)
        self._catching_up.drawn(Welcomed(message.state), first)

    def on_room_event(self, message: messages.RoomEvent) -> None:
        event, after = message.event, message.state
        before = self._room or after
        first = self.query_one(Transcript).next_serial
        self._said.event(before, after, event, self.my_pid)
        told = lines.seat_news(before, after, event, self.my_pid)
        if told is not None:
            line, toast = told
            self._said.add(line)
            if toast is not None:
                self.notify(toast, timeout=TOAST_SECONDS, markup=False)
        if event.kind is EventKind.ROLE_SET and event.fields[0] == self.my_pid:
            self.notify(f"You are now {lines.ROLE_WORDS[event.fields[1]]}.", timeout=6, markup=False)
        self._readings.follow(before, after, event, self.my_pid)
        self._show_room(after)
        self._catching_up.drawn(EventApplied(event, after), first)
        if event.kind in (EventKind.STEPPED_OUT, EventKind.MEETING_ENDED):
            self._show_link()

    def on_floor_panel_reminder(self, message: FloorPanel.Reminder) -> None:
        """A reminder for this participant only: a toast, and a line when it marks the meeting."""
        self.notify(message.text, timeout=8, markup=False)
        if message.in_transcript:
            self._said.add(lines.system(message.text, self._server_now()))

    def on_command_done(self, message: messages.CommandDone) -> None:
        self._said.settled(message.request_id)
        self._show_link()

    def on_command_failed(self, message: messages.CommandFailed) -> None:
        if not self._said.refused(message.request_id, message.text):
            self._notice(message.text)
        self._catching_up.introduction.refused(message.request_id)
        self._catching_up.show()
        self._show_link()

    def on_meeting_over(self, message: messages.MeetingOver) -> None:
        self._notice(message.text)
        if message.code not in ("left", "declined"):  # the declined notice speaks for itself
            self.notify(
                for_display_line(message.text),
                title="The meeting ended for you",
                severity="error",
                timeout=30,
                markup=False,
            )
        self.query_one(Composer).show_ended()
        self._show_link()

    # Drawing

    def _show_welcome(self, state: RoomState) -> None:
        """Draw the room from a fresh snapshot: the transcript starts over."""
        self._said.welcome(state, self.my_pid)
        self._show_room(state)
        self._readings.welcome(state, self.my_pid)
        self._open_or_close_waiting_room(state)
        waiting_notes = lobby_notes.waiting_notes(state, self.my_pid)
        if waiting_notes is not None:  # what people sent before joining, told as a facilitator comes in
            self.notify(f"{waiting_notes}: {keys.label_of('desk')} opens the desk.", timeout=8, markup=False)
        self._show_screen()

    def _open_or_close_waiting_room(self, state: RoomState) -> None:
        """After a welcome: open the waiting room, or close it once we are in the meeting."""
        pid = self.my_pid
        waiting_room = self._screen_above(WaitingScreen)
        if pid is not None and pid in state.waiting:
            if waiting_room is None:
                self.app.push_screen(WaitingScreen(self.session))
        elif waiting_room is not None and state.participant(pid) is not None:
            self.pop_until_active()  # the waiting room and anything open over it
            self.notify(WELCOME_IN, title="Welcome", timeout=TOAST_SECONDS, markup=False)

    def _show_room(self, state: RoomState) -> None:
        """Bring every panel up to ``state``."""
        self._room = state
        me = state.participant(self.my_pid)
        self._leads = me is not None and me.role.leads
        offered = offers(state, self.my_pid)
        if offered != self._offered:
            self._offered = offered
            self.refresh_bindings()
        self.query_one(PeopleList).show_room(state, self.my_pid)
        self.query_one(FloorPanel).show_room(state, self.my_pid)
        self.query_one(AgendaPanel).show_room(state, self._leads)
        self.query_one(ReaderPrompt).show_room(state, self.my_pid)
        why_not = state.why_not_post(self.my_pid) if self.my_pid is not None else "not_in_room"
        if why_not == "not_your_turn" and state.mode is Mode.ROUND:
            why_not = "round"
        self.query_one(Composer).show_may_post(why_not is None, why_not)
        self._ask_for_guidelines(state)
        role = f" ({lines.ROLE_WORDS[me.role]})" if me else ""
        title = Content.assemble(
            (for_display_line(state.title), "bold"),
            (f"  {MODE_WORDS[state.mode]} mode", "$text-muted"),
            ("  " + (for_display_line(me.name) + role if me else ""), "$text-muted"),
        )
        if not title.is_same(self._title):
            self._title = title
            self.query_one("#title", Static).update(title)
        self._show_link()

    def _ask_for_guidelines(self, state: RoomState) -> None:
        """Put the guidelines and their accept key in the composer's place while they are owed."""
        prompt, composer = self.query_one(GuidelinesPrompt), self.query_one(Composer)
        guidelines = state.guidelines()
        owed = self.my_pid is not None and guidelines is not None and state.owes_guidelines(self.my_pid)
        if owed == prompt.display:
            return
        if owed and guidelines is not None:
            prompt.show_guidelines(guidelines)
        writing = composer.has_focus or prompt.has_focus
        prompt.display, composer.display = owed, not owed
        if writing:
            (prompt if owed else composer).focus()

    def on_guidelines_prompt_accepted(self, message: GuidelinesPrompt.Accepted) -> None:
        outcome = self.intents.accept_guidelines()
        if isinstance(outcome, Refusal):
            self._notice(outcome.text)

    def _show_link(self, traffic: bool = False) -> None:
        """Update the status line when the link or the pending count changed.

        Args:
            traffic: Also when only the round trip or byte counts changed. The timer
                passes True; doing it for every message would repaint the line each time.
        """
        session = self.session
        state = session.state
        out = state is not None and session.pid in state.stepped_out
        awaited = awaited_count(session)
        changes = (session.status, self._detail, awaited, session.silent_for is not None, out)
        if changes == self._link_shown and not traffic:
            return
        self._link_shown = changes
        self.query_one(StatusLine).show_link(
            LinkFacts(
                status=session.status,
                detail=self._detail,
                rtt=session.rtt,
                bytes_sent=session.bytes_sent,
                bytes_received=session.bytes_received,
                pending=awaited,
                silent_for=session.silent_for,
                stepped_out=out,
            )
        )

    def _notice(self, text: str) -> None:
        self._said.add(lines.notice(text))
        self._show_screen()

    def _show_screen(self) -> None:
        """Say once that the screen is worth painting (``Shown``)."""
        if not self._shown:
            self._shown = True
            self.post_message(self.Shown())

    def _screen_above(self, kind: type[Screen[None]]) -> Screen[None] | None:
        """The open screen of ``kind`` above this meeting, or None."""
        return next((screen for screen in self.app.screen_stack if isinstance(screen, kind)), None)
