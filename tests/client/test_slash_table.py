"""Slash commands come from the command table: the help per role agrees with may()."""

from dataclasses import replace

from protocol import CommandKind, Role
from protocol.rules import may
from protocol.rules.table import SLASH_FORMS
from protocol.state import LobbyNote
from tests.client.test_slash import ADA, ROOM
from tui.core.slash import EVERYONE_HELP, parse_slash, slash_help

WITH_A_LOBBY_NOTE = replace(ROOM, lobby_notes=(LobbyNote(9, "Sam", "May I just listen?", 0),))
"""The slash tests' room with one note from the lobby (``/lobby delete 1`` has one to name)."""


def test_member_help_lists_everything_a_member_may_type():
    """A member's slash help has /pass, /react, /note, /support and /reading next too."""
    usages = " ".join(usage for usage, _ in slash_help(Role.MEMBER))
    for usage in (
        "/raise",
        "/lower",
        "/done",
        "/pass",
        "/react",
        "/note",
        "/support",
        "/reading next",
        "/leave",
    ):
        assert usage in usages, usage


def test_member_help_leaves_out_leader_commands():
    """A member's slash help lists no command a member may not send."""
    member = set(slash_help(Role.MEMBER)) - set(EVERYONE_HELP)
    expected = {(form.usage, form.help) for form, kind in SLASH_FORMS if may(Role.MEMBER, kind)}
    assert member == expected
    assert not any(usage.startswith(("/lowerall", "/grant", "/end")) for usage, _ in member)


def test_leader_help_lists_every_form():
    """A co-facilitator's help lists every slash form of the table."""
    assert len(slash_help(Role.COFACILITATOR)) == len(SLASH_FORMS) + len(EVERYONE_HELP)


def test_every_form_parses_with_a_fitting_line():
    """Each help line's words parse to its own kind (no form is unreachable)."""
    samples = {"NAME": "Bo", "[NAME]": "", "N": "1", "N|none": "none", "on|off": "on"}
    for form, kind in SLASH_FORMS:
        argument = samples.get(form.grammar.placeholder)
        if argument is None:
            continue
        result = parse_slash(f"/{form.words} {argument}".strip(), WITH_A_LOBBY_NOTE, ADA)
        assert result.kind is kind or (kind is CommandKind.ADMIT and result.error), form.words
