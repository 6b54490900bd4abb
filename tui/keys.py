"""Every key of the client, in one table that feeds the bindings, the footer, the help and the palette.

The rule: ordinary typing never acts on the room. The composer has the focus when the
meeting opens, and every printable key typed anywhere on the meeting screen ends up
there (a focused panel hands it over). What acts on the room are keys nobody types in a
sentence: the function keys (F1 help, F2 hand, F3 done, F4 pass; for facilitators F5
next hand, F6 take the floor back, F7 mode, F8 next agenda item, F9 add an item, F10 the
desk), Ctrl+P (the palette), Ctrl+Q (leave) and the room key prefix, Ctrl+R. The prefix
arms exactly ONE "room key": the next letter acts on the room or on the person selected
in the People list (the arrow keys move the selection meanwhile), then the composer
has the focus again; Esc or any other key cancels. The status line says so in reverse
video while it is armed. The facilitators' desk uses the same prefix for its letters.

Actions that change what everyone sees and cannot simply be taken back are guarded
(``guard``): ``twice`` ones (next agenda item, mode, starting or ending a round, lowering
every hand) act only when their key is pressed a second time within a few seconds, which
needs no round trip to the relay; ``asks`` ones (remove, lockdown, end the meeting, load
a format) open a dialog whose Yes needs Tab then Enter. The help screen marks both.

``KEYS`` is the one table: each ``Key`` holds its binding id, its default keys, the
action it runs, the footer's word and the sentence the help screen and palette show,
who may use it (``leader``: only facilitators and co-facilitators) and where it acts
(``places``: the app, the meeting screen, ``room`` for the letters after the prefix, the
desk...). The per-screen tuples (``MEETING_KEYS``, ``ROOM_KEYS``, ``DESK_KEYS``...) are
views of it. Interface strings that name a key take it from here (``label_of("help")``
is ``F1``), so they follow a user's keymap: ``keys.toml`` in the user configuration
directory maps binding ids to keys (``tui.keymap``); the app applies it with
``App.set_keymap`` and ``use_keymap``. Function keys and Ctrl combinations must not
collide with the ``Input``'s own keys (Ctrl+A, E, K, U, W, D, X, C, V...);
``tests/tui/test_keys.py`` checks that for every screen.

It imports no screen and no other module of the client but ``tui.key_entry``, the shape
of an entry.
"""

import re
from collections.abc import Mapping

from textual.binding import Binding, BindingType

from tui.key_entry import REMAPPED, Key, back_to_writing, is_typing_safe, key, room

__all__ = ["Key", "is_typing_safe", "key", "room"]

_RESOURCES_TITLE = "Show help lines and resources (only on your screen)"

_TWICE = "twice"
_ASKS = "asks"

