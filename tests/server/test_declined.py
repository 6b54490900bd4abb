"""Who was declined during a meeting: by name and lookalikes, by device key, by address if asked."""

from server.declined import Arrival, DeclinedArrivals


def _declined(*arrivals: Arrival) -> DeclinedArrivals:
    declined = DeclinedArrivals()
    for arrival in arrivals:
        declined.add(arrival)
    return declined


def test_a_device_key_bars_its_device_under_any_name():
    """An arrival whose hello carries a declined device key is barred whatever name it gives."""
    declined = _declined(Arrival("Eve", "device-1", "10.0.0.1"))
    assert declined.bars(Arrival("Completely New", "device-1", "10.9.9.9"), by_address=False)
    assert not declined.bars(Arrival("Completely New", "device-2", "10.9.9.9"), by_address=False)


def test_an_address_bars_only_when_the_room_asks():
    """A declined address bars another name only with by_address (the room's bar_addresses)."""
    declined = _declined(Arrival("Eve", None, "10.0.0.1"))
    assert not declined.bars(Arrival("Zed", None, "10.0.0.1"), by_address=False)
    assert declined.bars(Arrival("Zed", None, "10.0.0.1"), by_address=True)


def test_clear_forgets_everyone():
    """After clear (the meeting ended) nobody is barred any more."""
    declined = _declined(Arrival("Eve", "device-1", "10.0.0.1"))
    declined.clear()
    assert not declined.bars(Arrival("Eve", "device-1", "10.0.0.1"), by_address=True)
