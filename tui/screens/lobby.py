"""The lobby: the rooms a relay hosts, to pick one and join it.

It fetches ``GET /rooms`` with httpx in its own worker group (never the ``net`` group
of a meeting) and lists each room's title, whether it is meeting now ("live now") or
when it next meets in the viewer's own time zone, its format and typical size; the
highlighted room's description and contact show below the list. It hands the chosen
room's websocket address to the app. Its title line names the relay's release and
protocol version (``GET /version``; a relay too old to answer it shows none). The
For a room whose facilitators take notes, the lobby opens "Send the facilitators a note"
(``tui.screens.lobby_note``) and shows the relay's answer. The
relay's JSON is untrusted: it is read by ``protocol.directory`` (types checked, text
cleaned) and shown through ``for_display`` / ``for_display_line``.
"""

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from protocol.directory import RelayVersion, RoomEntry, rooms_from_json
from protocol.schedule import describe_local
from protocol.text import for_display, for_display_line
from tui import keys
from tui.core.relay_http import FetchError, fetch_json, websocket_url
from tui.core.tls import certificate_problem
from tui.screens.lobby_note import LobbyNoteDialog
from tui.widgets.footer import FittingFooter

RoomListing = RoomEntry
"""One room as the relay's directory describes it (the shape lives in ``protocol.directory``)."""


def parse_rooms(payload: Any) -> list[RoomListing]:
    """The rooms in a ``/rooms`` answer, skipping any entry of the wrong shape."""
    return rooms_from_json(payload)


def local_start(start: datetime) -> str:
    """A start time in the viewer's own time zone, e.g. ``Tue 26 Nov 19:00 (your time)``."""
    local = start.astimezone()  # the zone in force at that moment, daylight saving included
    return describe_local(start, local.tzinfo or UTC)


def room_row(room: RoomListing) -> Content:
    """Two lines: the title and when it meets; then its format and typical size."""
    parts: list[tuple[str, str] | str] = [(for_display_line(room.title), "bold")]
    if room.live:
        parts.append(("  live now", "bold $success"))
        if room.present:
            parts.append(f", {room.present} here")
        if room.current_item:
            parts.append((f", now: {for_display_line(room.current_item)}", "$text-muted"))
    elif room.next_start is not None:
        parts.append(f"  next: {local_start(room.next_start)}")
    else:
        parts.append(("  no meeting scheduled", "$text-muted"))
    facts = [for_display_line(fact) for fact in (room.format, room.typical_size, room.style) if fact]
    if room.accepts_notes:
        facts.append(NOTES_WELCOME)
    second = "  " + " · ".join(facts) if facts else f"  /{for_display_line(room.name)}"
    return Content.assemble(*parts, "\n", (second, "$text-muted"))


def room_details(room: RoomListing) -> Content:
    """The highlighted room's description, contact and schedule, below the list."""
    parts: list[Content] = []
    if room.description:
        parts.append(Content(for_display(room.description)))
    if room.contact:
        parts.append(Content.assemble(("Contact: ", "bold"), for_display_line(room.contact)))
    if room.schedule:
        parts.append(Content.assemble(("Meets: ", "bold"), for_display_line(room.schedule)))
    if room.accepts_notes:
        parts.append(
            Content.assemble(
                ("Notes: ", "bold"),
                f"{keys.label_of('lobby-note')} sends the facilitators a note before you join",
            )
        )
    return Content("\n").join(parts) if parts else Content.styled("No description.", "$text-muted")


NOTES_WELCOME = "takes notes"
"""On a room's line in the list when its facilitators take a note from the lobby."""


def refresh_key() -> str:
    """The key that fetches the rooms again, as the lobby names it (``F5``)."""
    return keys.label_of("lobby-refresh")


