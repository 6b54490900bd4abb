"""The key prompt: one line in reverse video, over the status line, while a key waits for another.

Two moments need it. The room key prefix is armed ("ROOM KEY: press a letter, Esc
cancels"), and a guarded action waits for its key to be pressed again ("F8 again: move
on to Sharing..."). A facilitator in a hurry must not lose track of either, so the line
takes the status line's place in reverse video (visible without colours too) and the
status line comes back when the prompt goes. The text is built by the screens from the
key table and the room; anything quoted from the room went through ``for_display_line``.
"""

from textual.content import Content
from textual.widget import Widget

from tui.widgets.fit import first_fitting
from tui.widgets.quiet import QuietLabel


class KeyPrompt(QuietLabel):
    """The prompt line; hidden (and the status line shown) while there is nothing to say."""

    DEFAULT_CSS = """
    KeyPrompt {
        display: none;
        height: 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        padding: 0 1;
        text-style: reverse bold;
    }
    """

    def __init__(self, replaces: str, *, id: str | None = None) -> None:
        """Args:
        replaces: A selector of the line this prompt stands in for while shown (or "").
        id: The widget id.
        """
        super().__init__(id=id)
        self._replaces = replaces

    def say(self, text: str, *shorter: str) -> None:
        """Show ``text`` in place of the status line, or the first of ``shorter`` that fits the screen."""
        width = self.screen.size.width - self.styles.gutter.width if self.is_attached else 0
        self.show_content(Content(first_fitting(width, text, *shorter)))
        self._swap(True)

    def clear(self) -> None:
        """Hide the prompt and bring the status line back."""
        self.show_content(Content(""))
        self._swap(False)

    def _swap(self, shown: bool) -> None:
        if self.display != shown:
            self.display = shown
        if self._replaces and self.screen.is_attached:
            for line in self.screen.query(self._replaces):
                if isinstance(line, Widget) and line.display == shown:
                    line.display = not shown

    @property
    def is_shown(self) -> bool:
        """Whether the prompt is on screen."""
        return bool(self.display)
