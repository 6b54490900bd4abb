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

from tui.key_entry import REMAPPED, Key, is_typing_safe, key, room
from tui.key_table import ASKS, KEYS, TWICE

__all__ = ["KEYS", "Key", "is_typing_safe", "key", "room"]

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

GUARD_WORDS = {TWICE: "press twice", ASKS: "asks first"}
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
