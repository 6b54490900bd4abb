"""The relay's command line keeps a room's text within a snapshot's budget too: a welcome
or a format that would not fit with the room's readings is refused with what to do."""

import pytest

from protocol import EventKind
from protocol.meeting_format import MeetingFormat, ReadingPlan, SegmentPlan
from server.cli import main
from server.room_setup import SetupError, record_events, seed_room
from server.store import Store

CJK = "\u8bfb"


@pytest.fixture
def full_room(tmp_path):
    """A database with room "grp" whose one reading takes most of the room's text budget."""
    db = tmp_path / "relay.sqlite3"
    store = Store(db)
    store.create_room("grp", "Group")
    record_events(
        store, "grp", [(EventKind.READING_ADDED, (1, "Long", CJK * 6800, False))]
    )
    store.close()
    return db


def test_welcome_that_does_not_fit_is_refused(full_room, capsys):
    """`room set --welcome` with a welcome past what the readings leave exits 2 and says what to shorten."""
    assert main(["room", "set", "grp", "--welcome", CJK * 2000, "--db", str(full_room)]) == 2
    assert "do not fit with this room's readings" in capsys.readouterr().err


def test_welcome_that_fits_is_kept(full_room):
    """A short welcome next to the same readings is stored."""
    assert main(["room", "set", "grp", "--welcome", "Hello and welcome.", "--db", str(full_room)]) == 0


def test_format_that_does_not_fit_is_refused(full_room):
    """Seeding a format whose readings would not fit with the room's is refused."""
    plan = MeetingFormat(
        "big", "Big", "", (SegmentPlan("Read", 5, reading="More"),), (ReadingPlan("More", CJK * 4000),)
    )
    store = Store(full_room)
    try:
        with pytest.raises(SetupError, match="remove some readings"):
            seed_room(store, "grp", plan)
    finally:
        store.close()
