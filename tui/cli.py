"""The ``talkingstick`` command: join a room, browse a relay's rooms, or try the demo.

    talkingstick ws://host:port/ROOM --name Sam [--ask-key | --key-file PATH | --key KEY]
    talkingstick http://host:port [--name Sam]
    talkingstick [--demo] [--name NAME]
    talkingstick --line ws://host:port/ROOM --name Sam
    talkingstick wss://host/ROOM --cafile OUR-GROUP-CA.pem
    talkingstick wss://host/ROOM --invite K7QH-3MWD    (a guest speaker's one-use code)

``client.toml`` (``tui.config``) gives defaults for the name, the theme and ``--cafile``;
options override it. A relay's certificate is always verified (``tui.core.tls``).
    talkingstick ws://host:port/ROOM --low-bandwidth

Low-bandwidth mode (``tui.low_bandwidth``) draws less, less often: it is on by default
over SSH (``SSH_CONNECTION`` set) and ``--low-bandwidth`` / ``--no-low-bandwidth``
choose it either way.

Line mode (``tui.line``) prints one plain line per event and reads messages and slash
commands from standard input: for screen readers, braille displays, scripts and the
slowest links. It is chosen by ``--line``, and on its own when ``TERM`` is ``dumb`` or
standard output is not a terminal (``--no-line`` forces the full-screen app). The
Textual app is imported only once the full-screen app is chosen, so line mode stays small.

The facilitator key is best not typed on the command line, where others on a shared
host see it in ``ps``: ``--ask-key`` asks for it without echo, ``--key-file`` reads it
from a file, and ``TALKINGSTICK_KEY`` in the environment is used when no option gives it.
A guest's code may likewise come from ``TALKINGSTICK_INVITE`` when ``--invite`` is not
given: the SSH door hands a code typed at its question to the client that way.

The demo starts a relay inside this process on 127.0.0.1 (a free port) over a database
of its own (``demo.sqlite3`` beside the relay's default one, so the demo room never shows
in a real relay's lobby), makes sure the room "demo" exists with a real meeting's agenda
(the SMART-style format: guidelines, a check-in round, working time, a check-out
round), and joins it as facilitator. The room's facilitator key is kept in a file
beside the database, readable only by the user, so the next demo run is facilitator
again.
"""

import argparse
import asyncio
import getpass
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from protocol import ProtocolError
from protocol.meeting_format import MeetingFormat
from protocol.settings_file import SettingsFileError
from protocol.text import check_name
from server.paths import default_db_path
from tui.config import load_client_settings
from tui.low_bandwidth import DEFAULT_PACE, ScreenPace, choose_pace

if TYPE_CHECKING:
    from server.relay import Relay

DEMO_ROOM = "demo"
DEMO_TITLE = "Demo meeting"
DEMO_FORMAT = "smart"
"""The format whose agenda and readings a new demo room starts with."""
KEY_VARIABLE = "TALKINGSTICK_KEY"
"""The environment variable a facilitator key may come from."""
INVITE_VARIABLE = "TALKINGSTICK_INVITE"
"""The environment variable a guest's invitation code may come from (the SSH door's way)."""


def demo_paths() -> tuple[Path, Path]:
    """The demo's own database and the key file beside it, next to the relay's default database.

    Not the default database itself: a host who tries the demo must not find a "demo"
    room in their real relay's lobby.
    """
    database = default_db_path().with_name("demo.sqlite3")
    return database, database.with_name("demo.key")


def ensure_room(
    relay: "Relay", name: str, title: str, key_file: Path, plan: MeetingFormat | None = None
) -> str:
    """The facilitator key of room ``name``, kept in ``key_file`` (mode 0600).

    The room is created, or given a new key, as needed (see ``server.room_setup``). Call
    it before the relay serves the room.
    """
    from server.room_setup import ensure_room as setup_room  # the relay's side, loaded for the demo only

    saved = key_file.read_text().strip() if key_file.exists() else ""
    key = setup_room(relay.store, name, title, saved or None, plan)
    if key == saved:
        return saved
    descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(key + "\n")
    key_file.chmod(0o600)
    return key


