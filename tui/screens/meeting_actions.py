"""What the meeting screen's keys, palette entries and slash commands send to the relay.

A mixin of ``MeetingScreen``: every action turns into one ``session.send`` (the relay
judges it and answers with an event or a refusal that the screen shows). Actions on
"the selected person" read the highlighted row of the People list. Nothing here
decides a room rule; it only avoids sending what the participant could not mean.
"""

import asyncio
import contextlib
from typing import TYPE_CHECKING, Any

from protocol import CommandKind, Mode, ProtocolError, Role, RoomState
from protocol.rules import may
from protocol.text import for_display_line
from tui.screens.dialogs import AgendaItemScreen, ConfirmScreen
from tui.slash import parse_slash
from tui.updates import ConnectionStatus
from tui.widgets import lines
from tui.widgets.people import PeopleList
from tui.widgets.transcript import Transcript

if TYPE_CHECKING:
    from tui.session import Session

LEAVE_WAIT_SECONDS = 3.0
"""How long leaving waits for the relay to record it before closing anyway."""


class MeetingActions:
    """Actions of the meeting screen that send commands."""

    session: "Session"
    _room: RoomState | None
    _leads: bool
    _pending_says: dict[int, str]
    _settled: asyncio.Event

    if TYPE_CHECKING:  # provided by the screen

        def query_one(self, *args: Any) -> Any: ...
        def _notice(self, text: str) -> None: ...
        def _show_link(self) -> None: ...

        app: Any

    def send(self, kind: CommandKind, *args: Any) -> int | None:
        """Send a command, or say why not when we are not in the room yet."""
        if self.session.state is None or self.session.pid is None:
            self._notice("Not in the room yet; try again once connected.")
            return None
        try:
            request_id = self.session.send(kind, *args)
        except ProtocolError as error:  # arguments the wire cannot carry: say so, send nothing
            self._notice(error.message)
            return None
        self._show_link()
        return request_id

    def say_or_command(self, text: str) -> None:
        """Act on a line typed in the composer: a message or a slash command."""
        state, pid = self.session.state, self.session.pid
        if not text.strip():
            return
        if state is None or pid is None:
            self._notice("Not in the room yet; try again once connected.")
            return
        result = parse_slash(text, state, pid)
        me = state.participant(pid)
        if result.help:
            self.app.action_help()  # type: ignore[attr-defined]
        elif result.error is not None:
            self._notice(result.error)
        elif result.kind is CommandKind.LEAVE:
            self.app.action_leave()  # type: ignore[attr-defined]
        elif result.kind is CommandKind.SAY:
            request_id = self.send(CommandKind.SAY, *result.args)
            if request_id is None:
                return
            self._pending_says[request_id] = result.args[0]
            name = me.name if me is not None else "you"
            self.query_one(Transcript).add(lines.pending(name, result.args[0]), key=("pending", request_id))
        elif result.kind is not None:
            if me is not None and not may(me.role, result.kind):
                self._notice("Only a facilitator can do that.")
                return
            self.send(result.kind, *result.args)

    # Member actions

    def action_hand(self) -> None:
        """Raise our hand, or lower it when it is up."""
        state, pid = self.session.state, self.session.pid
        if state is not None and pid is not None and pid in state.hand_queue:
            self.send(CommandKind.LOWER, None)
        else:
            self.send(CommandKind.RAISE)

    def action_done(self) -> None:
        self.send(CommandKind.DONE)

    async def leave_meeting(self) -> None:
        """Tell the room we leave, wait briefly for the relay to record it, then close."""
        if self.session.status is ConnectionStatus.CONNECTED and self.session.pid is not None:
            self._settled.clear()
            self.session.send(CommandKind.LEAVE)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._settled.wait(), LEAVE_WAIT_SECONDS)
        await self.session.close()

    # Facilitator actions on the room

    def action_next_hand(self) -> None:
        self.send(CommandKind.NEXT)

    def action_take_floor(self) -> None:
        self.send(CommandKind.TAKE_BACK)

    def action_lower_all(self) -> None:
        self.send(CommandKind.LOWER_ALL)

    def action_toggle_mode(self) -> None:
        """Open mode becomes floor mode; any other (floor, round, silent pause) becomes open.

        Rounds have their own key (``o``) and segments bring their own mode (F8), so this
        stays a simple switch between the two everyday modes.
        """
        state = self.session.state
        if state is not None:
            self.send(CommandKind.SET_MODE, Mode.FLOOR if state.mode is Mode.OPEN else Mode.OPEN)

    def action_agenda_next(self) -> None:
        self.send(CommandKind.AGENDA_NEXT)

    def action_agenda_add(self) -> None:
        def add(item: tuple[str, int] | None) -> None:
            if item is not None:
                self.send(CommandKind.AGENDA_ADD, *item)

        self.app.push_screen(AgendaItemScreen(), add)  # type: ignore[attr-defined]

    # Facilitator actions on the selected person

    def _selected(self) -> int | None:
        pid = self.query_one(PeopleList).selected_pid
        if pid is None:
            self._notice("Select someone in the People list first (Esc, then the arrow keys).")
        return pid

    def action_grant_selected(self) -> None:
        if (pid := self._selected()) is not None:
            self.send(CommandKind.GRANT, pid)

    def action_lower_selected(self) -> None:
        if (pid := self._selected()) is not None:
            self.send(CommandKind.LOWER, pid)

    def action_move_hand(self, delta: int) -> None:
        """Move the selected person in the hand queue, or in the round's order when a
        round is on and their hand is down."""
        state, pid = self.session.state, self._selected()
        if state is None or pid is None:
            return
        round_ = state.round
        if round_ is not None and pid in round_.order and pid not in state.hand_queue:
            self.send(CommandKind.ROUND_MOVE, pid, max(0, round_.order.index(pid) + delta))
        else:
            self.send(CommandKind.MOVE_HAND, pid, delta)

    def action_promote_selected(self) -> None:
        state, pid = self.session.state, self._selected()
        person = state.participant(pid) if state is not None else None
        if person is None:
            return
        if person.role is Role.FACILITATOR:
            self._notice("The facilitator's role comes with the room's key.")
        else:
            new_role = Role.MEMBER if person.role is Role.COFACILITATOR else Role.COFACILITATOR
            self.send(CommandKind.SET_ROLE, pid, new_role)

    def action_remove_selected(self) -> None:
        state, pid = self.session.state, self._selected()
        person = state.participant(pid) if state is not None else None
        if person is None:
            return

        def remove(sure: bool | None) -> None:
            if sure:
                self.send(CommandKind.REMOVE, person.pid)

        question = (
            f"Remove {for_display_line(person.name)} from the room? They cannot come back "
            "until a facilitator allows them."
        )
        self.app.push_screen(ConfirmScreen(question, yes="Remove"), remove)  # type: ignore[attr-defined]
