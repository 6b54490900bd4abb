"""The end of an ended meeting's retention: what the room forgets, and what it keeps.

When the retention is over (at once by default) the relay deletes the meeting's
records: every event up to its end, which carry who came, waited or was declined, what
they wrote, who asked for support and who was silenced (``Store.purge_meeting`` does
the SQL). The room carries on from what it keeps: its agenda, readings, settings and
sequence numbering, and the people still in it at that moment (they are named only in
the room's snapshot, rewritten as each of them leaves).

``forget_meeting`` is the rule for the room's state, kept pure. The meeting's words
are already gone from it (``MEETING_ENDED`` clears the transcript, notes, support and
silences); what the relay alone still held is the list of removed names, so a removal
lasts until the meeting's records are deleted. A client resuming from before the purge
is sent a fresh snapshot, since the events it missed no longer exist.
"""

import logging
from dataclasses import replace

from protocol.state import RoomState
from server.store import Store

log = logging.getLogger(__name__)


def forget_meeting(state: RoomState) -> RoomState:
    """The room's state once an ended meeting's records are deleted: no removed names."""
    return replace(state, removed_names=frozenset())


def purge_ended_meeting(store: Store, room: str, ended_seq: int, state: RoomState) -> RoomState:
    """Delete the records of the meeting that ended at ``ended_seq``; return the room's new state.

    Raises:
        sqlite3.Error: the deletion failed; it was rolled back and the records remain.
    """
    kept = forget_meeting(state)
    deleted = store.purge_meeting(room, ended_seq, kept)
    log.info(
        "room %s: deleted the %d records of the meeting that ended at event %d", room, deleted, ended_seq
    )
    return kept
