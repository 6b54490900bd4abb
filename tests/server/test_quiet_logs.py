"""Relay: its log lines tell the operator what happened to connections, never what anyone said.

A whole meeting with distinctive texts runs on a real relay while every line the
``server`` loggers write is captured; none may hold a text, a name, the facilitator
key or a resume token.
"""

import asyncio
import json
import logging

import pytest

from protocol import CommandKind, ErrorFrame
from server.log_lines import JsonLines
from server.relay import Relay
from tests.wire_client import TIMEOUT, WireClient

NAMES = ("Hieronyma Q", "Ottfried", "Zenobiax", "Marisolde")
TEXTS = (
    "the waiting note about the green lantern wq",
    "the decline with a message about ferns dq",
    "the share about the copper teapot sq",
    "the private note about the orchard nq",
    "the reply about the harbour rq",
    "Serenity of the lighthouse",
    "the reading's own words about tides tq",
)


async def _hold_a_meeting(relay: Relay, key: str) -> list[str]:
    """Messages, notes, a reply, readings, a decline with a message, a waiting note; returns the tokens."""
    url = relay.url("circle")
    fac = await WireClient.join(url, NAMES[0], key)
    await fac.answer_to(await fac.send(CommandKind.SET_WAITING_ROOM, True))
    otto = await WireClient.join(url, NAMES[1])
    await otto.answer_to(await otto.send(CommandKind.NOTE, TEXTS[0]))
    await fac.answer_to(await fac.send(CommandKind.ADMIT, otto.pid))
    zen = await WireClient.join(url, NAMES[2])
    await fac.answer_to(await fac.send(CommandKind.DECLINE, zen.pid, TEXTS[1]))
    await fac.answer_to(await fac.send(CommandKind.SET_WAITING_ROOM, False))
    mari = await WireClient.join(url, NAMES[3])
    await mari.answer_to(await mari.send(CommandKind.SAY, TEXTS[2]))
    await mari.answer_to(await mari.send(CommandKind.NOTE, TEXTS[3]))
    await fac.answer_to(await fac.send(CommandKind.REPLY, mari.pid, TEXTS[4]))
    await fac.answer_to(await fac.send(CommandKind.READING_ADD, TEXTS[5], TEXTS[6]))
    await fac.answer_to(await fac.send(CommandKind.READING_SHOW, fac.state.readings[0].reading_id))
    refused = await mari.answer_to(await mari.send(CommandKind.REPLY, fac.pid, TEXTS[4]))
    assert isinstance(refused, ErrorFrame)  # a member may not reply: a refusal is logged
    tokens = [person.welcome.resume_token for person in (fac, otto, zen, mari)]
    for person in (fac, otto, zen, mari):
        await person.close()
    return tokens


@pytest.fixture
def relay_lines(caplog):
    """Every record the relay's loggers write at INFO and above, as plain and as JSON lines."""
    caplog.set_level(logging.INFO, logger="server")

    def lines() -> str:
        records = [r for r in caplog.records if r.name.startswith("server")]
        return "\n".join([r.getMessage() for r in records] + [JsonLines().format(r) for r in records])

    return lines


async def test_a_whole_meeting_leaves_no_words_names_keys_or_tokens_in_the_logs(tmp_path, relay_lines):
    """After a meeting with every kind of text, no text, name, key or token is in any log line."""
    async with Relay(tmp_path / "relay.sqlite3") as relay:
        key = relay.create_room("circle", "Circle")
        tokens = await _hold_a_meeting(relay, key)
    logged = relay_lines()
    assert "joined room circle" in logged and "REPLY refused" in logged  # the lines are there
    for secret in (*TEXTS, *NAMES, key, *tokens):
        assert secret not in logged
        assert json.dumps(secret)[1:-1] not in logged


async def test_connections_are_logged_open_joined_and_closed(relay, room, relay_lines):
    """A connection's life is three lines sharing one short id: open, joined, closed with its code."""
    name, _ = room
    member = await WireClient.join(relay.url(name), "Member")
    await member.close()
    logged = relay_lines()
    opened = [
        line for line in logged.splitlines() if line.startswith("connection ") and line.endswith(" open")
    ]
    short = opened[0].split()[1]
    assert f"connection {short} joined room {name} as {member.pid}" in logged
    await _until_logged(relay_lines, f"connection {short} closed with code 1000")


async def _until_logged(lines, wanted: str) -> None:
    """Wait until ``wanted`` appears in the relay's log lines."""
    async with asyncio.timeout(TIMEOUT):
        while wanted not in lines():
            await asyncio.sleep(0.02)


async def test_a_refused_command_logs_its_code_and_kind_only(relay, room, relay_lines):
    """A command refused is logged with its kind and code, never its words."""
    name, _ = room
    member = await WireClient.join(relay.url(name), "Member")
    answer = await member.answer_to(await member.send(CommandKind.REPLY, member.pid, "secret words xq"))
    assert isinstance(answer, ErrorFrame)
    logged = relay_lines()
    assert f"REPLY refused: {answer.code}" in logged
    assert "secret words xq" not in logged
    await member.close()
