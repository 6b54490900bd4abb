"""Every key of the client, in one registry that feeds the screens, the help and the palette.

How a newcomer finds their way: the composer has the focus when the meeting opens, so
typing and Enter just send a message, and nothing typed can trigger an action by
accident. The footer shows the function keys, which work even while typing (F1 help,
F2 hand, F3 done when you have the floor, F4 pass; for facilitators F5 next hand, F6 take
the floor back, F7 mode, F8 next agenda item (the room takes on its rules: a round starts,
crosstalk stops...), F9 add an item). Escape leaves the composer for the
"room keys": single letters that act on the room and on the person selected in the
People list (arrows move the selection); ``i`` or Enter goes back to writing. Ctrl+P
opens the command palette, which lists every action by name, and Ctrl+Q leaves.

Letters are safe to bind on the meeting screen because Textual drops a printable key
from an ancestor's bindings while an ``Input`` has the focus, so they cannot fire
while someone types. Function keys and Ctrl combinations must not collide with the
``Input``'s own keys (Ctrl+A, E, K, U, W, D, X, C, V...); ``tests/tui/test_keys.py``
checks that for every screen.

Each ``Key`` pairs a Textual ``Binding`` (with an ``id`` so users may remap it) with
the sentence that the help screen and palette show, and whether only a facilitator or
co-facilitator may use it.
"""

import re
from dataclasses import dataclass

from textual.binding import Binding, BindingType


@dataclass(frozen=True, slots=True)
class Key:
    """One action on a key: its binding, its sentence for people, who may use it."""

    binding: Binding
    title: str
    """What the action does, as the help screen and command palette say it."""
    leader: bool = False
    """True when only facilitators and co-facilitators may use it."""
    in_palette: bool = True
    """False for navigation keys that make no sense as a palette entry."""

    @property
    def action(self) -> str:
        """The action name the binding runs."""
        return self.binding.action

    @property
    def action_name(self) -> str:
        """The action without its parameters, as ``check_action`` receives it."""
        return self.binding.action.split("(", 1)[0].rsplit(".", 1)[-1]

    @property
    def keys(self) -> list[str]:
        """Every key that triggers the action."""
        return [key.strip() for key in self.binding.key.split(",")]


def key(
    keys: str,
    action: str,
    short: str,
    title: str,
    *,
    id: str,
    leader: bool = False,
    show: bool = True,
    priority: bool = False,
    in_palette: bool = True,
    key_display: str | None = None,
) -> Key:
    """A registry entry: a ``Binding`` with an ``id`` (so users may remap it) and its sentence.

    Args:
        keys: Comma-separated key names; letters first (see ``MEETING_KEYS``).
        action: The action the keys run.
        short: The footer's word for it.
        title: What it does, for the help screen, the palette and the tooltip.
        id: The binding id, unique across the registry.
        leader: Only facilitators and co-facilitators are offered it.
        show: Whether the footer shows it.
        priority: Whether it acts before the focused widget's own keys.
        in_palette: Whether the command palette lists it.
        key_display: How the footer shows the key, when its name does not say it.
    """
    binding = Binding(
        keys, action, short, show=show, priority=priority, tooltip=title, id=id, key_display=key_display
    )
    return Key(binding, title, leader, in_palette)


_key = key
"""The helper's earlier, private name (kept for code written against it)."""


HELP = key("f1,question_mark", "app.help", "Help", "Show the keys and slash commands", id="help")
LEAVE = key("ctrl+q", "app.leave", "Leave", "Leave the meeting", id="leave", priority=True)

APP_KEYS: tuple[Key, ...] = (HELP, LEAVE)
"""Keys that work on every screen, dialogs included."""

