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
    Mode,
    Participant,
    Role,
    RoomState,
    Welcome,
    decode,
    encode,
)
from protocol.kinds import HandReason, Reaction
from protocol.state import state_to_wire

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
    'Hello(3, "Ada")': Hello(PROTOCOL_VERSION, "Ada"),
    'Hello(3, "Ada", None, "tok", 41)': Hello(PROTOCOL_VERSION, "Ada", None, "tok", 41),
    'Hello(3, "Ada", None, None, None, "0123456789abcdef")': Hello(
        PROTOCOL_VERSION, "Ada", None, None, None, "0123456789abcdef"
    ),
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
    "Command(8, RAISE, (RESPONSE,))": Command(8, CommandKind.RAISE, (HandReason.RESPONSE,)),
    "Ack(7, 42)": Ack(7, 42),
    'Command(9, AGENDA_ADD, ("Check-in", 15, (ROUND, False, 120, False, None)))': Command(
        9, CommandKind.AGENDA_ADD, ("Check-in", 15, (Mode.ROUND, False, 120, False, None))
    ),
    "Command(10, REACT, (ME_TOO,))": Command(10, CommandKind.REACT, (Reaction.ME_TOO,)),
    'Event(43, 1700000000, NOTED, 3, 11, (3, None, "rough day"))': Event(
        43, 1_700_000_000, EventKind.NOTED, 3, 11, (3, None, "rough day")
    ),
}


def hex_of(data: bytes) -> str:
    return data.hex(" ")


def test_examples_in_document_are_current():
    """Every example's hex in docs/protocol.md equals encode() of the frame it describes."""
    text = " ".join(DOC.read_text(encoding="utf-8").split())
    for label, frame in EXAMPLES.items():
        assert f"{label}` → `{hex_of(encode(frame))}`" in text, label


def test_every_command_and_event_is_documented():
    """Every command and event kind has its row, by number and name, in docs/protocol.md."""
    text = DOC.read_text(encoding="utf-8")
    for kind in (*CommandKind, *EventKind):
        assert f"| {int(kind)} | `{kind.name}` |" in text, kind


def test_snapshot_size_is_documented():
    """The document gives the snapshot's length as state_to_wire builds it."""
    length = len(state_to_wire(_ROOM))
    assert f"`Welcome.snapshot` is an array of {length} elements" in DOC.read_text(encoding="utf-8")


def test_examples_decode_back():
    """The documented bytes decode to the documented frames."""
    for frame in EXAMPLES.values():
        assert decode(encode(frame)) == frame


if __name__ == "__main__":
    for label, frame in EXAMPLES.items():
        data = encode(frame)
        print(f"- `{label}` → `{hex_of(data)}` ({len(data)} bytes)\n")
