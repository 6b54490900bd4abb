"""What count-only attendance costs on the wire, and what it keeps off it; prints a plain table.

    python bench/count_only.py [--people 30] [--speakers 5]

A room of ``--people`` participants (a facilitator, a co-facilitator and members with
names of 4-12 letters) is built with the real rules and reducer, once with
``attendance = names`` and once with ``count``, and ``--speakers`` of its members post
one message each. It prints the msgpack bytes of a member's welcome snapshot in both
rooms, of a member's ``JOINED`` as a member and as the facilitators receive it, and of
the ``NAMED`` recorded once before someone's first message. No network: these are frame
sizes before websocket framing and compression (``bench/wire.py`` measures those).
Runs in well under a second.
"""

import argparse
import random
import sys
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from protocol import Command, CommandKind, Role, RoomState, Welcome, encode  # noqa: E402
from protocol.frames import Event  # noqa: E402
from protocol.kinds import EventKind  # noqa: E402
from protocol.numbering import number_events  # noqa: E402
from protocol.privacy import event_for, view_for  # noqa: E402
from protocol.rules import Context, decide, join  # noqa: E402

AT = 1_796_000_000
LETTERS = "abcdefghijklmnopqrstuvwxyz"


def meeting(people: int, speakers: int, count_only: bool) -> tuple[RoomState, list[Event]]:
    """The room after everyone joined and ``speakers`` members posted once, and every event."""
    names = random.Random(7)
    state = replace(RoomState("demo", "Tuesday evening group"), count_only=count_only)
    events: list[Event] = []
    for number in range(people):
        role = Role.FACILITATOR if number == 0 else Role.COFACILITATOR if number == 1 else Role.MEMBER
        name = "".join(names.choice(LETTERS) for _ in range(names.randint(4, 12))).title()
        state, made = number_events(state, [join(state, name, role)], at=AT, actor=None, request_id=None)
        events += made
    context = Context(now=AT)
    for pid in list(state.participants)[2 : 2 + speakers]:
        said = decide(state, pid, Command(1, CommandKind.SAY, ("thank you all for being here",)), context)
        state, made = number_events(state, said, at=AT, actor=pid, request_id=1)
        events += made
    return state, events


def welcome_bytes(state: RoomState, pid: int) -> int:
    """The msgpack size of the welcome ``pid`` would get now."""
    return len(encode(Welcome(pid, Role.MEMBER, "t" * 22, float(AT), view_for(state, pid))))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=30)
    parser.add_argument("--speakers", type=int, default=5)
    args = parser.parse_args()
    named, _ = meeting(args.people, args.speakers, count_only=False)
    counted, events = meeting(args.people, args.speakers, count_only=True)
    member = list(counted.participants)[-1]
    joined = next(e for e in reversed(events) if e.kind is EventKind.JOINED)
    first_named = next(e for e in events if e.kind is EventKind.NAMED)
    nameless = sum(1 for p in view_for(counted, member).participants.values() if not p.name)
    print(f"{args.people} people, {args.speakers} members posted once")
    print(f"member's welcome, attendance names: {welcome_bytes(named, member):>6,} B")
    print(f"member's welcome, attendance count: {welcome_bytes(counted, member):>6,} B "
          f"({nameless} names left out)")
    print(f"JOINED as a member receives it:     {len(encode(event_for(joined, counted, -1))):>6,} B")
    print(f"JOINED as the facilitators get it:  {len(encode(joined)):>6,} B "
          f"(name {len(joined.fields[1])} letters)")
    print(f"NAMED before a first message:       {len(encode(first_named)):>6,} B "
          f"(name {len(first_named.fields[1])} letters; once per person who posts)")
    print(f"NAMED events recorded:              {sum(e.kind is EventKind.NAMED for e in events):>6}")


if __name__ == "__main__":
    main()
