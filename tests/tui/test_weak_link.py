"""Behaviour on a link that drops: typed messages wait, show as pending, and go out later."""

from server.relay import Relay
from tests.tui.helpers import joined
from tui.core.updates import ConnectionStatus
from tui.widgets.status import StatusLine


async def test_message_typed_while_the_link_is_down_is_pending_then_sent(tmp_path):
    """A message typed during a drop shows as pending ("…") and is posted after the resume."""
    db = tmp_path / "relay.sqlite3"
    first = Relay(db, "127.0.0.1", 0)
    await first.start()
    first.create_room("demo", "Demo meeting")
    port = first.port
    second = Relay(db, "127.0.0.1", port)
    try:
        async with joined(first.url("demo"), "Max") as max_:
            session = max_.meeting.session
            await first.stop()
            await max_.wait(lambda: session.status is ConnectionStatus.RECONNECTING, "the drop")
            await max_.type("still here")
            assert max_.shows("Max: still here …")
            status = max_.meeting.query_one(StatusLine).plain
            assert status.startswith("reconnecting") and "1 pending" in status
            await second.start()
            await max_.wait(lambda: max_.shows("Max: still here") and not max_.shows("…"), "the post")
            assert "pending" not in max_.meeting.query_one(StatusLine).plain
    finally:
        await second.stop()
