"""Count-only attendance: whose names a member of such a room may know.

A group that sets ``attendance = count`` shows its members how many people are here, not
who. The relay keeps that promise itself, so a modified client learns no more than the
People list shows: in a member's copy of the room, everyone is nameless (``HIDDEN_NAME``)
but the member, the facilitators, guests, and whoever has shown themselves by speaking.

Speaking is posting a message (or reading a paragraph aloud): like someone in a room with
the lights low, a member who only listens, or who is given a turn and passes, stays
nameless to the other members. The relay records ``NAMED`` (the name, to everyone) just
before the first message or paragraph of someone still nameless, and before someone
nameless becomes a facilitator or a guest (``protocol.numbering``). Someone once named
stays named while they are in the room (``Participant.shown``). Facilitators always see
every name.
"""

from collections.abc import Iterator, Mapping
from dataclasses import replace
from types import MappingProxyType
from typing import Any

from protocol.kinds import EventKind, Role
from protocol.names import HIDDEN_NAME
from protocol.state import Participant, RoomState


def known_by_role(role: Role) -> bool:
    """Facilitators and guest speakers are named to everyone, in any room."""
    return role.leads or role is Role.GUEST


def is_named(person: Participant) -> bool:
    """Whether every member may know ``person``'s name in a count-only room."""
    return person.shown or known_by_role(person.role)


def names_hidden_from(state: RoomState, viewer: int) -> bool:
    """Whether ``viewer`` sees only some names: a member (or guest) of a count-only room."""
    if not state.count_only:
        return False
    person = state.participants.get(viewer)
    return person is None or not person.role.leads


def participants_for(state: RoomState, viewer: int) -> Mapping[int, Participant]:
    """The people as ``viewer`` may see them: the unnamed without their names."""
    if not names_hidden_from(state, viewer):
        return state.participants
    return MappingProxyType(
        {
            pid: person if pid == viewer or is_named(person) else replace(person, name=HIDDEN_NAME)
            for pid, person in state.participants.items()
        }
    )


def hides_joiner(fields: tuple[Any, ...], state: RoomState, viewer: int) -> bool:
    """Whether a ``JOINED`` with ``fields`` reaches ``viewer`` without the name."""
    pid, _name, role = fields
    return viewer != pid and not known_by_role(Role(role)) and names_hidden_from(state, viewer)


def names_first(
    state: RoomState, kind: EventKind, fields: tuple[Any, ...], actor: int | None
) -> Iterator[tuple[EventKind, tuple[Any, ...]]]:
    """The ``NAMED`` to record just before an event, if it would show someone nameless.

    Args:
        state: The room just before the event.
        kind: The event about to be recorded.
        fields: Its fields.
        actor: Whose command caused it.
    """
    if not state.count_only:
        return
    if kind is EventKind.SAID:
        about = actor
    elif kind is EventKind.READ_ALOUD:  # a paragraph joins the transcript under the reader's name
        about = state.reader.pid if state.reader is not None else None
    elif kind is EventKind.ROLE_SET and known_by_role(Role(fields[1])):
        about = fields[0]
    else:
        return
    person = state.participants.get(about) if about is not None else None
    if person is not None and not is_named(person):
        yield EventKind.NAMED, (person.pid, person.name)
