"""The questions a facilitator or member is asked before an intent is sent.

Removing someone asks "are you sure?", pausing someone asks for how many minutes,
loading a format over an agenda asks first, a reading asks which one and for whom. Each
function here opens the dialog over the current screen and, once answered, acts through
``tui.core.intents.Intents``; what came of it (a command on its way or a refusal) goes
to ``report``, so that the meeting screen and the desk each show it their own way. The
pre-checks themselves live in the intents; these functions only ask.
"""

from collections.abc import Callable
from typing import Any

from textual.app import App

from protocol.text import for_display_line
from tui.core.intents import Intents, Outcome, Refusal
from tui.screens.dialogs import AgendaItemScreen, ConfirmScreen
from tui.screens.formats import FormatScreen
from tui.screens.notes import MinutesDialog, PickPersonDialog, note_dialog
from tui.screens.reading_picker import ReadingChoice, ReadingPickerScreen

Report = Callable[[Outcome], None]
"""Shows what came of an intent (a refusal, or nothing much for a command on its way)."""


def ask_first(app: App[Any], question: str, act: Callable[[], None], yes: str) -> None:
    """Ask ``question`` (plain, display-safe text), then ``act`` if the answer is ``yes``."""

    def answered(sure: bool | None) -> None:
        if sure:
            act()

    app.push_screen(ConfirmScreen(question, yes=yes), answered)


def ask_remove(app: App[Any], intents: Intents, pid: int, report: Report) -> None:
    """Confirm, then remove ``pid`` from the room."""
    person = intents.removal(pid)
    if person is None:
        return

    def remove(sure: bool | None) -> None:
        if sure:
            report(intents.remove(person.pid))

    question = (
        f"Remove {for_display_line(person.name)} from the room? They cannot come back "
        "until a facilitator allows them."
    )
    app.push_screen(ConfirmScreen(question, yes="Remove"), remove)


def ask_pause(app: App[Any], intents: Intents, pid: int, report: Report, refuse: Report) -> None:
    """Ask for how many minutes, then pause ``pid``'s messages (0 lifts a pause).

    Args:
        refuse: Shows a refusal of the pre-check (a facilitator cannot be paused).
    """
    target = intents.pause_target(pid)
    if target is None:
        return
    if isinstance(target, Refusal):
        refuse(target)
        return

    def pause(minutes: int | None) -> None:
        if minutes is not None:
            report(intents.pause(pid, minutes))

    app.push_screen(MinutesDialog(for_display_line(target.name)), pause)


def pick_and_pause(
    app: App[Any], intents: Intents, selected: int | None, report: Report, refuse: Report
) -> None:
    """Pick a member to pause (``selected`` comes first), then ask for how many minutes."""
    members = intents.pause_candidates()
    if isinstance(members, Refusal):
        if intents.room is not None:  # before the welcome there is nobody to pick: say nothing
            refuse(members)
        return

    def picked(pid: int | None) -> None:
        if pid is not None:
            ask_pause(app, intents, pid, report, refuse)

    app.push_screen(PickPersonDialog("Whose messages to pause?", members, selected), picked)


def ask_format(app: App[Any], intents: Intents, report: Report) -> None:
    """Pick a format from the relay's list; confirm first when it would replace an agenda."""

    def chosen(name: str | None) -> None:
        if name is None or intents.room is None:
            return
        if not intents.format_replaces_agenda():
            report(intents.load_format(name))
            return

        def confirmed(sure: bool | None) -> None:
            if sure:
                report(intents.load_format(name))

        question = f"Load the format {for_display_line(name)}? It replaces the agenda."
        app.push_screen(ConfirmScreen(question, yes="Load"), confirmed)

    app.push_screen(FormatScreen(intents.session.url, intents.session.cafile), chosen)


def ask_reading(app: App[Any], intents: Intents, selected: int | None, report: Report) -> None:
    """Show a reading to everyone, or ask the ``selected`` person to read one aloud."""
    state = intents.room
    if state is None:
        return
    person = state.participant(selected)
    name = for_display_line(person.name) if person is not None else None

    def chosen(choice: ReadingChoice | None) -> None:
        if choice is None:
            return
        if choice.ask and person is not None and choice.reading_id is not None:
            report(intents.ask_to_read(choice.reading_id, person.pid))
        elif not choice.ask:
            report(intents.show_reading(choice.reading_id))

    app.push_screen(ReadingPickerScreen(state.readings, state.shown_reading, name), chosen)


def ask_agenda_item(app: App[Any], intents: Intents, report: Report) -> None:
    """Ask for a title and minutes, then add the item to the agenda."""

    def add(item: tuple[str, int, str | None] | None) -> None:
        if item is not None:
            report(intents.agenda_add(*item))

    app.push_screen(AgendaItemScreen(), add)


def ask_note(app: App[Any], intents: Intents, report: Report) -> None:
    """Ask for a private note to the facilitators, then send it."""

    def send(text: str | None) -> None:
        if text:
            report(intents.note(text))

    app.push_screen(note_dialog(), send)
