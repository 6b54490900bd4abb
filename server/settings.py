"""A room's settings: its welcome text, help resources, retention, history, directory entry,
whether a declined arrival's address stays out for the meeting, whether the lobby may leave
the facilitators a note (``lobby_notes``) and whether members see names or only a count
(``attendance``).

Settings live as JSON in the store (``talkingstick-relay room set`` changes them) and are
not events: the welcome text and resources reach clients inside the snapshot, the
retention tells the relay when to delete a finished meeting's words, the history how many
earlier messages someone arriving late may read (none by default), and the directory
entry is served by ``GET /rooms``.
"""

import hashlib
import json
from dataclasses import dataclass, replace
from typing import Any

from protocol.state import RoomState
from protocol.text import for_display, for_display_line

DEFAULT_WELCOME = (
    "Welcome. This is a peer support meeting. What is shared here stays here. "
    "You may always pass, and you never have to say more than you want to."
)

DEFAULT_RESOURCES_FOR = "the United States"
"""The country of the default help lines, until the host names the group's (``--country``)."""
SHOWN_KEY = "shown"
"""The stored fingerprint of the settings a room's snapshots last carried (``RoomSettings.shown``)."""
DEFAULT_RESOURCES: tuple[tuple[str, str], ...] = (
    ("988 Suicide & Crisis Lifeline (US)", "Call or text 988, any time."),
    ("SAMHSA National Helpline (US)", "1-800-662-4357: free, confidential, 24/7, in English and Spanish."),
)


@dataclass(frozen=True)
class RoomSettings:
    """What the relay's operator set for a room."""

    welcome_text: str = DEFAULT_WELCOME
    resources: tuple[tuple[str, str], ...] = DEFAULT_RESOURCES
    resources_for: str = DEFAULT_RESOURCES_FOR
    """Whose help lines they are ("the United Kingdom"); empty for the group's own list."""
    retention_hours: float = 0.0
    """How long the words of an ended meeting are kept; 0 deletes them at once."""
    history: int = 0
    """How many messages from before their arrival a late arrival may read; 0: none, as in a room."""
    directory: dict[str, Any] | None = None
    """schedule, format, typical_size, style, description, contact (see server.directory)."""
    bar_addresses: bool = False
    """Whether declining an arrival also keeps their address out until the meeting ends
    (off by default: one address can be a whole shelter, library or phone network)."""
    lobby_notes: bool = False
    """Whether someone in the lobby may leave the facilitators a note (off by default: a group
    opts in because someone must read them, or a sender would wait for an answer that never comes)."""
    count_only: bool = False
    """``attendance = "count"``: members see how many people are here, not who (facilitators
    always see names)."""

    @classmethod
    def from_store(cls, raw: dict[str, Any]) -> "RoomSettings":
        """From the JSON the store keeps; unknown keys are ignored.

        Texts are cleaned here, as they are loaded, because older relays stored an
        operator's welcome as typed: controls and direction overrides become U+FFFD.
        """
        resources = raw.get("resources")
        welcome = for_display(str(raw.get("welcome_text") or DEFAULT_WELCOME)).strip()
        return cls(
            welcome_text=welcome or DEFAULT_WELCOME,
            resources=tuple((for_display_line(str(a)), for_display_line(str(b))) for a, b in resources)
            if resources
            else DEFAULT_RESOURCES,
            resources_for=(
                for_display_line(str(raw.get("resources_for") or "")) if resources else DEFAULT_RESOURCES_FOR
            ),
            retention_hours=float(raw.get("retention_hours") or 0.0),
            history=int(raw.get("history") or 0),
            directory=raw.get("directory") or None,
            bar_addresses=bool(raw.get("bar_addresses")),
            lobby_notes=bool(raw.get("lobby_notes")),
            count_only=raw.get("attendance") == "count",
        )

    def shown(self) -> str:
        """A short fingerprint of what ``onto`` puts in snapshots, kept under ``SHOWN_KEY``
        so that the relay knows, at its next start, whether those settings changed."""
        shown = [self.welcome_text, self.resources, self.resources_for, self.lobby_notes, self.count_only]
        return hashlib.sha256(json.dumps(shown, ensure_ascii=False).encode()).hexdigest()[:16]

    def onto(self, state: RoomState) -> RoomState:
        """``state`` carrying the settings its snapshots show."""
        return replace(
            state,
            welcome_text=self.welcome_text,
            resources=self.resources,
            resources_for=self.resources_for,
            accepts_lobby_notes=self.lobby_notes,
            count_only=self.count_only,
        )
