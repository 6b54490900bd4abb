"""The room key prefix: one key (Ctrl+R) arms exactly one letter that acts on the room.

Ordinary typing must never act on the room, so no screen reacts to a bare letter. A
screen with room keys (the meeting screen, the facilitators' desk) mixes in
``RoomKeyPrefix``: the prefix arms it, the key prompt says so in reverse video, and the
next key decides. A room key's letter runs its action (``action_room_key``) and the
prefix is spent; the arrow keys (and Home, End, Tab) keep it armed so that a person can
be selected first; Esc, or any key that is no room key, cancels it and does nothing else;
a function key cancels it and then acts as usual. The letters themselves are bindings
from ``tui.keys`` (so a keymap moves them, and the footer lists them while armed), and
``check_action`` turns them off while the prefix is not armed.
"""

from textual import events

from tui import keys
from tui.widgets.key_prompt import KeyPrompt

SELECTING = frozenset({"up", "down", "home", "end", "tab", "shift+tab"})
"""Keys that leave the prefix armed: they move a selection before the letter."""


def armed_text() -> tuple[str, ...]:
    """What the prompt says while the prefix is armed, then in shorter words (Esc always whole)."""
    return (
        "ROOM KEY: press a letter (arrows select a person), Esc cancels",
        "ROOM KEY: a letter (arrows select a person), Esc cancels",
        "ROOM KEY: press a letter, Esc cancels",
    )


class RoomKeyPrefix:
    """Mixin for a ``Screen`` whose letters act only after the prefix."""

    ROOM_PLACE = "room"
    """The place of ``tui.keys`` whose letters this screen arms."""
    _armed = False

    @property
    def armed(self) -> bool:
        """Whether the next key is a room key."""
        return self._armed

    def _key_prompt(self) -> KeyPrompt:
        return self.query_one(KeyPrompt)  # type: ignore[attr-defined, no-any-return]

    def arm(self) -> None:
        """Arm the prefix: the next letter acts on the room."""
        self._armed = True
        self._key_prompt().say(*armed_text())
        self.refresh_bindings()  # type: ignore[attr-defined]

    def disarm(self) -> None:
        """Spend or cancel the prefix; the screen goes back to where typing goes."""
        if self._armed:
            self._armed = False
            self.refresh_bindings()  # type: ignore[attr-defined]
        self._key_prompt().clear()
        self.after_room_key()

    def after_room_key(self) -> None:
        """What the screen does once the prefix is spent or cancelled (nothing by default)."""

    def action_room_keys(self) -> None:
        """The prefix: arm one room key, or cancel it when pressed again."""
        if self._armed:
            self.disarm()
        else:
            self.arm()

    async def action_room_key(self, action: str) -> None:
        """Run a room key's ``action`` if the prefix is armed, and spend the prefix.

        The action may arm the prefix again (a guarded action waiting for its letter a
        second time); then the prompt it set stays.
        """
        if not self._armed:
            return
        self._armed = False
        await self.run_action(action)  # type: ignore[attr-defined]
        if not self._armed:
            self.disarm()

    def room_key_action(self, key: str) -> str | None:
        """The action of this screen's room key ``key`` now (keys follow the keymap), or None."""
        entries = keys.keys_of(self.ROOM_PLACE)
        return next((entry.action for entry in entries if entry.armed and key in entry.keys), None)

    async def on_key(self, event: events.Key) -> None:
        """While armed: a room key acts, selecting keys select, anything else cancels.

        The letter acts here rather than through its binding: a binding runs only once the
        screen has read every key that came with the letter in one burst (one read from a
        slow link), and those keys are typing, read after the letter has acted. A letter
        whose action does not apply now spends the prefix all the same. Textual calls this
        handler once for each class that defines ``on_key``, so a screen adds its own key
        handling in ``unarmed_key`` and ``selecting_key``, never in an ``on_key`` of its own.
        """
        if not self._armed:
            self.unarmed_key(event)
            return
        if event.key in keys.BY_ID["room-keys"].keys:
            return  # pressed again: its own binding cancels the prefix
        action = self.room_key_action(event.key)
        if action is not None:
            event.stop()
            event.prevent_default()
            app = self.app  # type: ignore[attr-defined]
            if not await app.run_action(f"room_key({action!r})", self):  # checked as its binding is
                self.disarm()
            return
        if event.key in SELECTING:
            self.selecting_key(event)
            return
        if keys.is_typing_safe(event.key) and event.key != "escape":
            self.disarm()  # then the function key acts as usual
            return
        event.stop()
        event.prevent_default()
        self.disarm()

    def unarmed_key(self, event: events.Key) -> None:
        """A key while the prefix is not armed (the meeting screen hands letters to the composer)."""

    def selecting_key(self, event: events.Key) -> None:
        """An arrow key while armed: the focused list moves its selection by itself."""
