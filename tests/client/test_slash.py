"""Slash commands: every command's arguments, name and agenda resolution, and errors."""

import pytest

from protocol import CommandKind, EventKind, Mode, Role, RoomState, apply
from protocol.kinds import Reaction
from protocol.limits import MAX_MESSAGE_CHARS, MAX_SILENCE_MINUTES
from tests.protocol.builders import event
from tui.core.slash import _COMMANDS, SLASH_HELP, parse_slash

ADA, BO, CY, MARY, EVE, ALL = 1, 2, 3, 4, 5, 6


def _room() -> RoomState:
    """Ada facilitates; Bo, Cy and "Mary Ann" are members; the agenda has items 10, 11, 12;
    "Eve Lyn" waits; the readings are 7 (guidelines) and 8."""
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
    state = apply(state, event(state.seq + 1, EventKind.WAITER_ARRIVED, EVE, "Eve Lyn"))
    for reading_id, title in ((7, "Guidelines"), (8, "Preamble")):
        state = apply(
            state, event(state.seq + 1, EventKind.READING_ADDED, reading_id, title, "Be kind.", False)
        )
    return state


ROOM = _room()
IN_ROUND = apply(ROOM, event(ROOM.seq + 1, EventKind.ROUND_STARTED, (ADA, BO, CY, MARY)))
WITH_WAITER_ALL = apply(ROOM, event(ROOM.seq + 1, EventKind.WAITER_ARRIVED, ALL, "All"))


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
        ("/mode round", CommandKind.SET_MODE, (Mode.ROUND,)),
        ("/mode silent", CommandKind.SET_MODE, (Mode.SILENT,)),
        ("/pass", CommandKind.PASS, ()),
        ("/react heart", CommandKind.REACT, (Reaction.HEART,)),
        ("/react metoo", CommandKind.REACT, (Reaction.ME_TOO,)),
        ("/react me too", CommandKind.REACT, (Reaction.ME_TOO,)),
        ("/react Thanks", CommandKind.REACT, (Reaction.THANK_YOU,)),
        ("/round start", CommandKind.ROUND_START, ()),
        ("/round END", CommandKind.ROUND_END, ()),
        ("/round skip Mary Ann", CommandKind.ROUND_SKIP, (MARY,)),
        ("/crosstalk on", CommandKind.SET_CROSSTALK, (True,)),
        ("/crosstalk OFF", CommandKind.SET_CROSSTALK, (False,)),
        ("/format smart", CommandKind.LOAD_FORMAT, ("smart",)),
        ("/format twelve-step", CommandKind.LOAD_FORMAT, ("twelve-step",)),
        ("/reading add Preamble: We meet.", CommandKind.READING_ADD, ("Preamble", "We meet.", False)),
        ("/reading add Two: One. // Two.", CommandKind.READING_ADD, ("Two", "One.\n\nTwo.", False)),
        ("/reading show 2", CommandKind.READING_SHOW, (8,)),
        ("/reading hide", CommandKind.READING_SHOW, (None,)),
        ("/reading ask 1 Mary Ann", CommandKind.READING_ASK, (7, MARY)),
        ("/reading next", CommandKind.READING_STEP, ()),
        ("/reading remove 1", CommandKind.READING_REMOVE, (7,)),
        ("/waiting on", CommandKind.SET_WAITING_ROOM, (True,)),
        ("/waiting off", CommandKind.SET_WAITING_ROOM, (False,)),
        ("/admit Eve Lyn", CommandKind.ADMIT, (EVE,)),
        ("/admit @eve lyn", CommandKind.ADMIT, (EVE,)),
        ("/admit all", CommandKind.ADMIT_ALL, ()),
        ("/decline all", CommandKind.DECLINE_ALL, ()),
        ("/decline Eve Lyn", CommandKind.DECLINE, (EVE, None)),
        ("/decline Eve Lyn Please come next week.", CommandKind.DECLINE, (EVE, "Please come next week.")),
        ("/note I am struggling today", CommandKind.NOTE, ("I am struggling today",)),
        ("/support on", CommandKind.SUPPORT, (True,)),
        ("/support off", CommandKind.SUPPORT, (False,)),
        ("/reply Mary Ann I will call you after", CommandKind.REPLY, (MARY, "I will call you after")),
        ("/reply Eve Lyn one moment please", CommandKind.REPLY, (EVE, "one moment please")),
        ("/reply Cy  two  spaces kept", CommandKind.REPLY, (CY, "two  spaces kept")),
        ("/silence Cy 5", CommandKind.SILENCE, (CY, 5)),
        ("/silence Mary Ann 10m", CommandKind.SILENCE, (MARY, 10)),
        ("/unsilence Cy", CommandKind.SILENCE, (CY, 0)),
        ("/lock", CommandKind.LOCK, (True,)),
        ("/unlock", CommandKind.LOCK, (False,)),
        ("/lockdown", CommandKind.LOCKDOWN, (True,)),
        ("/unlockdown", CommandKind.LOCKDOWN, (False,)),
        ("/end", CommandKind.END_MEETING, ()),
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
        ("/mode quiet", "Usage: /mode open|floor|round|silent"),
        ("/mode", "Usage: /mode open|floor|round|silent"),
        ("/pass now", "takes nothing"),
        ("/react", "Usage: /react heart|metoo|thanks"),
        ("/react hug", "Usage: /react heart|metoo|thanks"),
        ("/round", "Usage: /round start|end"),
        ("/round start now", "takes nothing"),
        ("/round skip", "Usage: /round skip NAME"),
        ("/round skip Zed", "Nobody called Zed"),
        ("/round move Cy", "Usage: /round move NAME POS"),
        ("/round move Cy first", "as a number"),
        ("/round move Cy 2", "No round is going on"),
        ("/crosstalk maybe", "Usage: /crosstalk on|off"),
        ("/format", "Usage: /format NAME"),
        ("/reading", "Usage: /reading"),
        ("/reading add Preamble", "Usage: /reading add TITLE: TEXT"),
        ("/reading add Preamble:   ", "Usage: /reading add TITLE: TEXT"),
        ("/reading add : text", "title"),
        ("/reading show 3", "numbered 1 to 2"),
        ("/reading show one", "as a number"),
        ("/reading show", "Usage: /reading show N"),
        ("/reading ask 1", "Usage: /reading ask N NAME"),
        ("/reading ask 1 Zed", "Nobody called Zed"),
        ("/reading hide 1", "takes nothing"),
        ("/waiting", "Usage: /waiting on|off"),
        ("/admit", "Usage: /admit NAME|all"),
        ("/admit Cy", "Nobody called Cy is waiting"),
        ("/decline", "Usage: /decline NAME"),
        ("/decline Bo not today", "Nobody called Bo is waiting"),
        ("/decline Eve Lyn " + "m" * 501, "at most 500"),
        ("/note", "Usage: /note TEXT"),
        ("/note " + "n" * (MAX_MESSAGE_CHARS + 1), "at most"),
        ("/support", "Usage: /support on|off"),
        ("/reply", "Usage: /reply NAME TEXT"),
        ("/reply Cy", "Usage: /reply NAME TEXT"),
        ("/reply Zed hello", "Nobody called Zed"),
        ("/silence Cy", "Usage: /silence NAME MINUTES"),
        ("/silence Cy soon", "whole minutes"),
        ("/silence Cy " + str(MAX_SILENCE_MINUTES + 1), "Silence is 0 to"),
        ("/silence Zed 5", "Nobody called Zed"),
        ("/unsilence", "Usage: /unsilence NAME"),
        ("/lock now", "takes nothing"),
        ("/end please", "takes nothing"),
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


