"""A leader's messages carry their role word in the transcript, which no member's name can hold."""

from tests.tui.helpers import joined


async def test_a_facilitators_message_names_the_role(relay, room):
    """Fay's message reads "Fay (facilitator): ..." on a member's screen; a member's carries no word."""
    name, key = room
    url = relay.url(name)
    async with joined(url, "Fay", key) as fay, joined(url, "Max") as max_:
        await fay.type("welcome, everyone")
        await max_.wait(lambda: max_.shows("Fay (facilitator): welcome, everyone"), "the marked message")
        await max_.type("thanks")
        await fay.wait(lambda: fay.shows("Max: thanks"), "the member's message")
        assert not fay.shows("Max (")
