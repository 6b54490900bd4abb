"""The relay's public JSON shapes: a room entry and a format entry, out and back in."""

from datetime import UTC, datetime

from protocol.directory import FormatEntry, RoomEntry, formats_from_json, rooms_from_json


def test_room_entry_round_trips():
    """A room entry read back from its own JSON is the same entry."""
    entry = RoomEntry(
        "grp",
        "Group",
        3,
        "Check-in",
        live=True,
        next_start=datetime(2026, 5, 6, 18, 0, tzinfo=UTC),
        format="SMART",
        description="Line one\nLine two",
        schedule="weekly Wed 18:00 UTC",
    )
    assert RoomEntry.from_json(entry.to_json()) == entry


def test_room_entry_sends_next_start_in_utc_with_z():
    """The next start travels as ISO 8601 in UTC, ending in Z."""
    entry = RoomEntry("grp", "Group", 0, None, next_start=datetime(2026, 5, 6, 18, 0, tzinfo=UTC))
    assert entry.to_json()["next_start"] == "2026-05-06T18:00:00Z"


def test_room_entry_text_is_cleaned_on_the_way_in():
    """Control characters in a relay's text never reach the client's screens."""
    (entry,) = rooms_from_json([{"name": "a", "title": "T\x1b]52;c;x\x07", "description": "a\x9bb\nc"}])
    assert "\x1b" not in entry.title and "\x07" not in entry.title
    assert entry.description == "a\ufffdb\nc"


def test_room_entry_fields_of_the_wrong_type_read_as_absent():
    """A negative or boolean count reads as 0, a non-text field as None."""
    (entry,) = rooms_from_json([{"name": "a", "present": -4, "contact": 7, "live": 1}])
    assert (entry.present, entry.contact, entry.live) == (0, None, False)
    (entry,) = rooms_from_json([{"name": "a", "present": True}])
    assert entry.present == 0


def test_format_entry_round_trips():
    """A format entry read back from its own JSON is the same entry."""
    entry = FormatEntry("smart", "SMART Recovery", "Five segments.", 5)
    assert FormatEntry.from_json(entry.to_json()) == entry


def test_format_list_skips_repeats_and_nameless_entries():
    """Only the first entry of each name is kept; entries without a name are dropped."""
    payload = [{"name": "a", "title": "A"}, {"name": ""}, {"title": "x"}, {"name": "a", "title": "B"}]
    assert [(f.name, f.title) for f in formats_from_json(payload)] == [("a", "A")]
