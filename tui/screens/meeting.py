"""The meeting screen: transcript, reading, people, floor, agenda, composer and status line.

It composes the widgets, runs the session in the ``net`` worker group, and turns each
session update (delivered as a Textual message from ``tui.messages``) into what the
participant sees. The actions that send commands live in ``MeetingActions``, the
meeting-flow ones (pass, reactions, readings, rounds, formats) in ``FlowActions`` and
the care ones in ``CareActions``; the room's rules stay in ``protocol`` and the relay:
this screen only reads the state it is given. At 80x24 the sidebar holds People, the
floor panel (with the hand queue) and the agenda; the reading panel opens above the
transcript when there is something to read.
"""

import asyncio
import time
from collections.abc import Callable
from functools import partial

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList, Static
from textual.worker import Worker, WorkerState

from protocol import Event, EventKind, Message, Mode, RoomState
from protocol.text import for_display_line
from tui import keys, messages
from tui.offers import Offers, offers
from tui.screens.care_actions import CareActions
from tui.screens.flow_actions import FlowActions
from tui.screens.meeting_actions import MeetingActions
from tui.session import Session
from tui.updates import ConnectionStatus, StatusChanged
from tui.widgets import lines
from tui.widgets.agenda import AgendaPanel
from tui.widgets.composer import Composer
from tui.widgets.floor import FloorPanel
from tui.widgets.people import PeopleList
from tui.widgets.readings import ReaderPrompt, ReadingPanel
from tui.widgets.status import LinkFacts, StatusLine
from tui.widgets.transcript import Transcript

STATUS_REFRESH_SECONDS = 5.0
"""How often the status line looks for a new round-trip time (it repaints only on change)."""
TALL = 32
"""From this many rows the agenda and floor panels list more."""