class LobbyScreen(Screen[None]):
    """Pick a room on a relay; Enter joins it."""

    BINDINGS = keys.bindings(keys.LOBBY_KEYS)

    DEFAULT_CSS = """
    LobbyScreen #lobby-title { height: 1; padding: 0 1; background: $panel; text-style: bold; }
    LobbyScreen #lobby-note { height: auto; padding: 0 1; color: $text-muted; }
    LobbyScreen OptionList, LobbyScreen OptionList:focus {
        height: 1fr; border: none; scrollbar-size-vertical: 1; background: $background;
    }
    LobbyScreen #room-details {
        height: auto; max-height: 8; padding: 0 1; border-top: hkey $panel;
    }
    """

    def __init__(self, http_url: str, cafile: Path | str | None = None) -> None:
        """Args:
        http_url: The relay's HTTP address, e.g. ``http://127.0.0.1:8765``.
        cafile: A group's own certificate authority to trust for ``https://``.
        """
        super().__init__()
        self.http_url = http_url.rstrip("/")
        self.cafile = cafile
        self.rooms: list[RoomListing] = []
        self.relay_version: RelayVersion | None = None
        """What the relay said of its version, once it has."""
        self.details = Content("")
        """What the details below the list show (the highlighted room's)."""

    def compose(self) -> ComposeResult:
        yield Static(self._title(), id="lobby-title")
        yield Static(Content("Fetching the list of rooms…"), id="lobby-note")
        yield OptionList(id="rooms")
        yield Static(Content(""), id="room-details")
        yield FittingFooter(compact=True)

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self.action_refresh()

    def action_refresh(self) -> None:
        self._note("Fetching the list of rooms…")
        self._fetch()

    @work(exclusive=True, group="lobby", exit_on_error=False)
    async def _fetch(self) -> None:
        try:
            payload = await fetch_json(self.http_url + "/rooms", self.cafile)
        except (FetchError, ValueError, OSError) as error:
            problem = certificate_problem(error)
            if problem is not None:
                self._note(problem)
            else:
                self._note(
                    f"Could not fetch the rooms ({type(error).__name__}). {refresh_key()} tries again."
                )
            return
        self._show_rooms(parse_rooms(payload))
        self._show_version()

    def _title(self) -> Content:
        title = "Rooms at " + for_display_line(self.http_url)
        if self.relay_version is not None:
            title += f" · {self.relay_version.describe()}"
        return Content(title)

    @work(exclusive=True, group="lobby-version", exit_on_error=False)
    async def _show_version(self) -> None:
        try:
            payload = await fetch_json(self.http_url + "/version", self.cafile)
        except (FetchError, ValueError, OSError):
            return  # an older relay has no /version; the rooms matter more than its number
        self.relay_version = RelayVersion.from_json(payload)
        self.query_one("#lobby-title", Static).update(self._title())

    def _show_rooms(self, rooms: list[RoomListing]) -> None:
        self.rooms = rooms
        option_list = self.query_one(OptionList)
        option_list.clear_options()
        option_list.add_options([Option(room_row(room), id=room.name) for room in rooms])
        if rooms:
            option_list.highlighted = 0
            self._note(f"Choose a room with the arrow keys; Enter joins it. {refresh_key()} refreshes.")
        else:
            self._note(f"This relay has no rooms yet. {refresh_key()} refreshes.")

    @on(OptionList.OptionHighlighted, "#rooms")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        room = next((r for r in self.rooms if r.name == event.option.id), None)
        self.details = room_details(room) if room else Content("")
        self.query_one("#room-details", Static).update(self.details)

    def _note(self, text: str) -> None:
        self.query_one("#lobby-note", Static).update(Content(text))

    def action_lobby_note(self) -> None:
        """Open "Send the facilitators a note" for the highlighted room, if it takes notes."""
        option = self.query_one(OptionList).highlighted_option
        room = next((r for r in self.rooms if option is not None and r.name == option.id), None)
        if room is None:
            return
        if not room.accepts_notes:
            self._note(f"{for_display_line(room.title)} does not take notes from the lobby.")
            return

        def sent(answer: str | None) -> None:
            if answer:
                self._note(answer)
                self.notify(answer, markup=False)

        name = getattr(self.app, "display_name", None) or ""
        dialog = LobbyNoteDialog(self.http_url, room.name, room.title, name, self.cafile)
        self.app.push_screen(dialog, sent)

    @on(OptionList.OptionSelected, "#rooms")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        room = next((r for r in self.rooms if r.name == event.option.id), None)
        if room is not None:
            self.app.join_room(websocket_url(self.http_url, room.name), room.title)  # type: ignore[attr-defined]
