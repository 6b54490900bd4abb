"""Text from other people is shown as data: no markup, no terminal control sequences."""

from protocol import CommandKind
from tests.tui.helpers import joined
from tui.widgets.transcript import Transcript

HOSTILE = "[@click=app.quit]x[/] \x1b]52;c;AAAA\x07 done"


def rendered_lines(transcript: Transcript) -> list[str]:
    """The transcript's lines as the terminal would receive them (segment text)."""
    return [
        "".join(segment.text for segment in transcript.render_line(y))
        for y in range(transcript.content_size.height)
    ]


async def test_markup_and_escapes_in_a_message_are_shown_literally(relay, room):
    """Markup shows as typed, and no ESC or BEL from a message reaches the screen."""
    name, key = room
    async with joined(relay.url(name), "Fay", key) as fay, joined(relay.url(name), "Max") as max_:
        max_.meeting.session.send(CommandKind.SAY, HOSTILE)
        await fay.wait(lambda: fay.shows("done"), "the message at Fay's")
        for seat in (fay, max_):
            await seat.wait(lambda s=seat: s.shows("[@click=app.quit]x[/]"), "the literal markup")
            lines = rendered_lines(seat.meeting.query_one(Transcript))
            assert any("Max: [@click=app.quit]x[/]" in line for line in lines)
            assert not any("\x1b" in line or "\x07" in line for line in lines)
            assert "\x1b]52" not in seat.app.export_screenshot()
        assert fay.app.is_running and max_.app.is_running


async def test_escapes_in_our_own_pending_message_are_neutralised(relay, room):
    """Our own message, shown before the relay cleans it, carries no control bytes either."""
    name, _ = room
    async with joined(relay.url(name), "Max") as max_:
        max_.meeting.say_or_command(HOSTILE)
        lines = rendered_lines(max_.meeting.query_one(Transcript))
        assert any("[@click=app.quit]x[/]" in line for line in lines)
        assert not any("\x1b" in line or "\x07" in line for line in lines)
