"""The chat line's slash commands: typed text to a protocol command, or a reason why not.

``parse_slash`` is pure: it reads the room state only to turn a person's name into a
participant id (someone waiting too, for ``/admit``, ``/decline`` and ``/reply``) and an
agenda, reading or round position into an id, and never decides whether the relay will
allow the command (the relay is the only judge of roles, floor mode and crosstalk).
Everything that is not a slash command is a message; ``//`` starts a message with a
literal ``/``. Nothing here imports ``textual``.

Which words exist, what they send and what they take come from the command table
(``protocol.rules.table``): this module only knows how to read each ``Grammar``.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from protocol import CommandKind, ProtocolError, Role, RoomState
from protocol.fields import message, minutes, reading_text, short_text, silence_minutes
from protocol.kinds import MODE_BY_WORD, Reaction
from protocol.limits import MAX_SHORT_TEXT_CHARS
from protocol.rules import may
from protocol.rules.spec import Grammar, SlashForm
from protocol.rules.table import SLASH_FORMS
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


EVERYONE_HELP: tuple[tuple[str, str], ...] = (
    ("/help", "show this help"),
    ("//text", "send a message that starts with /"),
)
"""Lines of help that are not commands to the relay, for everyone."""


def slash_help(role: Role) -> tuple[tuple[str, str], ...]:
    """Usage and meaning of every slash command ``role`` may send, in the table's order."""
    lines = tuple((form.usage, form.help) for form, kind in SLASH_FORMS if may(role, kind))
    return lines + EVERYONE_HELP


SLASH_HELP: tuple[tuple[str, str], ...] = slash_help(Role.FACILITATOR)
"""Usage and meaning of every slash command, for the help screen."""

_COMMANDS: dict[str, tuple[tuple[SlashForm, CommandKind], ...]] = {}
"""Every slash word and the forms it starts (``round`` starts ``round start``, ...)."""
for _form, _kind in SLASH_FORMS:
    _word = _form.words.split()[0]
    _COMMANDS[_word] = (*_COMMANDS.get(_word, ()), (_form, _kind))


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


def _lobby_note_id(state: RoomState, text: str) -> int:
    """The id of the lobby note shown at 1-based position ``text`` (as ``/lobby`` lists them)."""
    text = text.strip().removeprefix("#")
    if not text.isdecimal():
        raise _Usage("Give the note as a number, like 1.")
    if not state.lobby_notes:
        raise _Usage("There are no notes from the lobby.")
    if not 1 <= int(text) <= len(state.lobby_notes):
        raise _Usage(f"The notes are numbered 1 to {len(state.lobby_notes)}.")
    return state.lobby_notes[int(text) - 1].note_id


def _text(text: str, usage: str) -> str:
    if not text.strip():
        raise _Usage(f"Usage: {usage}")
    try:
        return message(text)
    except ProtocolError as exc:
        raise _Usage(exc.message) from exc


def _person_or_me(state: RoomState, my_pid: int, rest: str) -> int | None:
    """Nothing or one's own name: None (oneself); otherwise someone present."""
    if not rest:
        return None
    pid = _person(state, rest)
    return None if pid == my_pid else pid


def _other_person(state: RoomState, my_pid: int, rest: str, usage: str) -> int:
    pid = _person(state, rest)
    if pid == my_pid:
        raise _Usage("You cannot remove yourself; use /leave.")
    return pid


def _name_as_typed(rest: str, usage: str) -> str:
    # The person is not in the room, so the name is sent as typed, not resolved.
    try:
        return check_name(rest.removeprefix("@"))
    except ProtocolError as exc:
        raise _Usage(f"Usage: {usage}") from exc


def _choice(words: dict[str, Any], rest: str, usage: str) -> Any:
    value = words.get(rest.lower())
    if value is None:
        raise _Usage(f"Usage: {usage}")
    return value


_ON_OFF = {"on": True, "off": False}

_REACTIONS = {
    "heart": Reaction.HEART,
    "metoo": Reaction.ME_TOO,
    "me-too": Reaction.ME_TOO,
    "thanks": Reaction.THANK_YOU,
    "thank-you": Reaction.THANK_YOU,
    "thankyou": Reaction.THANK_YOU,
}


