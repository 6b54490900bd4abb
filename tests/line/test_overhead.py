"""What a message costs in line mode beyond its sender's name and its text."""

from tests.line.helpers import LineClient

MOST_BYTES_PER_MESSAGE = 24
"""Bytes a printed message may add to its name and text (time, separators, role, newline)."""


def overhead(line: str, name: str, text: str) -> int:
    """Bytes of ``line`` and its newline beyond ``name`` and ``text``."""
    return len((line + "\n").encode()) - len(name.encode()) - len(text.encode())


async def test_a_members_message_costs_nine_bytes_beyond_name_and_text(relay, room):
    """``HH:MM Sam: text\\n``: the time, a space, a colon, a space and the newline."""
    fran = await LineClient(relay.url("demo"), "Fran", room[1]).start()
    sam = await LineClient(relay.url("demo"), "Sam").start()
    sam.type("how is everyone")
    line = fran.out[await fran.wait_for("Sam: how is everyone")]
    assert overhead(line, "Sam", "how is everyone") == 9
    await sam.end()
    await fran.end()


async def test_a_facilitators_message_stays_within_the_limit(relay, room):
    """A facilitator's or co-facilitator's message, role word included, adds at most 24 bytes."""
    fran = await LineClient(relay.url("demo"), "Fran", room[1]).start()
    sam = await LineClient(relay.url("demo"), "Sam").start()
    fran.type("let us begin")
    await sam.wait_for("let us begin")
    fran.type("/promote Sam")
    await fran.wait_for("Sam is now co-facilitator")
    sam.type("thank you")
    led = fran.out[await fran.wait_for("thank you")]
    by_facilitator = sam.out[await sam.wait_for("let us begin")]
    assert overhead(by_facilitator, "Fran", "let us begin") == 23
    assert overhead(led, "Sam", "thank you") <= MOST_BYTES_PER_MESSAGE
    await sam.end()
    await fran.end()
