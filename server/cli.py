"""The ``talkingstick-relay`` command line: serve, list formats, manage rooms, back up and restore.

    talkingstick-relay serve [--config FILE] [--host 127.0.0.1] [--port 8765] [--db PATH]
                             [--formats-dir DIR] [--tls-cert PATH --tls-key PATH] [LIMITS]
                             [--ssh-port 2222 [--ssh-host-key PATH] [--ssh-max-sessions 20]]
    talkingstick-relay config [--config FILE] [serve's options]   (the settings in effect)
    talkingstick-relay service [--config FILE] [--tls-cert PATH --tls-key PATH]  (a systemd unit)
    talkingstick-relay formats [--formats-dir DIR]
    talkingstick-relay room create NAME --title TITLE [--format NAME] [--waiting-room]
                                   [--host HOST] [--port PORT | --url URL] [SETTINGS]
    talkingstick-relay room set NAME [SETTINGS]
    talkingstick-relay room list
    talkingstick-relay room delete NAME
    talkingstick-relay room key NAME        (a new facilitator key; the old one stops working)
    talkingstick-relay room guest NAME GUEST [--minutes N] [--ssh-port N]  (a guest speaker's one-use code)
    talkingstick-relay backup PATH          (a private copy, safe while the relay serves)
    talkingstick-relay restore PATH         (with the relay stopped; refused while it runs)

SETTINGS are ``--welcome``, the help lines (``--country CODE``, ``--resource "Name: number"``
repeated, or ``--resources-file``), ``--retention-hours``, ``--history``, ``--bar-addresses on|off``,
``--lobby-notes on|off``, ``--attendance names|count`` and the directory entry: ``--schedule``,
``--format-name``, ``--typical-size``, ``--style``, ``--description``, ``--contact``. A relay
that is running shows directory changes within a second and takes up the other settings at
its next start. LIMITS on strangers are ``--max-connections``, ``--connections-per-address``,
``--joins-per-address`` (a minute) and ``--http-per-address`` (per 10 s).

The database defaults to ``relay.sqlite3`` in the platform's user data directory.
``serve`` reads ``relay.toml`` (``server.config``) and its flags override the file. With a
certificate it serves ``wss://`` and ``https://``; SIGHUP loads the certificate files again,
and SIGTERM or SIGINT tells every client the relay is restarting before it stops.
"""

import argparse
import asyncio
import contextlib
import os
import signal
import sys
from pathlib import Path
from typing import Any

from protocol.errors import ProtocolError
from protocol.meeting_format import MeetingFormat
from protocol.settings_file import SettingsFileError
from protocol.text import check_title, clean_text
from server.backup import BackupError, Copied, backup, restore
from server.config import RelaySettings, default_config_path, describe, load_settings, log_level
from server.door_limits import DoorLimits
from server.formats import FormatError, load_formats, user_formats_dir
from server.guest_invites import print_guest_invite
from server.help_lines import known_countries
from server.log_lines import configure_logging
from server.paths import default_db_path
from server.relay import Relay
from server.room_setup import MAX_WELCOME_CHARS, SetupError, check_settings_fit, seed_room, settings_changes
from server.service import systemd_unit
from server.ssh_door import DoorOptions
from server.ssh_host_key import default_host_key_path
from server.store import BadRoomName, RoomExists, SchemaTooNew, Store
from server.tls import TlsError, TlsFiles

DEFAULT_PORT = 8765
FORMATS_DIR_HELP = "a folder of your group's own format files (*.toml)"

_DIRECTORY_OPTIONS = {
    "schedule": "when the group meets: 'weekly Tue 19:00 America/Chicago' or "
    "'once 2026-12-24 18:30 Europe/Berlin'",
    "format_name": "the kind of meeting, in a few words",
    "typical_size": "how many usually come, e.g. '5-10'",
    "style": "e.g. 'beginners welcome', 'women only', 'Spanish'",
    "description": "a few sentences about the group",
    "contact": "how to reach the organisers",
}
"""Directory options (``--format-name`` fills the directory's ``format`` field)."""


