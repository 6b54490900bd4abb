"""The hex examples in ``docs/protocol.md`` are exactly what ``protocol.encode`` produces.

Run ``python -m tests.protocol.test_doc_examples`` to print the examples for the document.
"""

from pathlib import Path
from types import MappingProxyType

from protocol import (
    PROTOCOL_VERSION,
    Ack,
    AgendaItem,
    Command,
    CommandKind,
    ErrorFrame,
    Event,
    EventKind,
    Hello,
    Message,
    Participant,
    Role,
    RoomState,
    Welcome,
    decode,
    encode,
)

DOC = Path(__file__).resolve().parents[2] / "docs" / "protocol.md"

_ROOM = RoomState(
    name="demo",
    title="Demo",
    seq=3,
    participants=MappingProxyType({1: Participant(1, "Ada", Role.FACILITATOR)}),
    agenda=(AgendaItem(1, "Check-in", 10),),
    transcript=(Message(3, 1, "Ada", "hi", 1_700_000_000),),
    next_pid=2,
    next_item_id=2,
)

EXAMPLES = {
    'Hello(1, "Ada")': Hello(PROTOCOL_VERSION, "Ada"),
    'Hello(1, "Ada", None, "tok", 41)': Hello(PROTOCOL_VERSION, "Ada", None, "tok", 41),
    'Welcome(1, FACILITATOR, "tok", 1700000000.5, <room below>)': Welcome(
        1, Role.FACILITATOR, "tok", 1_700_000_000.5, _ROOM
    ),
    'Welcome(3, MEMBER, "tok", 1700000000.5, None)': Welcome(3, Role.MEMBER, "tok", 1_700_000_000.5, None),
    'ErrorFrame("no_floor", "You do not have the floor.", 7)': ErrorFrame(
        "no_floor", "You do not have the floor.", 7
    ),
    'Event(42, 1700000000, SAID, 3, 7, ("hello",))': Event(
        42, 1_700_000_000, EventKind.SAID, 3, 7, ("hello",)
    ),
    'Command(7, SAY, ("hello",))': Command(7, CommandKind.SAY, ("hello",)),
    "Command(8, RAISE, ())": Command(8, CommandKind.RAISE),
    "Ack(7, 42)": Ack(7, 42),
}


def hex_of(data: bytes) -> str:
    return data.hex(" ")


def test_examples_in_document_are_current():
    """Every example's hex in docs/protocol.md equals encode() of the frame it describes."""
    text = " ".join(DOC.read_text(encoding="utf-8").split())
    for label, frame in EXAMPLES.items():
        assert f"{label}` → `{hex_of(encode(frame))}`" in text, label


def test_examples_decode_back():
    """The documented bytes decode to the documented frames."""
    for frame in EXAMPLES.values():
        assert decode(encode(frame)) == frame


if __name__ == "__main__":
    for label, frame in EXAMPLES.items():
        data = encode(frame)
        print(f"- `{label}` → `{hex_of(data)}` ({len(data)} bytes)\n")