def _whole_minutes(text: str, what: str) -> int:
    text = text.lower().removesuffix("min").removesuffix("m")
    if not text.isdecimal():
        raise _Usage(f"Give the {what} in whole minutes, like 5.")
    return int(text)


def _person_minutes(state: RoomState, rest: str, usage: str) -> tuple:
    parts = rest.rsplit(maxsplit=1)
    if len(parts) != 2:
        raise _Usage(f"Usage: {usage}")
    pid = _person(state, parts[0])
    try:
        return pid, silence_minutes(_whole_minutes(parts[1], "silence"))
    except ProtocolError as exc:
        raise _Usage(exc.message) from exc


def _person_place(state: RoomState, rest: str, usage: str) -> tuple:
    parts = rest.rsplit(maxsplit=1)
    if len(parts) != 2:
        raise _Usage(f"Usage: {usage}")
    pid = _person(state, parts[0])
    place = parts[1].removeprefix("#")
    if not place.isdecimal() or int(place) < 1:
        raise _Usage("Give the place in the round as a number, like 2.")
    if state.round is None:
        raise _Usage("No round is going on.")
    if int(place) > len(state.round.order):
        raise _Usage(f"The round has places 1 to {len(state.round.order)}.")
    return pid, int(place) - 1


def _waiter_message(state: RoomState, rest: str, usage: str) -> tuple:
    pid, text = _person_then_text(state, rest, usage, present=False, waiting=True)
    try:
        return pid, short_text(text) if text else None
    except ProtocolError as exc:
        raise _Usage(f"A decline message may be at most {MAX_SHORT_TEXT_CHARS} characters.") from exc


def _anyone_text(state: RoomState, rest: str, usage: str) -> tuple:
    pid, text = _person_then_text(state, rest, usage, present=True, waiting=True)
    return pid, _text(text, usage)


def _title_text(rest: str, usage: str) -> tuple:
    title, colon, text = rest.partition(":")
    if not colon or not text.strip():
        raise _Usage(f"Usage: {usage}")
    try:
        body = reading_text(text.strip().replace(" // ", "\n\n"))
    except ProtocolError as exc:
        raise _Usage(exc.message) from exc
    return _title(title), body


def _one_word(rest: str, usage: str) -> str:
    if not rest or " " in rest:
        raise _Usage(f"Usage: {usage}")
    return rest


def _item_or_none(state: RoomState, rest: str, usage: str) -> int | None:
    if rest.lower() == "none":
        return None
    return _item_id(state, _one_word(rest, usage))


def _item_title_minutes(state: RoomState, rest: str, usage: str) -> tuple:
    position, _, title_minutes = rest.partition(" ")
    if not title_minutes.strip():
        raise _Usage(f"Usage: {usage}")
    item_id = _item_id(state, position)
    return (item_id, *_title_and_minutes(title_minutes, usage))


def _item_position(state: RoomState, rest: str, usage: str) -> tuple:
    parts = rest.split()
    if len(parts) != 2:
        raise _Usage(f"Usage: {usage}")
    item_id = _item_id(state, parts[0])
    return item_id, _position(state, parts[1], "position") - 1


def _reading_person(state: RoomState, rest: str, usage: str) -> tuple:
    number, _, name = rest.partition(" ")
    if not name.strip():
        raise _Usage(f"Usage: {usage}")
    return _reading_id(state, number), _person(state, name)


def _format_name(rest: str, usage: str) -> str:
    if not rest:
        raise _Usage(f"Usage: {usage}")
    return _title(rest)


_Reader = Callable[[RoomState, int, str, str], tuple]

