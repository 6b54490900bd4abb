"""Fuzzing a live relay: malformed and unwelcome frames get an error frame, nothing breaks.

Hypothesis throws random bytes, damaged frames, text messages, frames of the wrong type
and facilitator commands from a member at a real relay on 127.0.0.1 over a real
websocket. For each one the relay must answer with the error frame the local codec
predicts, keep the connection open (a SAY afterwards is still recorded), and keep the
room working for everyone else. Commands a member may send get an answer each (their
event or a refusal), never a dropped link. A bad first frame is answered and closed
with 4002. Examples are bounded and each one uses its own
connection; pytest-asyncio runs every example on the loop that holds the relay, whose
limits on arrivals per address are raised (every example arrives from 127.0.0.1).
"""

import asyncio
import contextlib

import msgpack
import pytest
import pytest_asyncio
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from protocol import (
    PROTOCOL_VERSION,
    Ack,
    Command,
    CommandKind,
    ErrorFrame,
    Event,
    EventKind,
    Hello,
    ProtocolError,
)
from protocol.codec import decode, encode
from protocol.kinds import LEADER_COMMANDS
from server.door_limits import DoorLimits
from server.relay import Relay
from tests.protocol import strategies as s
from tests.wire_client import TIMEOUT, WireClient

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

leader_commands = st.sampled_from(sorted(LEADER_COMMANDS)).flatmap(s.commands_of).map(encode)
"""Well-formed commands a member is never allowed to send."""

bad_payloads = st.one_of(
    st.binary(max_size=2048),
    st.lists(s.raw_values, max_size=8).map(msgpack.packb),
    s.mutated_frames(),
    st.text(max_size=200),
    st.one_of(s.hellos, s.welcomes, s.errors, s.events, s.acks).map(encode),
    leader_commands,
)


@pytest_asyncio.fixture
async def relay(tmp_path):
    """A relay that lets every example arrive from the one loopback address."""
    running = Relay(tmp_path / "relay.sqlite3", door=DoorLimits(joins_per_address=100_000))
    await running.start()
    try:
        yield running
    finally:
        await running.stop()


def expected_error(payload: bytes | str) -> tuple[str, int | None] | None:
    """The (code, request_id) the relay should answer ``payload`` with, for a member.

    None for a payload that is a command a member may send: the relay could apply it,
    so it is not a bad frame and is left out.
    """
    try:
        frame = decode(payload)
    except ProtocolError as error:
        return error.code, None
    if isinstance(frame, Command):
        return ("not_facilitator", frame.request_id) if frame.kind in LEADER_COMMANDS else None
    return "unexpected_frame", None


async def next_reply(member: WireClient) -> ErrorFrame | object:
    """The next frame that is not someone else's event (others' joins and drops interleave)."""
    return await member.until(lambda frame: not isinstance(frame, Event))


async def still_posts(member: WireClient, text: str) -> Event:
    """Send a SAY and return the SAID event that acknowledges it."""
    request_id = await member.send(CommandKind.SAY, text)
    said = await member.answer_to(request_id)
    assert isinstance(said, Event) and said.kind is EventKind.SAID, said
    assert said.fields == (text,)
    return said


@FUZZ
@given(payloads=st.lists(bad_payloads, min_size=1, max_size=4))
async def test_bad_frames_get_error_frames_and_connection_stays_open(relay, room, payloads):
    """Each bad frame after hello gets the predicted error frame; the same link then still posts."""
    name, _ = room
    member = await WireClient.join(relay.url(name), "Fuzz")
    try:
        for payload in payloads:
            expected = expected_error(payload)
            if expected is None:
                continue
            await member.send_raw(payload)
            reply = await next_reply(member)
            assert isinstance(reply, ErrorFrame), reply
            assert (reply.code, reply.request_id) == expected
            assert reply.message
        await still_posts(member, "still here")
    finally:
        # Leave, so that many examples (and a shrinking run) never fill the room.
        with contextlib.suppress(ConnectionClosed):
            await member.send(CommandKind.LEAVE)
        await member.close()


@FUZZ
@given(first=st.one_of(st.binary(max_size=512), st.text(max_size=100), s.mutated_frames()))
async def test_bad_first_frame_is_refused_and_relay_goes_on(relay, room, first):
    """A first frame that is not a valid hello gets an error frame and a close; others still join."""
    name, _ = room
    try:
        frame = decode(first)
    except ProtocolError:
        frame = None
    if isinstance(frame, Hello):
        return  # a valid hello joins: not a bad first frame
    async with connect(relay.url(name), open_timeout=TIMEOUT) as connection:
        await connection.send(first)
        error = decode(await asyncio.wait_for(connection.recv(), TIMEOUT))
        assert isinstance(error, ErrorFrame)
        with pytest.raises(ConnectionClosed) as closed:
            await asyncio.wait_for(connection.recv(), TIMEOUT)
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 4002


member_commands = st.sampled_from(sorted(set(CommandKind) - LEADER_COMMANDS - {CommandKind.LEAVE})).flatmap(
    s.commands_of
)
"""Well-formed commands a member may send (but LEAVE, which ends the link by design)."""


@FUZZ
@given(commands=st.lists(member_commands, min_size=1, max_size=4))
async def test_member_commands_are_answered_and_the_link_stays_up(relay, room, commands):
    """Every command a member may send is answered by its event or a refusal (a link report by an
    ack); the link then still posts."""
    name, _ = room
    member = await WireClient.join(relay.url(name), "Fuzz")
    try:
        for command in commands:
            request_id = await member.send(command.kind, *command.args)
            answer = await member.answer_to(request_id)
            assert isinstance(answer, Event | ErrorFrame | Ack), answer
            assert not isinstance(answer, Ack) or command.kind is CommandKind.LINK_REPORT, answer
        await still_posts(member, "still here")
    finally:
        with contextlib.suppress(ConnectionClosed):
            await member.send(CommandKind.LEAVE)
        await member.close()


async def test_room_still_works_for_others_after_fuzzing(relay, room):
    """After a burst of bad frames from one member, a second member joins and both hear each other."""
    name, _ = room
    fuzzer = await WireClient.join(relay.url(name), "Fuzz")
    battery: list[bytes | str] = [
        b"\xc1",
        b"\x00" * 100,
        "a text message",
        msgpack.packb([1, PROTOCOL_VERSION, "x" * 40, None, None, None]),
        msgpack.packb([5, 3, int(CommandKind.SAY), [{"a": 1}]]),
        msgpack.packb([5, 4, int(CommandKind.GRANT), ["nobody"]]),
        msgpack.packb([5, 5, 99, []]),
        msgpack.packb([[[[[[[[1]]]]]]]]),
        encode(Command(6, CommandKind.REMOVE, (1,))),
        encode(Hello(PROTOCOL_VERSION, "Again")),
    ]
    for payload in battery:
        await fuzzer.send_raw(payload)
    for _ in battery:
        assert isinstance(await next_reply(fuzzer), ErrorFrame)

    second = await WireClient.join(relay.url(name), "Second")
    try:
        assert fuzzer.pid in second.state.participants
        said = await still_posts(fuzzer, "hello from the fuzzer")
        heard = await second.until(lambda f: isinstance(f, Event) and f.seq == said.seq)
        assert heard.fields == ("hello from the fuzzer",)
        said = await still_posts(second, "hello back")
        heard = await fuzzer.until(lambda f: isinstance(f, Event) and f.seq == said.seq)
        assert heard.actor == second.pid
    finally:
        await second.close()
        await fuzzer.close()
