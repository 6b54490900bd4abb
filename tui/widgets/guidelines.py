"""The guidelines prompt: shown in place of the composer until a member accepts the guidelines.

Everyone but the facilitators accepts the room's guidelines before their first message,
whatever the room's settings (the relay refuses a message until then). The prompt shows
the guidelines as plain ``Content`` (facilitators wrote them, but they are text all the
same) and one key that accepts them; the screen turns that into the intent.
"""

from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from protocol.state import Reading
from protocol.text import for_display, for_display_line
from tui import keys


def prompt_text(guidelines: Reading) -> Content:
    """What to press to accept the guidelines (first, so that it always shows), then them."""
    accept = keys.label_of("guidelines-accept")
    return Content.assemble(
        (f"Before your first message: {accept} accepts these guidelines.", "bold $accent"),
        "\n",
        (for_display_line(guidelines.title), "bold"),
        "\n",
        for_display(guidelines.text),
    )


class GuidelinesPrompt(Static, can_focus=True):
    """The room's guidelines and the key that accepts them."""

    BINDINGS = keys.bindings(keys.GUIDELINES_KEYS)

    DEFAULT_CSS = """
    GuidelinesPrompt {
        height: auto;
        max-height: 10;
        overflow-y: auto;
        padding: 0 1;
        border-top: solid $accent;
    }
    """

    class Accepted(Message):
        """The person pressed the key that accepts the guidelines."""

    def show_guidelines(self, guidelines: Reading) -> None:
        """Show ``guidelines`` (the prompt is only displayed while they are owed)."""
        self.update(prompt_text(guidelines))

    def action_accept(self) -> None:
        self.post_message(self.Accepted())
