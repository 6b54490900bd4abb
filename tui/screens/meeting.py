"""The meeting screen's keys: what each key, palette entry and typed line asks of the room.

Ordinary typing never acts on the room: a printable key pressed while a panel has the
focus goes to the composer, and the room's letters act only after the prefix
(``tui.screens.room_keys``). Next agenda item, mode, round and "lower every hand" act on
the second press (``tui.screens.twice``); remove and loading a format ask first.
``MeetingScreen`` is ``MeetingView`` (``tui.screens.meeting_view``: the layout and every
session update drawn) plus its keys. What a key means lives in ``tui.core.intents``:
each action here reads the selection in the People list, calls one intent and shows a
refusal if there is one; the questions asked first (remove, pause, formats, readings,
a note, an agenda item) are in ``tui.screens.questions``. Which keys are offered right
now comes from ``tui.offers``; the room's rules stay in ``protocol`` and the relay.
"""

import time
from collections.abc import Callable
from functools import partial

from textual import events, on
from textual.widgets import Footer, Input, OptionList

from protocol.kinds import HandReason
from tui import keys
from tui.core.intents import Outcome, Refusal, Sent, Wanted
from tui.core.link_words import yes_word
from tui.screens import guests, questions
from tui.screens.desk import DeskScreen
from tui.screens.introduction import Draft, IntroductionDialog
from tui.screens.meeting_view import MeetingView
from tui.screens.room_keys import RoomKeyPrefix
from tui.screens.twice import CONFIRM_SECONDS, Asking, what_twice
from tui.widgets.composer import Composer
from tui.widgets.hands import HandQueue
from tui.widgets.people import PeopleList, nobody_selected
from tui.widgets.transcript import Transcript