_READERS: dict[Grammar, _Reader] = {
    Grammar.PERSON: lambda state, me, rest, usage: (_person(state, rest),),
    Grammar.OTHER_PERSON: lambda state, me, rest, usage: (_other_person(state, me, rest, usage),),
    Grammar.OPTIONAL_PERSON: lambda state, me, rest, usage: (_person_or_me(state, me, rest),),
    Grammar.NAME: lambda state, me, rest, usage: (_name_as_typed(rest, usage),),
    Grammar.WAITER: lambda state, me, rest, usage: (_person(state, rest, present=False, waiting=True),),
    Grammar.WAITER_MESSAGE: lambda state, me, rest, usage: _waiter_message(state, rest, usage),
    Grammar.ANYONE_TEXT: lambda state, me, rest, usage: _anyone_text(state, rest, usage),
    Grammar.PERSON_MINUTES: lambda state, me, rest, usage: _person_minutes(state, rest, usage),
    Grammar.PERSON_PLACE: lambda state, me, rest, usage: _person_place(state, rest, usage),
    Grammar.ON_OFF: lambda state, me, rest, usage: (_choice(_ON_OFF, rest, usage),),
    Grammar.MODE: lambda state, me, rest, usage: (_choice(MODE_BY_WORD, rest, usage),),
    Grammar.REACTION: lambda state, me, rest, usage: (_choice(_REACTIONS, rest.replace(" ", "-"), usage),),
    Grammar.TEXT: lambda state, me, rest, usage: (_text(rest, usage),),
    Grammar.FORMAT: lambda state, me, rest, usage: (_format_name(rest, usage),),
    Grammar.TITLE_MINUTES: lambda state, me, rest, usage: _title_and_minutes(rest, usage),
    Grammar.TITLE_TEXT: lambda state, me, rest, usage: _title_text(rest, usage),
    Grammar.ITEM: lambda state, me, rest, usage: (_item_id(state, _one_word(rest, usage)),),
    Grammar.ITEM_OR_NONE: lambda state, me, rest, usage: (_item_or_none(state, rest, usage),),
    Grammar.ITEM_TITLE_MINUTES: lambda state, me, rest, usage: _item_title_minutes(state, rest, usage),
    Grammar.ITEM_POSITION: lambda state, me, rest, usage: _item_position(state, rest, usage),
    Grammar.READING: lambda state, me, rest, usage: (_reading_id(state, _one_word(rest, usage)),),
    Grammar.READING_PERSON: lambda state, me, rest, usage: _reading_person(state, rest, usage),
    Grammar.LOBBY_NOTE: lambda state, me, rest, usage: (_lobby_note_id(state, _one_word(rest, usage)),),
}
"""How to read what follows the words, for each grammar (NONE takes nothing)."""


def _read(form: SlashForm, state: RoomState, my_pid: int, rest: str) -> tuple:
    """The arguments ``form`` sends for ``rest``: the parsed ones, then its fixed ones."""
    if form.grammar is Grammar.NONE:
        if rest:
            raise _Usage(f"{form.usage} takes nothing after it.")
        return form.fixed
    if not rest and form.grammar is not Grammar.OPTIONAL_PERSON:
        raise _Usage(f"Usage: {form.usage}")
    return (*_READERS[form.grammar](state, my_pid, rest, form.usage), *form.fixed)


def _choose(word: str, rest: str, state: RoomState, my_pid: int) -> tuple[CommandKind, tuple]:
    """The form of ``/word`` that ``rest`` is, and the arguments it sends.

    A form without a sub-word (``/admit NAME``) is tried first, so someone waiting
    under the name "All" can still be admitted; then the sub-word (``/admit all``).
    """
    forms = _COMMANDS[word]
    base = next(((f, k) for f, k in forms if " " not in f.words), None)
    subs = {f.words.split()[1]: (f, k) for f, k in forms if " " in f.words}
    failure: _Usage | None = None
    if base is not None:
        try:
            return base[1], _read(base[0], state, my_pid, rest)
        except _Usage as exc:
            failure = exc
    sub, _, sub_rest = rest.partition(" ")
    if sub.lower() in subs:
        form, kind = subs[sub.lower()]
        return kind, _read(form, state, my_pid, sub_rest.strip())
    if failure is not None and (rest or not subs):
        raise failure
    shapes = ([base[0].grammar.placeholder] if base is not None else []) + list(subs)
    raise _Usage(f"Usage: /{word} {'|'.join(shapes)}")


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
    if word not in _COMMANDS:
        return SlashResult(None, (), error=f"Unknown command /{_show(word, 20)}. Type /help for the list.")
    try:
        kind, args = _choose(word, rest, state, my_pid)
    except _Usage as exc:
        return SlashResult(None, (), error=str(exc))
    return SlashResult(kind, args)
