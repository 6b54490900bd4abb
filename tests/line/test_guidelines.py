"""Line mode in a room with guidelines: a member reads them and accepts them with /accept."""

from tests.line.helpers import LineClient


async def test_a_member_accepts_the_guidelines_then_posts(relay, room):
    """The welcome shows the guidelines and /accept; a post waits for it; after /accept it goes."""
    url = relay.url("demo")
    fran = await LineClient(url, "Fran", room[1]).start()
    fran.type("/format smart")
    await fran.wait_for("Guidelines")
    sam = await LineClient(url, "Sam").start()
    await sam.wait_for("Type /accept to accept the guidelines")
    sam.type("hello before accepting")
    await sam.wait_for("! ")
    sam.type("/accept")
    await sam.wait_for("You accepted the guidelines.")
    sam.type("hello after accepting")
    await fran.wait_for("Sam: hello after accepting")
    assert not any("hello before accepting" in line for line in fran.out)
    await sam.end()
    await fran.end()
