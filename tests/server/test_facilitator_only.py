"""Relay: every facilitator-only command is refused for a member, whatever they send."""

import pytest

from protocol import CommandKind, ErrorFrame, Mode, Role
from protocol.kinds import LEADER_COMMANDS
from tests.wire_client import WireClient

ARGS = {
    CommandKind.NEXT: (),
    CommandKind.GRANT: ("SELF",),
    CommandKind.TAKE_BACK: (),
    CommandKind.MOVE_HAND: ("OTHER", -1),
    CommandKind.LOWER_ALL: (),
    CommandKind.SET_MODE: (Mode.FLOOR,),
    CommandKind.AGENDA_ADD: ("Sharing", 10),
    CommandKind.AGENDA_EDIT: (1, "Sharing", 15),
    CommandKind.AGENDA_MOVE: (1, 0),
    CommandKind.AGENDA_REMOVE: (1,),
    CommandKind.AGENDA_SET_CURRENT: (1,),
    CommandKind.AGENDA_NEXT: (),
    CommandKind.REMOVE: ("OTHER",),
    CommandKind.ALLOW: ("Someone",),
    CommandKind.SET_ROLE: ("SELF", Role.COFACILITATOR),
    CommandKind.ROUND_START: (),
    CommandKind.ROUND_MOVE: ("OTHER", 0),
    CommandKind.ROUND_SKIP: ("OTHER",),
    CommandKind.ROUND_END: (),
    CommandKind.SET_CROSSTALK: (False,),
    CommandKind.SET_PROGRESSIVE: (True,),
    CommandKind.LOAD_FORMAT: ("smart",),
    CommandKind.READING_ADD: ("Guidelines", "Be kind."),
    CommandKind.READING_SHOW: (None,),
    CommandKind.READING_ASK: (1, "SELF"),
    CommandKind.READING_REMOVE: (1,),
    CommandKind.SET_WAITING_ROOM: (True,),
    CommandKind.ADMIT: ("OTHER",),
    CommandKind.ADMIT_ALL: (),
    CommandKind.DECLINE_ALL: (),
    CommandKind.DECLINE: ("OTHER", "no"),
    CommandKind.REPLY: ("OTHER", "hello"),
    CommandKind.SILENCE: ("OTHER", 5),
    CommandKind.LOCK: (True,),
    CommandKind.LOCKDOWN: (True,),
    CommandKind.END_MEETING: (),
    CommandKind.LOBBY_NOTE_DELETE: (1,),
    CommandKind.GUEST_INVITE: ("Dr Lee",),
    CommandKind.GUEST_CANCEL: ("K7QH-3MWD",),
}


def test_every_leader_command_has_a_case():
    """The refusal table covers every facilitator-only command."""
    assert set(ARGS) == set(LEADER_COMMANDS)


@pytest.mark.parametrize("kind", sorted(LEADER_COMMANDS), ids=lambda k: k.name)
async def test_member_is_refused(relay, room, kind):
    """A member's attempt at a facilitator command gets not_facilitator; nothing changes."""
    name, key = room
    fac = await WireClient.join(relay.url(name), "Fran", key)
    await fac.answer_to(await fac.send(CommandKind.AGENDA_ADD, "Welcome", 5))
    other = await WireClient.join(relay.url(name), "Bea")
    await other.answer_to(await other.send(CommandKind.RAISE))
    member = await WireClient.join(relay.url(name), "Ann")
    seq_before = relay.room(name).state.seq
    args = tuple({"SELF": member.pid, "OTHER": other.pid}.get(a, a) if isinstance(a, str) else a
                 for a in ARGS[kind])
    answer = await member.answer_to(await member.send(kind, *args))
    assert isinstance(answer, ErrorFrame)
    assert answer.code == "not_facilitator"
    assert relay.room(name).state.seq == seq_before
    await member.answer_to(await member.send(CommandKind.SAY, "still connected"))
    for client in (fac, other, member):
        await client.close()


async def test_member_cannot_lower_someone_elses_hand(relay, room):
    """Lowering another person's hand is for facilitators only."""
    name, _ = room
    ann = await WireClient.join(relay.url(name), "Ann")
    ben = await WireClient.join(relay.url(name), "Ben")
    await ben.answer_to(await ben.send(CommandKind.RAISE))
    answer = await ann.answer_to(await ann.send(CommandKind.LOWER, ben.pid))
    assert isinstance(answer, ErrorFrame) and answer.code == "not_facilitator"
    await ann.close()
    await ben.close()


async def test_cofacilitator_can_lead_but_not_grant_facilitator(relay, room):
    """A promoted co-facilitator may run the queue but cannot make anyone facilitator."""
    name, key = room
    fac = await WireClient.join(relay.url(name), "Fran", key)
    ann = await WireClient.join(relay.url(name), "Ann")
    await fac.answer_to(await fac.send(CommandKind.SET_ROLE, ann.pid, Role.COFACILITATOR))
    await ann.until_state(lambda s: s.participants[ann.pid].role is Role.COFACILITATOR)
    ok = await ann.answer_to(await ann.send(CommandKind.SET_MODE, Mode.FLOOR))
    assert not isinstance(ok, ErrorFrame)
    refused = await ann.answer_to(await ann.send(CommandKind.SET_ROLE, ann.pid, Role.FACILITATOR))
    assert isinstance(refused, ErrorFrame) and refused.code == "key_only"
    await fac.close()
    await ann.close()
