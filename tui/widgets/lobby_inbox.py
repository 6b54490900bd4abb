"""The desk's inbox of notes from the lobby: one row each (time, name, words), selectable.

A facilitator reads what people sent before joining, selects one with the arrow keys
and deletes it (``desk-lobby-delete``, which asks first). The rows are
``tui.core.lobby_notes.note_line`` as every front end writes it, shown as plain
``Content``: a name or a note is never read as markup. The inbox hides itself in a room
that takes no notes and holds none, so a desk without them keeps its room.
"""

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from protocol import RoomState
from tui.core.lobby_notes import note_line


class LobbyInbox(OptionList):
    """The notes from the lobby, oldest first."""

    DEFAULT_CSS = """
    LobbyInbox, LobbyInbox:focus { max-height: 5; min-height: 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: list[tuple[int, str]] | None = None

    def show_room(self, state: RoomState) -> None:
        """Show ``state``'s notes, keeping the highlight on the same note when it stays."""
        self.display = state.accepts_lobby_notes or bool(state.lobby_notes)
        rows = [(note.note_id, note_line(n, note)) for n, note in enumerate(state.lobby_notes, start=1)]
        if rows == self._shown:
            return
        self._shown = rows
        was = self.selected_note_id
        self.clear_options()
        self.add_options([Option(Content(text), id=str(note_id)) for note_id, text in rows])
        ids = [note_id for note_id, _ in rows]
        if ids:
            self.highlighted = ids.index(was) if was in ids else 0

    @property
    def selected_note_id(self) -> int | None:
        """The id of the highlighted note, or None."""
        option = self.highlighted_option
        return None if option is None or option.id is None else int(option.id)

    @property
    def rows_text(self) -> list[str]:
        """Each row as plain text (for tests)."""
        return [text for _, text in self._shown or []]