def default_name() -> str:
    """The OS user name, or ``visitor`` when it is not a valid display name (``guest`` marks an
    invited guest speaker, so no one may take it as a name)."""
    try:
        return check_name(getpass.getuser())
    except (ProtocolError, OSError, KeyError):
        return "visitor"


def _key_kept_whole(parser: argparse.ArgumentParser, argv: list[str]) -> list[str]:
    """``--key -bgA8…`` as ``--key=-bgA8…``: older keys may begin with "-", which argparse
    would take for an option and stop with "expected one argument"."""
    options = {option for action in parser._actions for option in action.option_strings}
    kept: list[str] = []
    words = iter(argv)
    for word in words:
        if word == "--key":
            value = next(words, None)
            if value is not None and value.startswith("-") and value not in options:
                kept.append(f"--key={value}")
                continue
            kept.extend([word] if value is None else [word, value])
            continue
        kept.append(word)
    return kept


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="talkingstick",
        description="Join a talkingstick meeting room from the terminal.",
    )
    parser.add_argument(
        "address",
        nargs="?",
        help="ws://HOST:PORT/ROOM to join a room, "
        "http://HOST:PORT to list a relay's rooms; none starts the demo",
    )
    parser.add_argument("--name", help="your display name in the room")
    key = parser.add_mutually_exclusive_group()
    key.add_argument(
        "--key",
        help=f"the room's facilitator key (visible to others in ps: prefer --ask-key, "
        f"--key-file or {KEY_VARIABLE})",
    )
    key.add_argument("--key-file", type=Path, help="read the facilitator key from this file")
    key.add_argument("--ask-key", action="store_true", help="ask for the facilitator key, without echo")
    parser.add_argument(
        "--invite",
        help=f"a guest speaker's invitation code (K7QH-3MWD), from the facilitators "
        f"(else {INVITE_VARIABLE} in the environment)",
    )
    parser.add_argument("--demo", action="store_true", help="start a local relay and join its demo room")
    parser.add_argument("--theme", help="colour theme (default ansi-dark: the terminal's own colours)")
    parser.add_argument(
        "--cafile",
        type=Path,
        help="your group's own certificate authority (PEM), for a relay whose certificate it signed",
    )
    parser.add_argument(
        "--config", type=Path, help="settings file (default: client.toml in the config folder)"
    )
    parser.add_argument(
        "--line",
        action="store_true",
        help="plain line mode: one line per event, typed lines in "
        "(automatic when TERM=dumb or output is not a terminal)",
    )
    parser.add_argument("--no-line", action="store_true", help="the full-screen app, whatever the terminal")
    parser.add_argument(
        "--low-bandwidth",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="draw less, less often, for slow links (default: on over SSH)",
    )
    args = parser.parse_args(_key_kept_whole(parser, sys.argv[1:] if argv is None else argv))
    if args.line and args.no_line:
        parser.error("--line and --no-line do not go together")
    try:
        settings = load_client_settings(args.config)
    except SettingsFileError as error:
        parser.error(str(error))
    args.name = args.name or settings.name
    args.theme = args.theme or settings.theme  # None: the low-bandwidth pace's or the default's
    args.cafile = args.cafile or settings.cafile
    if args.low_bandwidth is None:  # the flag wins over the file; neither: on over SSH
        args.low_bandwidth = settings.low_bandwidth
    if args.name is not None:
        try:
            args.name = check_name(args.name)
        except ProtocolError as error:
            parser.error(error.message)
    if args.demo and args.address:
        parser.error("--demo takes no address")
    if args.address and not args.address.startswith(("ws://", "wss://", "http://", "https://")):
        parser.error("the address starts with ws://, wss://, http:// or https://")
    if args.invite is None:
        args.invite = os.environ.get(INVITE_VARIABLE, "").strip() or None
    if args.invite is not None:
        if not (args.address or "").startswith(("ws://", "wss://")):
            parser.error("--invite goes with a room's ws:// or wss:// address")
        args.address = with_invite(args.address, args.invite)
        # The invitation names the guest (the relay seats them under it): asking would mislead.
        args.name = args.name or default_name()
    try:
        args.key = facilitator_key(args)
    except OSError as error:
        parser.error(f"cannot read the key file: {error.strerror or error}")
    return args


