"""Plain HTTP on the websocket port: ``/healthz``, the ``/rooms`` directory and ``/formats``.

websockets calls ``process_request`` before every handshake; returning a response
serves plain HTTP, returning None lets the websocket handshake go on. The JSON here is
public: it names rooms and counts people, and says nothing about who they are.
``/formats`` lists the meeting formats a facilitator can load (name, title, description
and number of segments), for the client's format picker.
"""

import json
from http import HTTPStatus
from typing import TYPE_CHECKING

from websockets.asyncio.server import ServerConnection
from websockets.http11 import Request, Response

from protocol.directory import FormatEntry
from server import directory

if TYPE_CHECKING:
    from server.relay import Relay


def rooms_json(relay: "Relay") -> list[dict[str, object]]:
    """Every room's directory entry (see ``server.directory``)."""
    return directory.listing(relay)


def formats_json(relay: "Relay") -> list[dict[str, object]]:
    """Every meeting format the relay can load, by name (``protocol.directory.FormatEntry``)."""
    return [
        FormatEntry(name, plan.title, plan.description, len(plan.segments)).to_json()
        for name, plan in sorted(relay.formats.items())
    ]


def _respond(connection: ServerConnection, status: HTTPStatus, body: str, content_type: str) -> Response:
    response = connection.respond(status, body)
    response.headers["Content-Type"] = content_type
    return response


def make_process_request(relay: "Relay"):  # type: ignore[no-untyped-def]
    """The ``process_request`` hook that serves the relay's HTTP routes."""

    def process_request(connection: ServerConnection, request: Request) -> Response | None:
        path = request.path.split("?", 1)[0]
        if path == "/healthz":
            return _respond(connection, HTTPStatus.OK, "ok\n", "text/plain; charset=utf-8")
        if path == "/rooms":
            body = json.dumps(rooms_json(relay), ensure_ascii=False)
            return _respond(connection, HTTPStatus.OK, body + "\n", "application/json")
        upgrade = request.headers.get("Upgrade", "").lower() == "websocket"
        if path == "/formats" and not upgrade:  # a room may be called "formats" too
            body = json.dumps(formats_json(relay), ensure_ascii=False)
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
