"""The ``talkingstick-relay`` command line: serve, and manage rooms and their keys.

    talkingstick-relay serve [--host 127.0.0.1] [--port 8765] [--db PATH]
    talkingstick-relay room create NAME --title TITLE [--url ws://HOST:PORT]
    talkingstick-relay room list
    talkingstick-relay room delete NAME
    talkingstick-relay room key NAME        (a new facilitator key; the old one stops working)

The database defaults to ``relay.sqlite3`` in the platform's user data directory.
"""

import argparse
import asyncio
import contextlib
import logging
import signal
import sys
from pathlib import Path

from server.paths import default_db_path
from server.relay import Relay
from server.store import BadRoomName, RoomExists, Store

DEFAULT_PORT = 8765


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", type=Path, default=None, help="SQLite file (default: user data dir)")
    parser = argparse.ArgumentParser(prog="talkingstick-relay", description="A talkingstick relay.")
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="run the relay", parents=[common])
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    serve.add_argument("--grace", type=float, default=120.0, help="seconds a dropped place is held")

    room = commands.add_parser("room", help="manage rooms").add_subparsers(dest="room_command", required=True)
    create = room.add_parser("create", help="create a room and print its facilitator key once", parents=[common])
    create.add_argument("name", help="lowercase letters, digits, - and _ (it is part of the URL)")
    create.add_argument("--title", required=True, help="the title people see")
    create.add_argument("--url", default=f"ws://127.0.0.1:{DEFAULT_PORT}", help="the relay's public address")
    room.add_parser("list", help="list rooms", parents=[common])
    delete = room.add_parser("delete", help="delete a room and its history", parents=[common])
    delete.add_argument("name")
    key = room.add_parser("key", help="give a room a new facilitator key", parents=[common])
    key.add_argument("name")
    key.add_argument("--url", default=f"ws://127.0.0.1:{DEFAULT_PORT}", help="the relay's public address")
    return parser


def _print_key(name: str, key: str, url: str) -> None:
    print(f"Facilitator key for {name!r} (shown once; keep it safe): {key}")
    print("Facilitators join with:")
    print(f"  talkingstick {url.rstrip('/')}/{name} --name YOUR_NAME --key {key}")
    print("Members join with:")
    print(f"  talkingstick {url.rstrip('/')}/{name} --name YOUR_NAME")


def _manage_rooms(args: argparse.Namespace, db: Path) -> int:
    store = Store(db)
    try:
        if args.room_command == "create":
            try:
                key = store.create_room(args.name, args.title)
            except BadRoomName:
                print("A room name is 1-32 lowercase letters, digits, '-' or '_'.", file=sys.stderr)
                return 2
            except RoomExists:
                print(f"A room called {args.name!r} exists already.", file=sys.stderr)
                return 1
            _print_key(args.name, key, args.url)
        elif args.room_command == "list":
            for record in store.rooms():
                print(f"{record.name}\t{record.title}")
        elif args.room_command == "delete":
            if not store.delete_room(args.name):
                print(f"No room called {args.name!r}.", file=sys.stderr)
                return 1
            print(f"Deleted {args.name!r}.")
        elif args.room_command == "key":
            new_key = store.rotate_key(args.name)
            if new_key is None:
                print(f"No room called {args.name!r}.", file=sys.stderr)
                return 1
            _print_key(args.name, new_key, args.url)
    finally:
        store.close()
    return 0


async def _serve(args: argparse.Namespace, db: Path) -> None:
    relay = Relay(db, args.host, args.port, grace_seconds=args.grace)
    await relay.start()
    print(f"talkingstick relay on ws://{args.host}:{relay.port}/ROOM (database {db})", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(signum, stop.set)
    try:
        await stop.wait()
    finally:
        await relay.stop()


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``talkingstick-relay``."""
    args = _parser().parse_args(argv)
    db = args.db or default_db_path()
    if args.command == "room":
        return _manage_rooms(args, db)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    logging.getLogger("websockets").setLevel(logging.WARNING)  # one line per connection is noise
    asyncio.run(_serve(args, db))
    return 0


if __name__ == "__main__":
    sys.exit(main())
