"""Notes from the lobby as a facilitator reads them, and how many people a count-only room shows.

For every front end: the desk's inbox rows and line mode's ``/lobby`` list the same
plain lines (number, time, name, words), and a facilitator who comes in reads how many
notes wait ("1 note from the lobby"). In a room whose attendance is ``count``, a
member reads how many people are here and how many facilitate, never who; facilitators
always read names. Deleting a note asks first, naming it (``delete_question``), in the
same words on the desk and in line mode. Names and words pass through ``protocol.text``;
no Textual here.
"""

from protocol import RoomState
from protocol.state import LobbyNote
from protocol.text import for_display, for_display_line
from tui.core.narration import clock_text, leads
from tui.core.wording import plural

NOTE_START_CHARS = 32
"""How much of a note the question before deleting it quotes."""
DELETE_YES = "Delete"
"""The button that answers yes to ``delete_question``."""
NOT_DELETED = "Not deleted."
"""What line mode says when the answer is no."""


def waiting_notes(state: RoomState, my_pid: int | None) -> str | None:
    """``1 note from the lobby`` (for a facilitator with notes waiting), else None."""
    if not leads(state, my_pid) or not state.lobby_notes:
        return None
    return plural(len(state.lobby_notes), "note") + " from the lobby"


def note_line(number: int, note: LobbyNote) -> str:
    """One note as plain text: ``2. 18:55 Sam: first time, may I just listen?``."""
    return f"{number}. {clock_text(note.at)} {for_display_line(note.name)}: {for_display(note.text)}"


def note_start(text: str) -> str:
    """The first words of a note on one line, cut at a word with "…" when it goes on."""
    words = " ".join(for_display(text).split())
    if len(words) <= NOTE_START_CHARS:
        return words
    cut = words[: NOTE_START_CHARS + 1]
    cut = cut.rsplit(" ", 1)[0] if " " in cut[NOTE_START_CHARS // 2 :] else cut[:NOTE_START_CHARS]
    return cut.rstrip(" ,;:.") + "…"


def delete_question(note: LobbyNote) -> str:
    """``Delete the note from Sam ("first time, a bit nervous, may I…") from the lobby? ...``."""
    return (
        f'Delete the note from {for_display_line(note.name)} ("{note_start(note.text)}") from the lobby? '
        "Nobody can read it again."
    )


def note_by_id(state: RoomState, note_id: object) -> LobbyNote | None:
    """The note from the lobby ``note_id``, or None when it is gone."""
    return next((note for note in state.lobby_notes if note.note_id == note_id), None)


def inbox_lines(state: RoomState) -> list[str]:
    """Every note from the lobby, numbered as ``/lobby delete N`` takes them."""
    if not state.lobby_notes:
        return ["No notes from the lobby."]
    count = plural(len(state.lobby_notes), "note") + " from the lobby"
    lines = [f"{count} (/lobby delete N deletes one):"]
    lines.extend("  " + note_line(number, note) for number, note in enumerate(state.lobby_notes, start=1))
    return lines


def shows_names(state: RoomState, my_pid: int | None) -> bool:
    """Whether the reader sees who is here: always, unless a member in a count-only room."""
    return not state.count_only or leads(state, my_pid)


def head_count_parts(state: RoomState) -> tuple[str, str]:
    """``7 people here`` and ``2 facilitating`` (a narrow People list shows them on two rows)."""
    facilitating = sum(1 for person in state.participants.values() if person.role.leads)
    return f"{plural(len(state.participants), 'person')} here", f"{facilitating} facilitating"


def head_count(state: RoomState) -> str:
    """``7 people here, 2 facilitating``: what a member of a count-only room reads."""
    return ", ".join(head_count_parts(state))
