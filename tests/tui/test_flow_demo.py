"""The demo room starts with a real meeting's agenda: the SMART-style format."""

from server.relay import Relay
from tests.tui.helpers import joined
from tui.cli import DEMO_FORMAT, ensure_room


async def test_demo_room_gets_the_smart_agenda_once(tmp_path):
    """A new demo room has the format's five segments and guidelines; a second run adds nothing."""
    key_file = tmp_path / "demo.key"
    relay = Relay(tmp_path / "relay.sqlite3")
    plan = relay.formats[DEMO_FORMAT]
    try:
        key = ensure_room(relay, "demo", "Demo meeting", key_file, plan)
        assert ensure_room(relay, "demo", "Demo meeting", key_file, plan) == key
        await relay.start()
        async with joined(relay.url("demo"), "Fay", key) as fay:
            state = fay.meeting.session.state
            assert [item.title for item in state.agenda] == [segment.title for segment in plan.segments]
            assert any(reading.guidelines for reading in state.readings)
            assert fay.agenda.border_title == "Agenda 5"
    finally:
        await relay.stop()