def _settings_options() -> argparse.ArgumentParser:
    options = argparse.ArgumentParser(add_help=False)
    group = options.add_argument_group(
        "room settings",
        "A running relay shows directory changes within a second; it takes up the welcome, "
        "resources, retention, history, bar-addresses, lobby-notes and attendance at its next start. "
        "An empty value resets a setting.",
    )
    group.add_argument("--welcome", help="the welcome shown to people in the waiting room")
    group.add_argument("--resources-file", type=Path, help="TOML file of [[resource]] tables (label, detail)")
    group.add_argument(
        "--country",
        help=f"list this country's national help lines ({', '.join(known_countries())}); "
        "the default is the United States'",
    )
    group.add_argument(
        "--resource",
        action="append",
        metavar='"NAME: NUMBER"',
        help="one of the group's own help lines (repeat for more; after the country's, if any)",
    )
    group.add_argument("--retention-hours", type=float, help="hours an ended meeting's words are kept")
    group.add_argument(
        "--history", type=int, help="earlier messages someone arriving late may read (default 0: none)"
    )
    group.add_argument(
        "--bar-addresses",
        choices=("on", "off"),
        help="on: declining an arrival keeps their network address out until the meeting ends",
    )
    group.add_argument(
        "--lobby-notes", choices=("on", "off"), help="on: the lobby may leave the facilitators a note"
    )
    group.add_argument(
        "--attendance", choices=("names", "count"), help="count: members see how many are here, not who"
    )
    for option, help_text in _DIRECTORY_OPTIONS.items():
        group.add_argument("--" + option.replace("_", "-"), help=help_text)
    return options


def _door_options(serve: argparse.ArgumentParser) -> None:
    """``serve``'s limits on strangers (``server.door_limits.DoorLimits``)."""
    door = DoorLimits()
    group = serve.add_argument_group("limits on strangers")
    group.add_argument(
        "--max-connections", type=int, default=door.max_connections, help="websocket connections in all"
    )
    group.add_argument(
        "--connections-per-address",
        type=int,
        default=door.connections_per_address,
        help="websocket connections open at once from one address",
    )
    group.add_argument(
        "--joins-per-address",
        type=int,
        default=door.joins_per_address,
        help="new arrivals from one address per minute",
    )
    group.add_argument(
        "--http-per-address",
        type=int,
        default=door.http_per_address,
        help="HTTP requests (/rooms, /formats) from one address per 10 seconds",
    )


def _door_limits(args: argparse.Namespace) -> DoorLimits:
    return DoorLimits(
        max_connections=args.max_connections,
        connections_per_address=args.connections_per_address,
        joins_per_address=args.joins_per_address,
        http_per_address=args.http_per_address,
    )


def _address_options(command: argparse.ArgumentParser) -> None:
    """Where the relay is reached, for the join commands printed with a new key."""
    command.add_argument("--host", default="127.0.0.1", help="the relay's host name or address")
    command.add_argument(
        "--port",
        type=int,
        default=DEFAULT_PORT,
        help=f"the port the relay serves on (default {DEFAULT_PORT})",
    )
    command.add_argument("--url", help="the relay's public address in full (instead of --host and --port)")


