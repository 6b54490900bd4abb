"""The catch-up line above the composer: the offer of one's introduction, or what one missed.

One line, hidden while there is nothing to say, so that the transcript keeps its height
in the ordinary case. When the reader's turn comes in a round and they prepared an
introduction, it offers it (``tui.core.introduction``); otherwise it shows the line of
``tui.core.digest`` about what happened while they were away. The text is plain
``Content`` (every name in it went through ``for_display_line``), in bold so that it
stands out without colours; a line longer than the screen wraps onto a second.
"""

from textual.content import Content

from tui.widgets.quiet import QuietLabel


class CatchupLine(QuietLabel):
    """The offer or the digest; hidden when empty."""

    DEFAULT_CSS = """
    CatchupLine {
        display: none;
        height: auto;
        max-height: 2;
        padding: 0 1;
        text-style: bold;
    }
    """

    def say(self, text: str | None) -> None:
        """Show ``text``, or hide the line for None."""
        self.show_content(Content(text or ""))
        shown = bool(text)
        if self.display != shown:
            self.display = shown