def with_invite(address: str, code: str) -> str:
    """The room address carrying a guest's invitation code (``?invite=``), as a guest may be
    handed it; the session moves the code into the hello before connecting."""
    return f"{address}{'&' if '?' in address else '?'}{urlencode({'invite': code.strip()})}"


def facilitator_key(args: argparse.Namespace, ask: Callable[[str], str] = getpass.getpass) -> str | None:
    """The facilitator key from ``--key``, ``--key-file``, ``--ask-key`` or ``TALKINGSTICK_KEY``.

    Raises:
        OSError: when the key file cannot be read.
    """
    if args.key:
        return str(args.key)
    if args.key_file is not None:
        return args.key_file.read_text(encoding="utf-8").strip() or None
    if args.ask_key:
        return ask("Facilitator key: ").strip() or None
    return os.environ.get(KEY_VARIABLE, "").strip() or None


def wants_line_mode(args: argparse.Namespace) -> bool:
    """Line mode when asked, or when the terminal cannot (or need not) draw the full app."""
    if args.line or args.no_line:
        return bool(args.line)
    return os.environ.get("TERM", "") == "dumb" or not sys.stdout.isatty()


async def run_demo(name: str, theme: str, line: bool = False, pace: ScreenPace = DEFAULT_PACE) -> int:
    """Start a relay in this process, make sure the demo room exists, and join it."""
    from server.relay import Relay

    db_path, key_file = demo_paths()
    relay = Relay(db_path, "127.0.0.1", 0)
    try:
        # Before the relay starts, so that it loads the room with its agenda in place.
        key = ensure_room(relay, DEMO_ROOM, DEMO_TITLE, key_file, relay.formats.get(DEMO_FORMAT))
        await relay.start()
        if line:
            from tui.line.app import run_line_mode

            return await run_line_mode(relay.url(DEMO_ROOM), name, key)
        from tui.app import TalkingStickApp

        app = TalkingStickApp(
            url=relay.url(DEMO_ROOM), name=name, facilitator_key=key, theme=theme, pace=pace
        )
        await app.run_async()
        return 0
    finally:
        await relay.stop()


def main_line(args: argparse.Namespace) -> int:
    """Line mode: join the room (or the demo) in plain lines; a relay's room list is not offered."""
    from tui.line.app import run_line_mode

    name = args.name or default_name()
    if args.demo or not args.address:
        return asyncio.run(run_demo(name, args.theme or DEFAULT_PACE.theme, line=True))
    if args.address.startswith(("http://", "https://")):
        print("Line mode joins one room: give its address, ws://HOST:PORT/ROOM", file=sys.stderr)
        return 2
    try:
        return asyncio.run(run_line_mode(args.address, name, args.key, args.cafile))
    except KeyboardInterrupt:
        return 130


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``talkingstick`` command."""
    args = parse_args(argv)
    if wants_line_mode(args):
        return main_line(args)
    pace = choose_pace(args.low_bandwidth)
    args.theme = args.theme or pace.theme
    # Fewer updates a second coalesce more repaints into one, so fewer bytes on slow links.
    os.environ.setdefault("TEXTUAL_FPS", str(pace.fps))
    if not pace.animations:
        os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")
    from tui.app import TalkingStickApp  # after the environment: Textual reads it on import

    if args.demo or not args.address:
        asyncio.run(run_demo(args.name or default_name(), args.theme, pace=pace))
    elif args.address.startswith(("http://", "https://")):
        TalkingStickApp(
            lobby_url=args.address, name=args.name, theme=args.theme, cafile=args.cafile, pace=pace
        ).run()
    else:
        TalkingStickApp(
            url=args.address,
            name=args.name,
            facilitator_key=args.key,
            theme=args.theme,
            cafile=args.cafile,
            pace=pace,
        ).run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
