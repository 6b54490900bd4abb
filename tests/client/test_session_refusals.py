"""The client session turned away at the door: final refusals end it with a sentence, a
busy relay makes it wait the pause the relay asks for instead of retrying at once."""

import asyncio

from protocol import PROTOCOL_VERSION, CommandKind
from protocol.close_codes import (
    BAD_INVITE_MESSAGE,
    CLOSED_TO_ARRIVALS_MESSAGE,
    ROOM_FULL_MESSAGE,
    version_mismatch,
)
from protocol.limits import MAX_WAITING
from protocol.rules import admission
from tests.client.session_helpers import running, until
from tests.server.strangers_helpers import ROOMY, relay_with
from tests.wire_client import TIMEOUT, WireClient
from tui.core import session as session_module
from tui.core.updates import ConnectionStatus, SessionEnded, StatusChanged, Welcomed


async def _ended(relay, name: str) -> list[SessionEnded]:
    async with running(relay.url("demo"), name) as session:
        await asyncio.wait_for(asyncio.shield(session.task), TIMEOUT)
        assert session.of(Welcomed) == []
        return session.of(SessionEnded)


async def test_a_full_meeting_ends_the_session_instead_of_retrying(relay, room, monkeypatch):
    """Close 4006 (room_full) is final: the session ends with the sentence, no retries."""
    monkeypatch.setattr(admission, "MAX_PARTICIPANTS", 1)  # the facilitator fills it
    fran = await WireClient.join(relay.url("demo"), "Fran", room[1])
    ended = await _ended(relay, "Ann")
    assert [(u.code, u.message) for u in ended] == [("room_full", ROOM_FULL_MESSAGE)]
    await fran.close()


async def test_lockdown_ends_an_arrivals_session_with_why(relay, room):
    """Close 4012 (closed_to_arrivals) ends the session with "closed to new arrivals"."""
    fran = await WireClient.join(relay.url("demo"), "Fran", room[1])
    await fran.answer_to(await fran.send(CommandKind.LOCKDOWN, True))
    ended = await _ended(relay, "Ann")
    assert [(u.code, u.message) for u in ended] == [("closed_to_arrivals", CLOSED_TO_ARRIVALS_MESSAGE)]
    await fran.close()


async def test_a_declined_name_coming_back_ends_at_once(relay, room):
    """A declined arrival who tries again is ended with 4007, not seated or retried."""
    fran = await WireClient.join(relay.url("demo"), "Fran", room[1])
    await fran.answer_to(await fran.send(CommandKind.SET_WAITING_ROOM, True))
    eve = await WireClient.join(relay.url("demo"), "Eve")
    await fran.until_state(lambda s: eve.pid in s.waiting)
    await fran.answer_to(await fran.send(CommandKind.DECLINE, eve.pid))
    assert [u.code for u in await _ended(relay, "Eve")] == ["declined"]
    await fran.close()


async def test_a_full_waiting_room_makes_the_session_wait_a_minute(tmp_path):
    """Close 4011 (waiting_full) is not final: the session says why and waits about 60 s."""
    async with relay_with(tmp_path, ROOMY) as relay:
        key = relay.create_room("demo", "Demo")
        fran = await WireClient.join(relay.url("demo"), "Fran", key)
        await fran.answer_to(await fran.send(CommandKind.SET_WAITING_ROOM, True))
        for number in range(MAX_WAITING):
            await WireClient.join(relay.url("demo"), f"Waiting {number}")
        async with running(relay.url("demo"), "Ann") as ann:

            def waiting_a_minute() -> bool:
                return any(
                    u.status is ConnectionStatus.RECONNECTING and "waiting room is full" in u.detail
                    for u in ann.of(StatusChanged)
                )

            await until(waiting_a_minute)
            detail = next(u.detail for u in ann.of(StatusChanged) if "waiting room is full" in u.detail)
            seconds = int(detail.rsplit("retrying in ", 1)[1].split(" ")[0])
            assert 60 <= seconds <= 72 and ann.of(SessionEnded) == []


async def test_another_protocol_version_ends_with_the_update_sentence(relay, room, monkeypatch):
    """Refused for its protocol version, the session ends with the relay's sentence naming both and pip."""
    monkeypatch.setattr(session_module, "PROTOCOL_VERSION", PROTOCOL_VERSION + 1)
    ended = await _ended(relay, "Ann")
    assert [(u.code, u.message) for u in ended] == [
        ("version", version_mismatch(PROTOCOL_VERSION, PROTOCOL_VERSION + 1))
    ]


async def test_a_spent_invitation_ends_the_guests_session_with_why(relay, room):
    """Close 4016 (bad_invite) is final: a guest whose code opens nothing reads why, no retries."""
    fran = await WireClient.join(relay.url("demo"), "Fran", room[1])
    async with running(relay.url("demo") + "?invite=ZZZZ-2222", "Lee") as session:
        await asyncio.wait_for(asyncio.shield(session.task), TIMEOUT)
        assert session.of(Welcomed) == []
        assert [(u.code, u.message) for u in session.of(SessionEnded)] == [("bad_invite", BAD_INVITE_MESSAGE)]
    await fran.close()
