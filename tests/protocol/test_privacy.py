"""Who receives each event, and what each person's snapshot shows of the room."""

import pytest

from protocol import CommandKind, EventKind, Role
from protocol.fields import EVENT_FIELDS
from protocol.privacy import EVERYONE, Audience, audience, view_for, waiting_view
from protocol.rules import Context
from tests.protocol.builders import AT, act, arrive, event, facilitated_room, sample_args

ADA, BO, CY, DI = 1, 2, 3, 4  # facilitator, co-facilitator, member, member

ABOUT_ONE_PERSON = [
    (EventKind.WAITER_ARRIVED, (9, "Eve")),
    (EventKind.WAITER_UPDATED, (9, True, False)),
    (EventKind.ADMITTED, (9,)),
    (EventKind.DECLINED, (9, "Next week, please.")),
    (EventKind.WAITER_LEFT, (9,)),
    (EventKind.SUPPORT_SET, (9, True)),
    (EventKind.SILENCED, (9, AT + 60)),
    (EventKind.REMOVED, (9,)),
    (EventKind.STEPPED_OUT, (9, True)),
]
LEADERS_ONLY = [EventKind.LOCK_SET, EventKind.WAITING_ROOM_SET, EventKind.FLOOD_STOPPED]
LEADERS_ONLY += [EventKind.LINK_HEALTH, EventKind.ALLOWED]  # members never heard of the removal
INVITATIONS = [EventKind.GUEST_INVITED, EventKind.INVITE_USED, EventKind.GUEST_CANCELLED]
PRIVATE = {kind for kind, _ in ABOUT_ONE_PERSON} | set(LEADERS_ONLY) | {EventKind.NOTED, EventKind.LEFT}
PRIVATE |= {EventKind.LOBBY_NOTED, EventKind.LOBBY_NOTE_DELETED}  # tested in test_lobby_notes.py
PRIVATE |= set(INVITATIONS)


@pytest.mark.parametrize(("kind", "fields"), ABOUT_ONE_PERSON, ids=lambda value: getattr(value, "name", ""))
def test_event_about_one_person_goes_to_leaders_and_them(kind, fields):
    """Waiting-room, support, silence and removal events go to leaders and the person concerned."""
    assert audience(event(1, kind, *fields)) == Audience(everyone=False, pids=frozenset({9}))


@pytest.mark.parametrize("kind", LEADERS_ONLY, ids=lambda kind: kind.name)
def test_lock_and_waiting_room_switch_go_to_leaders_only(kind):
    """Whether the room is locked or has a waiting room is for the leaders alone."""
    assert audience(event(1, kind, True)) == Audience(everyone=False, pids=frozenset())


@pytest.mark.parametrize("kind", INVITATIONS, ids=lambda kind: kind.name)
def test_guest_invitations_go_to_leaders_only(kind):
    """A guest invitation's code is a secret: only the leaders hear of one."""
    fields = sample_args(EVENT_FIELDS[kind])
    assert audience(event(1, kind, *fields)) == Audience(everyone=False, pids=frozenset())


def test_note_to_facilitators_goes_to_leaders_and_sender():
    """A note to the facilitators (to nil) reaches the leaders and its sender."""
    assert audience(event(1, EventKind.NOTED, CY, None, "rough day")) == Audience(False, frozenset({CY}))


def test_reply_goes_to_leaders_sender_and_recipient():
    """A reply reaches the leaders, the one who wrote it and the one it is for."""
    assert audience(event(1, EventKind.NOTED, BO, DI, "after the meeting")) == Audience(
        False, frozenset({BO, DI})
    )


def test_left_also_reaches_the_one_leaving():
    """LEFT goes to everyone and to the person who left (no longer in the room)."""
    assert audience(event(1, EventKind.LEFT, CY)) == Audience(everyone=True, pids=frozenset({CY}))


@pytest.mark.parametrize("kind", sorted(set(EventKind) - PRIVATE), ids=lambda kind: kind.name)
def test_other_events_go_to_everyone(kind):
    """Every other event reaches everyone in the meeting."""
    assert audience(event(1, kind, *sample_args(EVENT_FIELDS[kind]))) is EVERYONE


def test_audience_includes_by_role_and_name():
    """Leaders always receive a private event; a member only the ones about them; waiters only theirs."""
    state = act(facilitated_room(), ADA, CommandKind.SET_WAITING_ROOM, True)
    state, eve = arrive(state, "Eve")
    support = audience(event(1, EventKind.SUPPORT_SET, CY, True))
    assert [support.includes(state, pid) for pid in (ADA, BO, CY, DI, eve)] == [
        True,
        True,
        True,
        False,
        False,
    ]
    assert not EVERYONE.includes(state, eve)
    assert audience(event(1, EventKind.WAITER_UPDATED, eve, True, True)).includes(state, eve)
    assert not EVERYONE.includes(state, 99)