def test_round_move_resolves_the_place_in_the_round():
    """/round move NAME POS sends the 0-based index of place POS, checked against the round."""
    assert parse_slash("/round move Mary Ann 1", IN_ROUND, ADA).args == (MARY, 0)
    assert "places 1 to 4" in parse_slash("/round move Cy 5", IN_ROUND, ADA).error


def test_admit_prefers_a_waiter_named_all():
    """/admit all admits someone waiting under the name "All" rather than everyone."""
    assert parse_slash("/admit all", WITH_WAITER_ALL, ADA).args == (ALL,)


def test_readings_on_a_room_without_any():
    """Reading positions in a room with no readings say so."""
    empty = RoomState("demo", "Demo meeting")
    assert parse_slash("/reading show 1", empty, ADA).error == "There are no readings."


def test_members_cannot_name_waiters_they_do_not_see():
    """A member's view has no waiting list, so /admit names nobody there."""
    member_view = RoomState("demo", "Demo meeting")
    assert "Nobody called Eve Lyn is waiting" in parse_slash("/admit Eve Lyn", member_view, CY).error


def test_agenda_position_on_empty_agenda():
    """Agenda positions on an empty agenda say so."""
    empty = RoomState("demo", "Demo meeting")
    assert parse_slash("/agenda remove 1", empty, ADA).error == "The agenda is empty."


def test_plain_text_is_sent_in_its_final_form():
    """A message is sent in the final form the relay would store (ends trimmed, tabs widened)."""
    assert parse_slash("  indented\tword  ", ROOM, BO).args == ("indented    word",)


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
        "pass",
        "react",
        "round",
        "crosstalk",
        "format",
        "reading",
        "waiting",
        "admit",
        "decline",
        "note",
        "support",
        "reply",
        "silence",
        "unsilence",
        "lock",
        "unlock",
        "lockdown",
        "unlockdown",
        "end",
    ):
        assert f"/{word}" in usage


def test_help_covers_every_parser():
    """Every word the parser knows appears in the help table."""
    usage = " ".join(line for line, _ in SLASH_HELP)
    for word in _COMMANDS:
        assert f"/{word}" in usage, word
