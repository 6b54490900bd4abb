"""The relay's open rooms: each loaded from the store on first use, all loaded at start.

``RoomRegistry`` is all that connection handling, the directory and the HTTP routes know
of the relay's rooms: ``get(name)`` gives the live ``Room`` (or None), ``open_rooms``
the ones loaded so far. Loading a room rebuilds its state from the store and puts its
settings (welcome, resources, retention) on it; settings changed later are taken up at
the relay's next start, except guest invitations made on the command line, taken up at
every hello. ``RoomLookup`` is the narrow view a caller that only looks rooms
up depends on.
"""

import logging
from collections.abc import Mapping
from typing import Protocol

from protocol.meeting_format import MeetingFormat
from server.guest_invites import expired, take_up
from server.metrics import RelayMetrics
from server.room import Room
from server.settings import SHOWN_KEY, RoomSettings
from server.store import RoomUnavailable, Store

log = logging.getLogger(__name__)


class RoomLookup(Protocol):
    """Finds a live room by name (what a connection or the directory needs of the relay)."""

    def get(self, name: str) -> Room | None:
        """The live room called ``name``, or None if there is no such room."""
        ...

    def unavailable(self, name: str) -> str | None:
        """Why room ``name`` is kept closed (its records did not rebuild), or None."""
        ...

    def open_rooms(self) -> list[Room]:
        """The rooms loaded now."""
        ...

    def take_up_invitations(self, room: Room) -> None:
        """Record the guest invitations the command line left for ``room`` since last asked,
        and the end of those that expired."""
        ...


class RoomRegistry:
    """Every room the relay serves, by name, loaded once and kept while the relay runs."""

    def __init__(
        self,
        store: Store,
        formats: Mapping[str, MeetingFormat],
        *,
        grace_seconds: float,
        replay_limit: int,
        metrics: RelayMetrics | None = None,
    ) -> None:
        self._store = store
        self._metrics = metrics
        self._formats = dict(formats)
        self._grace_seconds = grace_seconds
        self._replay_limit = replay_limit
        self._rooms: dict[str, Room] = {}
        self._unavailable: dict[str, str] = {}
        """Rooms whose stored records did not rebuild, with why: closed until a restart."""

    def get(self, name: str) -> Room | None:
        """The live room called ``name``, loading it from the store on first use.

        None if there is no such room, or if it is kept closed (see ``unavailable``).
        """
        room = self._rooms.get(name)
        if room is None:
            record = self._store.room(name)
            if record is None or name in self._unavailable:
                return None
            try:  # one room that does not load must not stop the relay
                raw = self._store.settings(name)
                settings = RoomSettings.from_store(raw)
                stored = settings.onto(self._store.load_state(record))
                shown = settings.shown()
                changed = raw.get(SHOWN_KEY) != shown
                if changed:
                    self._store.update_settings(name, {SHOWN_KEY: shown})
            except Exception as failure:
                self._keep_closed(name, failure)
                return None
            room = Room(
                stored,
                self._store,
                grace_seconds=self._grace_seconds,
                replay_limit=self._replay_limit,
                formats=self._formats,
                retention_hours=settings.retention_hours,
                history=settings.history,
                bar_addresses=settings.bar_addresses,
                metrics=self._metrics,
                # Settings changed while no relay ran reach a client only in a snapshot.
                fresh_view_before=stored.seq + 1 if changed else 0,
            )
            self._rooms[name] = room
            self.take_up_invitations(room)
        return room

    def take_up_invitations(self, room: Room) -> None:
        """Record the guest invitations the command line left for ``room``, and the end of
        those that expired (``server.guest_invites``)."""
        room.record(take_up(self._store, room.state, room.clock()))
        room.record(expired(room.state, room.clock()))

    def unavailable(self, name: str) -> str | None:
        """Why room ``name`` is kept closed until a restart, or None when it is not."""
        return self._unavailable.get(name)

    def _keep_closed(self, name: str, failure: Exception) -> None:
        """Log why room ``name`` did not load and refuse it until the relay restarts."""
        if isinstance(failure, RoomUnavailable):
            reason = failure.reason
        else:
            reason = f"{type(failure).__name__}: {failure}"
        log.error(
            "room %s cannot be loaded and stays closed: %s (restore a backup or delete it with "
            "`talkingstick-relay room delete %s`)",
            name,
            reason,
            name,
        )
        self._unavailable[name] = reason

    def load(self) -> None:
        """Load every stored room: hold everyone's place again, resume pending purges.

        Called once as the relay starts, so that whoever was in a meeting when it stopped
        gets their grace period, and an ended meeting's words are still deleted on time.
        """
        for record in self._store.rooms():
            room = self.get(record.name)
            if room is not None:
                room.hold_places_after_restart()
        for name, ended_seq, ended_at in self._store.meetings_to_purge():
            room = self.get(name)
            if room is not None:
                room.schedule_purge(ended_seq, ended_at)

    def open_rooms(self) -> list[Room]:
        """The rooms loaded so far, by name."""
        return [self._rooms[name] for name in sorted(self._rooms)]

    def shutdown(self) -> None:
        """Cancel every room's timers: the relay is stopping."""
        for room in self._rooms.values():
            room.shutdown()
