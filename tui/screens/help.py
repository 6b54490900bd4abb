"""The help screen: every key and slash command the participant may use, and the markers.

It is generated from ``tui.keys`` and the command table (through ``tui.core.slash.slash_help``)
so it cannot drift from what the keys and commands really do. A member sees only what
``protocol.rules.may`` lets a member send; facilitators and co-facilitators see theirs
as well.
"""

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from protocol import Role
from tui import keys
from tui.core.slash import slash_help
from tui.widgets.lines import CONFIDENTIALITY
from tui.widgets.people import LEGEND


def intro() -> str:
    """How the keys work, with this client's keys."""
    prefix = keys.label_of("room-keys")
    return (
        "Typing always goes to the message box at the bottom; Enter sends. Function keys "
        f"work even while typing. {prefix} arms ONE room key: the next letter acts on the "
        "room (the arrow keys first select a person in the People list), then you are back "
        "to writing; Esc cancels. Ctrl+P finds any action by name. Marked actions change "
        "the meeting for everyone: [twice] acts only when its key is pressed a second "
        "time; [asks] asks first (Tab, then Enter, to answer yes)."
    )


GUARD_MARKS = {"twice": " [twice]", "asks": " [asks]"}
"""The marks after a guarded action's line (see ``tui.keys`` for the guards)."""


def key_lines(
    registry: tuple[keys.Key, ...],
    leads: bool,
    display: Callable[[str], str],
    which: Callable[[str], bool],
) -> list[Content]:
    """Lines of ``keys  what they do`` for every key this participant may use.

    Args:
        registry: The keys to describe.
        leads: Whether facilitator actions are included.
        display: How a key name is shown (``f2`` -> ``F2``).
        which: Which key names of a binding belong in this list.
    """
    lines: list[Content] = []
    for key in registry:
        names = [name for name in key.keys if which(name)]
        if not names or (key.leader and not leads) or (not key.binding.show and not key.in_palette):
            continue
        shown = " / ".join(display(name) for name in names)
        mark = GUARD_MARKS.get(keys.guarded(key.action_name), "")
        lines.append(Content.assemble((f"  {shown:<10}", "bold"), key.title, (mark, "bold $warning")))
    return lines


class HelpScreen(ModalScreen[None]):
    """Keys, slash commands and markers; Escape, q or F1 again closes it."""

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
    }
    HelpScreen > VerticalScroll {
        width: 90;
        max-width: 100%;
        height: 100%;
        border: round $accent;
        background: $surface;
        padding: 0 1;
        scrollbar-size-vertical: 1;
    }
    HelpScreen Static {
        margin-bottom: 1;
    }
    """

    BINDINGS = [Binding("escape,q,f1", "close", "Close", id="help-close")]

    def __init__(self, leads: bool) -> None:
        """Args:
        leads: Whether to include facilitator actions.
        """
        super().__init__()
        self._leads = leads
        self.text = ""
        """Everything the screen says, as plain text (for tests and screen readers)."""

    def compose(self) -> ComposeResult:
        display = self.app.get_key_display
        typing_keys = tuple(dict.fromkeys((*keys.APP_KEYS, *keys.MEETING_KEYS)))

        def show(name: str) -> str:
            return display(Binding(name, ""))

        def every(name: str) -> bool:
            return True

        slash = slash_help(Role.COFACILITATOR if self._leads else Role.MEMBER)
        usage_width = max(len(usage) for usage, _ in slash) + 2
        sections = [
            Content.styled(CONFIDENTIALITY, "bold"),
            Content(intro()),
            Content("\n").join(
                [
                    Content.styled("Keys that work while typing", "bold $accent"),
                    *key_lines(typing_keys, self._leads, show, keys.is_typing_safe),
                ]
            ),
            Content("\n").join(
                [
                    Content.styled(
                        f"Room keys ({keys.label_of('room-keys')}, then the letter)", "bold $accent"
                    ),
                    *key_lines(keys.ROOM_KEYS, self._leads, show, every),
                ]
            ),
            Content("\n").join(
                [
                    Content.styled("Slash commands (type in the composer)", "bold $accent"),
                    *(Content.assemble((f"  {u:<{usage_width}}", "bold"), m) for u, m in slash),
                ]
            ),
            Content("\n").join(
                [Content.styled("Markers in the People list", "bold $accent"), Content("  " + LEGEND)]
            ),
            Content.styled("Esc, F1 or q closes this help.", "$text-muted"),
        ]
        self.text = "\n\n".join(section.plain for section in sections)
        with VerticalScroll():
            for section in sections:
                yield Static(section)

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()

    def action_close(self) -> None:
        self.dismiss(None)