def _lived_in_room():
    """Cy and Di accepted the guidelines (Cy is new), noted and flagged support; Di is silenced;
    Eve waits; the room is locked."""
    state = facilitated_room()
    state = act(state, ADA, CommandKind.READING_ADD, "Guidelines", "Be kind.", True)
    state = act(state, ADA, CommandKind.READING_ADD, "Step one", "We admitted...")
    state = act(state, ADA, CommandKind.AGENDA_ADD, "Check-in", 10)
    for member in (CY, DI):
        state = act(state, member, CommandKind.WAITER_UPDATE, True, member == CY)
        state = act(state, member, CommandKind.NOTE, f"note from {member}")
        state = act(state, member, CommandKind.SUPPORT, True)
        state = act(state, member, CommandKind.SAY, f"hello from {member}")
    state = act(state, ADA, CommandKind.REPLY, DI, "for Di only")
    state = act(state, ADA, CommandKind.SILENCE, DI, 5, context=Context(now=AT))
    state = act(state, ADA, CommandKind.SILENCE, CY, 5, context=Context(now=AT))
    state = act(state, ADA, CommandKind.REMOVE, BO)
    state = act(state, ADA, CommandKind.LOCK, True)
    state, eve = arrive(state, "Eve")
    state = act(state, eve, CommandKind.NOTE, "first time")
    return state, eve


def test_facilitator_view_is_the_whole_room():
    """A leader's view is the room as the relay holds it."""
    state, _ = _lived_in_room()
    assert view_for(state, ADA) is state


def test_member_view_hides_others_private_things():
    """A member sees their own notes, flag and silence, but no one else's, no waiters, no lock."""
    state, _ = _lived_in_room()
    view = view_for(state, CY)
    assert [n.text for n in view.notes] == ["note from 3"]
    assert view.support == {CY}
    assert view.silenced == {CY: AT + 300}
    assert view.waiting == {} and view.locked is False and view.removed_names == frozenset()
    di_view = view_for(state, DI)
    assert [n.text for n in di_view.notes] == ["note from 4", "for Di only"]


def test_member_view_keeps_the_meeting():
    """What a member may see of the meeting itself is left as it is."""
    state, _ = _lived_in_room()
    view = view_for(state, CY)
    assert view.participants == state.participants and view.transcript == state.transcript
    assert view.agenda == state.agenda and view.readings == state.readings


def test_waiting_view_shows_only_welcome_guidelines_resources_and_self():
    """Someone waiting sees the welcome, the guidelines, the help lines and themselves, nothing else."""
    state, eve = _lived_in_room()
    view = waiting_view(state, eve)
    assert (view.name, view.title, view.seq) == (state.name, state.title, state.seq)
    assert [r.title for r in view.readings] == ["Guidelines"]
    assert list(view.waiting) == [eve] and view.waiting_room
    assert [n.text for n in view.notes] == ["first time"]
    assert (view.welcome_text, view.resources) == (state.welcome_text, state.resources)
    assert view.participants == {} and view.transcript == () and view.agenda == ()
    assert view.support == frozenset() and view.silenced == {} and not view.locked


def test_view_for_someone_waiting_is_the_waiting_view():
    """view_for a pid in the waiting room gives the waiting view."""
    state, eve = _lived_in_room()
    assert view_for(state, eve) == waiting_view(state, eve)


def test_other_waiters_are_hidden_from_a_waiter():
    """One waiter does not see who else is waiting."""
    state, eve = _lived_in_room()
    state, fay = arrive(state, "Fay")
    assert list(waiting_view(state, fay).waiting) == [fay]
    assert list(waiting_view(state, eve).waiting) == [eve]


def test_member_role_view_follows_role_changes():
    """Made a co-facilitator, a member's view becomes the whole room."""
    state, _ = _lived_in_room()
    state = act(state, ADA, CommandKind.SET_ROLE, CY, Role.COFACILITATOR)
    assert view_for(state, CY) is state


def test_member_view_hides_who_is_new_and_others_acceptance():
    """A member sees their own acceptance and their own newcomer answer, nobody else's."""
    state, _ = _lived_in_room()
    assert state.accepted == {CY, DI} and state.newcomers == {CY}
    view = view_for(state, CY)
    assert view.accepted == {CY}
    assert view.newcomers == {CY}
    assert view_for(state, DI).newcomers == frozenset()
    assert view_for(state, ADA).newcomers == {CY}
