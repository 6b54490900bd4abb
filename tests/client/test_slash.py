"""Slash commands: every command's arguments, name and agenda resolution, and errors."""

import pytest

from protocol import CommandKind, EventKind, Mode, Role, RoomState, apply
from protocol.limits import MAX_MESSAGE_CHARS
from tests.protocol.builders import event
from tui.slash import SLASH_HELP, parse_slash

ADA, BO, CY, MARY = 1, 2, 3, 4


def _room() -> RoomState:
    """Ada facilitates; Bo, Cy and "Mary Ann" are members; the agenda has items 10, 11, 12."""
    state = RoomState("demo", "Demo meeting")
    joins = [
        (ADA, "Ada", Role.FACILITATOR),
        (BO, "Bo", Role.MEMBER),
        (CY, "Cy", Role.MEMBER),
        (MARY, "Mary Ann", Role.MEMBER),
    ]
    for pid, name, role in joins:
        state = apply(state, event(state.seq + 1, EventKind.JOINED, pid, name, role))
    for item_id, title in ((10, "Check-in"), (11, "Reading"), (12, "Sharing")):
        state = apply(state, event(state.seq + 1, EventKind.AGENDA_ADDED, item_id, title, 15))
    return state


ROOM = _room()


@pytest.mark.parametrize(
    ("text", "kind", "args"),
    [
        ("hello everyone", CommandKind.SAY, ("hello everyone",)),
        ("//shrug", CommandKind.SAY, ("/shrug",)),
        ("//", CommandKind.SAY, ("/",)),
        ("/raise", CommandKind.RAISE, ()),
        ("/lower", CommandKind.LOWER, (None,)),
        ("/lower Bo", CommandKind.LOWER, (BO,)),
        ("/lower ada", CommandKind.LOWER, (None,)),
        ("/done", CommandKind.DONE, ()),
        ("/next", CommandKind.NEXT, ()),
        ("/grant Cy", CommandKind.GRANT, (CY,)),
        ("/grant @cy", CommandKind.GRANT, (CY,)),
        ("/grant Mary Ann", CommandKind.GRANT, (MARY,)),
        ("/take", CommandKind.TAKE_BACK, ()),
        ("/mode open", CommandKind.SET_MODE, (Mode.OPEN,)),
        ("/mode FLOOR", CommandKind.SET_MODE, (Mode.FLOOR,)),
        ("/agenda add Closing round 10", CommandKind.AGENDA_ADD, ("Closing round", 10)),
        ("/agenda add Break 5m", CommandKind.AGENDA_ADD, ("Break", 5)),
        ("/agenda next", CommandKind.AGENDA_NEXT, ()),
        ("/agenda current 2", CommandKind.AGENDA_SET_CURRENT, (11,)),
        ("/agenda current none", CommandKind.AGENDA_SET_CURRENT, (None,)),
        ("/agenda remove 3", CommandKind.AGENDA_REMOVE, (12,)),
        ("/agenda edit 1 Arrivals 20", CommandKind.AGENDA_EDIT, (10, "Arrivals", 20)),
        ("/agenda move 3 1", CommandKind.AGENDA_MOVE, (12, 0)),
        ("/remove Bo", CommandKind.REMOVE, (BO,)),
        ("/allow Zed", CommandKind.ALLOW, ("Zed",)),
        ("/promote Bo", CommandKind.SET_ROLE, (BO, Role.COFACILITATOR)),
        ("/demote Bo", CommandKind.SET_ROLE, (BO, Role.MEMBER)),
        ("/up Cy", CommandKind.MOVE_HAND, (CY, -1)),
        ("/down Cy", CommandKind.MOVE_HAND, (CY, 1)),
        ("/lowerall", CommandKind.LOWER_ALL, ()),
        ("/leave", CommandKind.LEAVE, ()),
        ("/RAISE", CommandKind.RAISE, ()),
    ],
)
def test_command_parses(text, kind, args):
    """Each slash command becomes its protocol command with resolved arguments."""
    result = parse_slash(text, ROOM, ADA)
    assert (result.kind, result.args, result.error, result.help) == (kind, args, None, False)


