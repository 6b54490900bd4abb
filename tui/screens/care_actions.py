"""Safety and care on the meeting screen: the waiting room, notes, support, pauses, the desk.

A mixin of ``MeetingScreen`` (``class MeetingScreen(CareActions, MeetingActions, Screen)``).
Members write a private note to the facilitators (``b``), ask for support (``u``) and
read the resources (``y``/F12, handled by the app). Facilitators open their desk
(``w``/F10) and pause a member's messages (``z``). Two hooks keep the care screens in
step with the room: ``care_welcome`` after every welcome opens or closes the waiting
room, and ``care_event`` after every event tells the private events from where this
reader sits (``tui.widgets.care_lines``) and refreshes the desk and the waiting room.
Two message handlers add to the meeting screen's own (Textual calls the handlers of
every class in the screen's MRO): refusals are notified while a care screen covers the
transcript, and an end of the session while waiting shows ``ClosedScreen``.
"""

from typing import TYPE_CHECKING, Any

from protocol import CommandKind, Event, RoomState
from protocol.text import for_display_line
from tui import messages
from tui.screens.desk import DeskScreen
from tui.screens.notes import MinutesDialog, PickPersonDialog, note_dialog
from tui.screens.waiting import ClosedScreen, WaitingScreen
from tui.widgets.care_lines import care_news
from tui.widgets.people import PeopleList
from tui.widgets.transcript import Transcript

if TYPE_CHECKING:
    from textual.screen import Screen

    from tui.session import Session

TOAST_SECONDS = 8
WELCOME_IN = "You are in the meeting. What is shared here stays here."


class CareActions:
    """Care actions and hooks of the meeting screen."""

    session: "Session"
    _room: RoomState | None

    if TYPE_CHECKING:  # provided by the screen and ``MeetingActions``
        app: Any

        @property
        def leads(self) -> bool: ...
        def query_one(self, *args: Any) -> Any: ...
        def notify(self, *args: Any, **kwargs: Any) -> None: ...
        def pop_until_active(self) -> None: ...
        def send(self, kind: CommandKind, *args: Any) -> int | None: ...
        def _notice(self, text: str) -> None: ...
        def _selected(self) -> int | None: ...

    # Hooks the meeting screen calls

    def care_welcome(self, state: RoomState) -> None:
        """After a welcome: open the waiting room, or close it once we are in the meeting."""
        pid = self.session.pid
        waiting_room = self._care_screen(WaitingScreen)
        if pid is not None and pid in state.waiting:
            if waiting_room is None:
                self.app.push_screen(WaitingScreen(self.session))
            else:
                waiting_room.show_state(state)
        elif waiting_room is not None and state.participant(pid) is not None:
            self.pop_until_active()  # the waiting room and anything open over it
            self.notify(WELCOME_IN, title="Welcome", timeout=TOAST_SECONDS, markup=False)
        self._refresh_care_screens(state)

    def care_event(self, event: Event, before: RoomState, after: RoomState) -> None:
        """After an event: tell the private ones from where we sit, refresh the care screens."""
        news = care_news(before, after, event, self.session.pid)
        if news is not None:
            self.query_one(Transcript).add(news.line)
            if news.toast is not None:
                self.notify(news.toast, timeout=TOAST_SECONDS, markup=False)
        self._refresh_care_screens(after)

    # Handlers added to the meeting screen's own

    def on_command_failed(self, message: messages.CommandFailed) -> None:
        """The transcript shows refusals; over the desk or the waiting room, notify them too."""
        if self._covered():
            self.notify(for_display_line(message.text), severity="warning", markup=False)

    def on_meeting_over(self, message: messages.MeetingOver) -> None:
        """While waiting, say kindly why we were not let in and offer to quit."""
        if message.code == "left" or self._care_screen(WaitingScreen) is None:
            return
        if self._care_screen(ClosedScreen) is None:
            self.app.push_screen(ClosedScreen(message.text, declined=message.code == "declined"))

    # Member actions

    def action_note(self) -> None:
        """Write a private note to the facilitators."""

        def send(text: str | None) -> None:
            if text:
                self.send(CommandKind.NOTE, text)

        self.app.push_screen(note_dialog(), send)

    def action_support(self) -> None:
        """Ask for support, or withdraw the request; only facilitators see it."""
        state, pid = self.session.state, self.session.pid
        if state is None or pid is None:
            self._notice("Not in the room yet; try again once connected.")
            return
        self.send(CommandKind.SUPPORT, pid not in state.support)

    # Facilitator actions

    def action_desk(self) -> None:
        """Open the facilitators' desk."""
        if not self.leads:
            self._notice("Only a facilitator can open the desk.")
            return
        if self._care_screen(DeskScreen) is None:
            self.app.push_screen(DeskScreen(self))  # type: ignore[arg-type]

    def action_silence_selected(self) -> None:
        """Pause the messages of the person selected in the People list."""
        pid = self._selected()
        if pid is not None:
            self.ask_silence(pid)

    def ask_silence(self, pid: int) -> None:
        """Ask for how many minutes, then pause ``pid``'s messages (0 lifts a pause)."""
        state = self.session.state
        person = state.participant(pid) if state is not None else None
        if person is None:
            return
        if person.role.leads:
            self.notify("Facilitators cannot be paused.", markup=False)
            return

        def silence(minutes: int | None) -> None:
            if minutes is not None:
                self.send(CommandKind.SILENCE, pid, minutes)

        self.app.push_screen(MinutesDialog(for_display_line(person.name)), silence)

    def pick_and_silence(self) -> None:
        """Pick a member to pause (the one selected in the People list comes first)."""
        state = self.session.state
        if state is None:
            return
        members = [(p.pid, p.name) for p in state.participants.values() if not p.role.leads]
        if not members:
            self.notify("There is nobody to pause.", markup=False)
            return
        selected = self.query_one(PeopleList).selected_pid

        def picked(pid: int | None) -> None:
            if pid is not None:
                self.ask_silence(pid)

        self.app.push_screen(PickPersonDialog("Whose messages to pause?", members, selected), picked)

    # Helpers

    def _care_screen(self, kind: type["Screen[Any]"]) -> Any:
        """The open screen of ``kind`` above this meeting, or None."""
        return next((screen for screen in self.app.screen_stack if isinstance(screen, kind)), None)

    def _covered(self) -> bool:
        """Whether a care screen covers the meeting (so its transcript is out of sight)."""
        return any(isinstance(screen, DeskScreen | WaitingScreen) for screen in self.app.screen_stack)

    def _refresh_care_screens(self, state: RoomState) -> None:
        desk = self._care_screen(DeskScreen)
        me = state.participant(self.session.pid)
        if desk is not None and (me is None or not me.role.leads):
            self.pop_until_active()  # no longer a facilitator: the desk and its dialogs close
            self.notify("You no longer facilitate, so the desk has closed.", markup=False)
        elif desk is not None:
            desk.show_state(state)
        waiting_room = self._care_screen(WaitingScreen)
        if waiting_room is not None and self.session.pid in state.waiting:
            waiting_room.show_state(state)
