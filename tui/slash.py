"""The chat line's slash commands: typed text to a protocol command, or a reason why not.

``parse_slash`` is pure: it reads the room state only to turn a person's name into a
participant id (someone waiting too, for ``/admit``, ``/decline`` and ``/reply``) and an
agenda, reading or round position into an id, and never decides whether the relay will
allow the command (the relay is the only judge of roles, floor mode and crosstalk).
Everything that is not a slash command is a message; ``//`` starts a message with a
literal ``/``. Nothing here imports ``textual``.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from protocol import CommandKind, Mode, ProtocolError, Role, RoomState
from protocol.fields import message, minutes, reading_text, short_text, silence_minutes
from protocol.kinds import Reaction
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
    ("/pass", "pass your turn (no reason needed), or take your hand down"),
    ("/react heart|metoo|thanks", "react quietly to the person sharing"),
    ("/mode open|floor|round|silent", "everyone posts, the floor holder posts, a go-around, or a pause"),
    ("/round start|end", "start or end a go-around"),
    ("/round skip NAME, /round move NAME POS", "skip NAME's turn, or move NAME to place POS"),
    ("/crosstalk on|off", "allow replies to a share, or only reactions"),
    ("/format NAME", "replace the agenda with a meeting format"),
    ("/reading add TITLE: TEXT", "add a reading (// between paragraphs)"),
    ("/reading show N, /reading hide", "show reading N to everyone, or hide it"),
    ("/reading ask N NAME", "ask NAME to read reading N aloud"),
    ("/reading next", "read your next paragraph aloud"),
    ("/reading remove N", "remove reading N"),
    ("/up NAME, /down NAME", "move NAME's hand in the queue"),
    ("/lowerall", "lower every hand"),
    ("/agenda add TITLE MINUTES", "add an agenda item"),
    ("/agenda edit N TITLE MINUTES", "change agenda item N"),
    ("/agenda move N POS", "move agenda item N to position POS"),
    ("/agenda remove N", "remove agenda item N"),
    ("/agenda current N|none", "make item N the current one"),
    ("/agenda next", "move on to the next item"),
    ("/remove NAME, /allow NAME", "remove someone from the room, or let them back"),
    ("/waiting on|off", "seat newcomers in the waiting room, or let them straight in"),
    ("/admit NAME|all", "let someone (or everyone) in from the waiting room"),
    ("/decline NAME [MESSAGE]", "turn someone away from the waiting room, kindly"),
    ("/note TEXT", "write privately to the facilitators"),
    ("/support on|off", "tell the facilitators privately that you need support"),
    ("/reply NAME TEXT", "answer someone privately"),
    ("/silence NAME MINUTES, /unsilence NAME", "pause someone's messages, or lift it"),
    ("/lock, /unlock", "keep newcomers in the waiting room, or not"),
    ("/lockdown, /unlockdown", "floor mode, no crosstalk, locked; and back"),
    ("/end", "end the meeting and delete its words"),
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


def _waiter_pid(state: RoomState, name: str) -> int | None:
    """The pid of the person waiting under ``name`` (case-insensitive), or None."""
    wanted = name.casefold()
    for waiter in state.waiting.values():
        if waiter.name.casefold() == wanted:
            return waiter.pid
    return None


def _lookup(state: RoomState, name: str, present: bool, waiting: bool) -> int | None:
    """The pid called ``name``: someone present, someone waiting, or either."""
    person = state.find_by_name(name) if present else None
    if person is not None:
        return person.pid
    return _waiter_pid(state, name) if waiting else None


def _person(state: RoomState, name: str, *, present: bool = True, waiting: bool = False) -> int:
    """The pid of the participant called ``name`` (an ``@`` in front is allowed)."""
    name = name.strip().removeprefix("@").strip()
    if not name:
        raise _Usage("Whose? Give a name.")
    pid = _lookup(state, name, present, waiting)
    if pid is None:
        where = "is waiting" if not present else "is in the room"
        raise _Usage(f"Nobody called {_show(name)} {where}.")
    return pid


def _person_then_text(
    state: RoomState, rest: str, usage: str, *, present: bool, waiting: bool
) -> tuple[int, str]:
    """Split ``NAME TEXT`` where the name may have spaces: the longest leading name that is someone's."""
    rest = rest.strip().removeprefix("@")
    words = list(re.finditer(r"\S+", rest))
    if not words:
        raise _Usage(f"Usage: {usage}")
    for word in reversed(words):
        pid = _lookup(state, rest[: word.end()], present, waiting)
        if pid is not None:
            return pid, rest[word.end() :].strip()
    _person(state, words[0].group(), present=present, waiting=waiting)  # raises: nobody of that name
    raise _Usage(f"Usage: {usage}")


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


