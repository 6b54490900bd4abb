"""The keys of the safety-and-care actions, for the registry in ``tui.keys``.

``CARE_KEYS`` join the meeting screen's keys: a member writes a private note to the
facilitators (``b``), asks for support (``u``) or opens the help resources (``y``, and
F12 from any screen, dialogs included); facilitators open their desk (``w`` or F10)
and pause a member's messages (``z``). The desk and the waiting room are screens of
their own: the desk has its own letters (``DESK_KEYS``), so they never meet the meeting
screen's, and the waiting room has only the app's keys (F1, F12, Ctrl+Q) and says so.
"""

from tui import keys

_make = keys.key

RESOURCES = _make(
    "y,f12",
    "app.resources",
    "Help",
    "Show help lines and resources (only on your screen)",
    id="resources",
    show=False,
)
"""Resources: ``y`` among the room keys, F12 anywhere (see ``APP_CARE_KEYS``)."""

APP_RESOURCES = _make(
    "f12",
    "app.resources",
    "Help",
    "Show help lines and resources (only on your screen)",
    id="app-resources",
    show=False,
    priority=True,
)
"""F12 at the app level with priority, so that it works over the waiting room and dialogs."""

APP_CARE_KEYS: tuple[keys.Key, ...] = (APP_RESOURCES,)
"""Care keys the app binds for every screen."""

CARE_KEYS: tuple[keys.Key, ...] = (
    _make("b", "note", "Note", "Write a private note to the facilitators", id="note", show=False),
    _make(
        "u",
        "support",
        "Support",
        "Ask for support, or withdraw the request (only facilitators see it)",
        id="support",
        show=False,
    ),
    RESOURCES,
    _make("w,f10", "desk", "Desk", "Open the facilitators' desk", id="desk", leader=True),
    _make(
        "z",
        "silence_selected",
        "Pause",
        "Pause the selected person's messages for some minutes",
        id="silence",
        leader=True,
        show=False,
    ),
)
"""Care keys of the meeting screen; letters work only outside the composer."""

DESK_KEYS: tuple[keys.Key, ...] = (
    _make("escape,w,f10", "close", "Back", "Back to the meeting", id="desk-close"),
    _make("a", "admit", "Admit", "Let the selected waiting person in", id="desk-admit"),
    _make("A", "admit_all", "All", "Let everyone waiting in", id="desk-admit-all"),
    _make(
        "d", "decline", "Decline", "Decline the selected waiting person, with a message", id="desk-decline"
    ),
    _make("r", "reply", "Reply", "Reply privately to the selected note's writer", id="desk-reply"),
    _make("l", "lock", "Lock", "Lock or unlock the room", id="desk-lock", show=False),
    _make("k", "lockdown", "Lockdown", "Turn lockdown on or off", id="desk-lockdown", show=False),
    _make("t", "waiting_room", "Waiting", "Turn the waiting room on or off", id="desk-waiting", show=False),
    _make(
        "s", "silence", "Pause", "Pause a person's messages for some minutes", id="desk-silence", show=False
    ),
    _make("e", "end_meeting", "End", "End the meeting and delete its messages", id="desk-end", show=False),
)
"""Keys of the facilitators' desk; the desk lists the hidden ones beside what they change."""

RESOURCES_KEYS: tuple[keys.Key, ...] = (
    _make("escape,q,y", "close", "Close", "Close the resources", id="resources-close"),
)
"""Keys of the resources panel (F12 again closes it too)."""

CLOSED_KEYS: tuple[keys.Key, ...] = (_make("q", "quit", "Quit", "Close talkingstick", id="closed-quit"),)
"""Keys of the notice that the waiting room is closed to us: only quitting is left."""
