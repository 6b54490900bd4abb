"""Relay: in a count-only room the relay itself keeps quiet members' names from the other members."""

import pytest_asyncio

from protocol import CommandKind, Event, EventKind, Role
from protocol.names import HIDDEN_NAME
from server.relay import Relay
from server.store import Store
from tests.wire_client import WireClient

QUIET = "Quinby"
"""A member who only listens: a name that appears nowhere else on the wire."""


@pytest_asyncio.fixture
async def counted(relay):
    """The room "demo" with attendance "count", and its facilitator key."""
    key = relay.store.create_room("demo", "Demo meeting")
    relay.store.update_settings("demo", {"attendance": "count"})
    return relay.url("demo"), key


def heard_name(client: WireClient, name: str = QUIET) -> bool:
    """Whether ``name`` reached ``client`` in any frame, or stands in its copy of the room."""
    return name in repr(client.received) or name in repr(client.welcome) or name in repr(client.state)


async def test_a_member_hears_that_someone_joined_not_who(counted):
    """Quinby's JOINED reaches Ann with an empty name and Fran, the facilitator, with the name."""
    url, key = counted
    fran = await WireClient.join(url, "Fran", key)
    ann = await WireClient.join(url, "Ann")
    quiet = await WireClient.join(url, QUIET)
    joined = await ann.until(lambda f: isinstance(f, Event) and f.kind is EventKind.JOINED)
    assert joined.fields == (quiet.pid, HIDDEN_NAME, Role.MEMBER)
    await fran.until_state(lambda s: quiet.pid in s.participants)
    assert fran.state.participants[quiet.pid].name == QUIET
    assert ann.state.participants[quiet.pid].name == HIDDEN_NAME and not heard_name(ann)
    assert ann.state.participants[fran.pid].name == "Fran"  # facilitators are named to everyone


async def test_a_welcome_names_only_the_member_the_leaders_and_speakers(counted):
    """Arriving after Quinby, Ann's snapshot holds Quinby without a name, herself and Fran with theirs."""
    url, key = counted
    fran = await WireClient.join(url, "Fran", key)
    quiet = await WireClient.join(url, QUIET)
    ann = await WireClient.join(url, "Ann")
    people = ann.state.participants
    names = (people[quiet.pid].name, people[ann.pid].name, people[fran.pid].name)
    assert names == (HIDDEN_NAME, "Ann", "Fran")
    assert not heard_name(ann)


async def test_a_member_who_posts_is_named_to_everyone_first(counted):
    """Quinby's first message: Ann receives NAMED just before the SAID, so the message has a name."""
    url, key = counted
    await WireClient.join(url, "Fran", key)
    ann = await WireClient.join(url, "Ann")
    quiet = await WireClient.join(url, QUIET)
    request = await quiet.send(CommandKind.SAY, "hello all")
    named = await quiet.answer_to(request)  # the first of the two events the message became
    assert isinstance(named, Event) and named.kind is EventKind.NAMED and named.fields == (quiet.pid, QUIET)
    said = await quiet.until(lambda f: isinstance(f, Event) and f.request_id == request and f.seq > named.seq)
    assert said.kind is EventKind.SAID and said.seq == named.seq + 1
    await ann.caught_up(said.seq)
    kinds = [(f.seq, f.kind) for f in ann.received if isinstance(f, Event)]
    assert (said.seq - 1, EventKind.NAMED) in kinds and (said.seq, EventKind.SAID) in kinds
    assert ann.state.participants[quiet.pid].name == QUIET and ann.state.participants[quiet.pid].shown
    assert ann.state.transcript[-1].name == QUIET
    second = await quiet.answer_to(await quiet.send(CommandKind.SAY, "and again"))
    await ann.caught_up(second.seq)
    assert [f for f in ann.received if isinstance(f, Event) and f.kind is EventKind.NAMED][1:] == []
    late = await WireClient.join(url, "Bea")  # a later arrival is named the speaker in their welcome
    assert late.state.participants[quiet.pid].name == QUIET


async def test_a_member_given_the_floor_who_passes_stays_nameless(counted):
    """Holding the floor and passing shows nobody's name: only words posted do."""
    url, key = counted
    fran = await WireClient.join(url, "Fran", key)
    ann = await WireClient.join(url, "Ann")
    quiet = await WireClient.join(url, QUIET)
    await quiet.answer_to(await quiet.send(CommandKind.RAISE))
    await fran.answer_to(await fran.send(CommandKind.GRANT, quiet.pid))
    passed = await quiet.answer_to(await quiet.send(CommandKind.PASS))
    assert isinstance(passed, Event)
    await ann.caught_up(passed.seq)
    assert ann.state.participants[quiet.pid].name == HIDDEN_NAME and not heard_name(ann)