def _no_args(kind: CommandKind, usage: str, *args: Any) -> Callable[[RoomState, int, str], tuple]:
    """A command with nothing typed after it, sent with fixed ``args`` (``/lock`` is LOCK true)."""

    def parse(state: RoomState, my_pid: int, rest: str) -> tuple:
        if rest:
            raise _Usage(f"{usage} takes nothing after it.")
        return kind, args

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
    modes = {"open": Mode.OPEN, "floor": Mode.FLOOR, "round": Mode.ROUND, "silent": Mode.SILENT}
    if rest.lower() not in modes:
        raise _Usage("Usage: /mode open|floor|round|silent")
    return CommandKind.SET_MODE, (modes[rest.lower()],)


def _on_off(kind: CommandKind, usage: str) -> Callable[[RoomState, int, str], tuple]:
    def parse(state: RoomState, my_pid: int, rest: str) -> tuple:
        flags = {"on": True, "off": False}
        if rest.lower() not in flags:
            raise _Usage(f"Usage: {usage}")
        return kind, (flags[rest.lower()],)

    return parse


_REACTIONS = {
    "heart": Reaction.HEART,
    "metoo": Reaction.ME_TOO,
    "me-too": Reaction.ME_TOO,
    "thanks": Reaction.THANK_YOU,
    "thank-you": Reaction.THANK_YOU,
    "thankyou": Reaction.THANK_YOU,
}


def _react(state: RoomState, my_pid: int, rest: str) -> tuple:
    reaction = _REACTIONS.get(rest.lower().replace(" ", "-"))
    if reaction is None:
        raise _Usage("Usage: /react heart|metoo|thanks")
    return CommandKind.REACT, (reaction,)


def _round(state: RoomState, my_pid: int, rest: str) -> tuple:
    sub, _, args = rest.partition(" ")
    sub, args = sub.lower(), args.strip()
    if sub in ("start", "end"):
        if args:
            raise _Usage(f"/round {sub} takes nothing after it.")
        return (CommandKind.ROUND_START if sub == "start" else CommandKind.ROUND_END), ()
    if sub == "skip":
        if not args:
            raise _Usage("Usage: /round skip NAME")
        return CommandKind.ROUND_SKIP, (_person(state, args),)
    if sub == "move":
        parts = args.rsplit(maxsplit=1)
        if len(parts) != 2:
            raise _Usage("Usage: /round move NAME POS")
        pid = _person(state, parts[0])
        place = parts[1].removeprefix("#")
        if not place.isdecimal() or int(place) < 1:
            raise _Usage("Give the place in the round as a number, like 2.")
        if state.round is None:
            raise _Usage("No round is going on.")
        if int(place) > len(state.round.order):
            raise _Usage(f"The round has places 1 to {len(state.round.order)}.")
        return CommandKind.ROUND_MOVE, (pid, int(place) - 1)
    raise _Usage("Usage: /round start|end|skip NAME|move NAME POS")


def _format(state: RoomState, my_pid: int, rest: str) -> tuple:
    if not rest:
        raise _Usage("Usage: /format NAME")
    return CommandKind.LOAD_FORMAT, (_title(rest),)


def _reading_id(state: RoomState, text: str) -> int:
    """The id of the reading shown at 1-based position ``text``."""
    text = text.strip().removeprefix("#")
    if not text.isdecimal():
        raise _Usage("Give the reading as a number, like 1.")
    if not state.readings:
        raise _Usage("There are no readings.")
    if not 1 <= int(text) <= len(state.readings):
        raise _Usage(f"The readings are numbered 1 to {len(state.readings)}.")
    return state.readings[int(text) - 1].reading_id


