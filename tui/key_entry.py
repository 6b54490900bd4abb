"""The shape of one entry of the key table (``tui.keys``), and how entries are made.

``Key`` is one action on a key; ``key`` makes an entry, and makes a letter of the meeting
screen or the desk a room key (``armed``: it acts only after the room key prefix);
``room`` makes the pair of an action's function key, which works while typing, and its
letter after the prefix. ``is_typing_safe`` says which keys may act while someone types.
``REMAPPED`` holds the user's keymap once ``tui.keys.use_keymap`` has set it.

A leaf module: it imports no screen and no other module of the client.
"""

import re
from dataclasses import dataclass
from typing import Any

from textual.binding import Binding

REMAPPED: dict[str, str] = {}
"""Binding id -> keys, from the user's keymap (``use_keymap``); empty means the defaults."""


def is_typing_safe(key: str) -> bool:
    """Whether ``key`` acts even while the composer has the focus (not a printable key)."""
    return bool(re.fullmatch(r"f\d{1,2}", key)) or key.startswith(("ctrl+", "page")) or key == "escape"


@dataclass(frozen=True, slots=True)
class Key:
    """One action on a key: its binding, its sentence for people, who may use it and where."""

    id: str
    """The binding id, unique in the table; a keymap names it to move the action."""
    default_keys: str
    """Comma-separated key names, letters first (see ``MEETING_KEYS``)."""
    action: str
    """The action the keys run."""
    short: str
    """The footer's word for it."""
    title: str
    """What the action does, as the help screen and command palette say it."""
    places: tuple[str, ...]
    """Where it acts: ``app``, ``meeting``, ``people``, ``readings``, ``lobby``, ``dialog``,
    ``reading-picker``, ``desk``, ``resources``, ``closed``."""
    leader: bool = False
    """True when only facilitators and co-facilitators may use it."""
    in_palette: bool = True
    """False for navigation keys that make no sense as a palette entry."""
    show: bool = True
    """Whether the footer shows it."""
    priority: bool = False
    """Whether it acts before the focused widget's own keys."""
    key_display: str | None = None
    """How the footer shows the key, when its name does not say it."""
    armed: bool = False
    """True for a letter that acts only after the room key prefix (``room_key`` runs it)."""
    guard: str = ""
    """``twice`` (press the key again to act), ``asks`` (a dialog asks first), or empty."""

    @property
    def binding(self) -> Binding:
        """The Textual binding (with its default keys; ``App.set_keymap`` moves them)."""
        return Binding(
            self.default_keys,
            f"room_key({self.action!r})" if self.armed else self.action,
            self.short,
            show=self.show,
            priority=self.priority,
            tooltip=self.title,
            id=self.id,
            key_display=self.key_display,
        )

    @property
    def action_name(self) -> str:
        """The action without its parameters, as ``check_action`` receives it."""
        return self.action.split("(", 1)[0].rsplit(".", 1)[-1]

    @property
    def keys(self) -> list[str]:
        """Every key that triggers the action now (the user's keymap, else the defaults)."""
        return [key.strip() for key in REMAPPED.get(self.id, self.default_keys).split(",")]


def key(
    keys: str,
    action: str,
    short: str,
    title: str,
    *,
    id: str,
    places: tuple[str, ...] = ("meeting",),
    leader: bool = False,
    show: bool = True,
    priority: bool = False,
    in_palette: bool = True,
    key_display: str | None = None,
    guard: str = "",
) -> Key:
    """One entry of the table (keyword names as in ``Binding``); letters of the meeting
    screen and the desk become room keys, acting only after the prefix."""
    armed = bool(set(places) & {"room", "desk"}) and not any(is_typing_safe(k) for k in keys.split(","))
    return Key(
        id, keys, action, short, title, places, leader, in_palette, show, priority, key_display, armed, guard
    )


def room(
    letter: str, fkey: str, action: str, short: str, title: str, *, id: str, **options: Any
) -> tuple[Key, ...]:
    """An action with a function key that works while typing (binding ``id``) and a letter
    after the room key prefix (binding ``room-`` + ``id``); either may be empty."""
    entries = []
    if fkey:
        entries.append(key(fkey, action, short, title, id=id, **options))
    if letter:
        room_options = dict(options)
        entries.append(
            key(
                letter,
                action,
                short,
                title,
                id=f"room-{id}" if fkey else id,
                places=("room",),
                **room_options,
            )
        )
    return tuple(entries)


def back_to_writing(id: str, place: str) -> Key:
    """Escape from a focused panel back to the composer (the panel's own ``id`` for it)."""
    return key(
        "escape",
        "screen.write",
        "Write",
        "Go back to the composer to write",
        id=id,
        places=(place,),
        show=False,
        in_palette=False,
    )