# Letters come first in a binding's keys so that the footer shows the short letter while
# the room keys are active, and the function key while typing (letters are then inactive).
MEETING_KEYS: tuple[Key, ...] = (
    HELP,
    key("h,f2", "hand", "Hand", "Raise or lower your hand", id="hand"),
    key("d,f3", "done", "Done", "Give the floor back when you have finished", id="done"),
    key("s,f4", "pass_turn", "Pass", "Pass: let your turn go by (no reason needed)", id="pass"),
    key(
        "escape",
        "room_keys",
        "Room keys",
        "Leave the composer to use the room keys",
        id="room-keys",
        in_palette=False,
    ),
    key("i", "write", "Write", "Go back to the composer to write", id="write"),
    key("1", "react(0)", "React", "React <3 to the person sharing", id="react-heart", key_display="1/2/3"),
    key("2", "react(1)", "Me too", 'React "me too" to the person sharing', id="react-me-too", show=False),
    key("3", "react(2)", "Thanks", 'React "thanks" to the person sharing', id="react-thanks", show=False),
    key(
        "full_stop",
        "read_on",
        "Read on",
        "Read the next paragraph aloud (when you were asked to read)",
        id="read-on",
        key_display=".",
    ),
    key("v", "toggle_readings", "Reading", "Show or hide the reading panel", id="readings"),
    LEAVE,
    key(
        "pageup",
        "history_back",
        "Earlier",
        "Show the previous page of the transcript",
        id="history-back",
        show=False,
    ),
    key(
        "pagedown",
        "history_forward",
        "Later",
        "Show the next page of the transcript",
        id="history-forward",
        show=False,
    ),
    key("g", "grant_selected", "Floor", "Give the floor to the selected person", id="grant", leader=True),
    key("l", "lower_selected", "Lower", "Lower the selected person's hand", id="lower", leader=True),
    key(
        "left_square_bracket",
        "move_hand(-1)",
        "Up",
        "Move the selected person up the hand queue, or the round",
        id="hand-up",
        leader=True,
        key_display="[",
    ),
    key(
        "right_square_bracket",
        "move_hand(1)",
        "Down",
        "Move the selected person down the hand queue, or the round",
        id="hand-down",
        leader=True,
        key_display="]",
    ),
    key(
        "p",
        "promote_selected",
        "Role",
        "Make the selected person co-facilitator, or a member again",
        id="promote",
        leader=True,
    ),
    key(
        "r", "remove_selected", "Remove", "Remove the selected person from the room", id="remove", leader=True
    ),
    key("x", "lower_all", "All down", "Lower every raised hand", id="lower-all", leader=True),
    key("n,f5", "next_hand", "Next", "Give the floor to the next raised hand", id="next-hand", leader=True),
    key("t,f6", "take_floor", "Take", "Take the floor back", id="take-floor", leader=True),
    key(
        "m,f7",
        "toggle_mode",
        "Mode",
        "Switch between open mode and floor mode (ends a silent pause)",
        id="toggle-mode",
        leader=True,
        show=False,
    ),
    key(
        "a,f8",
        "agenda_next",
        "Agenda",
        "Move on to the next agenda item and its rules",
        id="agenda-next",
        leader=True,
    ),
    key("e,f9", "agenda_add", "+Item", "Add an item to the agenda", id="agenda-add", leader=True, show=False),
    key(
        "o",
        "round_toggle",
        "Round",
        "Start a round (everyone in turn), or end it",
        id="round",
        leader=True,
        show=False,
    ),
    key(
        "k",
        "round_skip_selected",
        "Skip",
        "Skip the selected person in the round",
        id="round-skip",
        leader=True,
        show=False,
    ),
    key(
        "c",
        "toggle_crosstalk",
        "Crosstalk",
        "Turn crosstalk on or off",
        id="crosstalk",
        leader=True,
        show=False,
    ),
    key(
        "f",
        "load_format",
        "Format",
        "Load a meeting format (it replaces the agenda)",
        id="load-format",
        leader=True,
        show=False,
    ),
    key(
        "comma",
        "reading_dialog",
        "Readings",
        "Show a reading to everyone, or ask the selected person to read one",
        id="reading-dialog",
        leader=True,
        show=False,
        key_display=",",
    ),
)
"""Keys of the meeting screen, in footer order; letters work only outside the composer.

Mode, +Item and the letters of rounds, crosstalk, formats and readings stay out of the
footer so that it fits 80 columns; F1 and Ctrl+P list them. Pass, the reactions (one
footer entry, "1/2/3 React") and "read on" show only when they apply
(``MeetingScreen.check_action``)."""


