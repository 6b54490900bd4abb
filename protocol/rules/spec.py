"""The shape of one row of the command table: what a command kind is, in one place.

A ``CommandSpec`` holds everything the relay and the clients need to know about one
``CommandKind``: its wire arguments, who may send it, the decider that turns it into
events, the decider used when it comes from the waiting room, and its slash forms. A
``SlashForm`` says how a person types it: the word(s), an argument grammar from the
small ``Grammar`` vocabulary, and a line of help. The table itself is
``protocol.rules.table``; clients interpret the grammar (``tui/slash.py``) without
knowing any command by name.
"""

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from protocol.kinds import MODE_WORDS, CommandKind
from protocol.rules.decision import Args, Context, Decision
from protocol.state import Participant, RoomState, Waiter

Checker = Callable[[Any], Any]
"""A wire argument checker (``protocol.fields``): returns the value or raises ``ProtocolError``."""

Decider = Callable[[RoomState, Participant, Args, Context], Decision]
"""Every decider's signature: ``(state, actor, args, context) -> events``; raises ``Refused``.

Every decider receives the context (the relay's clock and formats), whether it reads it
or not, so the table needs no "needs the context" flag and dispatch has one call shape.
"""

WaitingDecider = Callable[[RoomState, Waiter, Args, Context], Decision]
"""A decider for a command sent from the waiting room: ``(state, waiter, args, context)``."""


class Sender(Enum):
    """Who in the meeting may send a command."""

    MEMBER = "member"
    """Anyone in the meeting (a rule may still refuse it, e.g. posting out of turn)."""
    LEADER = "leader"
    """Facilitators and co-facilitators only."""


class Grammar(Enum):
    """What a slash command takes after its word(s); the value is ``(name, placeholder)``."""

    NONE = ("none", "")
    PERSON = ("person", "NAME")
    OTHER_PERSON = ("other person", "NAME")
    OPTIONAL_PERSON = ("optional person", "[NAME]")
    NAME = ("name", "NAME")
    WAITER = ("waiter", "NAME")
    WAITER_MESSAGE = ("waiter message", "NAME [MESSAGE]")
    ANYONE_TEXT = ("anyone text", "NAME TEXT")
    PERSON_MINUTES = ("person minutes", "NAME MINUTES")
    PERSON_PLACE = ("person place", "NAME POS")
    ON_OFF = ("on off", "on|off")
    MODE = ("mode", "|".join(MODE_WORDS.values()))
    REACTION = ("reaction", "heart|metoo|thanks")
    TEXT = ("text", "TEXT")
    FORMAT = ("format", "NAME")
    TITLE_MINUTES = ("title minutes", "TITLE MINUTES")
    TITLE_TEXT = ("title text", "TITLE: TEXT")
    ITEM = ("item", "N")
    ITEM_OR_NONE = ("item or none", "N|none")
    ITEM_TITLE_MINUTES = ("item title minutes", "N TITLE MINUTES")
    ITEM_POSITION = ("item position", "N POS")
    READING = ("reading", "N")
    READING_PERSON = ("reading person", "N NAME")
    LOBBY_NOTE = ("lobby note", "N")

    @property
    def placeholder(self) -> str:
        """How the arguments are shown in usage lines (``NAME MINUTES``)."""
        return str(self.value[1])


@dataclass(frozen=True)
class SlashForm:
    """One way to type a command: ``/words ARGS``, sending the parsed args then ``fixed``."""

    words: str
    """The slash word, or a word and a sub-word (``"round skip"``)."""
    grammar: Grammar
    help: str
    """One line saying what it does."""
    fixed: tuple[Any, ...] = ()
    """Arguments sent after the parsed ones (``/lock`` is LOCK true, ``/up`` a delta of -1)."""

    @property
    def usage(self) -> str:
        """``/words PLACEHOLDER``, as shown in help and usage errors."""
        placeholder = self.grammar.placeholder
        return f"/{self.words} {placeholder}" if placeholder else f"/{self.words}"


@dataclass(frozen=True)
class CommandSpec:
    """Everything about one command kind."""

    kind: CommandKind
    args: tuple[Checker, ...]
    """The checkers its positional wire array must pass (trailing ``Optional`` ones may be left out)."""
    sender: Sender
    decide: Decider
    waiting: WaitingDecider | None = None
    """How it is decided when sent from the waiting room; None: refused there."""
    slash: tuple[SlashForm, ...] = ()
