"""The lobby: the rooms a relay hosts, to pick one and join it.

It fetches ``GET /rooms`` with httpx in its own worker group (never the ``net`` group
of a meeting), lists each room's title, how many are present and the agenda item in
progress, and hands the chosen room's websocket address to the app. The relay's JSON
is untrusted: every field is checked for type and shown through ``for_display_line``.
"""

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import httpx
from textual import on, work
from textual.app import ComposeResult
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from protocol.text import for_display_line
from tui import keys

FETCH_TIMEOUT = 20.0
"""Seconds to wait for the room list; a weak link can take several round trips."""


@dataclass(frozen=True, slots=True)
class RoomListing:
    """One room as the relay's directory describes it."""

    name: str
    title: str
    present: int
    current_item: str | None


def parse_rooms(payload: Any) -> list[RoomListing]:
    """The rooms in a ``/rooms`` answer, skipping any entry of the wrong shape."""
    rooms: list[RoomListing] = []
    for entry in payload if isinstance(payload, list) else []:
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            continue
        title = entry.get("title")
        present = entry.get("present")
        current = entry.get("current_item")
        rooms.append(
            RoomListing(
                entry["name"],
                title if isinstance(title, str) else entry["name"],
                present if isinstance(present, int) and not isinstance(present, bool) else 0,
                current if isinstance(current, str) else None,
            )
        )
    return rooms


def websocket_url(http_url: str, room: str) -> str:
    """``http://host:port`` and ``demo`` -> ``ws://host:port/demo`` (https -> wss)."""
    base = http_url.rstrip("/")
    if base.startswith("https://"):
        base = "wss://" + base.removeprefix("https://")
    elif base.startswith("http://"):
        base = "ws://" + base.removeprefix("http://")
    return f"{base}/{quote(room, safe='')}"


def room_row(room: RoomListing) -> Content:
    """One line of the list: title, name, people present, item in progress."""
    parts: list[tuple[str, str] | str] = [
        (for_display_line(room.title), "bold"),
        (f"  /{for_display_line(room.name)}", "$text-muted"),
        f"  {room.present} here",
    ]
    if room.current_item:
        parts.append((f"  now: {for_display_line(room.current_item)}", "$text-muted"))
    return Content.assemble(*parts)


class LobbyScreen(Screen[None]):
    """Pick a room on a relay; Enter joins it."""

    BINDINGS = keys.bindings(keys.LOBBY_KEYS)

    DEFAULT_CSS = """
    LobbyScreen #lobby-title { height: 1; padding: 0 1; background: $panel; text-style: bold; }
    LobbyScreen #lobby-note { height: auto; padding: 0 1; color: $text-muted; }
    LobbyScreen OptionList, LobbyScreen OptionList:focus {
        height: 1fr; border: none; scrollbar-size-vertical: 1; background: $background;
    }
    """

    def __init__(self, http_url: str) -> None:
        """Args:
        http_url: The relay's HTTP address, e.g. ``http://127.0.0.1:8765``.
        """
        super().__init__()
        self.http_url = http_url.rstrip("/")
        self.rooms: list[RoomListing] = []

    def compose(self) -> ComposeResult:
        yield Static(Content("Rooms at " + for_display_line(self.http_url)), id="lobby-title")
        yield Static(Content("Fetching the list of rooms…"), id="lobby-note")
        yield OptionList(id="rooms")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self.action_refresh()

    def action_refresh(self) -> None:
        self._note("Fetching the list of rooms…")
        self._fetch()

    @work(exclusive=True, group="lobby", exit_on_error=False)
    async def _fetch(self) -> None:
        try:
            async with httpx.AsyncClient(timeout=FETCH_TIMEOUT) as client:
                response = await client.get(self.http_url + "/rooms")
                response.raise_for_status()
                payload = response.json()
        except (httpx.HTTPError, ValueError) as error:
            self._note(f"Could not fetch the rooms ({type(error).__name__}). F5 tries again.")
            return
        self._show_rooms(parse_rooms(payload))

    def _show_rooms(self, rooms: list[RoomListing]) -> None:
        self.rooms = rooms
        option_list = self.query_one(OptionList)
        option_list.clear_options()
        option_list.add_options([Option(room_row(room), id=room.name) for room in rooms])
        if rooms:
            option_list.highlighted = 0
            self._note("Choose a room with the arrow keys; Enter joins it. F5 refreshes.")
        else:
            self._note("This relay has no rooms yet. F5 refreshes.")

    def _note(self, text: str) -> None:
        self.query_one("#lobby-note", Static).update(Content(text))

    @on(OptionList.OptionSelected, "#rooms")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        room = next((r for r in self.rooms if r.name == event.option.id), None)
        if room is not None:
            self.app.join_room(websocket_url(self.http_url, room.name), room.title)  # type: ignore[attr-defined]
