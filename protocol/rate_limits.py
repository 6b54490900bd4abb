"""How fast each person may send each kind of command: the relay's rate limits, as data.

The relay enforces these (``server.rate_limiter``); a client may read the same table to
say "you can post again in 3 s" before it even asks. Each kind of command draws on one
*allowance*, a token bucket: ``burst`` commands at once, then one more every
``every_seconds``. Each person has their own buckets, one per allowance.

Why these numbers (a text support meeting, people typing by hand, some on 9.6 kbit/s):

- **Messages: 5 at once, then one every 2 s.** Nobody types a considered sentence in
  under 2 s; 5 lets a short paste or quick follow-ups through. Sustained, that is 30
  messages a minute at most, about 1 KB/s of 2,000-character messages, against 2,000
  messages a second measured from one unchecked member.
- **Hand: 4 raise/lower at once, then one per 5 s.** Up, down on second thoughts, up
  again; every change is a line on everyone's screen, so a fidget must not become a feed.
- **Reactions: 6 at once, then one per 2 s.** Three kinds, each counted once per person
  per share (``protocol.rules``); the bucket only bounds the commands.
- **Support flag: 3 at once, then one per 20 s.** Each change alerts the facilitators.
- **Notes to the facilitators: 3 at once, then one per 20 s.** A private note is read by
  a busy facilitator; more than this is shouting.
- **Notes from the waiting room: 2, then one per 60 s.** A stranger the facilitators
  have not admitted gets the least room (500 notes in 0.7 s were measured during a
  lockdown); **waiting-room answers** (guidelines read, "I am new"): 4, then one per 10 s.
- **Pass/done: 3, then one per 5 s; reading on: 5, then one per 2 s; leave: 2, then one
  per 10 s**: turns take longer than that; the first leave always goes through.
- **Anything else a member sends** (commands the rules will refuse anyway): 5, then one
  per 2 s, so refused commands cannot be used to keep the relay busy either.
- **Facilitators and co-facilitators: 40 at once, then 4 a second, per allowance.** They
  must never be slowed while running a meeting from the keyboard (a held key repeats
  about 30 times a second for a moment), yet a compromised co-facilitator stays bounded.

Someone refused ``FLOOD_REFUSALS`` times within ``FLOOD_WINDOW_SECONDS`` is flooding:
the relay tells the facilitators (``EventKind.FLOOD_STOPPED``) and, for a member,
pauses their messages for ``FLOOD_SILENCE_MINUTES`` with the same ``SILENCED`` event a
facilitator's silence records. It does so at most once per that silence's length.
"""

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from protocol.kinds import LEADER_COMMANDS, CommandKind


class Allowance(StrEnum):
    """What a bucket limits; every command kind draws on exactly one."""

    MESSAGES = "messages"
    HAND = "hand"
    REACTIONS = "reactions"
    SUPPORT = "support"
    NOTES = "notes"
    WAITING_NOTES = "waiting_notes"
    WAITING_ANSWERS = "waiting_answers"
    TURN = "turn"
    READING = "reading"
    LEAVE = "leave"
    OTHER = "other"
    LEADING = "leading"


@dataclass(frozen=True, slots=True)
class Bucket:
    """A token bucket: ``burst`` commands at once, then one more every ``every_seconds``."""

    burst: int
    every_seconds: float


_MEMBER_BUCKETS: dict[Allowance, Bucket] = {
    Allowance.MESSAGES: Bucket(5, 2.0),
    Allowance.HAND: Bucket(4, 5.0),
    Allowance.REACTIONS: Bucket(6, 2.0),
    Allowance.SUPPORT: Bucket(3, 20.0),
    Allowance.NOTES: Bucket(3, 20.0),
    Allowance.WAITING_NOTES: Bucket(2, 60.0),
    Allowance.WAITING_ANSWERS: Bucket(4, 10.0),
    Allowance.TURN: Bucket(3, 5.0),
    Allowance.READING: Bucket(5, 2.0),
    Allowance.LEAVE: Bucket(2, 10.0),
    Allowance.OTHER: Bucket(5, 2.0),
    Allowance.LEADING: Bucket(5, 2.0),  # a member never leads: their leader commands are refused anyway
}

LEADER_BUCKET = Bucket(40, 0.25)
"""Each of a facilitator's or co-facilitator's allowances."""

LINK_REPORT_BUCKET = Bucket(3, 20.0)
"""Link reports the relay reads per person (anyone, leaders too); the rest are dropped
quietly, never refused aloud nor counted as flooding (``server.link_reports``). Clients
send one a minute; 3 at once lets a stale report resent after a resume and a fresh one
both through."""

