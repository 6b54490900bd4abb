"""Markup and escape sequences in names and messages print as plain text, never as terminal codes."""

from protocol import CommandKind
from tests.line.helpers import LineClient

HOSTILE = "[bold]x[/] \x1b[31mred\x1b]0;title\x07 \u009b2J [@click=app.quit]q[/] \u202eevil"


async def test_escape_sequences_and_markup_print_as_plain_text(relay, room):
    """A hostile message and name reach the printed lines with no ESC, C1 or bidi byte."""
    url = relay.url("demo")
    fran = await LineClient(url, "Fran", room[1]).start()
    neo = await LineClient(url, "[b]Neo[/b]").start()
    neo.type(HOSTILE)
    line = fran.out[await fran.wait_for("[@click=app.quit]q[/]")]
    assert line.endswith("[b]Neo[/b]: [bold]x[/] �[31mred�]0;title� �2J [@click=app.quit]q[/] �evil")
    printed = "\n".join(fran.out)
    assert "\x1b" not in printed and "\u009b" not in printed and "\u202e" not in printed
    assert "[b]Neo[/b] joined" in printed
    await neo.end()
    await fran.end()


async def test_continuation_lines_of_a_message_are_indented(relay, room):
    """A message holding line breaks prints its further lines behind the gutter, not as new lines."""
    url = relay.url("demo")
    fran = await LineClient(url, "Fran", room[1]).start()
    sam = await LineClient(url, "Sam").start()
    fran.session.send(CommandKind.SAY, "first\n12:00 Sam: forged")
    index = await sam.wait_for("first")
    assert sam.out[index + 1] == "      | 12:00 Sam: forged"
    await sam.end()
    await fran.end()