def back_to_writing(id: str) -> Key:
    """Escape from a focused panel back to the composer (the panel's own ``id`` for it)."""
    return key(
        "escape",
        "screen.write",
        "Write",
        "Go back to the composer to write",
        id=id,
        show=False,
        in_palette=False,
    )


def arrow_bindings(
    down: str, up: str, home: str, end: str, ends: tuple[str, str] = ("First", "Last")
) -> list[BindingType]:
    """Hidden bindings of the arrows, Home and End to a list's or a panel's own actions.

    Args:
        down: The action of the down arrow.
        up: The action of the up arrow.
        home: The action of Home.
        end: The action of End.
        ends: The words for Home and End.
    """
    return [
        Binding("down", down, "Down", show=False),
        Binding("up", up, "Up", show=False),
        Binding("home", home, ends[0], show=False),
        Binding("end", end, ends[1], show=False),
    ]


PEOPLE_KEYS: tuple[Key, ...] = (back_to_writing("people-write"),)
"""Keys of the People list, which override the meeting screen's while it has the focus."""

READINGS_KEYS: tuple[Key, ...] = (back_to_writing("readings-write"),)
"""Keys of the reading panel while it has the focus (arrows scroll it; Esc goes back to writing)."""

LOBBY_KEYS: tuple[Key, ...] = (
    HELP,
    key("f5,ctrl+r", "refresh", "Refresh", "Fetch the list of rooms again", id="lobby-refresh"),
)
"""Keys of the lobby screen."""

DIALOG_KEYS: tuple[Key, ...] = (
    key("escape", "cancel", "Cancel", "Close without doing anything", id="dialog-cancel"),
)
"""Keys shared by the small modal dialogs."""

READING_PICKER_KEYS: tuple[Key, ...] = (
    *DIALOG_KEYS,
    key("a", "ask", "Ask to read", "Ask the selected person to read it aloud", id="reading-ask"),
)
"""Keys of the readings dialog (Enter shows the highlighted reading to everyone)."""

OVERRIDES: frozenset[str] = frozenset({"escape"})
"""Keys a focused widget may deliberately take over from its screen for another action."""


def is_typing_safe(key: str) -> bool:
    """Whether ``key`` acts even while the composer has the focus (not a printable key)."""
    return bool(re.fullmatch(r"f\d{1,2}", key)) or key.startswith(("ctrl+", "page")) or key == "escape"


def bindings(keys: tuple[Key, ...]) -> list[BindingType]:
    """The Textual bindings of ``keys``, for a ``BINDINGS`` class variable."""
    return [key.binding for key in keys]


def meeting_keys() -> tuple[Key, ...]:
    """Every key of the meeting screen: ``MEETING_KEYS`` and the care keys (``tui.care_keys``).

    Imported here, late, because ``tui.care_keys`` builds its keys with this module's
    ``key``: a module-level import would make the two modules import each other.
    """
    from tui.care_keys import CARE_KEYS

    return (*MEETING_KEYS, *(entry for entry in CARE_KEYS if entry not in MEETING_KEYS))


def leader_actions() -> frozenset[str]:
    """Meeting screen actions that members are not offered (care keys included)."""
    return frozenset(entry.action_name for entry in meeting_keys() if entry.leader)


def __getattr__(name: str) -> object:
    """``LEADER_ACTIONS``, computed on first use (see ``meeting_keys`` for why it is late)."""
    if name == "LEADER_ACTIONS":
        return leader_actions()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
