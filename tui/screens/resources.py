"""The resources panel: help lines and links the room's host listed, on your screen only.

Opening it sends nothing to the relay, so nobody learns that someone looked, and the
panel says so. The resources come with the room's snapshot (``RoomState.resources``,
set by the host, not by participants), and are shown as plain ``Content`` all the same.
"""

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from protocol.text import for_display, for_display_line
from tui import keys

PRIVATE = "Only you see this; opening it sends nothing to the room."
NONE_LISTED = "This room lists no resources. In an emergency, call your local emergency number."


def whose_lines(resources_for: str) -> str:
    """Whose help lines these are, as the panel's first line."""
    if resources_for:
        return f"Help lines for {for_display_line(resources_for)}, set by this group's host."
    return "Help lines set by this group's host."


def resources_text(resources: tuple[tuple[str, str], ...]) -> Content:
    """The resources as one block: each label in bold and its detail under it."""
    if not resources:
        return Content(NONE_LISTED)
    return Content("\n\n").join(
        Content.assemble((for_display_line(label), "bold"), "\n", for_display(detail))
        for label, detail in resources
    )


class ResourcesScreen(ModalScreen[None]):
    """The room's resources over whatever is on screen; Escape, q, y or F12 closes it."""

    DEFAULT_CSS = """
    ResourcesScreen {
        align: center middle;
    }
    ResourcesScreen > VerticalScroll {
        width: 70;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: round $accent;
        border-title-style: bold;
        background: $surface;
        padding: 0 1;
    }
    ResourcesScreen Static {
        margin-bottom: 1;
    }
    ResourcesScreen #resources-private {
        color: $text-muted;
        margin-bottom: 0;
    }
    """

    BINDINGS = keys.bindings(keys.RESOURCES_KEYS)

    def __init__(self, resources: tuple[tuple[str, str], ...], resources_for: str = "") -> None:
        """Args:
        resources: (label, detail) pairs, as the room state carries them.
        resources_for: Whose lines they are ("the United Kingdom"), or empty for the group's own.
        """
        super().__init__()
        self._resources = resources
        self._whose = whose_lines(resources_for) if resources else ""
        self.text = ""
        """Everything the panel says, as plain text (for tests and screen readers)."""

    def compose(self) -> ComposeResult:
        body = resources_text(self._resources)
        self.text = (self._whose + "\n\n" if self._whose else "") + body.plain + "\n\n" + PRIVATE
        with VerticalScroll() as scroll:
            scroll.border_title = "Help and resources"
            scroll.border_subtitle = f"{keys.label_of('resources-close')} closes"
            if self._whose:
                yield Static(Content(self._whose), id="resources-whose")
            yield Static(body, id="resources-list")
            yield Static(Content(PRIVATE), id="resources-private")

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()

    def action_close(self) -> None:
        self.dismiss(None)
