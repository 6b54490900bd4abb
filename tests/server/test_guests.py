"""Relay: guest invitations, a guest's arrival with their code, and ``room guest`` on the command line."""

import asyncio
import re

from websockets.asyncio.client import connect

from protocol import PROTOCOL_VERSION, CommandKind, ErrorFrame, Event, EventKind, Hello, Role
from protocol.close_codes import CloseCode
from protocol.codec import decode, encode
from protocol.rules import admission
from server.cli import main
from server.door_limits import DoorLimits
from tests.server.strangers_helpers import relay_with
from tests.wire_client import TIMEOUT, WireClient


async def invite(fac: WireClient, name: str = "Dr Lee", minutes: int | None = None) -> str:
    """The code of a fresh invitation the facilitator ``fac`` makes for ``name``."""
    answer = await fac.answer_to(await fac.send(CommandKind.GUEST_INVITE, name, minutes))
    assert isinstance(answer, Event) and answer.kind is EventKind.GUEST_INVITED, answer
    return str(answer.fields[1])


async def refused_guest(url: str, name: str = "Lee") -> tuple[str, int | None]:
    """Arrive at ``url`` (with its code) and return the error code and close code that turned us away."""
    async with connect(url, open_timeout=TIMEOUT) as connection:
        await connection.send(encode(Hello(PROTOCOL_VERSION, name)))
        frame = decode(await asyncio.wait_for(connection.recv(), TIMEOUT))
        assert isinstance(frame, ErrorFrame), f"expected to be turned away, got {frame!r}"
        await asyncio.wait_for(connection.wait_closed(), TIMEOUT)
        return frame.code, connection.close_code


async def test_the_code_reaches_the_leaders_and_no_member(relay, room):
    """GUEST_INVITED goes to the facilitators only; a member's copy never holds the code."""
    name, key = room
    fac = await WireClient.join(relay.url(name), "Fran", key)
    member = await WireClient.join(relay.url(name), "Ann")
    code = await invite(fac)
    said = await member.answer_to(await member.send(CommandKind.SAY, "hello"))
    assert isinstance(said, Event)
    assert not any(isinstance(f, Event) and f.kind is EventKind.GUEST_INVITED for f in member.received)
    assert member.state.guest_invites == () and code not in repr(member.received)
    assert [i.code for i in fac.state.guest_invites] == [code]


async def test_guest_joins_with_the_code_in_the_address_as_a_guest(relay, room):
    """The address's ?invite= code seats them as GUEST under the invited name, past a waiting room."""
    name, key = room
    fac = await WireClient.join(relay.url(name), "Fran", key)
    await fac.answer_to(await fac.send(CommandKind.SET_WAITING_ROOM, True))
    code = await invite(fac)
    guest = await WireClient.join(relay.url(name) + f"?invite={code.lower()}", "Whoever")
    assert guest.welcome.role is Role.GUEST
    assert guest.state.participants[guest.pid].name == "Dr Lee"
    await fac.until_state(lambda s: guest.pid in s.participants and not s.guest_invites)
    assert fac.state.participants[guest.pid].role is Role.GUEST


async def test_the_hello_may_carry_the_code_itself(relay, room):
    """A hello whose trailing invite field holds the code seats the guest too."""
    name, key = room
    fac = await WireClient.join(relay.url(name), "Fran", key)
    code = await invite(fac)
    async with connect(relay.url(name), open_timeout=TIMEOUT) as connection:
        await connection.send(encode(Hello(PROTOCOL_VERSION, "Lee", invite=code)))
        welcome = decode(await asyncio.wait_for(connection.recv(), TIMEOUT))
        assert getattr(welcome, "role", None) is Role.GUEST


async def test_a_used_code_is_refused_with_its_close_code(relay, room):
    """A second arrival with a spent code gets bad_invite and 4016."""
    name, key = room
    fac = await WireClient.join(relay.url(name), "Fran", key)
    code = await invite(fac)
    await WireClient.join(relay.url(name) + f"?invite={code}", "Lee")
    assert await refused_guest(relay.url(name) + f"?invite={code}") == ("bad_invite", CloseCode.BAD_INVITE)


async def test_an_expired_code_is_refused(relay, room):
    """Once its time is over the code opens nothing."""
    name, key = room
    fac = await WireClient.join(relay.url(name), "Fran", key)
    code = await invite(fac, minutes=5)
    live = relay.rooms.get(name)
    assert live is not None
    started = live.clock
    live.clock = lambda: started() + 6 * 60
    assert await refused_guest(relay.url(name) + f"?invite={code}") == ("bad_invite", CloseCode.BAD_INVITE)


async def test_a_cancelled_code_is_refused(relay, room):
    """GUEST_CANCEL makes the code worthless."""
    name, key = room
    fac = await WireClient.join(relay.url(name), "Fran", key)
    code = await invite(fac)
    await fac.answer_to(await fac.send(CommandKind.GUEST_CANCEL, code))
    assert await refused_guest(relay.url(name) + f"?invite={code}") == ("bad_invite", CloseCode.BAD_INVITE)


