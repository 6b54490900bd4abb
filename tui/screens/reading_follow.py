"""The reading panel follows the room: it opens, moves on and closes as the readings do.

It opens when a facilitator shows a reading or asks us to read one (without taking the
focus: ``.`` reads on from the composer too, see ``MeetingScreen``), closes when the
reading is closed or a new segment begins without one, and shows the guidelines once
to someone who arrived after they were read. ``v`` shows or hides it by hand.
"""

from collections.abc import Callable

from protocol import Event, EventKind, RoomState
from protocol.state import Reading
from tui.widgets.readings import ReadingPanel, missed_guidelines, reading_to_show


class ReadingFollower:
    """Keeps one reading panel in step with the room, for one reader."""

    def __init__(self, panel: Callable[[], ReadingPanel], back_to_writing: Callable[[], None]) -> None:
        """Args:
        panel: The reading panel (looked up when needed: the screen composes it later).
        back_to_writing: Gives the composer the focus (when the panel had it and closes).
        """
        self._panel = panel
        self._back_to_writing = back_to_writing
        self._opened: set[int] = set()
        """Readings opened for us on joining, so that each opens by itself only once."""

    def welcome(self, state: RoomState, me: int | None) -> None:
        """On joining: open what is being read, or the guidelines we missed, once each."""
        reading = reading_to_show(state, me) or missed_guidelines(state)
        if reading is not None and reading.reading_id not in self._opened:
            self._opened.add(reading.reading_id)
            self._panel().show_reading(reading)

    def follow(self, before: RoomState, after: RoomState, event: Event, me: int | None) -> None:
        """Open, move or close the reading panel after ``event``."""
        panel = self._panel()
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
                self.close()
        elif event.kind is EventKind.AGENDA_CURRENT and panel.is_open and reader_after is None:
            rules = after.current_rules()
            if rules is not None and rules.reading_id is None:
                self.close()  # a new segment: the transcript needs the room (v reopens it)
        if event.kind is EventKind.READING_REMOVED and panel.reading_id == event.fields[0]:
            self.close()

    def toggle(self, state: RoomState | None, me: int | None) -> str | None:
        """Show or hide the panel; shown, it takes the focus so the arrows scroll it.

        Returns:
            A sentence to show when there is nothing to read, else None.
        """
        panel = self._panel()
        if panel.is_open:
            self.close()
            return None
        if state is None:
            return None
        reading: Reading | None = (
            reading_to_show(state, me)
            or state.reading(panel.reading_id)
            or next((r for r in state.readings if r.guidelines), None)
            or (state.readings[0] if state.readings else None)
        )
        if reading is None:
            return "This room has no readings."
        panel.show_reading(reading)
        panel.focus()
        return None

    def close(self) -> None:
        """Hide the panel; the composer takes the focus back if the panel had it."""
        panel = self._panel()
        had_focus = panel.has_focus
        panel.hide()
        if had_focus:
            self._back_to_writing()
