"""Who was turned away from a room's waiting room, so they stay away for the meeting.

A declined arrival who simply reconnects must not walk straight back into the waiting
room. The room remembers, until the meeting ends, the lookalike keys of the name they
chose (``protocol.names.removal_keys``: "Eve", "Evе" with a Cyrillic е and "Eve 2" are
one), the device key their hello carried if any, and their address, which bars
arrivals only when the room's ``bar_addresses`` setting is on (a shared address can be
a whole shelter or library). All of it lives in memory only: nothing about a declined
stranger is written to disk, and a relay restart forgets them.
"""

from dataclasses import dataclass, field

from protocol.names import removal_keys


@dataclass(frozen=True, slots=True)
class Arrival:
    """What the door knew about someone when they arrived in the waiting room."""

    name: str
    device_key: str | None
    address: str


@dataclass
class DeclinedArrivals:
    """The names, devices and addresses declined during this meeting."""

    name_keys: set[str] = field(default_factory=set)
    device_keys: set[str] = field(default_factory=set)
    addresses: set[str] = field(default_factory=set)

    def add(self, arrival: Arrival) -> None:
        """Remember ``arrival`` as declined."""
        self.name_keys |= removal_keys(arrival.name)
        if arrival.device_key:
            self.device_keys.add(arrival.device_key)
        self.addresses.add(arrival.address)

    def bars(self, arrival: Arrival, *, by_address: bool) -> bool:
        """Whether ``arrival`` was declined already (their address counts only ``by_address``)."""
        if not removal_keys(arrival.name).isdisjoint(self.name_keys):
            return True
        if arrival.device_key and arrival.device_key in self.device_keys:
            return True
        return by_address and arrival.address in self.addresses

    def clear(self) -> None:
        """The meeting ended: the next one starts with nobody turned away."""
        self.name_keys.clear()
        self.device_keys.clear()
        self.addresses.clear()
