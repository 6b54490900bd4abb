"""The command palette (Ctrl+P): every action by name, from the same registry as the keys.

A member finds only member actions; facilitators and co-facilitators find theirs too,
the desk's among them (lock, lockdown, end the meeting...: the entry opens the desk and
acts there), and the list follows a promotion at once because it is built each time the
palette opens. In the lobby it offers the lobby's own actions (fetching the rooms again).
Each entry's help names its keys, so the palette also teaches them.
"""

from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui import keys
from tui.screens.desk import DeskScreen
from tui.screens.lobby import LobbyScreen

Entry = tuple[str, str, Callable[[], Any]]
"""Title, help text and what to run."""


def palette_keys(leads: bool, in_meeting: bool, in_lobby: bool = False) -> list[keys.Key]:
    """The registry entries offered in the palette for this participant (or the lobby's)."""
    offered = [key for key in keys.APP_KEYS if key.in_palette]
    if in_lobby and not in_meeting:
        offered += [key for key in keys.LOBBY_KEYS if key.in_palette and key not in offered]
    if in_meeting:
        offered += [
            key
            for key in keys.meeting_keys()
            if key.in_palette and (leads or not key.leader) and key not in offered
        ]
    if in_meeting and leads:
        offered += [key for key in keys.DESK_KEYS if key.id != "desk-close" and key not in offered]
    return offered


def _at_the_desk(app: Any, meeting: Any, action: str) -> None:
    """Open the desk over ``meeting`` (unless it is open) and run its ``action`` there."""
    meeting.action_desk()

    def run() -> None:
        if isinstance(app.screen, DeskScreen):
            app.call_later(app.screen.run_action, action)

    app.call_after_refresh(run)


class MeetingCommands(Provider):
    """Palette entries for every action the participant may take."""

    def _entries(self) -> Iterator[Entry]:
        app = self.app
        meeting = app.meeting_screen()  # type: ignore[attr-defined]
        leads = meeting is not None and meeting.leads
        lobby = next((screen for screen in app.screen_stack if isinstance(screen, LobbyScreen)), None)
        for key in palette_keys(leads, meeting is not None, lobby is not None):
            names = sorted(key.keys, key=lambda name: not keys.is_typing_safe(name))
            shown = ", ".join(app.get_key_display(Binding(name, "")) for name in names)
            if key in keys.DESK_KEYS:
                desk_key = keys.label_of("desk")
                run = partial(_at_the_desk, app, meeting, key.action)
                yield key.title, f"At the desk ({desk_key}): {shown}", run
                continue
            target = app if key in keys.APP_KEYS else lobby if key in keys.LOBBY_KEYS else meeting
            if target is None:
                continue
            yield key.title, f"Key: {shown}", partial(target.run_action, key.action)
        yield (
            "Change the colour theme",
            "For terminals where the colours are hard to read",
            app.action_change_theme,
        )

    async def discover(self) -> Hits:
        """Every entry, for the palette opened with nothing typed yet."""
        for title, help_text, run in self._entries():
            yield DiscoveryHit(title, run, help=help_text)

    async def search(self, query: str) -> Hits:
        """Entries whose title matches ``query``, best first."""
        matcher = self.matcher(query)
        for title, help_text, run in self._entries():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), run, text=title, help=help_text)