def relay_address(args: argparse.Namespace) -> str:
    """The ``ws://`` address the printed join commands use: ``--url``, else ``--host`` and ``--port``."""
    return args.url or f"ws://{args.host}:{args.port}"


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", type=Path, default=None, help="SQLite file (default: user data dir)")
    parser = argparse.ArgumentParser(prog="talkingstick-relay", description="A talkingstick relay.")
    commands = parser.add_subparsers(dest="command", required=True)

    serving = _serve_options()
    commands.add_parser("serve", help="run the relay", parents=[common, serving])
    commands.add_parser(
        "config", help="print the settings in effect (relay.toml and flags)", parents=[common, serving]
    )
    service = commands.add_parser("service", help="print a systemd unit that runs the relay")
    service.add_argument("--config", type=Path, help="the settings file the service reads")
    _tls_options(service)
    formats = commands.add_parser("formats", help="list the meeting formats rooms can load")
    formats.add_argument("--formats-dir", type=Path, help=FORMATS_DIR_HELP)

    settings = _settings_options()
    room = commands.add_parser("room", help="manage rooms").add_subparsers(dest="room_command", required=True)
    create = room.add_parser(
        "create", help="create a room and print its facilitator key once", parents=[common, settings]
    )
    create.add_argument("name", help="lowercase letters, digits, - and _ (it is part of the URL)")
    create.add_argument("--title", required=True, help="the title people see")
    _address_options(create)
    create.add_argument("--format", dest="format", help="load this meeting format's agenda and readings")
    create.add_argument("--formats-dir", type=Path, help=FORMATS_DIR_HELP)
    create.add_argument("--waiting-room", action="store_true", help="newcomers wait to be admitted")
    change = room.add_parser(
        "set", help="change a room's settings and directory entry", parents=[common, settings]
    )
    change.add_argument("name")
    room.add_parser("list", help="list rooms", parents=[common])
    delete = room.add_parser("delete", help="delete a room and its history", parents=[common])
    delete.add_argument("name")
    key = room.add_parser("key", help="give a room a new facilitator key", parents=[common])
    key.add_argument("name")
    _address_options(key)
    guest = room.add_parser("guest", help="print a guest speaker's one-use invitation code", parents=[common])
    guest.add_argument("name", help="the room")
    guest.add_argument("guest", help="the guest's name, as everyone will see it")
    guest.add_argument("--minutes", type=int, help="how long the code stays valid (default a day, at most 7)")
    _address_options(guest)
    guest.add_argument("--ssh-port", type=int, help="the relay's SSH door, to print the way in over SSH too")
    saved = commands.add_parser(
        "backup", help="copy the database (safe while the relay serves) to a private file", parents=[common]
    )
    saved.add_argument("path", type=Path, help="the copy to write (replaced if it exists)")
    restored = commands.add_parser(
        "restore", help="put a backup back in place of the database (stop the relay first)", parents=[common]
    )
    restored.add_argument("path", type=Path, help="the backup to restore")
    return parser


def _serve_options() -> argparse.ArgumentParser:
    """What ``serve`` takes; each overrides ``relay.toml`` (whose default is in brackets)."""
    options = argparse.ArgumentParser(add_help=False)
    options.add_argument("--config", type=Path, help=f"settings file (default {default_config_path()})")
    options.add_argument("--host", help="address to listen on [127.0.0.1]")
    options.add_argument("--port", type=int, help=f"port [{DEFAULT_PORT}]")
    options.add_argument("--grace", type=float, help="seconds a dropped place is held [120]")
    options.add_argument("--formats-dir", type=Path, help=FORMATS_DIR_HELP)
    _tls_options(options)
    _door_options(options)
    options.add_argument("--ssh-port", type=int, help="open the public SSH door here: ssh -p PORT ROOM@host")
    options.add_argument("--ssh-host-key", type=Path, help="the door's host key [beside the database]")
    options.add_argument("--ssh-max-sessions", type=int, help="SSH sessions held at once [20]")
    _watch_options(options)
    return options


def _watch_options(command: argparse.ArgumentParser) -> None:
    group = command.add_argument_group("metrics and logs")
    group.add_argument(
        "--metrics-token",
        default=os.environ.get("TALKINGSTICK_METRICS_TOKEN"),
        help="GET /metrics needs Authorization: Bearer TOKEN [$TALKINGSTICK_METRICS_TOKEN]",
    )
    group.add_argument(
        "--metrics-from-anywhere", action="store_true", help="serve /metrics beyond loopback [loopback only]"
    )
    group.add_argument("--log-json", action="store_true", help="write log lines as JSON objects")


def _tls_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--tls-cert", type=Path, help="PEM certificate chain: serve wss:// and https://")
    command.add_argument("--tls-key", type=Path, help="the certificate's PEM private key")


def settings_from(args: argparse.Namespace) -> RelaySettings:
    """``relay.toml`` (``--config`` or the default) with the command line's flags over it.

    Raises:
        SettingsFileError: for a settings file that cannot be used, or one TLS flag without the other.
    """
    settings = load_settings(args.config).overridden(
        host=args.host,
        port=args.port,
        database=args.db,
        formats_dir=args.formats_dir,
        grace_seconds=args.grace,
        tls_certificate=args.tls_cert,
        tls_key=args.tls_key,
        ssh_port=args.ssh_port,
        ssh_host_key=args.ssh_host_key,
        ssh_max_sessions=args.ssh_max_sessions,
    )
    if (settings.tls_certificate is None) != (settings.tls_key is None):
        raise SettingsFileError("TLS needs both --tls-cert and --tls-key (or both in [tls]).")
    return settings


