"""The facilitators' desk: the waiting room, private notes, support requests and moderation.

A screen of its own over the meeting (F10 or ``w`` opens it, Escape goes back), so its
single-letter keys never meet the meeting screen's. It lists who is waiting (with
"new" and "accepted guidelines" marks), the private notes to the facilitators and the
replies (newest last), who asked for support and whose messages are paused, and the
room's lock, lockdown and waiting room as they stand, each beside its key. The meeting
screen keeps it up to date (``CareActions`` calls ``show_state`` on every event) and
sends its commands; the relay's refusals come back as notifications.
"""

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from protocol import CommandKind, RoomState
from protocol.state import Note, Waiter
from protocol.text import for_display, for_display_line
from tui import care_keys, keys
from tui.screens.dialogs import ConfirmScreen
from tui.screens.notes import decline_dialog, reply_dialog
from tui.widgets.care_lines import person_name
from tui.widgets.lines import clock_text

if TYPE_CHECKING:
    from tui.screens.meeting import MeetingScreen

END_QUESTION = "End the meeting? Its messages will be deleted."
ON_OFF = {True: "on", False: "off"}


def waiter_row(waiter: Waiter) -> Content:
    """One waiting person: name, then ``new`` and whether they accepted the guidelines."""
    parts: list[tuple[str, str] | str] = [(for_display_line(waiter.name), "bold")]
    if waiter.is_new:
        parts.append(("  new", "bold $warning"))
    if waiter.accepted_guidelines:
        parts.append(("  accepted guidelines", "$success"))
    else:
        parts.append(("  has not accepted the guidelines yet", "$text-muted"))
    return Content.assemble(*parts)


def note_row(note: Note, state: RoomState) -> Content:
    """One private note: when, from whom, to whom, and the text."""
    to = "facilitators" if note.to_pid is None else person_name(state, note.to_pid)
    return Content.assemble(
        (clock_text(note.at) + " ", "$text-muted"),
        (f"{for_display_line(note.name)} → {to}: ", "bold"),
        for_display(note.text),
    )


def support_text(state: RoomState) -> Content:
    """Who asked for support, and whose messages are paused until when."""
    asking = [person_name(state, pid) for pid in sorted(state.support)]
    parts: list[tuple[str, str] | str] = [("Support: ", "bold")]
    parts.append((", ".join(asking), "bold $warning") if asking else ("nobody has asked", "$text-muted"))
    if state.silenced:
        paused = ", ".join(
            f"{person_name(state, pid)} (until {clock_text(until)})"
            for pid, until in sorted(state.silenced.items())
        )
        parts += [("   Paused: ", "bold"), paused]
    return Content.assemble(*parts)


def moderation_text(state: RoomState) -> Content:
    """The room's switches as they stand, each beside its key."""
    return Content.assemble(
        ("l", "bold $accent"),
        f" lock: {'locked' if state.locked else 'open'}   ",
        ("k", "bold $accent"),
        f" lockdown: {ON_OFF[state.lockdown]}   ",
        ("t", "bold $accent"),
        f" waiting room: {ON_OFF[state.waiting_room]}\n",
        ("s", "bold $accent"),
        " pause someone's messages   ",
        ("e", "bold $accent"),
        " end the meeting",
    )


def _heading(title: str, count: int, hint: str) -> Content:
    return Content.assemble((f"{title} ({count})", "bold $text-accent"), (f"  {hint}", "$text-muted"))


