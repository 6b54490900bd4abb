"""The command table: every command kind declared once, and what is derived from it."""

import subprocess
import sys

import pytest

from protocol import fields, kinds
from protocol.kinds import CommandKind, Role
from protocol.rules import may
from protocol.rules.spec import Sender
from protocol.rules.table import COMMAND_ARGS, COMMANDS, LEADER_COMMANDS, SLASH_FORMS, WAITER_COMMANDS

MEMBER_KINDS = {
    CommandKind.SAY,
    CommandKind.RAISE,
    CommandKind.LOWER,
    CommandKind.DONE,
    CommandKind.LEAVE,
    CommandKind.PASS,
    CommandKind.REACT,
    CommandKind.READING_STEP,
    CommandKind.WAITER_UPDATE,
    CommandKind.NOTE,
    CommandKind.SUPPORT,
    CommandKind.LINK_REPORT,
    CommandKind.STEP_OUT,
}


def test_every_command_kind_has_one_row():
    """Each CommandKind has exactly one row in the table, under its own kind."""
    assert set(COMMANDS) == set(CommandKind)
    assert all(spec.kind is kind for kind, spec in COMMANDS.items())


def test_member_commands_are_the_ones_members_always_had():
    """Members may send exactly the commands they could before the table existed."""
    assert set(CommandKind) - LEADER_COMMANDS == MEMBER_KINDS


def test_waiting_room_commands_are_unchanged():
    """Someone waiting may accept the guidelines, write a note, or leave; nothing else."""
    assert {CommandKind.WAITER_UPDATE, CommandKind.NOTE, CommandKind.LEAVE} == WAITER_COMMANDS


def test_derived_sets_stay_importable_where_they_were():
    """kinds.LEADER_COMMANDS, kinds.WAITER_COMMANDS and fields.COMMAND_ARGS come from the table."""
    assert kinds.LEADER_COMMANDS == LEADER_COMMANDS
    assert kinds.WAITER_COMMANDS == WAITER_COMMANDS
    assert fields.COMMAND_ARGS is COMMAND_ARGS


def test_unknown_module_attributes_still_fail():
    """The lazy lookups in kinds and fields do not invent other names."""
    with pytest.raises(AttributeError):
        _ = kinds.NO_SUCH_THING
    with pytest.raises(AttributeError):
        _ = fields.NO_SUCH_THING


@pytest.mark.parametrize("kind", sorted(CommandKind), ids=lambda k: k.name)
def test_may_follows_the_senders_in_the_table(kind):
    """may() lets a member send a command exactly when its row says members may."""
    assert may(Role.MEMBER, kind) is (COMMANDS[kind].sender is Sender.MEMBER)
    assert may(Role.COFACILITATOR, kind) and may(Role.FACILITATOR, kind)


def test_slash_words_are_unique():
    """No two slash forms share their words."""
    words = [form.words for form, _ in SLASH_FORMS]
    assert len(words) == len(set(words))


def test_slash_fixed_arguments_fit_the_wire():
    """A slash form never sends more arguments than its command takes."""
    for form, kind in SLASH_FORMS:
        assert len(form.fixed) <= len(COMMAND_ARGS[kind]), form.words


@pytest.mark.parametrize(
    "first",
    [
        "protocol.kinds",
        "protocol.fields",
        "protocol.frames",
        "protocol.rules",
        "protocol.rules.table",
        "protocol",
    ],
)
def test_protocol_imports_in_any_order(first):
    """Importing any protocol module first works: the table adds no import cycle."""
    code = f"import {first}, protocol.kinds, protocol.fields, protocol.rules, protocol.codec"
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