def _print_key(name: str, key: str, args: argparse.Namespace) -> None:
    room_url = f"{relay_address(args).rstrip('/')}/{name}"
    print(f"Facilitator key for {name!r} (shown once; keep it safe): {key}")
    print("Facilitators join with (the key is asked for, so it never shows in the process list):")
    print(f"  talkingstick {room_url} --name YOUR_NAME --ask-key")
    print("  (or TALKINGSTICK_KEY in the environment, or --key-file PATH)")
    print("Members join with:")
    print(f"  talkingstick {room_url} --name YOUR_NAME")
    if not args.url:
        print(
            f"These are for a relay serving on port {args.port} "
            f"(talkingstick-relay serve --port {args.port}); if yours uses another port or "
            "address, pass --port/--host here or change them above."
        )


def _changes(args: argparse.Namespace, current: dict[str, Any]) -> dict[str, Any]:
    """The settings the room options ask for (``SetupError`` for a bad one)."""
    directory = {option: getattr(args, option) for option in _DIRECTORY_OPTIONS}
    directory["format"] = directory.pop("format_name")
    return settings_changes(
        current,
        welcome=_operator_text(args.welcome, MAX_WELCOME_CHARS, "The welcome"),
        resources_file=args.resources_file,
        retention_hours=args.retention_hours,
        history=args.history,
        directory=directory,
        bar_addresses=None if args.bar_addresses is None else args.bar_addresses == "on",
        lobby_notes=None if args.lobby_notes is None else args.lobby_notes == "on",
        attendance=args.attendance,
        country=args.country,
        own_resources=args.resource,
    )


def _operator_text(text: str | None, limit: int, what: str) -> str | None:
    """An operator's text cleaned like a member's message (``SetupError`` when too long)."""
    if text is None:
        return None
    try:
        return clean_text(text, limit, what)
    except ProtocolError as error:
        raise SetupError(error.message) from error


def _room_title(title: str) -> str:
    """The room title in its final form, checked like an agenda title (``SetupError`` if bad)."""
    try:
        return check_title(title)
    except ProtocolError as error:
        raise SetupError(f"--title: {error.message}") from error


def _chosen_format(args: argparse.Namespace) -> MeetingFormat | None:
    if args.format is None:
        return None
    formats = load_formats(args.formats_dir)
    plan = formats.get(args.format.casefold())
    if plan is None:
        known = ", ".join(sorted(formats)) or "none"
        raise SetupError(f"There is no format called {args.format!r} (known: {known}).")
    return plan


def _create(args: argparse.Namespace, store: Store) -> int:
    title = _room_title(args.title)
    plan = _chosen_format(args)
    changes = _changes(args, {})
    if plan is not None and args.format_name is None:
        changes["directory"] = {**(changes.get("directory") or {}), "format": plan.title}
    try:
        key = store.create_room(args.name, title)
    except BadRoomName:
        print("A room name is 1-32 lowercase letters, digits, '-' or '_'.", file=sys.stderr)
        return 2
    except RoomExists:
        print(f"A room called {args.name!r} exists already.", file=sys.stderr)
        return 1
    state = seed_room(store, args.name, plan, waiting_room=args.waiting_room)
    if changes:
        store.update_settings(args.name, changes)
    if plan is not None:
        print(f"Loaded the {plan.title!r} format: {len(state.agenda)} agenda items.")
    _print_key(args.name, key, args)
    return 0


def _set(args: argparse.Namespace, store: Store) -> int:
    if store.room(args.name) is None:
        print(f"No room called {args.name!r}.", file=sys.stderr)
        return 1
    changes = _changes(args, store.settings(args.name))
    if not changes:
        print("Nothing to change: give at least one setting (see --help).", file=sys.stderr)
        return 2
    check_settings_fit(store, args.name, changes)
    store.update_settings(args.name, changes)
    print(f"Updated {args.name!r}: {', '.join(sorted(changes))}.")
    if set(changes) - {"directory"}:
        print("A running relay takes these up at its next start; the directory shows changes in a second.")
    return 0