KEYS: tuple[Key, ...] = (
    key(
        "f1",
        "app.help",
        "Help",
        "Show the keys and slash commands",
        id="help",
        places=("app", "meeting", "lobby"),
    ),
    *room("h", "f2", "hand", "Hand", "Raise or lower your hand", id="hand"),
    *room("d", "f3", "done", "Done", "Give the floor back when you have finished", id="done"),
    *room("s", "f4", "pass_turn", "Pass", "Pass: let your turn go by (no reason needed)", id="pass"),
    key(
        "ctrl+r",
        "room_keys",
        "Room key",
        "Arm one room key: the next letter acts on the room",
        id="room-keys",
        places=("meeting", "desk"),
        in_palette=False,
    ),
    key(
        "escape",
        "cancel_keys",
        "Cancel",
        "Cancel an armed room key or a key waiting to be pressed again",
        id="cancel-keys",
        show=False,
        in_palette=False,
    ),
    key(
        "question_mark",
        "app.help",
        "Help",
        "Show the keys and slash commands",
        id="room-help",
        places=("room",),
        show=False,
        in_palette=False,
    ),
    key(
        "1",
        "react(0)",
        "React",
        "React <3 to the person sharing",
        id="react-heart",
        places=("room",),
        key_display="1/2/3",
    ),
    key(
        "2",
        "react(1)",
        "Me too",
        'React "me too" to the person sharing',
        id="react-me-too",
        places=("room",),
        show=False,
    ),
    key(
        "3",
        "react(2)",
        "Thanks",
        'React "thanks" to the person sharing',
        id="react-thanks",
        places=("room",),
        show=False,
    ),
    key(
        "full_stop",
        "read_on",
        "Read on",
        "Read the next paragraph aloud (when you were asked to read)",
        id="read-on",
        places=("room",),
        key_display=".",
    ),
    key("v", "toggle_readings", "Reading", "Show or hide the reading panel", id="readings", places=("room",)),
    key(
        "ctrl+q",
        "app.leave",
        "Leave",
        "Leave the meeting",
        id="leave",
        places=("app", "meeting"),
        priority=True,
    ),
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
    key(
        "g",
        "grant_selected",
        "Floor",
        "Give the floor to the selected person",
        id="grant",
        places=("room",),
        leader=True,
    ),
    key(
        "l",
        "lower_selected",
        "Lower",
        "Lower the selected person's hand",
        id="lower",
        places=("room",),
        leader=True,
    ),
    key(
        "left_square_bracket",
        "move_hand(-1)",
        "Up",
        "Move the selected person up the hand queue, or the round",
        id="hand-up",
        places=("room",),
        leader=True,
        key_display="[",
    ),
    key(
        "right_square_bracket",
        "move_hand(1)",
        "Down",
        "Move the selected person down the hand queue, or the round",
        id="hand-down",
        places=("room",),
        leader=True,
        key_display="]",
    ),
    key(
        "p",
        "promote_selected",
        "Role",
        "Make the selected person co-facilitator, or a member again",
        id="promote",
        places=("room",),
        leader=True,
    ),
    key(
        "r",
        "remove_selected",
        "Remove",
        "Remove the selected person from the room",
        id="remove",
        places=("room",),
        leader=True,
        guard=_ASKS,
    ),
    key(
        "x",
        "lower_all",
        "All down",
        "Lower every raised hand",
        id="lower-all",
        places=("room",),
        leader=True,
        guard=_TWICE,
    ),
    *room(
        "n", "f5", "next_hand", "Next", "Give the floor to the next raised hand", id="next-hand", leader=True
    ),
    *room("t", "f6", "take_floor", "Take", "Take the floor back", id="take-floor", leader=True),
    *room(
        "m",
        "f7",
        "toggle_mode",
        "Mode",
        "Switch between open mode and floor mode (ends a silent pause)",
        id="toggle-mode",
        leader=True,
        show=False,
        guard=_TWICE,
    ),
    *room(
        "a",
        "f8",
        "agenda_next",
        "Agenda",
        "Move on to the next agenda item and its rules",
        id="agenda-next",
        leader=True,
        guard=_TWICE,
    ),
    *room(
        "e",
        "f9",
        "agenda_add",
        "+Item",
        "Add an item to the agenda",
        id="agenda-add",
        leader=True,
        show=False,
    ),
    key(
        "o",
        "round_toggle",
        "Round",
        "Start a round (everyone in turn), or end it",
        id="round",
        places=("room",),
        leader=True,
        guard=_TWICE,
    ),
    key(
        "k",
        "round_skip_selected",
        "Skip",
        "Skip the selected person in the round",
        id="round-skip",
        places=("room",),
        leader=True,
        show=False,
    ),
    key(
        "c",
        "toggle_crosstalk",
        "Crosstalk",
        "Turn crosstalk on or off",
        id="crosstalk",
        places=("room",),
        leader=True,
        show=False,
    ),
    key(
        "f",
        "load_format",
        "Format",
        "Load a meeting format (it replaces the agenda)",
        id="load-format",
        places=("room",),
        leader=True,
        show=False,
        guard=_ASKS,
    ),
    key(
        "comma",
        "reading_dialog",
        "Readings",
        "Show a reading to everyone, or ask the selected person to read one",
        id="reading-dialog",
        places=("room",),
        leader=True,
        show=False,
        key_display=",",
    ),
    key(
        "b",
        "note",
        "Note",
        "Write a private note to the facilitators",
        id="note",
        places=("room",),
        show=False,
    ),
    key(
        "u",
        "support",
        "Support",
        "Ask for support, or withdraw the request (only facilitators see it)",
        id="support",
        places=("room",),
        show=False,
    ),
    *room("y", "f12", "app.resources", "Help", _RESOURCES_TITLE, id="resources", show=False),
    *room("w", "f10", "desk", "Desk", "Open the facilitators' desk", id="desk", leader=True),
    key(
        "z",
        "silence_selected",
        "Pause",
        "Pause the selected person's messages for some minutes",
        id="silence",
        places=("room",),
        leader=True,
        show=False,
    ),
    # F12 at the app level with priority, so that it works over the waiting room and dialogs.
    key(
        "f12",
        "app.resources",
        "Help",
        _RESOURCES_TITLE,
        id="app-resources",
        places=("app",),
        show=False,
        priority=True,
        in_palette=False,
    ),
    # Tab and Shift+Tab move the focus at the app level, with priority: the app then moves
    # it before it hands on the keys typed after them. As the screen's own (non-priority)
    # bindings, they only acted once the field that had the focus read them, and keys that
    # arrived in the same burst (one read over SSH) had already been handed to that field.
    key(
        "tab",
        "app.focus_next",
        "Next field",
        "Move to the next field",
        id="focus-next",
        places=("app",),
        show=False,
        priority=True,
        in_palette=False,
    ),
    key(
        "shift+tab",
        "app.focus_previous",
        "Previous field",
        "Move to the previous field",
        id="focus-previous",
        places=("app",),
        show=False,
        priority=True,
        in_palette=False,
    ),
    back_to_writing("people-write", "people"),
    back_to_writing("readings-write", "readings"),
    key(
        "f5,ctrl+r",
        "refresh",
        "Refresh",
        "Fetch the list of rooms again",
        id="lobby-refresh",
        places=("lobby",),
    ),
    key(
        "escape",
        "cancel",
        "Cancel",
        "Close without doing anything",
        id="dialog-cancel",
        places=("dialog", "reading-picker"),
    ),
    # A function key, not a letter: a dialog open over someone typing must not act.
    key(
        "f2",
        "ask",
        "Ask to read",
        "Ask the selected person to read it aloud",
        id="reading-ask",
        places=("reading-picker",),
    ),
    key("escape,f10", "close", "Back", "Back to the meeting", id="desk-close", places=("desk",)),
    key("a", "admit", "Admit", "Let the selected waiting person in", id="desk-admit", places=("desk",)),
    key("A", "admit_all", "All", "Let everyone waiting in", id="desk-admit-all", places=("desk",)),
    key(
        "D",
        "decline_all",
        "Decline all",
        "Turn everyone waiting away",
        id="desk-decline-all",
        places=("desk",),
        show=False,  # the waiting heading names it; the footer must fit 80 columns
    ),
    key(
        "d",
        "decline",
        "Decline",
        "Decline the selected waiting person, with a message",
        id="desk-decline",
        places=("desk",),
    ),
    key(
        "r",
        "reply",
        "Reply",
        "Reply privately to the selected note's writer",
        id="desk-reply",
        places=("desk",),
    ),
    key("l", "lock", "Lock", "Lock or unlock the room", id="desk-lock", places=("desk",), show=False),
    key(
        "k",
        "lockdown",
        "Lockdown",
        "Turn lockdown on or off",
        id="desk-lockdown",
        places=("desk",),
        show=False,
        guard=_ASKS,
    ),
    key(
        "t",
        "waiting_room",
        "Waiting",
        "Turn the waiting room on or off",
        id="desk-waiting",
        places=("desk",),
        show=False,
    ),
    key(
        "s",
        "silence",
        "Pause",
        "Pause a person's messages for some minutes",
        id="desk-silence",
        places=("desk",),
        show=False,
    ),
    key(
        "e",
        "end_meeting",
        "End",
        "End the meeting and delete its messages",
        id="desk-end",
        places=("desk",),
        show=False,
        guard=_ASKS,
    ),
    key("escape,q,y", "close", "Close", "Close the resources", id="resources-close", places=("resources",)),
    key("q", "quit", "Quit", "Close talkingstick", id="closed-quit", places=("closed",)),
    key(
        "enter",
        "accept",
        "Accept",
        "Accept the room's guidelines (before your first message)",
        id="guidelines-accept",
        places=("guidelines",),
    ),
)
"""Every key of the client; within a place, in footer order."""