class DeskScreen(Screen[None]):
    """The facilitators' desk for one meeting screen."""

    BINDINGS = keys.bindings(care_keys.DESK_KEYS)

    DEFAULT_CSS = """
    DeskScreen { layout: vertical; }
    DeskScreen #desk-title { height: 1; padding: 0 1; background: $panel; text-style: bold; }
    DeskScreen .heading { height: 2; padding: 0 1; border-top: hkey $panel; }
    DeskScreen OptionList, DeskScreen OptionList:focus {
        border: none; padding: 0 1; background: $background; height: auto;
    }
    DeskScreen #desk-waiting { max-height: 6; min-height: 1; }
    DeskScreen #desk-notes { height: 1fr; min-height: 2; }
    DeskScreen OptionList > .option-list--option-highlighted { background: $background; text-style: none; }
    DeskScreen OptionList:focus > .option-list--option-highlighted {
        background: $block-cursor-background; color: $block-cursor-foreground;
    }
    DeskScreen #desk-support { height: auto; padding: 0 1; border-top: hkey $panel; }
    DeskScreen #desk-moderation { height: auto; padding: 0 1; border-top: hkey $panel; }
    """

    def __init__(self, meeting: "MeetingScreen") -> None:
        """Args:
        meeting: The meeting screen whose session the desk acts on.
        """
        super().__init__()
        self.meeting = meeting
        self._shown: dict[str, object] = {}
        self._composed = False

    def compose(self) -> ComposeResult:
        yield Static(Content(""), id="desk-title")
        yield Static(Content(""), id="desk-waiting-heading", classes="heading")
        yield OptionList(id="desk-waiting")
        yield Static(Content(""), id="desk-notes-heading", classes="heading")
        yield OptionList(id="desk-notes")
        yield Static(Content(""), id="desk-support")
        yield Static(Content(""), id="desk-moderation")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self._composed = True
        self.query_one("#desk-waiting", OptionList).focus()
        state = self.meeting.session.state
        if state is not None:
            self.show_state(state)

    # Drawing

    def show_state(self, state: RoomState) -> None:
        """Bring every section up to ``state``; sections whose text did not change are left alone."""
        if not self._composed:
            return  # pushed but not composed yet: on_mount shows the state then
        self._update("desk-title", Content("Facilitators' desk · " + for_display_line(state.title)))
        waiters = list(state.waiting.values())
        waiting_keys = "a admit · A admit all · d decline"
        self._update("desk-waiting-heading", _heading("Waiting", len(waiters), waiting_keys))
        self._fill("desk-waiting", [(str(w.pid), waiter_row(w)) for w in waiters], keep_last=False)
        self._update(
            "desk-notes-heading", _heading("Notes", len(state.notes), "r reply to the selected note")
        )
        self._fill("desk-notes", [(str(n.seq), note_row(n, state)) for n in state.notes], keep_last=True)
        self._update("desk-support", support_text(state))
        self._update("desk-moderation", moderation_text(state))

    def _update(self, widget_id: str, content: Content) -> None:
        if self._shown.get(widget_id) != content.plain:
            self._shown[widget_id] = content.plain
            self.query_one(f"#{widget_id}", Static).update(content)

    def _fill(self, widget_id: str, rows: list[tuple[str, Content]], keep_last: bool) -> None:
        """Refill a list, keeping the highlight on the same row (or on the newest row)."""
        signature = [(row_id, row.plain) for row_id, row in rows]
        if self._shown.get(widget_id) == signature:
            return
        self._shown[widget_id] = signature
        option_list = self.query_one(f"#{widget_id}", OptionList)
        was = option_list.highlighted_option.id if option_list.highlighted_option else None
        at_end = option_list.highlighted is None or option_list.highlighted >= option_list.option_count - 1
        option_list.clear_options()
        option_list.add_options([Option(row, id=row_id) for row_id, row in rows])
        ids = [row_id for row_id, _ in rows]
        if not ids:
            return
        if keep_last and at_end:
            option_list.highlighted = len(ids) - 1
        else:
            option_list.highlighted = ids.index(was) if was in ids else 0

    # What is selected

    def _state(self) -> RoomState | None:
        return self.meeting.session.state

    def selected_waiter(self) -> Waiter | None:
        """The waiting person highlighted in the Waiting list, or None."""
        option = self.query_one("#desk-waiting", OptionList).highlighted_option
        state = self._state()
        if option is None or option.id is None or state is None:
            return None
        return state.waiting.get(int(option.id))

    def selected_note(self) -> Note | None:
        """The note highlighted in the Notes list, or None."""
        option = self.query_one("#desk-notes", OptionList).highlighted_option
        state = self._state()
        if option is None or state is None:
            return None
        return next((note for note in state.notes if str(note.seq) == option.id), None)

    @property
    def plain(self) -> str:
        """Everything the desk shows, as plain text (for tests)."""
        return "\n".join(
            "\n".join(text for _, text in shown) if isinstance(shown, list) else str(shown)
            for shown in self._shown.values()  # in the order the desk shows them
        )

    # Actions

    def _send(self, kind: CommandKind, *args: object) -> None:
        self.meeting.send(kind, *args)

    def _say(self, text: str) -> None:
        self.notify(text, markup=False, timeout=4)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_admit(self) -> None:
        waiter = self.selected_waiter()
        if waiter is None:
            self._say("Nobody is waiting.")
            return
        self._send(CommandKind.ADMIT, waiter.pid)

    def action_admit_all(self) -> None:
        state = self._state()
        if state is None or not state.waiting:
            self._say("Nobody is waiting.")
            return
        self._send(CommandKind.ADMIT_ALL)

    def action_decline(self) -> None:
        waiter = self.selected_waiter()
        if waiter is None:
            self._say("Nobody is waiting.")
            return

        def decline(message: str | None) -> None:
            if message is None:
                return
            if message:
                self._send(CommandKind.DECLINE, waiter.pid, message)
            else:
                self._send(CommandKind.DECLINE, waiter.pid)

        self.app.push_screen(decline_dialog(for_display_line(waiter.name)), decline)

    def action_reply(self) -> None:
        note, state = self.selected_note(), self._state()
        if note is None or state is None:
            self._say("There is no note to reply to.")
            return
        # The member in the conversation: the writer of a note, the addressee of a reply.
        pid = note.to_pid if note.to_pid is not None else note.from_pid
        if pid == self.meeting.session.pid:
            self._say("That note is your own.")
            return
        name = person_name(state, pid)

        def reply(text: str | None) -> None:
            if text:
                self._send(CommandKind.REPLY, pid, text)

        self.app.push_screen(reply_dialog(name if name != "someone" else for_display_line(note.name)), reply)

    def action_lock(self) -> None:
        if (state := self._state()) is not None:
            self._send(CommandKind.LOCK, not state.locked)

    def action_lockdown(self) -> None:
        if (state := self._state()) is not None:
            self._send(CommandKind.LOCKDOWN, not state.lockdown)

    def action_waiting_room(self) -> None:
        if (state := self._state()) is not None:
            self._send(CommandKind.SET_WAITING_ROOM, not state.waiting_room)

    def action_silence(self) -> None:
        self.meeting.pick_and_silence()

    def action_end_meeting(self) -> None:
        def end(sure: bool | None) -> None:
            if sure:
                self._send(CommandKind.END_MEETING)

        self.app.push_screen(ConfirmScreen(END_QUESTION, yes="End"), end)

    @on(OptionList.OptionSelected, "#desk-notes")
    def _note_chosen(self) -> None:
        """Enter on a note replies to it, as ``r`` does."""
        self.action_reply()
