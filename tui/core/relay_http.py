"""The relay's plain-HTTP side, as the client uses it: its addresses and its JSON.

The relay answers plain HTTP on its websocket port: the lobby reads ``GET /rooms`` and
the format picker ``GET /formats``, and the lobby leaves a note for a room's facilitators
(``leave_lobby_note``, ``GET /rooms/ROOM/notes?name=...&text=...``). This module turns one
kind of address into the other and fetches JSON with httpx. It does not check what comes back: the callers
(``tui.screens.lobby``, ``tui.screens.formats``) treat it as untrusted and read it with
``protocol.directory`` (``rooms_from_json``, ``formats_from_json``), which checks each
field's type and cleans text through ``protocol.text``. An ``https://`` relay's
certificate is verified like the websocket's (``tui.core.tls``, with the same ``--cafile``).
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit


class FetchError(Exception):
    """The relay could not be reached, or answered with an error status.

    It stands for httpx's errors so that the screens that fetch need not import httpx
    (with rich's syntax and progress modules and click) when the app starts.
    """

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        """The name of the underlying error (``ConnectError``, ``HTTPStatusError``...)."""


FETCH_TIMEOUT = 20.0
"""Seconds to wait for an answer; a weak link can take several round trips."""


def http_base(room_url: str) -> str:
    """The relay's HTTP address for a room's websocket address (``ws://h:p/room`` -> ``http://h:p``)."""
    parts = urlsplit(room_url)
    scheme = {"ws": "http", "wss": "https"}.get(parts.scheme, parts.scheme)
    return urlunsplit((scheme, parts.netloc, "", "", ""))


def websocket_url(http_url: str, room: str) -> str:
    """``http://host:port`` and ``demo`` -> ``ws://host:port/demo`` (https -> wss)."""
    base = http_url.rstrip("/")
    if base.startswith("https://"):
        base = "wss://" + base.removeprefix("https://")
    elif base.startswith("http://"):
        base = "ws://" + base.removeprefix("http://")
    return f"{base}/{quote(room, safe='')}"


async def fetch_json(url: str, cafile: Path | str | None = None) -> Any:
    """The JSON document at ``url``, trusting ``cafile`` too for ``https://``.

    Raises:
        FetchError: when the relay cannot be reached or answers with an error status.
        ValueError: when the answer is not JSON.
    """
    # Imported here: httpx pulls in rich's syntax and progress modules, pygments and
    # click (about 4 MB), which neither line mode nor the meeting screen should pay for.
    import httpx

    from tui.core.tls import client_context

    verify = client_context(cafile) if url.startswith("https://") else True
    try:
        async with httpx.AsyncClient(timeout=FETCH_TIMEOUT, verify=verify) as client:
            response = await client.get(url)
            response.raise_for_status()
            return response.json()
    except httpx.HTTPError as error:
        # Chained, so that ``tui.core.tls.certificate_problem`` still finds a failed check.
        raise FetchError(type(error).__name__, str(error)) from error


@dataclass(frozen=True, slots=True)
class NoteAnswer:
    """What the relay said to a note from the lobby."""

    delivered: bool
    """Whether the note is in the facilitators' inbox (not whether anyone read it)."""
    message: str
    """The relay's sentence, display-safe."""


async def leave_lobby_note(
    http_url: str, room: str, name: str, text: str, cafile: Path | str | None = None
) -> NoteAnswer:
    """Leave ``room``'s facilitators a note from the lobby, signed ``name``.

    A refusal (the room takes no notes, too many notes, too long) is an answer, not an
    error: its sentence says why.

    Raises:
        FetchError: when the relay cannot be reached.
    """
    import httpx

    from protocol.lobby_notes import note_headers
    from protocol.text import for_display_line
    from tui.core.tls import client_context

    url = f"{http_url.rstrip('/')}/rooms/{quote(room, safe='')}/notes"
    verify = client_context(cafile) if url.startswith("https://") else True
    try:
        async with httpx.AsyncClient(timeout=FETCH_TIMEOUT, verify=verify) as client:
            response = await client.get(url, headers=note_headers(name, text))
    except httpx.HTTPError as error:
        raise FetchError(type(error).__name__, str(error)) from error
    try:
        answer = response.json()
    except ValueError:  # an older relay, or a proxy's page
        answer = None
    if not isinstance(answer, dict) or not isinstance(answer.get("message"), str):
        return NoteAnswer(False, f"The relay could not take the note (HTTP {response.status_code}).")
    return NoteAnswer(answer.get("delivered") is True, for_display_line(answer["message"])[:300])