BY_ID: dict[str, Key] = {entry.id: entry for entry in KEYS}
"""The table by binding id."""


def keys_of(place: str) -> tuple[Key, ...]:
    """The keys acting in ``place``, in table order."""
    return tuple(entry for entry in KEYS if place in entry.places)


APP_KEYS = keys_of("app")
"""Keys the app binds for every screen, dialogs included."""
MEETING_KEYS = keys_of("meeting")
"""Keys of the meeting screen that work while typing (function keys, Ctrl+R, Esc, pages)."""
ROOM_KEYS = keys_of("room")
"""The meeting screen's room keys: letters that act only after the prefix (``room-keys``).

The footer shows them while the prefix is armed, the function keys otherwise. Mode,
+Item and the letters of rounds, crosstalk, formats, readings, notes, support and pauses
stay out of the footer so that it fits 80 columns; F1 and Ctrl+P list them. Pass, the
reactions (one footer entry, "1/2/3 React") and "read on" show only when they apply
(``MeetingScreen.check_action``)."""
PEOPLE_KEYS = keys_of("people")
"""Keys of the People list, which override the meeting screen's while it has the focus."""
READINGS_KEYS = keys_of("readings")
"""Keys of the reading panel while it has the focus (arrows scroll it; Esc goes back to writing)."""
LOBBY_KEYS = keys_of("lobby")
"""Keys of the lobby screen."""
DIALOG_KEYS = keys_of("dialog")
"""Keys shared by the small modal dialogs."""
READING_PICKER_KEYS = keys_of("reading-picker")
"""Keys of the readings dialog (Enter shows the highlighted reading to everyone)."""
DESK_KEYS = keys_of("desk")
"""Keys of the facilitators' desk; the desk lists the hidden ones beside what they change."""
RESOURCES_KEYS = keys_of("resources")
"""Keys of the resources panel (F12 again closes it too)."""
GUIDELINES_KEYS = keys_of("guidelines")
"""Keys of the guidelines prompt shown in place of the composer until they are accepted."""
CLOSED_KEYS = keys_of("closed")
"""Keys of the notice that the waiting room is closed to us: only quitting is left."""

