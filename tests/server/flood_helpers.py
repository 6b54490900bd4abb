"""Helpers for flood tests: send many commands at once, collect their answers, count events."""

from typing import Any

from protocol import CommandKind, ErrorFrame, Event, EventKind
from protocol.codec import decode
from protocol.frames import Ack, Frame
from tests.wire_client import WireClient


async def flood(client: WireClient, commands: list[tuple[CommandKind, tuple[Any, ...]]]) -> list[Frame]:
    """Send every command without waiting, then return each one's answer, in order.

    An answer is the first frame carrying the request id: the sender's own event, an
    ``Ack`` or an ``ErrorFrame``.
    """
    request_ids = [await client.send(kind, *args) for kind, args in commands]
    answers: dict[int, Frame] = {}

    def answered(frame: Frame) -> bool:
        request_id = getattr(frame, "request_id", None)
        mine = isinstance(frame, (ErrorFrame, Ack)) or (
            isinstance(frame, Event) and frame.actor == client.pid
        )
        if mine and request_id in request_ids and request_id not in answers:
            answers[request_id] = frame
        return len(answers) == len(request_ids)

    if request_ids:
        await client.until(answered)
    return [answers[request_id] for request_id in request_ids]


def hand_toggles(count: int) -> list[tuple[CommandKind, tuple[Any, ...]]]:
    """``count`` commands raising and lowering one's own hand in turn."""
    return [(CommandKind.RAISE, ()) if i % 2 == 0 else (CommandKind.LOWER, (None,)) for i in range(count)]


def refused(answers: list[Frame], code: str = "rate_limited") -> list[ErrorFrame]:
    """The answers that are error frames with ``code``."""
    return [a for a in answers if isinstance(a, ErrorFrame) and a.code == code]


def accepted(answers: list[Frame]) -> list[Event]:
    """The answers that are events (the command was recorded)."""
    return [a for a in answers if isinstance(a, Event)]


async def in_step(listener: WireClient, facilitator: WireClient) -> None:
    """Wait until ``listener`` has read everything sent before now (a facilitator's marker message)."""
    marker = f"marker {facilitator.next_request}"
    await facilitator.send(CommandKind.SAY, marker)
    await listener.until(
        lambda f: isinstance(f, Event) and f.kind is EventKind.SAID and f.fields[0] == marker
    )


def seen(client: WireClient, *kinds: EventKind) -> list[Event]:
    """The events of ``kinds`` that ``client`` has received so far."""
    return [f for f in client.received if isinstance(f, Event) and f.kind in kinds]


def stored(relay: Any, room: str, kind: EventKind) -> int:
    """How many events of ``kind`` the relay's database holds for ``room``."""
    frames = relay.store.event_frames_after(room, 0, 100_000) or []
    return sum(1 for frame in frames if (event := decode(frame)) and getattr(event, "kind", None) is kind)
