"""The composer: the one-line box where a participant types messages and slash commands.

It has the focus when the meeting opens, so a newcomer can simply type. Its placeholder
says what typing will do right now (post, or raise your hand first in floor mode), and
its cursor does not blink, because every blink is bytes on a slow link.
"""

from collections.abc import Callable

from textual.widgets import Input

from protocol.limits import MAX_MESSAGE_CHARS
from tui.keys import BY_ID, label_of
from tui.widgets.fit import first_fitting


def open_hint() -> str:
    """``Type a message, Enter sends. Ctrl+R: room key, F1: help`` (with this client's keys)."""
    return f"Type a message, Enter sends. {label_of('room-keys')}: room key, {label_of('help')}: help"


def floor_hint(short: bool = False) -> str:
    """What to do in floor mode: raise your hand first (``short``: for 60 columns)."""
    return (
        f"Floor mode: {label_of('hand')} raises {'hand' if short else 'your hand'}. "
        f"{label_of('room-keys')}: room key, {label_of('help')}: help"
    )


def ended_hint() -> str:
    """The meeting is over for us: only leaving is left."""
    return f"The meeting has ended for you. {label_of('leave')} leaves."


def why_not_hint(why_not: str | None, short: bool = False) -> str:
    """The hint for a reason ``RoomState.why_not_post`` gives (or a round); floor mode's by default."""
    help_key = label_of("help")
    if why_not == "silent":
        return f"Silent pause: nobody posts until it ends. {help_key}: help"
    if why_not == "no_crosstalk":
        react = BY_ID["react-heart"].key_display or label_of("react-heart")
        return f"No crosstalk now: {label_of('room-keys')}, then {react} reacts. {help_key}: help"
    if why_not == "round":
        return f"Round: wait for your turn ({label_of('pass')} passes). {help_key}: help"
    return floor_hint(short)


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
        # Selecting all on focus would let the next key replace a half-written message.
        super().__init__(placeholder=open_hint(), max_length=MAX_MESSAGE_CHARS, id=id, select_on_focus=False)
        self.cursor_blink = False
        self._on_submit = on_submit
        self._may_post: tuple[bool, str | None] | None = None

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
        self._may_post = (may_post, why_not)
        width = self.content_region.width or None
        hint = (
            open_hint()
            if may_post
            else first_fitting(width, why_not_hint(why_not), why_not_hint(why_not, True))
        )
        if self.placeholder != hint and self.placeholder != ended_hint():
            self.placeholder = hint

    def on_resize(self) -> None:
        """Say the hint again in the words that fit the new width."""
        if self._may_post is not None:
            self.show_may_post(*self._may_post)

    def show_ended(self) -> None:
        """Say that nothing more can be sent."""
        self.placeholder = ended_hint()