async def test_a_guest_resumes_with_their_token(relay, room):
    """A guest whose link dropped comes back as the same guest, the spent code notwithstanding."""
    name, key = room
    fac = await WireClient.join(relay.url(name), "Fran", key)
    url = relay.url(name) + f"?invite={await invite(fac)}"
    guest = await WireClient.join(url, "Lee")
    await guest.close()
    back = await WireClient.join(url, "Lee", token=guest.welcome.resume_token, state=guest.state)
    assert (back.pid, back.welcome.role) == (guest.pid, Role.GUEST)


async def test_wrong_codes_count_against_the_arrivals_per_address(tmp_path):
    """Guessing codes spends the address's arrivals per minute, as any arrival does."""
    async with relay_with(tmp_path, DoorLimits(joins_per_address=2)) as relay:
        key = relay.create_room("demo", "Demo")
        await WireClient.join(relay.url("demo"), "Fran", key)
        for guess in ("ZZZZ-2222", "ZZZZ-3333"):
            assert (await refused_guest(relay.url("demo") + f"?invite={guess}"))[0] == "bad_invite"
        assert await refused_guest(relay.url("demo") + "?invite=ZZZZ-4444") == (
            "too_many_joins",
            CloseCode.TOO_MANY_JOINS,
        )


async def test_room_guest_prints_a_code_a_running_relay_accepts(relay, room, capsys):
    """`room guest` on the command line gives a code the running relay seats as a guest."""
    name, key = room
    fac = await WireClient.join(relay.url(name), "Fran", key)
    assert main(["room", "guest", name, "Dr Lee", "--minutes", "60", "--db", str(relay.db_path)]) == 0
    printed = capsys.readouterr().out
    match = re.search(r"--invite ([2-9A-Z]{4}-[2-9A-Z]{4})", printed)
    assert match is not None, printed
    guest = await WireClient.join(relay.url(name) + f"?invite={match.group(1)}", "Lee")
    assert guest.welcome.role is Role.GUEST and guest.state.participants[guest.pid].name == "Dr Lee"
    # The facilitators saw the invitation taken up, then used.
    await fac.until(lambda f: isinstance(f, Event) and f.kind is EventKind.INVITE_USED)
    assert any(isinstance(f, Event) and f.kind is EventKind.GUEST_INVITED for f in fac.received)


async def test_room_guest_prints_the_way_in_over_ssh_when_the_door_is_open(tmp_path, capsys):
    """With --ssh-port, `room guest` prints the SSH way in too: the room as user, the code as name."""
    db = str(tmp_path / "r.sqlite3")
    assert main(["room", "create", "grp", "--title", "Group", "--db", db]) == 0
    capsys.readouterr()
    assert main(["room", "guest", "grp", "Dr Lee", "--host", "meet.example.org", "--ssh-port", "2222",
                 "--db", db]) == 0
    printed = capsys.readouterr().out
    assert "ssh -p 2222 grp@meet.example.org" in printed
    assert "typing the code when asked for a name" in printed
    assert main(["room", "guest", "grp", "Sam", "--db", db]) == 0
    assert "ssh " not in capsys.readouterr().out  # no door named, none printed


async def test_room_guest_names_an_unknown_room(tmp_path, capsys):
    """`room guest` for a room that does not exist says so and fails."""
    assert main(["room", "guest", "nope", "Dr Lee", "--db", str(tmp_path / "r.sqlite3")]) == 1
    assert "No room called 'nope'" in capsys.readouterr().err


async def test_a_guest_may_not_invite_or_lead(relay, room):
    """A guest's GUEST_INVITE and NEXT are refused as not_facilitator, like a member's."""
    name, key = room
    fac = await WireClient.join(relay.url(name), "Fran", key)
    guest = await WireClient.join(relay.url(name) + f"?invite={await invite(fac)}", "Lee")
    for kind, args in ((CommandKind.GUEST_INVITE, ("Sam",)), (CommandKind.NEXT, ())):
        answer = await guest.answer_to(await guest.send(kind, *args))
        assert isinstance(answer, ErrorFrame) and answer.code == "not_facilitator"
    assert guest.state.guest_invites == ()


async def test_a_full_waiting_room_does_not_stop_a_guest(relay, room, monkeypatch):
    """The guest never waits, so a waiting room at its cap still lets them in."""
    monkeypatch.setattr(admission, "MAX_WAITING", 1)
    name, key = room
    fac = await WireClient.join(relay.url(name), "Fran", key)
    await fac.answer_to(await fac.send(CommandKind.SET_WAITING_ROOM, True))
    code = await invite(fac)
    await WireClient.join(relay.url(name), "Waiting Wes")
    assert await refused_guest(relay.url(name)) == ("waiting_full", CloseCode.WAITING_FULL)
    guest = await WireClient.join(relay.url(name) + f"?invite={code}", "Lee")
    assert guest.welcome.role is Role.GUEST
