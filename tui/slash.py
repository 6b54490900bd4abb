"""The chat line's slash commands: typed text to a protocol command, or a reason why not.

``parse_slash`` is pure: it reads the room state only to turn a person's name into a
participant id and an agenda position into an item id, and never decides whether the
relay will allow the command (the relay is the only judge of roles and floor mode).
Everything that is not a slash command is a message; ``//`` starts a message with a
literal ``/``. Nothing here imports ``textual``.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from protocol import CommandKind, Mode, ProtocolError, Role, RoomState
from protocol.fields import message, minutes
from protocol.text import check_name, check_title, for_display_line


@dataclass(frozen=True, slots=True)
class SlashResult:
    """What a line typed into the chat box asks for.

    Exactly one of these holds: ``kind`` is a command to send with ``args``; ``help``
    asks for the command list; ``error`` says, for people, why the line was not sent.
    """

    kind: CommandKind | None
    args: tuple
    help: bool = False
    error: str | None = None


SLASH_HELP: tuple[tuple[str, str], ...] = (
    ("/raise", "raise your hand"),
    ("/lower [NAME]", "lower your hand (or, facilitating, NAME's)"),
    ("/done", "give the floor back"),
    ("/next", "give the floor to the first raised hand"),
    ("/grant NAME", "give NAME the floor"),
    ("/take", "take the floor back"),
    ("/mode open|floor", "let everyone post, or only the floor holder"),
    ("/up NAME, /down NAME", "move NAME's hand in the queue"),
    ("/lowerall", "lower every hand"),
    ("/agenda add TITLE MINUTES", "add an agenda item"),
    ("/agenda edit N TITLE MINUTES", "change agenda item N"),
    ("/agenda move N POS", "move agenda item N to position POS"),
    ("/agenda remove N", "remove agenda item N"),
    ("/agenda current N|none", "make item N the current one"),
    ("/agenda next", "move on to the next item"),
    ("/remove NAME, /allow NAME", "remove someone from the room, or let them back"),
    ("/promote NAME, /demote NAME", "make NAME a co-facilitator, or a member again"),
    ("/leave", "leave the meeting"),
    ("//text", "send a message that starts with /"),
)
"""Usage and meaning of every slash command, for the help screen."""


class _Usage(Exception):
    """A slash command with arguments that do not fit; the text is for people."""


def _show(text: str, limit: int = 40) -> str:
    """Echo typed text inside an error safely and briefly."""
    text = for_display_line(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _person(state: RoomState, name: str) -> int:
    """The pid of the present participant called ``name`` (an ``@`` in front is allowed)."""
    name = name.strip().removeprefix("@").strip()
    if not name:
        raise _Usage("Whose? Give a name.")
    person = state.find_by_name(name)
    if person is None:
        raise _Usage(f"Nobody called {_show(name)} is in the room.")
    return person.pid


def _position(state: RoomState, text: str, what: str = "agenda item") -> int:
    """A 1-based position in the agenda as shown, checked against its length."""
    text = text.strip().removeprefix("#")
    if not text.isdecimal():
        raise _Usage(f"Give the {what} as a number, like 2.")
    number = int(text)
    if not 1 <= number <= len(state.agenda):
        if not state.agenda:
            raise _Usage("The agenda is empty.")
        raise _Usage(f"The agenda has items 1 to {len(state.agenda)}.")
    return number


def _item_id(state: RoomState, text: str) -> int:
    """The item id of the agenda item shown at position ``text``."""
    return state.agenda[_position(state, text) - 1].item_id


def _minutes(text: str) -> int:
    """A time box such as ``10``, ``10m`` or ``10min``."""
    text = text.strip().lower().removesuffix("min").removesuffix("m")
    if not text.isdecimal():
        raise _Usage("Give the time box in whole minutes, like 10.")
    try:
        return minutes(int(text))
    except ProtocolError as exc:
        raise _Usage(exc.message) from exc


def _title(text: str) -> str:
    try:
        return check_title(text)
    except ProtocolError as exc:
        raise _Usage(exc.message) from exc


def _title_and_minutes(text: str, usage: str) -> tuple[str, int]:
    parts = text.rsplit(maxsplit=1)
    if len(parts) != 2:
        raise _Usage(f"Usage: {usage}")
    return _title(parts[0]), _minutes(parts[1])


def _no_args(kind: CommandKind, usage: str) -> Callable[[RoomState, int, str], tuple]:
    def parse(state: RoomState, my_pid: int, rest: str) -> tuple:
        if rest:
            raise _Usage(f"{usage} takes nothing after it.")
        return kind, ()

    return parse


def _one_person(kind: CommandKind, usage: str, *extra: Any) -> Callable[[RoomState, int, str], tuple]:
    def parse(state: RoomState, my_pid: int, rest: str) -> tuple:
        if not rest:
            raise _Usage(f"Usage: {usage}")
        return kind, (_person(state, rest), *extra)

    return parse


def _lower(state: RoomState, my_pid: int, rest: str) -> tuple:
    if not rest:
        return CommandKind.LOWER, (None,)
    pid = _person(state, rest)
    return CommandKind.LOWER, (None if pid == my_pid else pid,)


def _remove(state: RoomState, my_pid: int, rest: str) -> tuple:
    if not rest:
        raise _Usage("Usage: /remove NAME")
    pid = _person(state, rest)
    if pid == my_pid:
        raise _Usage("You cannot remove yourself; use /leave.")
    return CommandKind.REMOVE, (pid,)


def _allow(state: RoomState, my_pid: int, rest: str) -> tuple:
    # The person is not in the room, so the name is sent as typed, not resolved.
    try:
        return CommandKind.ALLOW, (check_name(rest.removeprefix("@")),)
    except ProtocolError as exc:
        raise _Usage("Usage: /allow NAME") from exc


def _mode(state: RoomState, my_pid: int, rest: str) -> tuple:
    modes = {"open": Mode.OPEN, "floor": Mode.FLOOR}
    if rest.lower() not in modes:
        raise _Usage("Usage: /mode open|floor")
    return CommandKind.SET_MODE, (modes[rest.lower()],)


def _agenda(state: RoomState, my_pid: int, rest: str) -> tuple:
    sub, _, args = rest.partition(" ")
    sub, args = sub.lower(), args.strip()
    if sub == "add":
        return CommandKind.AGENDA_ADD, _title_and_minutes(args, "/agenda add TITLE MINUTES")
    if sub == "edit":
        position, _, title_minutes = args.partition(" ")
        if not title_minutes.strip():
            raise _Usage("Usage: /agenda edit N TITLE MINUTES")
        item_id = _item_id(state, position)
        title, minutes_ = _title_and_minutes(title_minutes, "/agenda edit N TITLE MINUTES")
        return CommandKind.AGENDA_EDIT, (item_id, title, minutes_)
    if sub == "move":
        parts = args.split()
        if len(parts) != 2:
            raise _Usage("Usage: /agenda move N POS")
        item_id = _item_id(state, parts[0])
        return CommandKind.AGENDA_MOVE, (item_id, _position(state, parts[1], "position") - 1)
    if sub == "remove":
        if not args or " " in args:
            raise _Usage("Usage: /agenda remove N")
        return CommandKind.AGENDA_REMOVE, (_item_id(state, args),)
    if sub == "current":
        if args.lower() == "none":
            return CommandKind.AGENDA_SET_CURRENT, (None,)
        if not args or " " in args:
            raise _Usage("Usage: /agenda current N|none")
        return CommandKind.AGENDA_SET_CURRENT, (_item_id(state, args),)
    if sub == "next":
        if args:
            raise _Usage("/agenda next takes nothing after it.")
        return CommandKind.AGENDA_NEXT, ()
    raise _Usage("Usage: /agenda add|edit|move|remove|current|next ... (see /help)")


_COMMANDS: dict[str, Callable[[RoomState, int, str], tuple]] = {
    "raise": _no_args(CommandKind.RAISE, "/raise"),
    "lower": _lower,
    "done": _no_args(CommandKind.DONE, "/done"),
    "next": _no_args(CommandKind.NEXT, "/next"),
    "grant": _one_person(CommandKind.GRANT, "/grant NAME"),
    "take": _no_args(CommandKind.TAKE_BACK, "/take"),
    "mode": _mode,
    "agenda": _agenda,
    "remove": _remove,
    "allow": _allow,
    "promote": _one_person(CommandKind.SET_ROLE, "/promote NAME", Role.COFACILITATOR),
    "demote": _one_person(CommandKind.SET_ROLE, "/demote NAME", Role.MEMBER),
    "up": _one_person(CommandKind.MOVE_HAND, "/up NAME", -1),
    "down": _one_person(CommandKind.MOVE_HAND, "/down NAME", 1),
    "lowerall": _no_args(CommandKind.LOWER_ALL, "/lowerall"),
    "leave": _no_args(CommandKind.LEAVE, "/leave"),
}


def _say(text: str) -> SlashResult:
    if not text.strip():
        return SlashResult(None, (), error="There is nothing to send.")
    try:
        return SlashResult(CommandKind.SAY, (message(text),))
    except ProtocolError as exc:
        return SlashResult(None, (), error=exc.message)


def parse_slash(text: str, state: RoomState, my_pid: int) -> SlashResult:
    """Turn one line from the chat box into a command, a help request or an error.

    Args:
        text: The line as typed.
        state: The room as the participant sees it, to resolve names and agenda positions.
        my_pid: The participant typing, so ``/lower MYNAME`` lowers their own hand and
            ``/remove MYNAME`` is caught here.

    Returns:
        A ``SlashResult``; plain text (no leading ``/``) is a ``SAY``.
    """
    if text.startswith("//"):
        return _say(text[1:])
    if not text.startswith("/"):
        return _say(text)
    word, _, rest = text[1:].strip().partition(" ")
    word, rest = word.lower(), rest.strip()
    if word in ("help", "?"):
        return SlashResult(None, (), help=True)
    parse = _COMMANDS.get(word)
    if parse is None:
        return SlashResult(None, (), error=f"Unknown command /{_show(word, 20)}. Type /help for the list.")
    try:
        kind, args = parse(state, my_pid, rest)
    except _Usage as exc:
        return SlashResult(None, (), error=str(exc))
    return SlashResult(kind, args)