def _reading(state: RoomState, my_pid: int, rest: str) -> tuple:
    sub, _, args = rest.partition(" ")
    sub, args = sub.lower(), args.strip()
    if sub == "add":
        title, colon, text = args.partition(":")
        if not colon or not text.strip():
            raise _Usage("Usage: /reading add TITLE: TEXT")
        try:
            body = reading_text(text.strip().replace(" // ", "\n\n"))
        except ProtocolError as exc:
            raise _Usage(exc.message) from exc
        return CommandKind.READING_ADD, (_title(title), body, False)
    if sub in ("show", "remove"):
        if not args or " " in args:
            raise _Usage(f"Usage: /reading {sub} N")
        kind = CommandKind.READING_SHOW if sub == "show" else CommandKind.READING_REMOVE
        return kind, (_reading_id(state, args),)
    if sub in ("hide", "next"):
        if args:
            raise _Usage(f"/reading {sub} takes nothing after it.")
        return (CommandKind.READING_SHOW, (None,)) if sub == "hide" else (CommandKind.READING_STEP, ())
    if sub == "ask":
        number, _, name = args.partition(" ")
        if not name.strip():
            raise _Usage("Usage: /reading ask N NAME")
        return CommandKind.READING_ASK, (_reading_id(state, number), _person(state, name))
    raise _Usage("Usage: /reading add|show|hide|ask|next|remove ... (see /help)")


def _admit(state: RoomState, my_pid: int, rest: str) -> tuple:
    if not rest:
        raise _Usage("Usage: /admit NAME|all")
    if rest.lower() == "all" and _waiter_pid(state, rest) is None:
        return CommandKind.ADMIT_ALL, ()
    return CommandKind.ADMIT, (_person(state, rest, present=False, waiting=True),)


def _decline(state: RoomState, my_pid: int, rest: str) -> tuple:
    pid, text = _person_then_text(state, rest, "/decline NAME [MESSAGE]", present=False, waiting=True)
    try:
        return CommandKind.DECLINE, (pid, short_text(text) if text else None)
    except ProtocolError as exc:
        raise _Usage("A decline message may be at most 500 characters.") from exc


def _text(text: str, usage: str) -> str:
    if not text.strip():
        raise _Usage(f"Usage: {usage}")
    try:
        return message(text)
    except ProtocolError as exc:
        raise _Usage(exc.message) from exc


def _note(state: RoomState, my_pid: int, rest: str) -> tuple:
    return CommandKind.NOTE, (_text(rest, "/note TEXT"),)


def _reply(state: RoomState, my_pid: int, rest: str) -> tuple:
    pid, text = _person_then_text(state, rest, "/reply NAME TEXT", present=True, waiting=True)
    return CommandKind.REPLY, (pid, _text(text, "/reply NAME TEXT"))


def _silence(state: RoomState, my_pid: int, rest: str) -> tuple:
    parts = rest.rsplit(maxsplit=1)
    if len(parts) != 2:
        raise _Usage("Usage: /silence NAME MINUTES")
    pid = _person(state, parts[0])
    text = parts[1].lower().removesuffix("min").removesuffix("m")
    if not text.isdecimal():
        raise _Usage("Give the silence in whole minutes, like 5.")
    try:
        return CommandKind.SILENCE, (pid, silence_minutes(int(text)))
    except ProtocolError as exc:
        raise _Usage(exc.message) from exc


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
    "pass": _no_args(CommandKind.PASS, "/pass"),
    "react": _react,
    "round": _round,
    "crosstalk": _on_off(CommandKind.SET_CROSSTALK, "/crosstalk on|off"),
    "format": _format,
    "reading": _reading,
    "waiting": _on_off(CommandKind.SET_WAITING_ROOM, "/waiting on|off"),
    "admit": _admit,
    "decline": _decline,
    "note": _note,
    "support": _on_off(CommandKind.SUPPORT, "/support on|off"),
    "reply": _reply,
    "silence": _silence,
    "unsilence": _one_person(CommandKind.SILENCE, "/unsilence NAME", 0),
    "lock": _no_args(CommandKind.LOCK, "/lock", True),
    "unlock": _no_args(CommandKind.LOCK, "/unlock", False),
    "lockdown": _no_args(CommandKind.LOCKDOWN, "/lockdown", True),
    "unlockdown": _no_args(CommandKind.LOCKDOWN, "/unlockdown", False),
    "end": _no_args(CommandKind.END_MEETING, "/end"),
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