class MeetingScreen(RoomKeyPrefix, MeetingView):
    """One room, seen by one participant: the view, and what its keys ask for."""

    BINDINGS = keys.bindings((*keys.MEETING_KEYS, *keys.ROOM_KEYS))
    _asking: Asking | None = None
    _by_letter = False

    # Focus, the prefix and the second press

    def on_descendant_focus(self) -> None:
        """A click elsewhere while the prefix is armed cancels it (the focus stays where it went).

        A focus message that arrives after arming took the focus away (the composer's, from
        before the prefix) leaves nothing focused and the prefix armed.
        """
        if self.armed and self.focused is not None:
            self._armed = False
            self._key_prompt().clear()
            self._footer_for_room_keys(False)

    def _footer_for_room_keys(self, armed: bool) -> None:
        """The room keys need the whole footer at 80 columns: hide the palette key meanwhile."""
        self.query_one(Footer).show_command_palette = not armed
        self.refresh_bindings()

    @on(OptionList.OptionSelected, "#people")
    def _person_chosen(self) -> None:
        self.action_write()

    def arm(self) -> None:
        """Arm the prefix; select whom a facilitator most likely means, if nobody is."""
        people = self.query_one(PeopleList)
        state = self._room
        if people.selected_pid is None and state is not None:
            others = [pid for pid in state.participants if pid != self.my_pid]
            likely = [*state.hand_queue, *([state.floor_holder] if state.floor_holder else []), *others]
            if likely:
                people.select_pid(likely[0])
        self._asking = None
        self.set_focus(None)  # the composer would take the letter
        self.add_class("-armed")  # shows the selection although the People list has no focus
        super().arm()
        self._footer_for_room_keys(True)

    def disarm(self) -> None:
        if self._asking is not None and self._asking.by_letter:
            self._asking = None
        self.remove_class("-armed")
        super().disarm()
        self._footer_for_room_keys(False)

    def after_room_key(self) -> None:
        if self.app.screen is self and self.focused is None:
            self.action_write()

    async def action_room_key(self, action: str) -> None:
        self._by_letter = True
        try:
            await super().action_room_key(action)
        finally:
            self._by_letter = False

    def unarmed_key(self, event: events.Key) -> None:
        """A printable key with a panel focused goes to the composer: typing never acts.

        A field takes its printable keys itself, so one that reaches the screen while a field
        has the focus was routed before the focus came back (a burst typed on after a room
        key, which had taken the focus away): it goes into that field all the same.
        """
        if not event.is_printable or event.character is None:
            return
        event.stop()
        event.prevent_default()
        field = self.focused if isinstance(self.focused, Input) else self.query_one(Composer)
        field.focus()
        field.insert_text_at_cursor(event.character)

    def selecting_key(self, event: events.Key) -> None:
        """While armed, the arrows move the People list's selection."""
        people = self.query_one(PeopleList)
        moves = {"up": people.action_cursor_up, "down": people.action_cursor_down}
        moves.update(home=people.action_first, end=people.action_last)
        if event.key in moves:
            event.stop()
            moves[event.key]()

    def action_cancel_keys(self) -> None:
        """Esc: forget a question waiting for its second press (or the catch-up line), and write."""
        if self._asking is not None:
            self._asking = None
            self._key_prompt().clear()
        else:
            self._catching_up.dismiss()
        self.action_write()

    def _twice(
        self, action: str, run: Callable[[], Outcome], asks: Callable[[], str | None] = lambda: None
    ) -> None:
        """Run a guarded action on its second press; on the first, say what the second will do.
        ``asks`` is the question to confirm then, if the action hands someone the floor."""
        state = self.session.state
        guard = what_twice(action, state) if state is not None else None
        if guard is None:
            self._floor_asked(asks(), run)
            return
        what, signature = guard
        asking, now = self._asking, time.monotonic()
        if (
            asking is not None
            and (asking.action, asking.signature) == (action, signature)
            and now < asking.until
        ):
            self._asking = None
            self._key_prompt().clear()
            self._floor_asked(asks(), run)
            return
        by_letter = self._by_letter
        self._asking = Asking(action, signature, now + CONFIRM_SECONDS, by_letter)
        ids = [entry.id for entry in keys.meeting_keys() if entry.action_name == action]
        letter = next(i for i in ids if keys.BY_ID[i].armed) if by_letter else None
        press = keys.label_of(letter, typing=False) if letter else keys.label_of(ids[0])
        if by_letter:
            self._armed = True  # the letter again answers; anything else cancels
        self._key_prompt().say(f"{press} again: {what}. Esc: no")
        self.set_timer(CONFIRM_SECONDS, partial(self._lapse, self._asking))

    def _lapse(self, asking: Asking) -> None:
        """The second press did not come: the question goes."""
        if self._asking is asking:
            if asking.by_letter and self.armed:
                self.disarm()
            self._asking = None
            self._key_prompt().clear()

    @on(Input.Changed, "#composer")
    def _read_on_from_the_composer(self, event: Input.Changed) -> None:
        """For the reader, a lone "." typed into the empty composer reads on, as the key does
        elsewhere: being asked to read must not move the focus from under someone typing."""
        if event.value == "." and self._offered.reading:
            event.input.clear()
            self.action_read_on()

    def action_history_back(self) -> None:
        transcript = self.query_one(Transcript)
        was_live = transcript.is_live
        transcript.page_back()
        if was_live and not transcript.is_live:
            self._catching_up.reading_back()

    def action_history_forward(self) -> None:
        self.query_one(Transcript).page_forward()
        self._catching_up.paged()

    def action_jump_unread(self) -> None:
        """Show the page that starts at the first line not read yet."""
        nothing = self._catching_up.jump()
        if nothing is not None:
            self.notify(nothing, markup=False)

    def action_introduction(self) -> None:
        """Write (or change) one's introduction in a private dialog."""
        introduction = self._catching_up.introduction

        def written(draft: Draft | None) -> None:
            if draft is None:
                return
            problem = introduction.write(draft.text, draft.keep)
            if problem is not None:
                self.notify(problem, severity="warning", markup=False)
            self._catching_up.show()

        self.app.push_screen(IntroductionDialog(introduction.text, introduction.kept), written)

    def action_send_introduction(self) -> None:
        """Send the introduction offered on one's turn."""
        self._show_sent(self._catching_up.introduction.send(self.intents))
        self._catching_up.show()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Facilitator actions are neither shown nor run for members; the others only when
        they apply: Done and Take when there is a floor to give back, Pass when there is a
        turn or a hand to let go, reactions while someone else shares, "read on" for the
        reader, Skip during a round. Room keys act only while the prefix is armed, and then
        only they show in the footer."""
        if action == "room_key":
            if not self.armed:
                return False
            action = str(parameters[0]).split("(", 1)[0]
        elif self.armed and action != "room_keys":
            return False
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

    # Acting on the room: each action is one intent (``tui.core.intents``)

    def _report(self, outcome: Outcome | None) -> None:
        """Show a refusal in the transcript; a command on its way shows in the status line."""
        if isinstance(outcome, Refusal):
            self._notice(outcome.text)
        elif isinstance(outcome, Sent):
            self._show_link()

    def _toast(self, outcome: Outcome) -> None:
        """Show a refusal as a notification (over a dialog the transcript may be out of sight)."""
        if isinstance(outcome, Refusal):
            self.notify(outcome.text, markup=False)

    def _selected(self) -> int | None:
        pid = self.query_one(PeopleList).selected_pid
        if pid is None:
            self._notice(nobody_selected())
        return pid

    def say_or_command(self, text: str) -> None:
        """Act on a line typed in the composer: a message or a slash command.

        ``/grant``, ``/next`` and the round's commands ask first, as their keys do, when the
        person they would hand the floor or the next turn to may not see it; ``/lobby delete N``
        asks first, as the desk does.
        """
        question = self.intents.typed_question(text)
        if question is not None:
            questions.ask_first(self.app, question.text, lambda: self._typed(text), question.yes)
            return
        self._typed(text)

    def _typed(self, text: str) -> None:
        outcome = self.intents.typed(text)
        if isinstance(outcome, Wanted):  # /help or /leave: the app's own actions
            self.app.call_later(self.app.run_action, f"app.{outcome.what}")
        else:
            self._show_sent(outcome)
        if outcome is not None:
            self._catching_up.writing()

    def _show_sent(self, outcome: Outcome | None) -> None:
        """A message on its way shows as pending; anything else as ``_report`` shows it."""
        if isinstance(outcome, Sent) and outcome.said is not None:
            me = self.session.me()
            self._said.saying(outcome.request_id, me.name if me is not None else "you", outcome.said)
            self._show_link()
        else:
            self._report(outcome)

    async def leave_meeting(self) -> None:
        """Tell the room we leave, wait briefly for the relay to record it, then close."""
        await self.intents.leave()

    def action_hand(self) -> None:
        """Raise our hand, or lower it when it is up."""
        self._report(self.intents.raise_or_lower_hand())

    def action_raise_for(self, reason: int) -> None:
        """Raise our hand as a direct response (1) or a point of process (2), or lower it."""
        self._report(self.intents.raise_or_lower_for(HandReason(reason)))

    def action_toggle_progressive(self) -> None:
        self._report(self.intents.switch_progressive())

    def action_filter_hands(self) -> None:
        """List only the hands of those who have not shared yet, or every hand again."""
        refusal = self.intents.may_filter_hands()
        if refusal is not None:
            self._report(refusal)
            return
        hands = self.query_one(HandQueue)
        hands.not_shared_only = not hands.not_shared_only
        if self.session.state is not None:
            self._show_room(self.session.state)

    def action_done(self) -> None:
        self._report(self.intents.done())

    def action_pass_turn(self) -> None:
        self._report(self.intents.pass_turn())

    def action_react(self, reaction: int) -> None:
        self._report(self.intents.react(reaction))

    def action_read_on(self) -> None:
        self._report(self.intents.read_on())

    def action_toggle_readings(self) -> None:
        """Show or hide the reading panel; shown, it takes the focus so the arrows scroll it."""
        nothing = self._readings.toggle(self.session.state, self.my_pid)
        if nothing is not None:
            self._notice(nothing)

    def action_note(self) -> None:
        questions.ask_note(self.app, self.intents, self._report)

    def action_support(self) -> None:
        self._report(self.intents.ask_or_withdraw_support())

    def action_next_hand(self) -> None:
        self._floor_asked(self.intents.next_question(), self.intents.next_hand)

    def action_step_out(self) -> None:
        """Step out for a moment, or come back."""
        self._report(self.intents.step_out_or_back())

    def _floor_asked(self, question: str | None, give: Callable[[], Outcome]) -> None:
        """Give the floor (or a round's next turn) now, or once the facilitator confirms ``question``."""
        if question is None:
            self._report(give())
        else:
            questions.ask_first(self.app, question, lambda: self._report(give()), yes_word(question))

    def action_take_floor(self) -> None:
        self._report(self.intents.take_floor())

    def action_lower_all(self) -> None:
        self._twice("lower_all", self.intents.lower_all)

    def action_toggle_mode(self) -> None:
        self._twice("toggle_mode", self.intents.switch_mode)

    def action_agenda_next(self) -> None:
        self._twice("agenda_next", self.intents.agenda_next, self.intents.agenda_next_question)

    def action_agenda_add(self) -> None:
        questions.ask_agenda_item(self.app, self.intents, self._report)

    def action_invite_guest(self) -> None:
        guests.ask_guest_invite(self.app, self.intents, self._report)

    def action_round_toggle(self) -> None:
        self._twice("round_toggle", self.intents.start_or_end_round, self.intents.round_question)

    def action_toggle_crosstalk(self) -> None:
        self._report(self.intents.switch_crosstalk())

    def action_load_format(self) -> None:
        questions.ask_format(self.app, self.intents, self._report)

    def action_reading_dialog(self) -> None:
        selected = self.query_one(PeopleList).selected_pid
        questions.ask_reading(self.app, self.intents, selected, self._report)

    def action_desk(self) -> None:
        """Open the facilitators' desk."""
        refusal = self.intents.may_open_desk()
        if refusal is not None:
            self._report(refusal)
        elif self._screen_above(DeskScreen) is None:
            self.app.push_screen(DeskScreen(self.session, self.query_one(PeopleList).selected_pid))

    # On the person selected in the People list

    def action_grant_selected(self) -> None:
        if (pid := self._selected()) is not None:
            self._floor_asked(self.intents.floor_question(pid), lambda: self.intents.give_floor(pid))

    def action_lower_selected(self) -> None:
        if (pid := self._selected()) is not None:
            self._report(self.intents.lower_hand_of(pid))

    def action_move_hand(self, delta: int) -> None:
        """Move the selected person in the hand queue, or in the round's order (asked first
        when it makes someone who may not see it the next to share)."""
        if (pid := self._selected()) is not None:
            self._floor_asked(self.intents.move_question(pid, delta), lambda: self.intents.move(pid, delta))

    def action_round_skip_selected(self) -> None:
        if (pid := self._selected()) is not None:
            self._floor_asked(self.intents.skip_question(pid), lambda: self.intents.skip_in_round(pid))

    def action_promote_selected(self) -> None:
        if (pid := self._selected()) is not None:
            self._report(self.intents.promote_or_demote(pid))

    def action_remove_selected(self) -> None:
        if (pid := self._selected()) is not None:
            questions.ask_remove(self.app, self.intents, pid, self._report)

    def action_silence_selected(self) -> None:
        """Pause the messages of the person selected in the People list."""
        if (pid := self._selected()) is not None:
            questions.ask_pause(self.app, self.intents, pid, self._report, self._toast)
