"""The composer: the one-line box where a participant types messages and slash commands.

It has the focus when the meeting opens, so a newcomer can simply type. Its placeholder
says what typing will do right now (post, or raise your hand first in floor mode), and
its cursor does not blink, because every blink is bytes on a slow link.
"""

from collections.abc import Callable

from textual.widgets import Input

from protocol.limits import MAX_MESSAGE_CHARS

OPEN_HINT = "Type a message, Enter sends. Esc: room keys, F1: help"
FLOOR_HINT = "Floor mode: F2 raises your hand. Esc: room keys, F1: help"
ENDED_HINT = "The meeting has ended for you. Ctrl+Q leaves."
WHY_NOT_HINTS = {
    "silent": "Silent pause: nobody posts until it ends. F1: help",
    "no_crosstalk": "No crosstalk now: Esc, then 1/2/3 reacts. F1: help",
    "round": "Round: wait for your turn (F4 passes). F1: help",
}
"""Hints for the reasons ``RoomState.why_not_post`` gives beyond floor mode's, and for a round."""


class Composer(Input):
    """A single-line input for messages and slash commands."""

    DEFAULT_CSS = """
    Composer {
        height: 1;
        border: none;
        padding: 0 1;
    }
    Composer:focus {
        border: none;
    }
    """

    def __init__(self, *, id: str | None = None, on_submit: Callable[[str], None] | None = None) -> None:
        """Args:
        id: The widget id.
        on_submit: Called with the text when Enter is pressed, before any later key is
            handled (see ``action_submit``). Without it, ``Input.Submitted`` is posted.
        """
        super().__init__(placeholder=OPEN_HINT, max_length=MAX_MESSAGE_CHARS, id=id)
        self.cursor_blink = False
        self._on_submit = on_submit

    async def action_submit(self) -> None:
        """Send what was typed at once, not through the message queue.

        A posted ``Submitted`` message is handled after keys already pressed: someone who
        types their share, presses Enter and then F3 at once would yield the floor before
        their share reached the relay, which then refuses it. Calling back right here keeps
        the order in which the keys were pressed.
        """
        if self._on_submit is None:
            await super().action_submit()
            return
        text = self.value
        self.clear()
        self._on_submit(text)

    def show_may_post(self, may_post: bool, why_not: str | None = None) -> None:
        """Say in the placeholder whether a message would be accepted now, and if not, why.

        Args:
            may_post: Whether the relay would take a message now.
            why_not: The reason from ``RoomState.why_not_post`` when it would not.
        """
        hint = OPEN_HINT if may_post else WHY_NOT_HINTS.get(why_not or "", FLOOR_HINT)
        if self.placeholder != hint and self.placeholder != ENDED_HINT:
            self.placeholder = hint

    def show_ended(self) -> None:
        """Say that nothing more can be sent."""
        self.placeholder = ENDED_HINT