class MeetingScreen(CareActions, FlowActions, MeetingActions, Screen[None]):
    """One room, seen by one participant."""

    BINDINGS = keys.bindings(keys.meeting_keys())
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (60, "-normal"), (110, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (TALL, "-tall")]

    def __init__(self, session: Session, *, clock: Callable[[], float] = time.time) -> None:
        """Args:
        session: The session to the room; the screen runs it and closes it on unmount.
        clock: Local time in seconds since the epoch (tests fix it).
        """
        super().__init__()
        self.session = session
        self._clock = clock
        self._room: RoomState | None = None
        self._pending_says: dict[int, str] = {}
        """Our messages on their way, by request id."""
        self._detail = ""
        self._leads = False
        self._offered = Offers()
        """What ``check_action`` depends on (see ``tui.offers``)."""
        self._readings_opened: set[int] = set()
        self._loading: tuple[int | None, int | None] | None = None
        """(actor, request id) of the agenda being replaced, while its items arrive."""
        self._settled = asyncio.Event()
        self._title = Content("")
        self._link_shown: tuple[object, ...] = ()
        self._was_connected = False

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
        yield Composer(id="composer", on_submit=self.say_or_command)
        yield StatusLine(id="status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.session.add_listener(self._deliver)
        self.query_one(Composer).focus()
        self.query_one(PeopleList).border_title = "People"
        self.query_one(FloorPanel).border_title = "Floor"
        self.query_one(AgendaPanel).border_title = "Agenda"
        self.set_interval(1.0, self._tick)
        self.set_interval(STATUS_REFRESH_SECONDS, partial(self._show_link, traffic=True))
        if self.session.state is not None:
            self._show_welcome(self.session.state)
        self._show_link(traffic=True)
        self._keep_connected()

    async def on_unmount(self) -> None:
        """Close the link ourselves: a cancelled worker would close it with an error code."""
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

    def _tick(self) -> None:
        """Once a second: the clocks, computed locally (nothing is sent)."""
        self.query_one(AgendaPanel).tick()
        self.query_one(FloorPanel).tick()

    # The session

    def _deliver(self, update: object) -> None:
        """Session listener: runs on the event loop, so posting a message is safe."""
        self.post_message(messages.wrap(update))  # type: ignore[arg-type]

    @work(exclusive=True, group="net", exit_on_error=False)
    async def _keep_connected(self) -> None:
        await self.session.run()

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

    def on_room_welcomed(self, message: messages.RoomWelcomed) -> None:
        self._show_welcome(message.state)

    def on_room_event(self, message: messages.RoomEvent) -> None:
        event, after = message.event, message.state
        before = self._room or after
        if event.kind is EventKind.MEETING_ENDED:
            self.query_one(Transcript).clear()  # its words are gone from the room: from the screen too
        loading = event.kind in (EventKind.AGENDA_ADDED, EventKind.READING_ADDED)
        quiet = loading and self._loading == (event.actor, event.request_id)
        if event.kind is EventKind.AGENDA_CLEARED:
            self._loading = (event.actor, event.request_id)
        elif not loading:
            self._loading = None
        if event.kind in lines.SHOWN_AS_MESSAGES:
            self._show_said(event, after)
        elif not quiet:  # a loaded format's items show in the agenda panel, not one line each
            line = lines.narrate(before, after, event)
            if line is not None:
                self.query_one(Transcript).add(line)
        self.care_event(event, before, after)
        if event.kind is EventKind.ROLE_SET and event.fields[0] == self.my_pid:
            self.notify(f"You are now {lines.ROLE_WORDS[event.fields[1]]}.", timeout=6, markup=False)
        self.follow_readings(before, after, event)
        self._show_room(after)

    def on_floor_panel_reminder(self, message: FloorPanel.Reminder) -> None:
        """A reminder for this participant only: a toast, and a line when it marks the meeting."""
        self.notify(message.text, timeout=8, markup=False)
        if message.in_transcript:
            self.query_one(Transcript).add(lines.system(message.text, self._server_now()))

    def on_command_done(self, message: messages.CommandDone) -> None:
        if self._pending_says.pop(message.request_id, None) is not None:
            self.query_one(Transcript).forget(("pending", message.request_id))
        self._settled.set()
        self._show_link()

    def on_command_failed(self, message: messages.CommandFailed) -> None:
        text = self._pending_says.pop(message.request_id, None) if message.request_id else None
        if text is not None:
            unsent = lines.unsent(text, message.text)
            self.query_one(Transcript).replace(("pending", message.request_id), unsent)
        else:
            self._notice(message.text)
        self._settled.set()
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
        self._settled.set()
        self._show_link()

    # Drawing

    def _show_welcome(self, state: RoomState) -> None:
        """Draw the room from a fresh snapshot: the transcript starts over."""
        transcript = self.query_one(Transcript)
        transcript.clear()
        transcript.add(lines.system(lines.CONFIDENTIALITY))
        for said in state.transcript:
            transcript.add(lines.said(said, self.my_pid))
        me = state.participant(self.my_pid)
        if me is not None:
            transcript.add(
                lines.system(
                    f"You are in {for_display_line(state.title)} as "
                    f"{for_display_line(me.name)} ({lines.ROLE_WORDS[me.role]})"
                )
            )
        for request_id, text in self._pending_says.items():
            transcript.add(lines.pending(me.name if me else "you", text), key=("pending", request_id))
        self._show_room(state)
        self.welcome_readings(state)
        self.care_welcome(state)

    def _show_said(self, event: Event, state: RoomState) -> None:
        """Show a message or a paragraph read aloud; our own message replaces its pending line
        (in place when it is the last)."""
        recorded = next((m for m in reversed(state.transcript) if m.seq == event.seq), None)
        if recorded is None:  # the reducer keeps every new message; this is only a safety net
            if event.kind is not EventKind.SAID:
                return
            recorded = Message(event.seq, event.actor or 0, "someone", event.fields[0], event.at)
        said = lines.said(recorded, self.my_pid)
        transcript = self.query_one(Transcript)
        key = ("pending", event.request_id)
        if event.actor == self.my_pid and event.request_id in self._pending_says:
            del self._pending_says[event.request_id]
            if transcript.is_last(key):
                transcript.replace(key, said)
                return
            transcript.forget(key)
        transcript.add(said)

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
        self.query_one(AgendaPanel).show_room(state)
        self.query_one(ReaderPrompt).show_room(state, self.my_pid)
        why_not = state.why_not_post(self.my_pid) if self.my_pid is not None else "not_in_room"
        if why_not == "not_your_turn" and state.mode is Mode.ROUND:
            why_not = "round"
        self.query_one(Composer).show_may_post(why_not is None, why_not)
        role = f" ({lines.ROLE_WORDS[me.role]})" if me else ""
        title = Content.assemble(
            (for_display_line(state.title), "bold"),
            (f"  {state.mode.name.lower()} mode", "$text-muted"),
            ("  " + (for_display_line(me.name) + role if me else ""), "$text-muted"),
        )
        if not title.is_same(self._title):
            self._title = title
            self.query_one("#title", Static).update(title)
        self._show_link()

    def _show_link(self, traffic: bool = False) -> None:
        """Update the status line when the link or the pending count changed.

        Args:
            traffic: Also when only the round trip or byte counts changed. The timer
                passes True; doing it for every message would repaint the line each time.
        """
        session = self.session
        changes = (session.status, self._detail, len(session.pending))
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
                pending=len(session.pending),
            )
        )

    def _notice(self, text: str) -> None:
        self.query_one(Transcript).add(lines.notice(text))

    # Focus

    def on_descendant_focus(self) -> None:
        """The room keys need the whole footer at 80 columns: hide the palette key meanwhile."""
        self.query_one(Footer).show_command_palette = not self.query_one(PeopleList).has_focus

    @on(OptionList.OptionSelected, "#people")
    def _person_chosen(self) -> None:
        self.action_write()

    @on(Input.Changed, "#composer")
    def _read_on_from_the_composer(self, event: Input.Changed) -> None:
        """For the reader, a lone "." typed into the empty composer reads on, as the key does
        elsewhere: being asked to read must not move the focus from under someone typing."""
        if event.value == "." and self._offered.reading:
            event.input.clear()
            self.action_read_on()

    def action_room_keys(self) -> None:
        """Leave the composer; select whom a facilitator most likely means, if nobody is."""
        people = self.query_one(PeopleList)
        state = self._room
        if people.selected_pid is None and state is not None:
            others = [pid for pid in state.participants if pid != self.my_pid]
            likely = [*state.hand_queue, *([state.floor_holder] if state.floor_holder else []), *others]
            if likely:
                people.select_pid(likely[0])
        people.focus()

    def action_write(self) -> None:
        self.query_one(Composer).focus()

    def action_history_back(self) -> None:
        self.query_one(Transcript).page_back()

    def action_history_forward(self) -> None:
        self.query_one(Transcript).page_forward()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Facilitator actions are neither shown nor run for members; the others only when
        they apply: Done and Take when there is a floor to give back, Pass when there is a
        turn or a hand to let go, reactions while someone else shares, "read on" for the
        reader, Skip during a round."""
        offered = self._offered
        situational = {
            "done": offered.holding,
            "take_floor": offered.leads and offered.taken and not offered.holding,
            "pass_turn": offered.may_pass,
            "react": offered.may_react,
            "read_on": offered.reading,
            "toggle_readings": offered.has_readings,
            "round_skip_selected": offered.leads and offered.round_on,
        }
        if action in situational:
            return situational[action]
        if action in keys.LEADER_ACTIONS:
            return offered.leads
        return True
