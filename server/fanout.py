"""Sending recorded events to the people in a room: each to its audience, nobody waited for.

``fan_out`` is what ``Room.record`` does once events are committed: every event goes to
the connections its audience (``protocol.privacy``) includes, as that person may receive
it (a reaction reaches members as a count, without who sent it). A connection that has
stopped reading is dropped with ``SLOW_READER`` instead of growing the relay's buffers;
it resumes later and is replayed what it missed. Nothing here awaits: the frames are
queued, so events never interleave between rooms' commands.
"""

import logging
from collections.abc import Callable, Iterable, MutableMapping
from functools import partial

from websockets.asyncio.server import ServerConnection, broadcast

from protocol.close_codes import CloseCode
from protocol.codec import encode
from protocol.frames import Event
from protocol.privacy import audience, event_for, shows_actor
from protocol.state import RoomState
from server.link import close_soon, is_lagging

log = logging.getLogger(__name__)


def fan_out(
    connections: MutableMapping[int, ServerConnection],
    state: RoomState,
    events: Iterable[Event],
    dropped: Callable[[], None] | None = None,
) -> None:
    """Send each of ``events`` (already applied to ``state``) to the connections that may see it;
    ``dropped`` is told of each slow reader let go."""
    for event in events:
        wanted = partial(audience(event).includes, state)
        if shows_actor(event):
            send_to(connections, state.name, encode(event), wanted, dropped)
            continue

        def as_recorded(pid: int, event: Event = event, wanted: Callable[[int], bool] = wanted) -> bool:
            return wanted(pid) and event_for(event, state, pid) is event

        def anonymous(pid: int, event: Event = event, wanted: Callable[[int], bool] = wanted) -> bool:
            return wanted(pid) and event_for(event, state, pid) is not event

        send_to(connections, state.name, encode(event), as_recorded, dropped)
        send_to(connections, state.name, encode(event_for(event, state, -1)), anonymous, dropped)


def send_to(
    connections: MutableMapping[int, ServerConnection],
    room: str,
    frame: bytes,
    wanted: Callable[[int], bool],
    dropped: Callable[[], None] | None = None,
) -> None:
    """Send one frame to every connection ``wanted`` picks, dropping any that stopped reading."""
    readers = []
    for pid, connection in list(connections.items()):
        if not wanted(pid):
            continue
        if is_lagging(connection):
            log.warning("room %s: participant %s is not reading; dropping them", room, pid)
            if dropped is not None:
                dropped()
            if connections.get(pid) is connection:
                del connections[pid]
            close_soon(connection, CloseCode.SLOW_READER, "too slow; resume to catch up")
            continue
        readers.append(connection)
    broadcast(readers, frame)
