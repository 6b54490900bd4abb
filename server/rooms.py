"""The relay's open rooms: each loaded from the store on first use, all loaded at start.

``RoomRegistry`` is all that connection handling, the directory and the HTTP routes know
of the relay's rooms: ``get(name)`` gives the live ``Room`` (or None), ``open_rooms``
the ones loaded so far. Loading a room rebuilds its state from the store and puts its
settings (welcome, resources, retention) on it; settings changed later are taken up at
the relay's next start. ``RoomLookup`` is the narrow view a caller that only looks rooms
up depends on.
"""

from collections.abc import Mapping
from typing import Protocol

from protocol.meeting_format import MeetingFormat
from server.room import Room
from server.settings import RoomSettings
from server.store import Store


class RoomLookup(Protocol):
    """Finds a live room by name (what a connection or the directory needs of the relay)."""

    def get(self, name: str) -> Room | None:
        """The live room called ``name``, or None if there is no such room."""
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
    ) -> None:
        self._store = store
        self._formats = dict(formats)
        self._grace_seconds = grace_seconds
        self._replay_limit = replay_limit
        self._rooms: dict[str, Room] = {}

    def get(self, name: str) -> Room | None:
        """The live room called ``name``, loading it from the store on first use."""
        room = self._rooms.get(name)
        if room is None:
            record = self._store.room(name)
            if record is None:
                return None
            settings = RoomSettings.from_store(self._store.settings(name))
            room = Room(
                settings.onto(self._store.load_state(record)),
                self._store,
                grace_seconds=self._grace_seconds,
                replay_limit=self._replay_limit,
                formats=self._formats,
                retention_hours=settings.retention_hours,
                history=settings.history,
            )
            self._rooms[name] = room
        return room

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