FLOOD_REFUSALS = 20
"""Refusals within ``FLOOD_WINDOW_SECONDS`` that make the relay step in."""
FLOOD_WINDOW_SECONDS = 60.0
FLOOD_SILENCE_MINUTES = 5
"""How long the relay pauses a flooding member's messages."""

_IN_THE_MEETING: dict[CommandKind, Allowance] = {
    CommandKind.SAY: Allowance.MESSAGES,
    CommandKind.RAISE: Allowance.HAND,
    CommandKind.LOWER: Allowance.HAND,
    CommandKind.REACT: Allowance.REACTIONS,
    CommandKind.SUPPORT: Allowance.SUPPORT,
    CommandKind.NOTE: Allowance.NOTES,
    CommandKind.PASS: Allowance.TURN,
    CommandKind.DONE: Allowance.TURN,
    CommandKind.READING_STEP: Allowance.READING,
    CommandKind.LEAVE: Allowance.LEAVE,
    CommandKind.STEP_OUT: Allowance.HAND,  # each change is a line on the facilitators' screens
}
_IN_THE_WAITING_ROOM: dict[CommandKind, Allowance] = {
    CommandKind.NOTE: Allowance.WAITING_NOTES,
    CommandKind.WAITER_UPDATE: Allowance.WAITING_ANSWERS,
    CommandKind.LEAVE: Allowance.LEAVE,
}

_DOING: dict[Allowance, str] = {
    Allowance.MESSAGES: "post",
    Allowance.HAND: "raise or lower your hand",
    Allowance.REACTIONS: "react",
    Allowance.SUPPORT: "change your request for support",
    Allowance.NOTES: "write to the facilitators",
    Allowance.WAITING_NOTES: "write to the facilitators",
    Allowance.WAITING_ANSWERS: "change your answers",
    Allowance.TURN: "pass or end your turn",
    Allowance.READING: "read on",
    Allowance.LEAVE: "leave",
}


def allowance_for(kind: CommandKind, *, waiting: bool) -> Allowance:
    """The allowance a command of ``kind`` draws on, from someone waiting or in the meeting."""
    if waiting:
        return _IN_THE_WAITING_ROOM.get(kind, Allowance.OTHER)
    if kind in LEADER_COMMANDS:
        return Allowance.LEADING
    return _IN_THE_MEETING.get(kind, Allowance.OTHER)


def slow_down_message(allowance: Allowance, wait_seconds: float) -> str:
    """The sentence a refused person reads: what they may do again, and when."""
    seconds = max(1, math.ceil(wait_seconds))
    return f"Slow down: you can {_DOING.get(allowance, 'do that')} again in {seconds} s."


@dataclass(frozen=True)
class RateLimits:
    """A relay's whole rate-limit policy (``DEFAULT_RATE_LIMITS`` unless a test needs room)."""

    member_buckets: Mapping[Allowance, Bucket] = field(
        default_factory=lambda: MappingProxyType(dict(_MEMBER_BUCKETS))
    )
    """The bucket of each allowance, for members and people waiting."""
    leader_bucket: Bucket = LEADER_BUCKET
    flood_refusals: int = FLOOD_REFUSALS
    flood_window_seconds: float = FLOOD_WINDOW_SECONDS
    flood_silence_minutes: int = FLOOD_SILENCE_MINUTES
    link_report_bucket: Bucket = LINK_REPORT_BUCKET

    def bucket(self, allowance: Allowance, *, leads: bool) -> Bucket:
        """The bucket a member (or a leader, with ``leads``) has for ``allowance``."""
        return self.leader_bucket if leads else self.member_buckets[allowance]


DEFAULT_RATE_LIMITS = RateLimits()

NO_LIMITS = RateLimits(
    member_buckets=MappingProxyType({allowance: Bucket(10**9, 1e-6) for allowance in Allowance}),
    leader_bucket=Bucket(10**9, 1e-6),
    flood_refusals=10**9,
    link_report_bucket=Bucket(10**9, 1e-6),
)
"""Limits that never refuse, for measurements and for tests about something else (storage
growth under thousands of commands): never a relay's setting for a real group."""


def flood_notice(name: str, refused: int, silenced_minutes: int) -> str:
    """What the facilitators read when the relay stepped in (``FLOOD_STOPPED``)."""
    what = f"The relay refused {refused} commands from {name} within a minute"
    if silenced_minutes:
        return f"{what} and paused their messages for {silenced_minutes} minutes."
    return f"{what}."
