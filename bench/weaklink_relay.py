"""The weak-link bench's relay: started inside the relay's namespace by ``bench/weaklink.py``.

    python bench/weaklink_relay.py DB_PATH ROOM [ROOM ...]

Creates each room with the SMART-style format (guidelines to accept, a check-in round,
open time, working time with hands, a check-out round), starts a real ``Relay`` with its
default rate limits on every address of the namespace (which holds only the bench's own
lines), prints one JSON line with the port and each room's facilitator key, and serves
until its standard input closes.
"""

import asyncio
import json
import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from server.relay import Relay  # noqa: E402  (the path above makes the checkout importable)
from server.room_setup import ensure_room  # noqa: E402

FORMAT = "smart"


async def serve(db_path: Path, rooms: list[str]) -> None:
    """Create the rooms, report the port and keys, serve until stdin ends."""
    relay = Relay(db_path, "0.0.0.0", 0)
    keys = {
        room: ensure_room(relay.store, room, f"Weak link {room}", None, relay.formats[FORMAT])
        for room in rooms
    }
    await relay.start()
    print(json.dumps({"port": relay.port, "keys": keys}), flush=True)
    loop = asyncio.get_running_loop()
    try:
        await loop.run_in_executor(None, sys.stdin.read)  # the bench closes it to stop us
    finally:
        await relay.stop()


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING)
    asyncio.run(serve(Path(sys.argv[1]), sys.argv[2:]))
