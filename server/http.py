"""Plain HTTP on the websocket port: ``/healthz``, ``/version``, the ``/rooms`` directory, ``/formats``
and ``/rooms/ROOM/notes``, where the lobby leaves the facilitators a note (``server.lobby_door``).

websockets calls ``process_request`` before every handshake; returning a response
serves plain HTTP, returning None lets the websocket handshake go on. The JSON here is
public: it names rooms and counts people, and says nothing about who they are.
``/formats`` lists the meeting formats a facilitator can load (name, title, description
and number of segments), for the client's format picker. ``/version`` says which release
the relay runs and which protocol version it serves (``protocol.directory.RelayVersion``),
for the lobby's title line and for an operator checking an upgrade.

Every answer here runs on the event loop that carries the meetings, so strangers get
a budget: each address may make ``DoorLimits.http_per_address`` requests per 10 s
(``/healthz`` and ``/version`` excepted: fixed answers that cost nothing) and is answered
429 with ``Retry-After`` beyond it; ``/rooms`` is served from ``server.directory.DirectoryCache``.
``/metrics`` (``server.metrics``) answers loopback only unless opened up, with a bearer
token if one is set, and costs a loopback scraper no budget.
"""

import json
import math
from collections.abc import Callable, Mapping
from http import HTTPStatus
from importlib import metadata

from websockets.asyncio.server import ServerConnection
from websockets.http11 import Request, Response

from protocol.directory import FormatEntry, RelayVersion
from protocol.kinds import PROTOCOL_VERSION
from protocol.meeting_format import MeetingFormat
from server import directory
from server.door_limits import LOOPBACK_ADDRESSES, RateWindow, peer_address
from server.lobby_door import LobbyDoor, NoteAnswer, is_note_path
from server.metrics import CONTENT_TYPE, MetricsAccess
from server.rooms import RoomLookup
from server.store import Store

ProcessRequest = Callable[[ServerConnection, Request], Response | None]
"""websockets' hook before each handshake: a response serves HTTP, None goes on to the websocket."""


def rooms_json(store: Store, rooms: RoomLookup) -> list[dict[str, object]]:
    """Every room's directory entry (see ``server.directory``)."""
    return directory.listing(store, rooms)


def relay_version() -> RelayVersion:
    """This relay's release (the installed package's version) and protocol version."""
    try:
        release = metadata.version("talkingstick")
    except metadata.PackageNotFoundError:  # run from a source tree that was never installed
        release = "unknown"
    return RelayVersion(release, PROTOCOL_VERSION)


def formats_json(formats: Mapping[str, MeetingFormat]) -> list[dict[str, object]]:
    """Every meeting format the relay can load, by name (``protocol.directory.FormatEntry``)."""
    return [
        FormatEntry(name, plan.title, plan.description, len(plan.segments)).to_json()
        for name, plan in sorted(formats.items())
    ]


def _respond(connection: ServerConnection, status: HTTPStatus, body: str, content_type: str) -> Response:
    response = connection.respond(status, body)
    del response.headers["Content-Type"]  # respond() set text/plain; a second header would follow it
    response.headers["Content-Type"] = content_type
    return response


def _too_many(connection: ServerConnection, seconds: float) -> Response:
    response = _respond(
        connection,
        HTTPStatus.TOO_MANY_REQUESTS,
        "Too many requests from your address; try again shortly.\n",
        "text/plain; charset=utf-8",
    )
    response.headers["Retry-After"] = str(max(1, math.ceil(seconds)))
    return response


def _metrics(
    connection: ServerConnection, request: Request, access: MetricsAccess, loopback: bool
) -> Response:
    """The scrape's answer, or 403 for a scraper the access rule leaves out."""
    if not access.allows(loopback, request.headers.get("Authorization")):
        refusal = "Metrics are not open to you.\n"
        return _respond(connection, HTTPStatus.FORBIDDEN, refusal, "text/plain; charset=utf-8")
    return _respond(connection, HTTPStatus.OK, access.metrics.exposition().decode(), CONTENT_TYPE)


def _note_answer(connection: ServerConnection, answer: NoteAnswer) -> Response:
    """A note's answer as JSON, with ``Retry-After`` when it came too soon."""
    body = json.dumps(answer.to_json(), ensure_ascii=False) + "\n"
    response = _respond(connection, answer.status, body, "application/json")
    if answer.retry_after:
        response.headers["Retry-After"] = str(max(1, math.ceil(answer.retry_after)))
    return response


def make_process_request(
    store: Store,
    rooms: RoomLookup,
    formats: Mapping[str, MeetingFormat],
    budget: RateWindow | None = None,
    listing: directory.DirectoryCache | None = None,
    metrics: MetricsAccess | None = None,
    lobby: LobbyDoor | None = None,
) -> ProcessRequest:
    """The ``process_request`` hook that serves the relay's HTTP routes.

    Args:
        store: The relay's store (room settings for the directory).
        rooms: The live rooms.
        formats: The meeting formats, by name.
        budget: Requests per address (``server.door_limits``); None serves without limit.
        listing: The cached ``/rooms`` answer; a new one when None.
        metrics: Who may scrape ``/metrics`` and what it shows; no such route when None.
        lobby: Where notes from the lobby are left (``server.lobby_door``); no such route when None.
    """
    listing = listing or directory.DirectoryCache(store, rooms)
    version_body = json.dumps(relay_version().to_json()) + "\n"

    def process_request(connection: ServerConnection, request: Request) -> Response | None:
        path = request.path.split("?", 1)[0]
        if path == "/healthz":
            return _respond(connection, HTTPStatus.OK, "ok\n", "text/plain; charset=utf-8")
        upgrade = request.headers.get("Upgrade", "").lower() == "websocket"
        if path == "/version" and not upgrade:  # a room may be called "version" too
            return _respond(connection, HTTPStatus.OK, version_body, "application/json")
        address = peer_address(connection.remote_address)
        loopback = address in LOOPBACK_ADDRESSES
        if path == "/metrics" and metrics is not None and not upgrade and loopback:  # no budget
            return _metrics(connection, request, metrics, loopback)
        # websocket arrivals have their own limits
        if not upgrade and budget is not None and not budget.allow(address):
            return _too_many(connection, budget.retry_after(address))
        if path == "/rooms":
            return _respond(connection, HTTPStatus.OK, listing.body(), "application/json")
        if lobby is not None and not upgrade and is_note_path(path):
            return _note_answer(connection, lobby.leave_note(request.path, request.headers, address))
        if path == "/metrics" and metrics is not None and not upgrade:
            return _metrics(connection, request, metrics, loopback)
        if path == "/formats" and not upgrade:  # a room may be called "formats" too
            body = json.dumps(formats_json(formats), ensure_ascii=False)
            return _respond(connection, HTTPStatus.OK, body + "\n", "application/json")
        if not upgrade:
            return _respond(
                connection,
                HTTPStatus.NOT_FOUND,
                "talkingstick relay: join a room with the talkingstick client, ws://HOST:PORT/ROOM\n",
                "text/plain; charset=utf-8",
            )
        return None

    return process_request