def _manage_rooms(args: argparse.Namespace, db: Path) -> int:
    store = Store(db)
    try:
        if args.room_command == "create":
            return _create(args, store)
        if args.room_command == "set":
            return _set(args, store)
        if args.room_command == "list":
            for record in store.rooms():
                print(f"{record.name}\t{record.title}")
        elif args.room_command == "delete":
            if not store.delete_room(args.name):
                print(f"No room called {args.name!r}.", file=sys.stderr)
                return 1
            print(f"Deleted {args.name!r}.")
        elif args.room_command == "guest":
            return print_guest_invite(args, store, relay_address(args))
        elif args.room_command == "key":
            new_key = store.rotate_key(args.name)
            if new_key is None:
                print(f"No room called {args.name!r}.", file=sys.stderr)
                return 1
            _print_key(args.name, new_key, args)
    finally:
        store.close()
    return 0


def _contents(copied: Copied) -> str:
    return f"{copied.rooms} rooms, schema version {copied.schema_version}"


def _copy(args: argparse.Namespace, db: Path) -> int:
    if args.command == "backup":
        copied = backup(db, args.path)
        print(f"Backed up {db} to {copied.path} ({_contents(copied)}).")
    else:
        copied = restore(args.path, db)
        print(f"Restored {args.path} to {db} ({_contents(copied)}).")
        print("Start the relay: it upgrades an older copy's schema as it opens it.")
    return 0


def _list_formats(args: argparse.Namespace) -> int:
    for name, plan in sorted(load_formats(args.formats_dir).items()):
        minutes = sum(segment.minutes for segment in plan.segments)
        print(f"{name}\t{plan.title} ({len(plan.segments)} parts, {minutes} min)")
        for segment in plan.segments:
            print(f"    {segment.minutes:>3} min  {segment.title} ({segment.mode.name.lower()})")
    print(f"Your own formats: *.toml files in {user_formats_dir()} or in a folder given with --formats-dir.")
    return 0


async def _serve(settings: RelaySettings, db: Path, door: DoorLimits, args: argparse.Namespace) -> None:
    ssh_door = None
    if settings.ssh_port is not None:
        key_path = settings.ssh_host_key or default_host_key_path(db)
        ssh_door = DoorOptions(settings.ssh_port, key_path, settings.ssh_max_sessions)
    relay = Relay(
        db,
        settings.host,
        settings.port,
        grace_seconds=settings.grace_seconds,
        replay_limit=settings.replay_limit,
        formats_dir=settings.formats_dir,
        tls=settings.tls,
        door=door,
        ssh_door=ssh_door,
        metrics_token=args.metrics_token,
        metrics_from_anywhere=args.metrics_from_anywhere,
    )
    # The handlers go in before the address is printed: whatever reads that line (a
    # service manager, a test) may signal at once, and SIGHUP's default ends the process.
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(signum, stop.set)
    with contextlib.suppress(NotImplementedError, AttributeError):  # no SIGHUP on Windows
        loop.add_signal_handler(signal.SIGHUP, relay.reload_certificate)
    await relay.start()
    print(f"talkingstick relay on {relay.url('ROOM')} (database {db})", flush=True)
    door_open = relay.ssh_door
    if door_open is not None:
        print(f"SSH door on port {door_open.port}: ssh -p {door_open.port} ROOM@HOST", flush=True)
        print(f"SSH host key {door_open.fingerprint} ({door_open.options.host_key_path})", flush=True)
    print(f"Formats: {', '.join(sorted(relay.formats)) or 'none'}", flush=True)
    try:
        await stop.wait()
    finally:
        await relay.stop()


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``talkingstick-relay``."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "formats":
            return _list_formats(args)
        if args.command == "service":
            tls = TlsFiles(args.tls_cert, args.tls_key) if args.tls_cert and args.tls_key else None
            if (args.tls_cert is None) != (args.tls_key is None):
                raise SettingsFileError("TLS needs both --tls-cert and --tls-key.")
            print(systemd_unit(config=args.config or Path("/etc/talkingstick/relay.toml"), tls=tls))
            return 0
        if args.command == "room":
            return _manage_rooms(args, args.db or default_db_path())
        if args.command in ("backup", "restore"):
            return _copy(args, args.db or default_db_path())
        settings = settings_from(args)
        if args.command == "config":
            print(describe(settings, str(args.config or default_config_path())))
            return 0
        db = settings.database or default_db_path()
        configure_logging(log_level(settings), as_json=args.log_json)
        asyncio.run(_serve(settings, db, _door_limits(args), args))
    except (FormatError, SetupError, SettingsFileError, TlsError, SchemaTooNew, BackupError) as error:
        print(error, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