OVERRIDES: frozenset[str] = frozenset({"escape"})
"""Keys a focused widget may deliberately take over from its screen for another action."""

LEADER_ACTIONS: frozenset[str] = frozenset(
    entry.action_name for entry in (*MEETING_KEYS, *ROOM_KEYS) if entry.leader
)
"""Meeting screen actions that members are not offered."""

GUARD_WORDS = {_TWICE: "press twice", _ASKS: "asks first"}
"""How the help screen marks a guarded action."""


def meeting_keys() -> tuple[Key, ...]:
    """Every key of the meeting screen: those that work while typing, then the room keys."""
    return (*MEETING_KEYS, *ROOM_KEYS)


def guarded(action_name: str) -> str:
    """The guard of a meeting screen or desk action (``twice``, ``asks`` or empty)."""
    return next((entry.guard for entry in KEYS if entry.action_name == action_name and entry.guard), "")


_SHOWN = {
    "escape": "Esc",
    "ctrl+r": "Ctrl+R",
    "question_mark": "?",
    "full_stop": ".",
    "comma": ",",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "pageup": "PgUp",
    "pagedown": "PgDn",
}


def display_key(name: str) -> str:
    """A key name as a keyboard prints it: ``F2``, ``Esc``, ``Ctrl+Q``, ``.``."""
    if re.fullmatch(r"f\d{1,2}", name):
        return name.upper()
    if name.startswith("ctrl+"):
        return "Ctrl+" + display_key(name[5:]).upper()
    return _SHOWN.get(name, name)


def label_of(id: str, *, typing: bool = True) -> str:
    """The key of binding ``id`` as an interface sentence names it (``F1``, ``v``, ``Esc``).

    Args:
        id: The binding id in ``KEYS``.
        typing: Prefer a key that works while typing (a function key); False prefers a letter.
    """
    names = BY_ID[id].keys
    preferred = [name for name in names if is_typing_safe(name) == typing]
    return display_key((preferred or names)[0])


def bindings(keys: tuple[Key, ...]) -> list[BindingType]:
    """The Textual bindings of ``keys``, for a ``BINDINGS`` class variable."""
    return [key.binding for key in keys]


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


def use_keymap(keymap: Mapping[str, str]) -> None:
    """Make ``Key.keys`` and ``label_of`` follow ``keymap`` (binding id -> keys).

    The app calls it with the keymap it gives ``App.set_keymap`` (see ``tui.keymap``).
    """
    REMAPPED.clear()
    REMAPPED.update((id, keys) for id, keys in keymap.items() if id in BY_ID)
