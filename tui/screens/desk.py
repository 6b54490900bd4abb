"""The facilitators' desk: the waiting room, private notes, support requests and moderation.

A screen of its own over the meeting (F10 opens it, Escape goes back). Its letters act
only after the room key prefix (Ctrl+R, then the letter: ``tui.screens.room_keys``), so
typing by mistake with the desk open changes nothing; lockdown and ending the meeting ask
first. It lists who is waiting (with
"new" and "accepted guidelines" marks), the private notes to the facilitators and the
replies (newest last), the open guest invitations with their codes (while there are
any), who asked for support and whose messages are paused, and the room's lock, lockdown
and waiting room as they stand, each beside its key, and the notes sent from the lobby
before joining (``tui.widgets.lobby_inbox``; deleting one asks first). It listens
to the session itself (from mount to unmount), acts through ``tui.core.intents``, shows
the relay's refusals as notifications, and closes by itself when we no longer
facilitate.
"""

from collections.abc import Mapping

from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from protocol import RoomState
from protocol.state import Note, Waiter
from protocol.text import for_display, for_display_line
from tui import keys
from tui.core.guest_lines import invite_row
from tui.core.intents import Intents, Outcome, Refusal
from tui.core.lobby_notes import DELETE_YES, delete_question, note_by_id
from tui.core.narration import clock_text, name_of, shown_name
from tui.core.narration_seat import looks_like
from tui.core.session import Session
from tui.screens import guests, questions
from tui.screens.dialogs import ConfirmScreen
from tui.screens.following import FollowsSession
from tui.screens.notes import decline_dialog, reply_dialog
from tui.screens.room_keys import RoomKeyPrefix
from tui.widgets.footer import FittingFooter
from tui.widgets.key_prompt import KeyPrompt
from tui.widgets.lobby_inbox import LobbyInbox

END_QUESTION = "End the meeting? Its messages will be deleted."
LOCKDOWN_QUESTIONS = {
    False: "Turn lockdown on? Floor mode, no crosstalk, and nobody new can join.",
    True: "Turn lockdown off? Newcomers may join again.",
}
ON_OFF = {True: "on", False: "off"}


def waiter_row(waiter: Waiter, state: RoomState) -> Content:
    """One waiting person: name, whom in the meeting it looks like, then ``new`` and
    whether they accepted the guidelines."""
    parts: list[tuple[str, str] | str] = [(for_display_line(waiter.name), "bold")]
    alike = looks_like(waiter, state)
    if alike is not None:
        parts.append((f"  looks like {alike}", "bold $warning"))
    if waiter.is_new:
        parts.append(("  new", "bold $warning"))
    if waiter.accepted_guidelines:
        parts.append(("  accepted guidelines", "$success"))
    else:
        parts.append(("  has not accepted the guidelines yet", "$text-muted"))
    return Content.assemble(*parts)


def note_row(note: Note, state: RoomState, known: Mapping[int, str] | None = None) -> Content:
    """One private note: when, from whom, to whom (``known`` names people since gone), and the text."""
    if note.to_pid is None:
        to = "facilitators"
    else:
        to = name_of(state, note.to_pid) or (known or {}).get(note.to_pid) or shown_name(state, note.to_pid)
    return Content.assemble(
        (clock_text(note.at) + " ", "$text-muted"),
        (f"{for_display_line(note.name)} → {to}: ", "bold"),
        for_display(note.text),
    )


def support_text(state: RoomState) -> Content:
    """Who asked for support, and whose messages are paused until when."""
    asking = [shown_name(state, pid) for pid in sorted(state.support)]
    parts: list[tuple[str, str] | str] = [("Support: ", "bold")]
    parts.append((", ".join(asking), "bold $warning") if asking else ("nobody has asked", "$text-muted"))
    if state.silenced:
        paused = ", ".join(
            f"{shown_name(state, pid)} (until {clock_text(until)})"
            for pid, until in sorted(state.silenced.items())
        )
        parts += [("   Paused: ", "bold"), paused]
    return Content.assemble(*parts)


def _key(binding_id: str) -> tuple[str, str]:
    return (keys.label_of(binding_id, typing=False), "bold $accent")


def moderation_text(state: RoomState) -> Content:
    """The room's switches as they stand, each beside its key (after the prefix)."""
    return Content.assemble(
        (f"{keys.label_of('room-keys')} then: ", "$text-muted"),
        _key("desk-lock"),
        f" lock: {'locked' if state.locked else 'open'}   ",
        _key("desk-lockdown"),
        f" lockdown: {ON_OFF[state.lockdown]}   ",
        _key("desk-waiting"),
        f" waiting room: {ON_OFF[state.waiting_room]}\n",
        _key("desk-silence"),
        " pause someone's messages   ",
        _key("desk-end"),
        " end the meeting",
    )


