"""Relay: the shared agenda, edited by a facilitator and seen by everyone."""

from protocol import CommandKind, ErrorFrame
from tests.wire_client import WireClient


async def test_agenda_add_edit_move_remove_and_current(relay, room):
    """Every agenda operation reaches a member's state in order."""
    name, key = room
    fac = await WireClient.join(relay.url(name), "Fran", key)
    ann = await WireClient.join(relay.url(name), "Ann")
    for title, minutes in (("Welcome", 5), ("Check-in", 15), ("Sharing", 30)):
        await fac.answer_to(await fac.send(CommandKind.AGENDA_ADD, title, minutes))
    ids = [item.item_id for item in fac.state.agenda]
    await fac.answer_to(await fac.send(CommandKind.AGENDA_EDIT, ids[1], "Check-in round", 20))
    await fac.answer_to(await fac.send(CommandKind.AGENDA_MOVE, ids[2], 0))
    await fac.answer_to(await fac.send(CommandKind.AGENDA_REMOVE, ids[0]))
    await fac.answer_to(await fac.send(CommandKind.AGENDA_NEXT))
    state = await ann.until_state(lambda s: s.seq == fac.state.seq)
    assert [(i.title, i.minutes) for i in state.agenda] == [("Sharing", 30), ("Check-in round", 20)]
    assert state.current_item == ids[2]
    assert state.current_started_at is not None
    await fac.answer_to(await fac.send(CommandKind.AGENDA_NEXT))
    assert fac.state.current_item == ids[1]
    end = await fac.answer_to(await fac.send(CommandKind.AGENDA_NEXT))
    assert isinstance(end, ErrorFrame) and end.code == "agenda_end"
    await fac.answer_to(await fac.send(CommandKind.AGENDA_SET_CURRENT, None))
    assert fac.state.current_item is None
    await fac.close()
    await ann.close()


async def test_agenda_on_unknown_item_is_refused(relay, room):
    """Editing an item that does not exist is a clear error."""
    name, key = room
    fac = await WireClient.join(relay.url(name), "Fran", key)
    answer = await fac.answer_to(await fac.send(CommandKind.AGENDA_EDIT, 99, "Nope", 5))
    assert isinstance(answer, ErrorFrame) and answer.code == "no_such_item"
    await fac.close()
