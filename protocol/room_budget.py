"""How much of one frame a room's snapshot may take, part by part, so a welcome always fits.

A newcomer's welcome carries the whole room in one frame of ``MAX_FRAME_BYTES``. The
people in it are bounded by the room's cap: ``MAX_PARTICIPANTS`` present or waiting,
``FACILITATOR_SEATS`` more for those with the key, and names of ``MAX_NAME_CHARS``
characters at up to 4 UTF-8 bytes each. The transcript and notes are trimmed to
whatever is left (``server.replay``). What remains unbounded by counts alone is the
room's own text: readings, agenda, welcome and resources. Their encoded size together
is held under ``ROOM_TEXT_BYTES``, and a command that would take it over is refused
with a sentence saying what to remove.

Every figure is derived from ``protocol.limits``, so the codec's limits, the room cap
and the snapshot agree (``tests/protocol/test_room_budget.py`` checks a worst-case room).
Participant ids are taken to stay below 2**32 (four billion arrivals in one room).
"""

from typing import Any

import msgpack

from protocol.errors import Refused
from protocol.kinds import CommandKind
from protocol.limits import (
    FACILITATOR_SEATS,
    MAX_FRAME_BYTES,
    MAX_LIST_ITEMS,
    MAX_NAME_CHARS,
    MAX_PARTICIPANTS,
    MAX_WAITING,
)
from protocol.state import RoomState

UTF8_MAX_BYTES = 4
"""Most bytes one character takes in UTF-8 (an astral character; CJK takes 3)."""

PERSON_BYTES = MAX_NAME_CHARS * UTF8_MAX_BYTES + 16
"""One participant or waiter in a snapshot: the name plus headers, id, role and flags."""

MAX_PEOPLE = MAX_PARTICIPANTS + FACILITATOR_SEATS + MAX_WAITING
"""Most people a room holds, present or waiting, facilitators' places included (the waiting
room has places of its own, so arrivals can never keep a member out)."""

PEOPLE_BYTES = MAX_PEOPLE * PERSON_BYTES
"""Everyone present or waiting (the cap counts both)."""

SEATS_BYTES = MAX_PEOPLE * 32
"""Lists of ids per person: hand queue, round order and done, silences, support flags."""

FRAME_OVERHEAD_BYTES = 1536
"""The welcome's own fields, the room's name and title, and the snapshot's scalars."""

HISTORY_FLOOR_BYTES = 2048
"""Left for removed names and a little of the transcript in the fullest room (the snapshot drops
the removed names before it would not fit; the relay keeps them)."""

ROOM_TEXT_BYTES = MAX_FRAME_BYTES - PEOPLE_BYTES - SEATS_BYTES - FRAME_OVERHEAD_BYTES - HISTORY_FLOOR_BYTES
"""Most encoded bytes the readings, agenda, welcome and resources may take together."""

WAITING_CAP = MAX_WAITING
"""Most people waiting at once, counted apart from the meeting's places."""

if MAX_PEOPLE > MAX_LIST_ITEMS or ROOM_TEXT_BYTES <= 0:
    raise ImportError("protocol.limits no longer leave room for a full room's snapshot")

_REFUSALS = {
    CommandKind.READING_ADD: ("readings_full", "The room's readings are full: remove one first."),
    CommandKind.AGENDA_ADD: ("agenda_full", "The agenda is full: remove an item first."),
    CommandKind.AGENDA_EDIT: ("agenda_full", "That item does not fit: the agenda is full."),
    CommandKind.LOAD_FORMAT: (
        "readings_full",
        "That format does not fit with the room's readings: remove some readings first.",
    ),
}
"""The commands that can grow the room's text, and how each is refused when it would not fit."""


def room_text_bytes(state: RoomState) -> int:
    """Encoded bytes of the room's readings, agenda, welcome and resources, as in a snapshot."""
    parts: list[Any] = [
        [[r.reading_id, r.title, r.text, r.guidelines] for r in state.readings],
        [[i.item_id, i.title, i.minutes, i.rules.to_wire() if i.rules else None] for i in state.agenda],
        state.welcome_text,
        [[label, detail] for label, detail in state.resources],
    ]
    return len(msgpack.packb(parts, use_bin_type=True))


def check_room_text(kind: CommandKind, after: RoomState) -> None:
    """Refuse ``kind`` when the room it leaves (``after``) has more text than a snapshot holds.

    Raises:
        Refused: with a sentence saying what to remove first.
    """
    refusal = _REFUSALS.get(kind)
    if refusal is not None and room_text_bytes(after) > ROOM_TEXT_BYTES:
        raise Refused(*refusal)


def grows_room_text(kind: CommandKind) -> bool:
    """Whether ``kind`` can add to the room's readings or agenda."""
    return kind in _REFUSALS
