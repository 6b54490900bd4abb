"""Relay: a new role sees what it may at once, live and after a resume, and loses it on demotion."""

from protocol import CommandKind, EventKind, Role, Welcome
from tests.wire_client import WireClient


async def _room_with_a_note_and_a_support_flag(relay, room):
    """Dana facilitates; Cy sends a private note and asks for support; Bo is a member."""
    name, key = room
    dana = await WireClient.join(relay.url(name), "Dana", key)
    bo = await WireClient.join(relay.url(name), "Bo")
    cy = await WireClient.join(relay.url(name), "Cy")
    await cy.answer_to(await cy.send(CommandKind.NOTE, "I am struggling tonight"))
    await cy.answer_to(await cy.send(CommandKind.SUPPORT, True))
    await dana.until_state(lambda s: cy.pid in s.support)
    return dana, bo, cy


async def test_new_co_facilitator_sees_notes_and_support_at_once(relay, room):
    """Promoted while the facilitator then drops, a co-facilitator has the notes and support flags."""
    dana, bo, cy = await _room_with_a_note_and_a_support_flag(relay, room)
    assert bo.state.notes == () and bo.state.support == frozenset()
    await dana.answer_to(await dana.send(CommandKind.SET_ROLE, bo.pid, Role.COFACILITATOR))
    await dana.close()  # the facilitator's client is gone
    await bo.until(lambda f: isinstance(f, Welcome) and f.role is Role.COFACILITATOR)
    assert [n.text for n in bo.state.notes] == ["I am struggling tonight"]
    assert bo.state.support == {cy.pid}
    await bo.until_state(lambda s: not s.participants[dana.pid].connected)
    for client in (bo, cy):
        await client.close()


async def test_co_facilitator_resuming_from_before_the_promotion_sees_notes(relay, room):
    """A co-facilitator who dropped before being promoted resumes into the room their role may see."""
    dana, bo, cy = await _room_with_a_note_and_a_support_flag(relay, room)
    seen = bo.state
    await bo.close()
    await dana.answer_to(await dana.send(CommandKind.SET_ROLE, bo.pid, Role.COFACILITATOR))
    back = await WireClient.join(
        relay.url(room[0]), "Bo", token=bo.welcome.resume_token, last_seq=seen.seq, state=seen
    )
    assert back.welcome.role is Role.COFACILITATOR and back.welcome.snapshot is not None
    assert [n.text for n in back.state.notes] == ["I am struggling tonight"]
    assert back.state.support == {cy.pid}
    for client in (dana, back, cy):
        await client.close()


async def test_demoted_member_no_longer_sees_notes(relay, room):
    """Made a member again, a former co-facilitator's copy loses the notes and support flags."""
    dana, bo, cy = await _room_with_a_note_and_a_support_flag(relay, room)
    await dana.answer_to(await dana.send(CommandKind.SET_ROLE, bo.pid, Role.COFACILITATOR))
    await bo.until(lambda f: isinstance(f, Welcome) and f.role is Role.COFACILITATOR)
    await dana.answer_to(await dana.send(CommandKind.SET_ROLE, bo.pid, Role.MEMBER))
    await bo.until(lambda f: isinstance(f, Welcome) and f.role is Role.MEMBER)
    assert bo.state.notes == () and bo.state.support == frozenset()
    for client in (dana, bo, cy):
        await client.close()


async def test_co_facilitator_runs_the_meeting_without_the_facilitator(relay, room):
    """Without the facilitator, a co-facilitator replies to a note and removes another co-facilitator."""
    dana, bo, cy = await _room_with_a_note_and_a_support_flag(relay, room)
    await dana.answer_to(await dana.send(CommandKind.SET_ROLE, bo.pid, Role.COFACILITATOR))
    await dana.answer_to(await dana.send(CommandKind.SET_ROLE, cy.pid, Role.COFACILITATOR))
    await dana.close()
    await bo.until_state(lambda s: not s.participants[dana.pid].connected)
    reply = await bo.answer_to(await bo.send(CommandKind.REPLY, cy.pid, "We are here for you"))
    assert getattr(reply, "kind", None) is EventKind.NOTED
    removed = await bo.answer_to(await bo.send(CommandKind.REMOVE, cy.pid))
    assert getattr(removed, "kind", None) is EventKind.REMOVED
    await bo.close()
