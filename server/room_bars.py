"""A live room's memory of who it declined, removed or silenced, so that it follows them back.

Someone turned away, removed or silenced may come back as someone new: another
participant id, a lookalike name, the same device or (when the room bars addresses) the
same address. ``RoomBars`` keeps, for one room and one meeting, what it takes to know
them again: the salted hash of each device key (never the key itself), what the door
knew of each person still in the waiting room (``server.declined.Arrival``), the
arrivals declined (``server.declined.DeclinedArrivals``) and what a removal or a silence
still holds against a name or a device (``protocol.bars.Bars``). ``check`` refuses an
arrival it bars and ``learn`` takes in each event a command recorded; the meeting's end
clears the declined and the holds. The same device hashes say who is back on the same
device with no resume token (``same_device``: a client started again takes its own held
seat). All of it is memory only: a relay restart forgets it.

It sends and stores nothing: closing a barred person's link and recording the silence
that follows them in stay with ``server.room``.
"""

import hashlib
import secrets

from protocol.bars import Bars
from protocol.close_codes import DECLINED_MESSAGE, REMOVED_MESSAGE
from protocol.errors import Refused
from protocol.frames import Event
from protocol.kinds import EventKind
from protocol.names import same_name
from protocol.state import RoomState
from server.declined import Arrival, DeclinedArrivals


class RoomBars:
    """Who this meeting keeps out or silent, by name keys, device hashes and addresses."""

    def __init__(self, *, by_address: bool = False) -> None:
        """Start with nobody barred.

        Args:
            by_address: Whether a declined arrival's address alone keeps someone out for
                the meeting (the room's ``bar_addresses`` setting: a shared address can be
                a whole shelter or library).
        """
        self.by_address = by_address
        """Whether a declined arrival's address stays out too (a room setting)."""
        self.declined = DeclinedArrivals()
        """Who was turned away from the waiting room during this meeting."""
        self.holds = Bars()
        """Who a removal or a silence still bars when they come back as someone new."""
        self.devices: dict[int, str] = {}
        """Participant id to the salted hash of their device key (``device_hash``)."""
        self._waiting: dict[int, Arrival] = {}
        """What the door knew of each person in the waiting room, in case they are declined."""
        self._device_salt = secrets.token_bytes(16)

    def device_hash(self, device_key: str | None) -> str | None:
        """The salted hash the room keeps of a device key (the key itself is never kept)."""
        if device_key is None:
            return None
        return hashlib.sha256(self._device_salt + device_key.encode()).hexdigest()

    def arrival(self, name: str, device_key: str | None, address: str) -> Arrival:
        """What the door knows of someone arriving, their device key replaced by its hash.

        A declined device is remembered by its hash, as everywhere else: never the key itself.
        """
        return Arrival(name, self.device_hash(device_key), address)

    def check(self, arrival: Arrival) -> None:
        """Refuse an arrival this meeting declined or removed already.

        Raises:
            Refused: ``declined`` (by name, device or, ``by_address``, address) or ``removed``.
        """
        if self.declined.bars(arrival, by_address=self.by_address):
            raise Refused("declined", DECLINED_MESSAGE)
        if self.holds.removed(arrival.device_key):
            raise Refused("removed", REMOVED_MESSAGE)

    def silence_for(self, name: str, device: str | None, now: float) -> int | None:
        """Until when a newcomer of this name (and device) stays silenced, or None."""
        return self.holds.silence_for(name, device, now)

    def seen(self, pid: int, device: str | None) -> None:
        """Remember ``pid``'s device hash, when their hello carried a device key."""
        if device is not None:
            self.devices[pid] = device

    def same_device(self, state: RoomState, name: str, device_key: str | None, leads: bool) -> int | None:
        """The held seat (link dropped, place kept) of the person back on the same device.

        Their client was started again, so it has no resume token: the device key and the
        same name (or its numbered form, "Ann 2") show it is them. A facilitator's seat
        goes back only to a hello with the room's key (``leads``).
        """
        device = self.device_hash(device_key)
        if device is None:
            return None
        for pid, person in state.participants.items():
            if person.connected or self.devices.get(pid) != device or (person.role.leads and not leads):
                continue
            base = person.name.rsplit(" ", 1)[0] if person.name.rsplit(" ", 1)[-1].isdigit() else person.name
            if same_name(name, person.name) or same_name(name, base):
                return pid
        return None

    def forget_device(self, pid: int) -> None:
        """``pid`` is gone for good: their device hash goes (a hold on it stays)."""
        self.devices.pop(pid, None)

    def waiting(self, pid: int, arrival: Arrival) -> None:
        """``pid`` arrived in the waiting room: keep what the door knew, in case they are declined."""
        self._waiting[pid] = arrival

    def left_waiting(self, pid: int) -> None:
        """``pid`` is no longer in the waiting room without having been declined."""
        self._waiting.pop(pid, None)

    def learn(self, before: RoomState, event: Event) -> None:
        """Take in one event a command recorded.

        Args:
            before: The room before the command, which still names whoever was removed
                or silenced.
            event: The event; those that change what the meeting bars are a removal, a
                silence, letting a name back, a decline, an admission, a leaving and the
                meeting's end.
        """
        kind = event.kind
        if kind is EventKind.MEETING_ENDED:
            self.holds = Bars()
            self.declined.clear()
        elif kind is EventKind.ALLOWED:
            self.holds = self.holds.allow(event.fields[0])
        elif kind is EventKind.DECLINED:
            arrival = self._waiting.pop(event.fields[0], None)
            if arrival is not None:
                self.declined.add(arrival)
        elif kind in (EventKind.LEFT, EventKind.WAITER_LEFT, EventKind.ADMITTED):
            self._waiting.pop(event.fields[0], None)
        elif kind in (EventKind.REMOVED, EventKind.SILENCED):
            self._hold(before, event)

    def _hold(self, before: RoomState, event: Event) -> None:
        """Keep what a removal or silence bars for when the person comes back as someone new."""
        person = before.participants.get(event.fields[0])
        if person is None:
            return
        device = self.devices.get(person.pid)
        if event.kind is EventKind.REMOVED:
            self.holds = self.holds.remove(person.name, device)
        else:
            self.holds = self.holds.silence(person.name, device, event.fields[1])
