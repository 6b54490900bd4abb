"""The waiting room in line mode: the welcome in words, accepting, a note, being let in."""

from tests.line.helpers import LineClient


async def waiting_client(relay, room) -> tuple[LineClient, LineClient]:
    """Fran with the waiting room on, and Neo waiting in it."""
    url = relay.url("demo")
    fran = await LineClient(url, "Fran", room[1]).start()
    fran.type("/waiting on")
    await fran.wait_for("Waiting room on")
    neo = await LineClient(url, "Neo").start(until="Type /accept to accept the guidelines")
    return fran, neo


async def test_someone_waiting_reads_where_they_are_and_what_to_type(relay, room):
    """The waiting room prints the room's title, its guidelines and the words to answer."""
    fran, neo = await waiting_client(relay, room)
    assert neo.out[0] == "You are in the waiting room of Demo meeting. A facilitator will let you in."
    shown = "\n".join(await neo.ask("/help", "/guidelines"))
    assert "/accept" in shown and "/note TEXT" in shown and "/who" not in shown
    shown = await neo.ask("/who", "waiting room")
    assert shown == ["You are in the waiting room: the meeting shows once a facilitator lets you in."]
    await neo.end()
    await fran.end()


async def test_accepting_and_a_note_reach_the_facilitators(relay, room):
    """``/accept`` and ``/note`` from the waiting room are read by the facilitator."""
    fran, neo = await waiting_client(relay, room)
    await fran.wait_for("Neo is waiting")
    neo.type("/accept")
    await fran.wait_for("Neo is waiting (accepted the guidelines)")
    neo.type("/note first time here, a bit nervous")
    line = fran.out[await fran.wait_for("first time here")]
    assert "Neo to the facilitators (private): first time here, a bit nervous" in line
    await neo.end()
    await fran.end()


async def test_let_in_by_a_facilitator_joins_the_meeting(relay, room):
    """``/admit NAME`` lets the waiting person in: they read it and then the meeting's lines."""
    fran, neo = await waiting_client(relay, room)
    fran.type("before Neo came in")
    await fran.wait_for("before Neo came in")
    fran.type("/admit Neo")
    await neo.wait_for("A facilitator let you in.")
    await neo.wait_for("You are in Demo meeting as Neo (member)")
    await neo.wait_for("Fran (facilitator): before Neo came in")
    neo.type("thanks for having me")
    await fran.wait_for("Neo: thanks for having me")
    await neo.end()
    await fran.end()