async def test_a_promoted_member_is_named_and_stays_named_when_demoted(counted):
    """Made co-facilitator, Quinby is named to Ann first; made a member again, still named."""
    url, key = counted
    fran = await WireClient.join(url, "Fran", key)
    ann = await WireClient.join(url, "Ann")
    quiet = await WireClient.join(url, QUIET)
    await ann.until_state(lambda s: quiet.pid in s.participants)
    promoted = await fran.answer_to(await fran.send(CommandKind.SET_ROLE, quiet.pid, Role.COFACILITATOR))
    await ann.caught_up(promoted.seq)
    assert ann.state.participants[quiet.pid].name == QUIET
    demoted = await fran.answer_to(await fran.send(CommandKind.SET_ROLE, quiet.pid, Role.MEMBER))
    await ann.caught_up(demoted.seq)
    assert ann.state.participants[quiet.pid].name == QUIET
    assert ann.state.participants[quiet.pid].role is Role.MEMBER


async def test_a_resume_replays_joins_without_names(counted):
    """Ann drops; Quinby joins meanwhile; Ann's replay tells her someone joined, not who."""
    url, key = counted
    fran = await WireClient.join(url, "Fran", key)
    ann = await WireClient.join(url, "Ann")
    token, seen = ann.welcome.resume_token, ann.state.seq
    await ann.close()
    quiet = await WireClient.join(url, QUIET)
    await fran.until_state(lambda s: quiet.pid in s.participants)
    back = await WireClient.join(url, "Ann", token=token, last_seq=seen, state=ann.state)
    await back.until_state(lambda s: quiet.pid in s.participants)
    assert back.state.participants[quiet.pid].name == HIDDEN_NAME and not heard_name(back)


async def test_lifting_a_removal_is_the_leaders_business(counted):
    """ALLOWED reaches the co-facilitator and not a member, who never heard of the removal."""
    url, key = counted
    fran = await WireClient.join(url, "Fran", key)
    bo = await WireClient.join(url, "Bo")
    ann = await WireClient.join(url, "Ann")
    rude = await WireClient.join(url, "Rude")
    await fran.answer_to(await fran.send(CommandKind.SET_ROLE, bo.pid, Role.COFACILITATOR))
    await fran.answer_to(await fran.send(CommandKind.REMOVE, rude.pid))
    allowed = await fran.answer_to(await fran.send(CommandKind.ALLOW, "Rude"))
    assert isinstance(allowed, Event) and allowed.kind is EventKind.ALLOWED
    await bo.until(lambda f: isinstance(f, Event) and f.kind is EventKind.ALLOWED)
    said = await ann.answer_to(await ann.send(CommandKind.SAY, "still here"))
    assert isinstance(said, Event) and said.seq > allowed.seq
    assert not any(isinstance(f, Event) and f.kind is EventKind.ALLOWED for f in ann.received)


async def test_a_setting_changed_across_a_restart_reaches_a_resuming_member(tmp_path):
    """Attendance set to "count" while the relay was down: Ann's resume brings a fresh snapshot
    that says so, rather than a replay that would leave her copy with the old setting."""
    db = tmp_path / "r.sqlite3"
    relay = Relay(db)
    await relay.start()
    key = relay.create_room("demo", "Demo")
    await WireClient.join(relay.url("demo"), "Fran", key)
    ann = await WireClient.join(relay.url("demo"), "Ann")
    token, seen, state = ann.welcome.resume_token, ann.state.seq, ann.state
    assert not state.count_only
    port = relay.port
    await relay.stop()
    Store(db).update_settings("demo", {"attendance": "count"})
    again = Relay(db, port=port)
    await again.start()
    try:
        back = await WireClient.join(again.url("demo"), "Ann", token=token, last_seq=seen, state=state)
        assert back.welcome.snapshot is not None and back.state.count_only
        quiet = await WireClient.join(again.url("demo"), QUIET)
        await back.until_state(lambda s: quiet.pid in s.participants)
        assert back.state.participants[quiet.pid].name == HIDDEN_NAME
        await back.close()
        again_back = await WireClient.join(  # a later resume, with nothing changed since, is a replay
            again.url("demo"), "Ann", token=token, last_seq=back.state.seq, state=back.state
        )
        assert again_back.welcome.snapshot is None
        await again_back.close()
    finally:
        await again.stop()
