"""Websocket close codes the relay uses, and what each one means to the person it closed.

Both sides read this one table: the relay closes with these numbers, and the client
decides from them whether trying again can help (a final close ends its retries with
the sentence given here; a busy one waits the pause given in ``RETRY_AFTER``).
Numbers are append-only, like the frame kinds.
"""

from dataclasses import dataclass
from enum import IntEnum


class CloseCode(IntEnum):
    """The relay's own close codes (4000-4999 is the range RFC 6455 leaves to applications)."""

    UNKNOWN_ROOM = 4001
    BAD_HELLO = 4002
    REMOVED = 4003
    BAD_KEY = 4004
    VERSION = 4005
    ROOM_FULL = 4006
    DECLINED = 4007
    SLOW_READER = 4008
    REPLACED = 4009
    ROOM_UNAVAILABLE = 4010
    WAITING_FULL = 4011
    CLOSED_TO_ARRIVALS = 4012
    TOO_MANY_FROM_ADDRESS = 4013
    TOO_MANY_JOINS = 4014
    RELAY_FULL = 4015
    BAD_INVITE = 4016


POLICY_VIOLATION = 1008
"""The standard code for a peer that broke the protocol (no hello, say)."""


@dataclass(frozen=True, slots=True)
class FinalClose:
    """A close after which reconnecting cannot help: the session ends with this sentence."""

    code: str
    message: str


DECLINED_MESSAGE = "The facilitators could not admit you today."
"""What a declined arrival is told when the close arrives before the DECLINED event."""

REMOVED_MESSAGE = "You were removed from this room. A facilitator can allow you back."

ROOM_UNAVAILABLE_MESSAGE = (
    "This room cannot be opened on this relay right now; its operator can see why in the relay's log."
)
"""What someone is told when the relay could not rebuild the room from its database."""

ROOM_FULL_MESSAGE = "This meeting is full."

UPDATE_COMMAND = "pip install -U talkingstick"
"""How a person brings their talkingstick up to the relay's protocol version."""


def version_mismatch(relay_version: int, client_version: int) -> str:
    """What someone whose client speaks another protocol version than the relay is told."""
    return (
        f"This relay speaks protocol version {relay_version}; your talkingstick speaks "
        f"{client_version}. Update it with: {UPDATE_COMMAND}"
    )


CLOSED_TO_ARRIVALS_MESSAGE = "This meeting is closed to new arrivals right now."
"""What an arrival is told while the facilitators have the room in lockdown."""

WAITING_FULL_MESSAGE = "The waiting room is full right now; trying again in a minute."

TOO_MANY_FROM_ADDRESS_MESSAGE = "Too many connections from your network; trying again shortly."

TOO_MANY_JOINS_MESSAGE = "Too many arrivals from your network this minute; trying again shortly."

BAD_INVITE_MESSAGE = (
    "That invitation code is not valid here: it was used, cancelled or has expired. "
    "Ask the facilitator for a new one."
)
"""What a guest whose code opens nothing is told (never which of these it was)."""

RELAY_FULL_MESSAGE = "This relay is at its limit of connections; trying again shortly."

FINAL_CLOSES: dict[int, FinalClose] = {
    CloseCode.UNKNOWN_ROOM: FinalClose("unknown_room", "There is no such room on this relay."),
    CloseCode.BAD_HELLO: FinalClose(
        "bad_hello", "The relay did not accept this client's hello; check the name and update talkingstick."
    ),
    CloseCode.REMOVED: FinalClose("removed", REMOVED_MESSAGE),
    CloseCode.BAD_KEY: FinalClose("bad_key", "The facilitator key was not accepted."),
    CloseCode.VERSION: FinalClose(
        "version",
        f"This client and the relay speak different protocol versions. Update it with: {UPDATE_COMMAND}",
    ),
    CloseCode.DECLINED: FinalClose("declined", DECLINED_MESSAGE),
    CloseCode.ROOM_UNAVAILABLE: FinalClose("room_unavailable", ROOM_UNAVAILABLE_MESSAGE),
    CloseCode.ROOM_FULL: FinalClose("room_full", ROOM_FULL_MESSAGE),
    CloseCode.CLOSED_TO_ARRIVALS: FinalClose("closed_to_arrivals", CLOSED_TO_ARRIVALS_MESSAGE),
    CloseCode.BAD_INVITE: FinalClose("bad_invite", BAD_INVITE_MESSAGE),
}
"""Close codes after which trying again cannot help: the client stops retrying."""


@dataclass(frozen=True, slots=True)
class BusyClose:
    """A close after which trying again later can help: wait ``seconds``, telling the person why."""

    seconds: float
    message: str


RETRY_AFTER: dict[int, BusyClose] = {
    CloseCode.WAITING_FULL: BusyClose(60.0, WAITING_FULL_MESSAGE),
    CloseCode.TOO_MANY_FROM_ADDRESS: BusyClose(30.0, TOO_MANY_FROM_ADDRESS_MESSAGE),
    CloseCode.TOO_MANY_JOINS: BusyClose(60.0, TOO_MANY_JOINS_MESSAGE),
    CloseCode.RELAY_FULL: BusyClose(30.0, RELAY_FULL_MESSAGE),
}
"""Close codes that mean "busy, not never": the client waits this long before trying again
(instead of its quick backoff, which would only add to the crowd)."""

REFUSAL_CLOSES: dict[str, int] = {
    "removed": CloseCode.REMOVED,
    "declined": CloseCode.DECLINED,
    "room_full": CloseCode.ROOM_FULL,
    "waiting_full": CloseCode.WAITING_FULL,
    "closed_to_arrivals": CloseCode.CLOSED_TO_ARRIVALS,
    "bad_invite": CloseCode.BAD_INVITE,
    "welcome_failed": 1011,  # the standard "internal error": not final, the client tries again later
}
"""The close code for each reason the rules give for turning an arrival away."""
