"""What a returning or new participant is sent of the past: missed events, or a snapshot.

A client that resumes names the last sequence number it saw. ``missed_frames`` picks,
from the stored frames after it, those this participant may see; when that cannot
rebuild their view (too far behind, or admitted from the waiting room meanwhile) the
room sends a snapshot instead, trimmed by ``snapshot_wire`` to fit one frame. Pure: the
room reads the store and sends; this module only chooses.

As in a room, someone who arrives late does not hear what was shared before they came:
a newcomer's snapshot, and the one sent on admission from the waiting room, carry no
earlier messages, only as many recent ones as the room's ``history`` setting allows
(none by default). Someone resuming gets what they missed while away.
"""

from dataclasses import replace
from typing import Any

from protocol.codec import decode, encode
from protocol.errors import ProtocolError
from protocol.frames import Event, Welcome
from protocol.kinds import EventKind, Role
from protocol.limits import MAX_KEY_CHARS, MAX_LIST_ITEMS, SNAPSHOT_TRANSCRIPT_BYTES
from protocol.privacy import audience, event_for, heard, view_for
from protocol.state import Message, Note, RoomState, state_to_wire


def _newest_within(items: tuple[Any, ...], budget: int) -> tuple[Any, ...]:
    """The newest messages or notes whose text fits ``budget`` bytes."""
    kept: list[Message | Note] = []
    used = 0
    for item in reversed(items):
        used += len(item.text.encode()) + len(item.name.encode()) + 16
        if used > budget:
            break
        kept.append(item)
    return tuple(reversed(kept))


def snapshot_wire(
    state: RoomState, pid: int, arrived_after: int | None = None, history: int = 0
) -> list[Any]:
    """The snapshot ``pid`` may see, its transcript and notes trimmed until it fits a frame.

    Args:
        state: The room now.
        pid: Who the snapshot is for.
        arrived_after: For someone arriving, the last event before they came: the messages
            before it are left out but for ``history`` of them. None keeps every message
            (someone resuming who was in the room).
        history: How many earlier messages an arrival may read (the room's setting).

    Raises:
        ProtocolError: if even without any messages the snapshot is too large.
    """
    view = view_for(state, pid)
    transcript = view.transcript if arrived_after is None else heard(view.transcript, arrived_after, history)
    if len(view.removed_names) > MAX_LIST_ITEMS:  # no client decodes a longer array; the relay keeps them all
        view = replace(view, removed_names=frozenset(sorted(view.removed_names)[:MAX_LIST_ITEMS]))
    for budget in (SNAPSHOT_TRANSCRIPT_BYTES, 16384, 4096, 0, None):
        if budget is None:  # the last resort: a leader's list of removed names (the relay keeps it)
            view, budget = replace(view, removed_names=frozenset()), 0
        # A leader's lobby notes (up to 20 of 500 characters) give way too, after the transcript.
        fitted = replace(view, lobby_notes=_newest_within(view.lobby_notes, 2 * budget))
        wire = state_to_wire(
            fitted, _newest_within(transcript, budget), _newest_within(view.notes, budget // 4)
        )
        try:
            encode(Welcome(pid, Role.MEMBER, "x" * MAX_KEY_CHARS, 0.0, None, wire))
        except ProtocolError:
            continue
        return wire
    raise ProtocolError("too_large", "The room's snapshot does not fit one frame.")


_FRESH_VIEW = frozenset({EventKind.ADMITTED, EventKind.ROLE_SET})
"""Events about a person after which only a fresh snapshot shows them what they may see."""


def admitted_at(stored: list[bytes] | None, pid: int) -> int | None:
    """The seq at which ``pid`` was admitted from the waiting room among ``stored``, if they were."""
    for frame in stored or ():
        event = decode(frame)
        if isinstance(event, Event) and event.kind is EventKind.ADMITTED and event.fields[0] == pid:
            return event.seq
    return None


def missed_frames(stored: list[bytes] | None, state: RoomState, pid: int) -> list[bytes] | None:
    """The stored frames ``pid`` missed and may see, or None when a snapshot must do.

    A snapshot is needed when the client is too far behind (``stored`` is None), when it
    was admitted from the waiting room meanwhile (its old view held nothing of the
    meeting), and when its role changed meanwhile (a new role sees more, or less, of the
    room than the events it may receive from now on would tell it).

    Args:
        stored: Every stored frame after the client's last seq, or None if there were too many.
        state: The room's state now (who may see what).
        pid: The returning participant.
    """
    if stored is None:
        return None
    replay = []
    for frame in stored:
        event = decode(frame)
        if not isinstance(event, Event):
            continue
        if event.kind in _FRESH_VIEW and event.fields[0] == pid:
            return None
        if audience(event).includes(state, pid):
            seen = event_for(event, state, pid)
            replay.append(frame if seen is event else encode(seen))
    return replay
