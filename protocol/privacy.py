"""Who may see what: the audience of each event and each person's view of the room.

Private notes, the waiting list, support flags, silences and locks are for the
facilitators and the person concerned only; someone in the waiting room sees nothing
of the meeting; in a count-only room a member knows only some names
(``protocol.attendance``). The relay holds the whole state, and uses ``audience`` to decide who
receives an event and ``view_for`` to build the snapshot a person may see. Both are pure
functions of the event or state, so live fan-out and replay after a drop agree; ``heard``
says which earlier messages someone arriving late may read (none, by default).
"""

from dataclasses import dataclass, replace
from types import MappingProxyType

from protocol.attendance import hides_joiner, participants_for
from protocol.frames import Event
from protocol.kinds import EventKind
from protocol.names import HIDDEN_NAME
from protocol.state import Message, RoomState


@dataclass(frozen=True, slots=True)
class Audience:
    """Who receives an event: everyone admitted, or leaders plus named people."""

    everyone: bool = True
    pids: frozenset[int] = frozenset()

    def includes(self, state: RoomState, pid: int) -> bool:
        """Whether ``pid`` receives the event, given the room's state."""
        if pid in self.pids:
            return True
        person = state.participants.get(pid)
        if person is None:  # not admitted (waiting) or gone
            return False
        return self.everyone or person.role.leads


EVERYONE = Audience()


def _leaders_and(*pids: int | None) -> Audience:
    return Audience(everyone=False, pids=frozenset(p for p in pids if p is not None))


_ABOUT_ONE_PERSON = frozenset(
    {
        EventKind.WAITER_ARRIVED,
        EventKind.WAITER_UPDATED,
        EventKind.ADMITTED,
        EventKind.DECLINED,
        EventKind.WAITER_LEFT,
        EventKind.SUPPORT_SET,
        EventKind.SILENCED,
        EventKind.REMOVED,
        EventKind.STEPPED_OUT,
    }
)
_LEADERS_ONLY = frozenset({EventKind.LOCK_SET, EventKind.WAITING_ROOM_SET, EventKind.FLOOD_STOPPED})
_LEADERS_ONLY |= {EventKind.LOBBY_NOTED, EventKind.LOBBY_NOTE_DELETED}  # the lobby's notes are theirs alone
_LEADERS_ONLY |= {EventKind.ALLOWED}  # members never heard of the removal it lifts
_LEADERS_ONLY |= {EventKind.LINK_HEALTH}  # not even the person: a marker about them is no news to them
_INVITATIONS = frozenset({EventKind.GUEST_INVITED, EventKind.INVITE_USED, EventKind.GUEST_CANCELLED})
"""A guest invitation's code is a secret: only the facilitators ever hear of one."""


def audience(event: Event) -> Audience:
    """The audience of ``event``, from its kind and fields alone."""
    if event.kind in _ABOUT_ONE_PERSON:
        return _leaders_and(event.fields[0])
    if event.kind is EventKind.NOTED:
        return _leaders_and(event.fields[0], event.fields[1])
    if event.kind in _LEADERS_ONLY or event.kind in _INVITATIONS:
        return _leaders_and()
    if event.kind is EventKind.LEFT:  # the one leaving is no longer in the room, but is told
        return Audience(everyone=True, pids=frozenset({event.fields[0]}))
    return EVERYONE


def event_for(event: Event, state: RoomState, pid: int) -> Event:
    """``event`` as ``pid`` receives it.

    A reaction reaches people as a count, without who sent it (only the sender, who
    recognises their own, and the leaders keep the actor). In a count-only room a member
    hears that someone joined, not who (``protocol.attendance``).
    """
    if event.kind is EventKind.JOINED:
        if hides_joiner(event.fields, state, pid):
            return replace(event, fields=(event.fields[0], HIDDEN_NAME, event.fields[2]))
        return event
    if event.kind is not EventKind.REACTED or event.actor in (None, pid):
        return event
    person = state.participants.get(pid)
    if person is not None and person.role.leads:
        return event
    return replace(event, actor=None, request_id=None)


def shows_actor(event: Event) -> bool:
    """Whether every receiver of ``event`` gets it as it was recorded (see ``event_for``)."""
    return event.kind not in (EventKind.REACTED, EventKind.JOINED)


def view_for(state: RoomState, pid: int) -> RoomState:
    """The part of ``state`` that ``pid`` may see (the whole of it for a facilitator)."""
    person = state.participants.get(pid)
    if person is not None and person.role.leads:
        return state
    if person is None:
        return waiting_view(state, pid)
    return replace(
        state,
        participants=participants_for(state, pid),  # count-only rooms name only some
        waiting_room=False,  # whether newcomers wait is the leaders' business, as the lock is
        waiting=MappingProxyType({}),
        notes=tuple(n for n in state.notes if pid in (n.from_pid, n.to_pid)),
        support=state.support & {pid},
        accepted=state.accepted & {pid},
        newcomers=state.newcomers & {pid},  # their own answer, as with the guidelines; nobody else's
        silenced=MappingProxyType({p: u for p, u in state.silenced.items() if p == pid}),
        locked=state.lockdown,  # a plain lock is the leaders' business; lockdown's is public
        removed_names=frozenset(),
        link_health=MappingProxyType({}),  # nobody sees another member's link
        # Fairness hints are for the facilitators; a member's copy holds their own count only.
        shares=MappingProxyType({p: c for p, c in state.shares.items() if p == pid}),
        guest_invites=(),
        lobby_notes=(),
        stepped_out=state.stepped_out & {pid},
    )


def heard(transcript: tuple[Message, ...], since_seq: int, history: int = 0) -> tuple[Message, ...]:
    """The messages someone who came into the meeting after event ``since_seq`` may read.

    As in a room, a late arrival does not hear what was shared before they came; a group
    may let them read the last ``history`` messages from before.

    Args:
        transcript: The room's transcript.
        since_seq: The last event before they came; they were there for every message after it.
        history: How many messages from before their arrival they may read.
    """
    after = tuple(m for m in transcript if m.seq > since_seq)
    before = tuple(m for m in transcript if m.seq <= since_seq)
    return (before[-history:] if history > 0 else ()) + after


def waiting_view(state: RoomState, pid: int) -> RoomState:
    """What someone in the waiting room sees: the welcome, the guidelines, themselves."""
    waiter = state.waiting.get(pid)
    return RoomState(
        name=state.name,
        title=state.title,
        seq=state.seq,
        readings=tuple(r for r in state.readings if r.guidelines),
        waiting_room=True,
        waiting=MappingProxyType({pid: waiter} if waiter else {}),
        notes=tuple(n for n in state.notes if pid in (n.from_pid, n.to_pid)),
        welcome_text=state.welcome_text,
        resources=state.resources,
        resources_for=state.resources_for,
        count_only=state.count_only,
    )
