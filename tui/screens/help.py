"""The help screen: every key and slash command the participant may use, and the markers.

It is generated from ``tui.keys`` and the command table (through ``tui.core.slash.slash_help``)
so it cannot drift from what the keys and commands really do. A member sees only what
``protocol.rules.may`` lets a member send; facilitators and co-facilitators see theirs
as well. In the lobby (no meeting open) it lists the lobby's keys instead. How to close
it is said at the top and again at the bottom.
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


LOBBY_INTRO = (
    "Choose a room with the arrow keys and Enter: you are asked for a name, then you join. "
    "Ctrl+P finds any action by name."
)


def closing_hint() -> str:
    """``Esc, F1 or q closes this help.`` (with this client's keys)."""
    return f"Esc, {keys.label_of('help')} or q closes this help."


RARELY_NEEDED = frozenset({"redraw"})
"""Keys listed after the others: a newcomer reads F2 before Ctrl+L."""


def _rare_last(entries: tuple[keys.Key, ...]) -> tuple[keys.Key, ...]:
    """``entries`` without repeats, the rarely needed ones moved to the end."""
    unique = tuple(dict.fromkeys(entries))
    return tuple(sorted(unique, key=lambda entry: entry.id in RARELY_NEEDED))


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

    def __init__(self, leads: bool, in_meeting: bool = True) -> None:
        """Args:
        leads: Whether to include facilitator actions.
        in_meeting: False in the lobby: its keys replace the meeting's.
        """
        super().__init__()
        self._leads = leads
        self._in_meeting = in_meeting
        self.text = ""
        """Everything the screen says, as plain text (for tests and screen readers)."""

    def compose(self) -> ComposeResult:
        sections = self._meeting_sections() if self._in_meeting else self._lobby_sections()
        sections = [
            Content.styled(closing_hint(), "bold"),
            *sections,
            Content.styled(closing_hint(), "$text-muted"),
        ]
        self.text = "\n\n".join(section.plain for section in sections)
        with VerticalScroll():
            for section in sections:
                yield Static(section)

    def _show(self, name: str) -> str:
        return self.app.get_key_display(Binding(name, ""))

    def _lobby_sections(self) -> list[Content]:
        """The lobby's keys: choosing a room, refreshing the list, help and leaving."""
        lobby_keys = _rare_last((*keys.APP_KEYS, *keys.LOBBY_KEYS))
        return [
            Content(LOBBY_INTRO),
            Content("\n").join(
                [
                    Content.styled("Keys in the lobby", "bold $accent"),
                    Content.assemble(("  " + f"{'Enter':<10}", "bold"), "Join the highlighted room"),
                    *key_lines(lobby_keys, False, self._show, lambda name: True),
                ]
            ),
        ]

    def _meeting_sections(self) -> list[Content]:
        """The meeting's keys (while typing, then the room keys), slash commands and markers."""
        typing_keys = _rare_last((*keys.APP_KEYS, *keys.MEETING_KEYS))
        show = self._show

        def every(name: str) -> bool:
            return True

        slash = slash_help(Role.COFACILITATOR if self._leads else Role.MEMBER)
        usage_width = max(len(usage) for usage, _ in slash) + 2
        return [
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
        ]

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()

    def action_close(self) -> None:
        self.dismiss(None)