def _heading(title: str, count: int, hint: str) -> Content:
    return Content.assemble((f"{title} ({count})", "bold $text-accent"), (f"  {hint}", "$text-muted"))


class DeskScreen(FollowsSession, RoomKeyPrefix, Screen[None]):
    """The facilitators' desk for one session."""

    BINDINGS = keys.bindings(keys.DESK_KEYS)
    ROOM_PLACE = "desk"

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
    DeskScreen #desk-invites { max-height: 4; min-height: 1; }
    DeskScreen .no-invites { display: none; }
    """

    def __init__(self, session: Session, selected_person: int | None = None) -> None:
        """Args:
        session: The session the desk acts on (the meeting screen runs it).
        selected_person: Who was selected in the People list (offered first to pause).
        """
        super().__init__()
        self.session = session
        self.intents = Intents(session)
        self._selected_person = selected_person
        self._shown: dict[str, object] = {}
        self._known: dict[int, str] = {}
        """Every name seen in the room, so a note to someone who has since left still names them."""
        self._composed = False

    def compose(self) -> ComposeResult:
        yield Static(Content(""), id="desk-title")
        yield Static(Content(""), id="desk-waiting-heading", classes="heading")
        yield OptionList(id="desk-waiting")
        yield Static(Content(""), id="desk-notes-heading", classes="heading")
        yield OptionList(id="desk-notes")
        yield Static(Content(""), id="desk-lobby-heading", classes="heading")
        yield LobbyInbox(id="desk-lobby")
        yield Static(Content(""), id="desk-invites-heading", classes="heading no-invites")
        yield OptionList(id="desk-invites", classes="no-invites")
        yield Static(Content(""), id="desk-support")
        yield Static(Content(""), id="desk-moderation")
        yield KeyPrompt("", id="key-prompt")
        yield FittingFooter(compact=True)

    def on_mount(self) -> None:
        self._composed = True
        self.subscribe()
        self.query_one("#desk-waiting", OptionList).focus()
        state = self.session.state
        if state is not None:
            self.show_state(state)

    # The session

    def follow(self, state: RoomState) -> None:
        """Show ``state``, or close the desk (and any dialog over it) when we no longer lead."""
        me = state.participant(self.session.pid)
        if me is not None and me.role.leads:
            self.show_state(state)
            return
        if not self.is_attached or self not in self.app.screen_stack:
            return
        stack = self.app.screen_stack
        stack[stack.index(self) - 1].pop_until_active()
        self.notify("You no longer facilitate, so the desk has closed.", markup=False)

    # Drawing

    def show_state(self, state: RoomState) -> None:
        """Bring every section up to ``state``; sections whose text did not change are left alone."""
        if not self._composed:
            return  # pushed but not composed yet: on_mount shows the state then
        self._update("desk-title", Content("Facilitators' desk · " + for_display_line(state.title)))
        self._remember_names(state)
        waiters = list(state.waiting.values())
        waiting_keys = (
            f"{keys.label_of('room-keys')} then {keys.label_of('desk-admit')} admit · "
            f"{keys.label_of('desk-admit-all')} admit all · {keys.label_of('desk-decline')} decline · "
            f"{keys.label_of('desk-decline-all')} decline all"
        )
        self._update("desk-waiting-heading", _heading("Waiting", len(waiters), waiting_keys))
        self._fill("desk-waiting", [(str(w.pid), waiter_row(w, state)) for w in waiters], keep_last=False)
        self._update(
            "desk-notes-heading",
            _heading(
                "Notes",
                len(state.notes),
                f"Enter or {keys.label_of('room-keys')} then {keys.label_of('desk-reply')} replies",
            ),
        )
        notes = [(str(n.seq), note_row(n, state, self._known)) for n in state.notes]
        self._fill("desk-notes", notes, keep_last=True)
        self._show_lobby_notes(state)
        self._show_invites(state)
        self._update("desk-support", support_text(state))
        self._update("desk-moderation", moderation_text(state))

    def _show_lobby_notes(self, state: RoomState) -> None:
        """The inbox of notes from the lobby, with its heading; both hidden in a room without any."""
        inbox = self.query_one(LobbyInbox)
        inbox.show_room(state)
        self.query_one("#desk-lobby-heading", Static).display = inbox.display
        hint = f"{keys.label_of('room-keys')} then {keys.label_of('desk-lobby-delete')} deletes one"
        self._update("desk-lobby-heading", _heading("Notes from the lobby", len(state.lobby_notes), hint))

    def _show_invites(self, state: RoomState) -> None:
        """The open guest invitations with their codes, shown only while there are any."""
        invites = state.guest_invites
        hint = (
            f"{keys.label_of('room-keys')} then {keys.label_of('invite-guest')} invites · "
            f"{keys.label_of('desk-uninvite')} cancels the selected one"
        )
        self._update("desk-invites-heading", _heading("Guest invitations", len(invites), hint))
        self._fill("desk-invites", [(i.code, Content(invite_row(i))) for i in invites], keep_last=True)
        for widget_id in ("desk-invites-heading", "desk-invites"):
            self.query_one(f"#{widget_id}").set_class(not invites, "no-invites")

    def selected_invite(self) -> str | None:
        """The code of the invitation highlighted in the Guest invitations list, or None."""
        option = self.query_one("#desk-invites", OptionList).highlighted_option
        return None if option is None else option.id

    def _remember_names(self, state: RoomState) -> None:
        """Names of the people here, waiting, or who wrote a note (they may have left since)."""
        for note in state.notes:
            self._known.setdefault(note.from_pid, for_display_line(note.name))
        for pid in [*state.participants, *state.waiting]:
            name = name_of(state, pid)
            if name is not None:
                self._known[pid] = name

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
        return self.session.state

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

    # Actions: each one intent (``tui.core.intents``)

    def _report(self, outcome: Outcome | None) -> None:
        if isinstance(outcome, Refusal):
            self.notify(outcome.text, markup=False, timeout=4)

    def _toast(self, outcome: Outcome) -> None:
        if isinstance(outcome, Refusal):
            self.notify(outcome.text, markup=False)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_admit(self) -> None:
        waiter = self.selected_waiter()
        self._report(self.intents.admit(waiter.pid if waiter is not None else None))

    def action_admit_all(self) -> None:
        self._report(self.intents.admit_all())

    def action_decline_all(self) -> None:
        self._report(self.intents.decline_all())

    def action_decline(self) -> None:
        waiter = self.selected_waiter()
        if waiter is None:
            self._report(self.intents.admit(None))  # the same "nobody is waiting"
            return

        def decline(message: str | None) -> None:
            if message is not None:
                self._report(self.intents.decline(waiter.pid, message))

        self.app.push_screen(decline_dialog(for_display_line(waiter.name)), decline)

    def action_reply(self) -> None:
        note, state = self.selected_note(), self._state()
        pid = self.intents.reply_target(note)
        if isinstance(pid, Refusal):
            self._report(pid)
            return
        name = name_of(state, pid)
        if name is None and note is not None:
            name = for_display_line(note.name)

        def reply(text: str | None) -> None:
            if text:
                self._report(self.intents.reply(pid, text))

        self.app.push_screen(reply_dialog(name or ""), reply)

    def action_invite_guest(self) -> None:
        guests.ask_guest_invite(self.app, self.intents, self._report)

    def action_cancel_invite(self) -> None:
        self._report(self.intents.cancel_invite(self.selected_invite()))

    def action_lock(self) -> None:
        self._report(self.intents.lock_or_unlock())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Letters act only while the prefix is armed, and then only they show in the footer."""
        if action == "room_key":
            return self.armed
        return not self.armed or action == "room_keys"

    def action_lockdown(self) -> None:
        """Ask first, then turn lockdown on or off."""
        state = self._state()
        if state is None:
            return

        def switch(sure: bool | None) -> None:
            if sure:
                self._report(self.intents.switch_lockdown())

        self.app.push_screen(ConfirmScreen(LOCKDOWN_QUESTIONS[state.lockdown], yes="Lockdown"), switch)

    def action_waiting_room(self) -> None:
        self._report(self.intents.switch_waiting_room())

    def action_silence(self) -> None:
        """Pick a member to pause (the one selected in the People list comes first)."""
        questions.pick_and_pause(self.app, self.intents, self._selected_person, self._report, self._toast)

    def action_delete_lobby_note(self) -> None:
        """Ask first, then delete the selected note from the lobby."""
        note_id = self.query_one(LobbyInbox).selected_note_id
        state = self._state()
        note = note_by_id(state, note_id) if state is not None else None
        if note_id is None or note is None:  # nothing selected, or the note is gone already
            self._report(self.intents.delete_lobby_note(None))
            return

        def delete(sure: bool | None) -> None:
            if sure:
                self._report(self.intents.delete_lobby_note(note_id))

        self.app.push_screen(ConfirmScreen(delete_question(note), yes=DELETE_YES), delete)

    def action_end_meeting(self) -> None:
        def end(sure: bool | None) -> None:
            if sure:
                self._report(self.intents.end_meeting())

        self.app.push_screen(ConfirmScreen(END_QUESTION, yes="End"), end)

    @on(OptionList.OptionSelected, "#desk-notes")
    def _note_chosen(self) -> None:
        """Enter on a note replies to it, as ``r`` does."""
        self.action_reply()
