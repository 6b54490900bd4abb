"""The meeting-flow actions of the meeting screen: pass, react, read aloud, rounds, formats.

A mixin of ``MeetingScreen`` beside ``MeetingActions``: each action turns into one
command through ``send`` (the relay judges it). It also keeps the reading panel in step
with the room: it opens when a facilitator shows a reading or asks us to read one
(without taking the focus: ``.`` reads on from the composer too, see
``MeetingScreen``), closes when the reading is closed or a new segment begins without
one, and shows the guidelines once to someone who arrived after they were read.
"""

from typing import TYPE_CHECKING, Any

from protocol import CommandKind, Event, EventKind, RoomState
from protocol.kinds import Reaction
from protocol.text import for_display_line
from tui.screens.dialogs import ConfirmScreen
from tui.screens.formats import FormatScreen
from tui.screens.reading_picker import ReadingChoice, ReadingPickerScreen
from tui.widgets.people import PeopleList
from tui.widgets.readings import ReadingPanel, missed_guidelines, reading_to_show

if TYPE_CHECKING:
    from tui.session import Session


class FlowActions:
    """Meeting-flow actions and the reading panel's behaviour."""

    session: "Session"
    _readings_opened: set[int]
    """Readings opened for us on joining, so that each opens by itself only once."""

    if TYPE_CHECKING:  # provided by the screen and MeetingActions

        def query_one(self, *args: Any) -> Any: ...
        def send(self, kind: CommandKind, *args: Any) -> int | None: ...
        def _notice(self, text: str) -> None: ...
        def _selected(self) -> int | None: ...
        def action_write(self) -> None: ...

        app: Any
        my_pid: int | None

    # Everyone

    def action_pass_turn(self) -> None:
        """Let our turn go by: the floor, our place in the round, or our raised hand."""
        self.send(CommandKind.PASS)

    def action_react(self, reaction: int) -> None:
        """A silent reaction to the person sharing (counted, never a message)."""
        self.send(CommandKind.REACT, Reaction(reaction))

    def action_read_on(self) -> None:
        """Post the next paragraph of the reading we were asked to read."""
        self.send(CommandKind.READING_STEP)

    def action_toggle_readings(self) -> None:
        """Show or hide the reading panel; shown, it takes the focus so the arrows scroll it."""
        panel = self.query_one(ReadingPanel)
        if panel.is_open:
            self._close_readings()
            return
        state = self.session.state
        if state is None:
            return
        reading = (
            reading_to_show(state, self.my_pid)
            or state.reading(panel.reading_id)
            or next((r for r in state.readings if r.guidelines), None)
            or (state.readings[0] if state.readings else None)
        )
        if reading is None:
            self._notice("This room has no readings.")
            return
        panel.show_reading(reading)
        panel.focus()

    # Facilitators

    def action_round_toggle(self) -> None:
        """Start a round with everyone present, or end the one going on."""
        state = self.session.state
        if state is not None:
            self.send(CommandKind.ROUND_START if state.round is None else CommandKind.ROUND_END)

    def action_round_skip_selected(self) -> None:
        if (pid := self._selected()) is not None:
            self.send(CommandKind.ROUND_SKIP, pid)

    def action_toggle_crosstalk(self) -> None:
        state = self.session.state
        if state is not None:
            self.send(CommandKind.SET_CROSSTALK, not state.crosstalk)

    def action_load_format(self) -> None:
        """Pick a format from the relay's list; confirm first when it would replace an agenda."""

        def chosen(name: str | None) -> None:
            state = self.session.state
            if name is None or state is None:
                return
            if not state.agenda:
                self.send(CommandKind.LOAD_FORMAT, name)
                return

            def confirmed(sure: bool | None) -> None:
                if sure:
                    self.send(CommandKind.LOAD_FORMAT, name)

            question = f"Load the format {for_display_line(name)}? It replaces the agenda."
            self.app.push_screen(ConfirmScreen(question, yes="Load"), confirmed)

        self.app.push_screen(FormatScreen(self.session.url), chosen)

    def action_reading_dialog(self) -> None:
        """Show a reading to everyone, or ask the selected person to read one aloud."""
        state = self.session.state
        if state is None:
            return
        pid = self.query_one(PeopleList).selected_pid
        person = state.participant(pid)
        name = for_display_line(person.name) if person is not None else None

        def chosen(choice: ReadingChoice | None) -> None:
            if choice is None:
                return
            if choice.ask and person is not None and choice.reading_id is not None:
                self.send(CommandKind.READING_ASK, choice.reading_id, person.pid)
            elif not choice.ask:
                self.send(CommandKind.READING_SHOW, choice.reading_id)

        self.app.push_screen(ReadingPickerScreen(state.readings, state.shown_reading, name), chosen)

    # The reading panel follows the room

    def welcome_readings(self, state: RoomState) -> None:
        """On joining: open what is being read, or the guidelines we missed, once each."""
        reading = reading_to_show(state, self.my_pid) or missed_guidelines(state)
        if reading is not None and reading.reading_id not in self._readings_opened:
            self._readings_opened.add(reading.reading_id)
            self.query_one(ReadingPanel).show_reading(reading)

    def follow_readings(self, before: RoomState, after: RoomState, event: Event) -> None:
        """Open, move or close the reading panel after ``event``."""
        panel = self.query_one(ReadingPanel)
        me = self.my_pid
        reader_before = before.reader if before.reader and before.reader.pid == me else None
        reader_after = after.reader if after.reader and after.reader.pid == me else None
        if reader_after is not None and (
            reader_before is None or reader_before.reading_id != reader_after.reading_id
        ):
            reading = after.reading(reader_after.reading_id)
            if reading is not None:  # asked to read: the text, without taking the focus
                panel.show_reading(reading)
            return
        if after.shown_reading != before.shown_reading:
            shown = after.reading(after.shown_reading)
            if shown is not None:
                panel.show_reading(shown)
            elif panel.reading_id == before.shown_reading and reader_after is None:
                self._close_readings()
        elif event.kind is EventKind.AGENDA_CURRENT and panel.is_open and reader_after is None:
            rules = after.current_rules()
            if rules is not None and rules.reading_id is None:
                self._close_readings()  # a new segment: the transcript needs the room (v reopens it)
        if event.kind is EventKind.READING_REMOVED and panel.reading_id == event.fields[0]:
            self._close_readings()

    def _close_readings(self) -> None:
        panel = self.query_one(ReadingPanel)
        had_focus = panel.has_focus
        panel.hide()
        if had_focus:
            self.action_write()
