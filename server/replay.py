"""What a returning or new participant is sent of the past: missed events, or a snapshot.

A client that resumes names the last sequence number it saw. ``missed_frames`` picks,
from the stored frames after it, those this participant may see; when that cannot
rebuild their view (too far behind, or admitted from the waiting room meanwhile) the
room sends a snapshot instead, trimmed by ``snapshot_wire`` to fit one frame. Pure: the
room reads the store and sends; this module only chooses.
"""

from dataclasses import replace
from typing import Any

from protocol.codec import decode, encode
from protocol.errors import ProtocolError
from protocol.frames import Event, Welcome
from protocol.kinds import EventKind, Role
from protocol.limits import MAX_KEY_CHARS, MAX_LIST_ITEMS, SNAPSHOT_TRANSCRIPT_BYTES
from protocol.privacy import audience, view_for
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


def snapshot_wire(state: RoomState, pid: int) -> list[Any]:
    """The snapshot ``pid`` may see, its transcript and notes trimmed until it fits a frame.

    Raises:
        ProtocolError: if even without any messages the snapshot is too large.
    """
    view = view_for(state, pid)
    if len(view.removed_names) > MAX_LIST_ITEMS:  # no client decodes a longer array; the relay keeps them all
        view = replace(view, removed_names=frozenset(sorted(view.removed_names)[:MAX_LIST_ITEMS]))
    for budget in (SNAPSHOT_TRANSCRIPT_BYTES, 16384, 4096, 0, None):
        if budget is None:  # the last resort: a leader's list of removed names (the relay keeps it)
            view, budget = replace(view, removed_names=frozenset()), 0
        wire = state_to_wire(
            view, _newest_within(view.transcript, budget), _newest_within(view.notes, budget // 4)
        )
        try:
            encode(Welcome(pid, Role.MEMBER, "x" * MAX_KEY_CHARS, 0.0, None, wire))
        except ProtocolError:
            continue
        return wire
    raise ProtocolError("too_large", "The room's snapshot does not fit one frame.")


def missed_frames(stored: list[bytes] | None, state: RoomState, pid: int) -> list[bytes] | None:
    """The stored frames ``pid`` missed and may see, or None when a snapshot must do.

    A snapshot is needed when the client is too far behind (``stored`` is None), and also
    when it was admitted from the waiting room meanwhile: its old view held nothing of
    the meeting.

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
        if event.kind is EventKind.ADMITTED and event.fields[0] == pid:
            return None
        if audience(event).includes(state, pid):
            replay.append(frame)
    return replay