@pytest.mark.parametrize("text", ["/help", "/?", "/HELP"])
def test_help(text):
    """/help asks for the command list and sends nothing."""
    result = parse_slash(text, ROOM, ADA)
    assert result.help and result.kind is None and result.error is None


@pytest.mark.parametrize(
    ("text", "error_part"),
    [
        ("/dance", "Unknown command /dance"),
        ("/", "Unknown command"),
        ("", "nothing to send"),
        ("   ", "nothing to send"),
        ("x" * (MAX_MESSAGE_CHARS + 1), "at most"),
        ("/grant", "Usage: /grant NAME"),
        ("/grant Zed", "Nobody called Zed"),
        ("/grant @", "Give a name"),
        ("/lower Zed", "Nobody called Zed"),
        ("/raise now", "takes nothing"),
        ("/leave please", "takes nothing"),
        ("/mode quiet", "Usage: /mode open|floor"),
        ("/mode", "Usage: /mode open|floor"),
        ("/agenda", "Usage: /agenda"),
        ("/agenda shuffle", "Usage: /agenda"),
        ("/agenda add Closing", "Usage: /agenda add TITLE MINUTES"),
        ("/agenda add Closing soon", "whole minutes"),
        ("/agenda add Closing 0", "time box"),
        ("/agenda add Closing 99999", "time box"),
        ("/agenda add " + "t" * 81 + " 5", "title"),
        ("/agenda current 4", "items 1 to 3"),
        ("/agenda current 0", "items 1 to 3"),
        ("/agenda current two", "as a number"),
        ("/agenda current", "Usage: /agenda current"),
        ("/agenda remove", "Usage: /agenda remove N"),
        ("/agenda remove 1 2", "Usage: /agenda remove N"),
        ("/agenda edit 2", "Usage: /agenda edit"),
        ("/agenda edit 9 Title 5", "items 1 to 3"),
        ("/agenda move 1", "Usage: /agenda move N POS"),
        ("/agenda move 1 4", "items 1 to 3"),
        ("/agenda next please", "takes nothing"),
        ("/remove Ada", "cannot remove yourself"),
        ("/remove", "Usage: /remove NAME"),
        ("/allow", "Usage: /allow NAME"),
        ("/promote", "Usage: /promote NAME"),
        ("/up Nobody Here", "Nobody called Nobody Here"),
    ],
)
def test_error(text, error_part):
    """A line that cannot be sent yields an error for people and no command."""
    result = parse_slash(text, ROOM, ADA)
    assert result.kind is None and result.error is not None
    assert error_part.lower() in result.error.lower()


def test_agenda_position_on_empty_agenda():
    """Agenda positions on an empty agenda say so."""
    empty = RoomState("demo", "Demo meeting")
    assert parse_slash("/agenda remove 1", empty, ADA).error == "The agenda is empty."


def test_plain_text_is_sent_as_typed():
    """A message keeps its own spacing; the relay does the cleaning."""
    assert parse_slash("  indented  ", ROOM, BO).args == ("  indented  ",)


def test_unknown_command_error_is_safe_to_show():
    """An unknown command echoed in an error carries no control characters."""
    result = parse_slash("/\x1b[31mred", ROOM, ADA)
    assert result.error is not None and "\x1b" not in result.error


def test_help_lists_every_command():
    """The help table mentions every slash command the parser knows."""
    usage = " ".join(line for line, _ in SLASH_HELP)
    for word in (
        "raise",
        "lower",
        "done",
        "next",
        "grant",
        "take",
        "mode",
        "agenda",
        "remove",
        "allow",
        "promote",
        "demote",
        "up",
        "down",
        "lowerall",
        "leave",
    ):
        assert f"/{word}" in usage
