"""``QuietLabel``: a ``Static`` that repaints only when what it shows has changed.

The meeting screen asks its panels to redraw after every event, and most events change
nothing that a given panel shows; each repaint is bytes on a slow link. So the status
line, the hand queue and the reader's prompt compare first, here, and keep what they
show as plain text for tests and screen readers.
"""

from textual.content import Content
from textual.widgets import Static


class QuietLabel(Static):
    """A label of one ``Content`` that repaints only on change."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(Content(""), id=id)
        self._shown = Content("")

    def show_content(self, content: Content) -> bool:
        """Show ``content`` unless it is on screen already; whether it changed."""
        if content.is_same(self._shown):
            return False
        self._shown = content
        self.update(content)
        return True

    @property
    def plain(self) -> str:
        """What the label shows, without styles (for tests)."""
        return self._shown.plain
