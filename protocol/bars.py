"""What a removal or a silence still bars when the person comes back as someone new.

Someone who leaves and rejoins gets a new participant id, so a silence kept by id alone
would end at the door. ``Bars`` keeps, for the rest of the meeting, the silences by the
confusable keys of the name the person chose (``protocol.names.removal_keys``) and, when
their client sent one, by their device: a removal bars the device for the whole meeting
(the name keys are barred by the state's ``removed_names``), a silence bars the name and
the device until it ends.

Devices appear here only as the relay's salted hashes (never the key itself), and
``Bars`` is never sent to anyone: it is the relay's memory, pure and immutable so that
the rules can be tested without a relay. A relay restart forgets it, as it forgets the
devices themselves.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from protocol.names import removal_keys

FOR_THE_MEETING = float("inf")
"""The ``until`` of a bar that lasts until the meeting ends (a removal)."""


def _frozen(items: Mapping[str, float] | None = None) -> Mapping[str, float]:
    return MappingProxyType(dict(items or {}))


@dataclass(frozen=True, slots=True)
class Bars:
    """Silences by name key and device, and removals by device, each with an end time."""

    silenced_names: Mapping[str, float] = field(default_factory=_frozen)
    """Name key to the server time its silence ends."""
    silenced_devices: Mapping[str, float] = field(default_factory=_frozen)
    """Device hash to the server time its silence ends."""
    removed_devices: Mapping[str, frozenset[str]] = field(default_factory=lambda: MappingProxyType({}))
    """Device hash of someone removed to the name keys they were removed under (so that
    allowing that name back lets the device back too)."""

    def removed(self, device: str | None) -> bool:
        """Whether this device's holder was removed from this meeting."""
        return device is not None and device in self.removed_devices

    def silence_for(self, name: str, device: str | None, now: float) -> int | None:
        """Until when a newcomer of this name (and device) stays silenced, or None."""
        ends = [self.silenced_names.get(key, 0.0) for key in removal_keys(name)]
        if device is not None:
            ends.append(self.silenced_devices.get(device, 0.0))
        until = max(ends, default=0.0)
        return int(until) if until > now else None

    def silence(self, name: str, device: str | None, until: int) -> "Bars":
        """Silence this name and device until ``until`` (0 lifts their silence)."""
        names = dict(self.silenced_names)
        devices = dict(self.silenced_devices)
        for key in removal_keys(name):
            if until > 0:
                names[key] = until
            else:
                names.pop(key, None)
        if device is not None:
            if until > 0:
                devices[device] = until
            else:
                devices.pop(device, None)
        return replace(self, silenced_names=_frozen(names), silenced_devices=_frozen(devices))

    def remove(self, name: str, device: str | None) -> "Bars":
        """Bar this device for the rest of the meeting (the name is barred by the state)."""
        if device is None:
            return self
        removed = dict(self.removed_devices)
        removed[device] = removal_keys(name)
        return replace(self, removed_devices=MappingProxyType(removed))

    def allow(self, name: str) -> "Bars":
        """Let back the devices removed under this name (or a lookalike of it)."""
        keys = removal_keys(name)
        kept = {device: names for device, names in self.removed_devices.items() if names.isdisjoint(keys)}
        return replace(self, removed_devices=MappingProxyType(kept))
