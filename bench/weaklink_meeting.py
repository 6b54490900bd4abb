"""The weak-link bench's meeting: run inside the clients' namespace by ``bench/weaklink.py``.

    python bench/weaklink_meeting.py --port P --room R --key K --lines 1,2,3,... [options]

A facilitator and members (``bench/weaklink_members.py``), each behind a ``DelayProxy``
of their own whose upstream connections take that person's line, hold a scripted meeting
in the SMART-style format: members accept the guidelines, open sharing, a check-in round
where some pass, more open sharing, working time with raised hands and the floor given
to each in turn, and a check-out round. During the open parts one member's line is cut
(``--cuts`` times) and must resume. Every member posts within the relay's default rate
limits (one message every ``PACE`` seconds). Then it prints what each person got.

Every wait has a timeout and the whole meeting is bounded by ``--limit`` seconds.
"""

import argparse
import asyncio
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.delay_proxy import DelayProxy  # noqa: E402
from bench.weaklink_members import LineMember, Member  # noqa: E402

PACE = 2.2
"""Seconds between one person's messages: the relay allows one every 2 s after a burst of 5."""
PASSERS = (1, 3)
"""Which members (by index) pass in the rounds."""
NAMES = ("Ada", "Ben", "Cleo", "Dev", "Eli", "Fay", "Gus", "Hal")
"""The facilitator's name, then the members'."""
WORDS = (  # noqa: SIM905  (one sentence reads better than a list of words)
    "thanks for sharing that this week was hard but I slept better and called my sponsor "
    "today feeling calmer glad to be here again listening helps me a lot one day at a time"
).split()


def line_text(rng: random.Random) -> str:
    """About 40 characters of a check-in."""
    text = ""
    while len(text) < 34:
        text += rng.choice(WORDS) + " "
    return text.strip()


async def until(condition: Callable[[], bool], timeout: float, what: str) -> None:
    """Wait until ``condition`` holds (polled every 20 ms), or fail naming ``what``."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"gave up waiting for {what}")
        await asyncio.sleep(0.02)


class Meeting:
    """The script, and what was sent when."""

    def __init__(
        self, facilitator: Member, members: list[Member], line: LineMember | None, total: int
    ) -> None:
        self.facilitator = facilitator
        self.members = members
        self.line = line
        self.total = total
        self.sent: dict[int, tuple[float, Member]] = {}
        self._next_post: dict[str, float] = {}
        self._rng = random.Random(7)

    @property
    def people(self) -> list[Member]:
        """Everyone on the client core, facilitator first."""
        return [self.facilitator, *self.members]

    async def say(self, person: Member) -> None:
        """``person`` posts the next numbered message, no sooner than their pace allows."""
        wait = self._next_post.get(person.name, 0.0) - time.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)
        number = len(self.sent) + 1
        self.sent[number] = (person.says(number, line_text(self._rng)), person)
        self._next_post[person.name] = time.monotonic() + PACE

    def item(self, person: Member) -> int | None:
        """The current agenda item in ``person``'s copy of the room."""
        state = person.session.state
        return state.current_item if state is not None else None

    async def settled(self) -> None:
        """Wait until the relay has answered everything anyone sent, as a facilitator waits
        for the last message of a part before moving on."""
        await until(lambda: not any(p.session.pending for p in self.people), 60, "every answer")

    async def next_item(self) -> None:
        """The facilitator moves the agenda on; wait until everyone's copy has followed."""
        await self.settled()
        before = self.item(self.facilitator)
        self.facilitator.intents.agenda_next()
        await until(lambda: self.item(self.facilitator) != before, 30, "the agenda to move")
        target = self.item(self.facilitator)
        await until(lambda: all(self.item(p) == target for p in self.members), 60, "everyone's agenda")

    async def open_sharing(self, count: int, cut: Member | None) -> None:
        """Everyone posts in turn until ``count`` messages; ``cut`` loses its line halfway."""
        speakers = self.people
        for index in range(count):
            if cut is not None and index == count // 2:
                cut.cut()
            await self.say(speakers[index % len(speakers)])

    async def round(self) -> None:
        """A round: each holder shares one message then is done, or passes; the line member passes."""
        await until(lambda: self.facilitator.session.state.round is not None, 30, "the round to start")
        by_pid = {person.pid: person for person in self.people}
        while (state := self.facilitator.session.state).round is not None:
            holder = state.floor_holder
            if holder is None:
                await asyncio.sleep(0.02)
                continue
            person = by_pid.get(holder)
            if person is None and self.line is not None:
                self.line.type("/pass")
            elif person is not None:
                await until(person.holds_floor, 30, f"{person.name} to see their turn")
                if person in self.members and self.members.index(person) in PASSERS:
                    person.intents.pass_turn()
                else:
                    await self.say(person)
                    await self.settled()
                    person.intents.done()
            await until(
                lambda h=holder: (s := self.facilitator.session.state).floor_holder != h or s.round is None,
                60,
                "the turn to move on",
            )

    async def working_time(self, count: int) -> None:
        """Hands up; the facilitator gives the floor to each in turn; each shares, then is done."""
        posted = 0
        while posted < count:
            for member in self.members:
                member.intents.raise_or_lower_hand()
            await until(
                lambda: len(self.facilitator.session.state.hand_queue) == len(self.members), 60, "hands"
            )
            for _ in self.members:
                if posted >= count:
                    break
                self.facilitator.intents.next_hand()
                await until(lambda: self.facilitator.session.state.floor_holder is not None, 30, "a grant")
                holder = next(m for m in self.members if m.pid == self.facilitator.session.state.floor_holder)
                await until(holder.holds_floor, 30, f"{holder.name} to see the floor")
                for _ in range(min(2, count - posted)):
                    await self.say(holder)
                    posted += 1
                await self.settled()
                holder.intents.done()
                await until(lambda: self.facilitator.session.state.floor_holder is None, 60, "the floor back")
            if self.facilitator.session.state.hand_queue:
                self.facilitator.intents.lower_all()

    async def run(self, cuts: int) -> None:
        """The whole meeting, in the format's order."""
        cut = self.members[min(2, len(self.members) - 1)] if cuts else None
        working = min(30, self.total // 10)
        first_open = (self.total - working) // 2
        await self.next_item()  # welcome and guidelines: open
        await self.open_sharing(first_open, cut)
        await self.next_item()  # check-in round
        before = len(self.sent)
        await self.round()
        in_a_round = len(self.sent) - before  # the check-out round will take as many
        await self.next_item()  # agenda setting: open
        second_open = self.total - len(self.sent) - working - in_a_round
        await self.open_sharing(max(0, second_open), cut if cuts > 1 else None)
        await self.next_item()  # working time: hands and the floor
        await self.working_time(working)
        await self.next_item()  # check-out round
        await self.round()


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile ``share`` (0-1) of ``values``."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))] if ordered else float("nan")


def report(meeting: Meeting, args: argparse.Namespace, seconds: float) -> None:
    """Print what was sent and what each person got."""
    receivers: list[tuple[str, Member | LineMember]] = [(p.name, p) for p in meeting.people]
    if meeting.line is not None:
        receivers.append((meeting.line.name + " (line mode)", meeting.line))
    expected = delivered = duplicated = out_of_order = 0
    latencies: list[float] = []
    line_latencies: list[float] = []
    refused = set().union(*(p.refused_numbers for p in meeting.people))
    for _, person in receivers:
        for number, (sent_at, sender) in meeting.sent.items():
            if sender is person or number in refused:
                continue
            expected += 1
            arrived = person.deliveries.arrived.get(number)
            if arrived is not None:
                delivered += 1
                latencies.append(arrived - sent_at)
                if person is meeting.line:
                    line_latencies.append(arrived - sent_at)
        duplicated += person.deliveries.duplicated
        out_of_order += person.deliveries.out_of_order
    print(
        f"  {args.label}: {len(meeting.people) + (meeting.line is not None)} people, "
        f"{args.rate} bit/s, {args.delay * 1000:.0f} ms each way, meeting took {seconds:.0f} s"
    )
    rows = [
        ("messages sent", f"{len(meeting.sent)}"),
        ("messages the relay refused (not counted below)", f"{len(refused)}"),
        ("deliveries expected (each message to everyone else)", f"{expected}"),
        ("delivered", f"{delivered}"),
        ("lost", f"{expected - delivered}"),
        ("duplicated", f"{duplicated}"),
        ("out of order", f"{out_of_order}"),
        (
            "delivery latency p50 / p95 / max, s",
            f"{percentile(latencies, 0.5):.2f} / {percentile(latencies, 0.95):.2f}"
            f" / {max(latencies or [0]):.2f}",
        ),
    ]
    if meeting.line is not None:
        rows.append(
            (
                "line mode member: delivered, latency p50 / p95, s",
                f"{len(line_latencies)}, {percentile(line_latencies, 0.5):.2f} / "
                f"{percentile(line_latencies, 0.95):.2f}",
            )
        )
    joins = [p.join_seconds for p in meeting.people if p.join_seconds is not None]
    resumes = [r for p in meeting.people for r in p.resume_seconds]
    rows += [
        ("time to join, min / max, s", f"{min(joins):.1f} / {max(joins):.1f}"),
        (
            "forced drops / resumes, each resume in s",
            f"{args.cuts} / {len(resumes)}: " + ", ".join(f"{r:.1f}" for r in resumes),
        ),
        ("drops nobody forced", f"{sum(p.unforced_drops for p in meeting.people)}"),
        ("commands refused", f"{sum(len(p.refused) for p in meeting.people)}"),
    ]
    for label, value in rows:
        print(f"    {label:<56} {value}")
    print("    bytes per person at its proxy (up / down / connections):")
    for name, person in receivers:
        carried = person.proxy.carried
        print(f"      {name:<30} {carried.up:>8,} / {carried.down:>8,} / {carried.connections}")
    for person in meeting.people:
        for refusal in person.refused[:5]:
            print(f"    refused ({person.name}): {refusal}")


async def main(args: argparse.Namespace) -> None:
    """Join everyone, hold the meeting, wait for the last deliveries, report."""
    lines = args.lines.split(",")
    proxies = []
    for number in lines:
        proxy = DelayProxy(f"10.199.{number}.1", args.port, args.delay, bind_host=f"10.199.{number}.2")
        await proxy.start()
        proxies.append(proxy)
    url = "ws://127.0.0.1:{}/" + args.room
    facilitator = Member(NAMES[0], url.format(proxies[0].port), proxies[0], args.key)
    count = len(lines) - 1 - (1 if args.line else 0)
    members = [Member(NAMES[n + 1], url.format(proxies[n + 1].port), proxies[n + 1]) for n in range(count)]
    line = LineMember("Lin", url.format(proxies[-1].port), proxies[-1]) if args.line else None
    meeting = Meeting(facilitator, members, line, args.messages)
    began = time.monotonic()
    try:
        facilitator.start()
        await until(lambda: facilitator.pid is not None, 120, "the facilitator's welcome")
        for member in members:
            member.start()
        if line is not None:
            await line.start()
        await until(lambda: all(m.pid is not None for m in members), 120, "every member's welcome")
        for member in members:
            member.intents.accept_guidelines()
        await until(
            lambda: not any(facilitator.session.state.owes_guidelines(m.pid) for m in members),
            60,
            "guidelines",
        )
        if line is not None:
            await until(
                lambda: len(facilitator.session.state.participants) == len(lines), 120, "line mode's join"
            )
        started = time.monotonic()
        await meeting.run(args.cuts)
        seconds = time.monotonic() - started
        everyone = [*meeting.people, *([line] if line else [])]

        def all_delivered() -> bool:
            return all(
                number in person.deliveries.arrived
                for person in everyone
                for number, (_, sender) in meeting.sent.items()
                if sender is not person and not any(number in p.refused_numbers for p in meeting.people)
            )

        try:
            await until(all_delivered, 60, "the last deliveries")
        except TimeoutError as error:
            print(f"    {error}")
        report(meeting, args, seconds)
    finally:
        if line is not None:
            await line.stop()
        for person in meeting.people:
            await person.stop()
        for proxy in proxies:
            await proxy.stop()
    print(f"    whole run {time.monotonic() - began:.0f} s")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line ``bench/weaklink.py`` gives."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--room", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--lines", required=True, help="line numbers, the facilitator's first")
    parser.add_argument("--messages", type=int, default=300)
    parser.add_argument("--cuts", type=int, default=2)
    parser.add_argument("--delay", type=float, default=0.4)
    parser.add_argument("--rate", type=int, default=9600, help="for the report only")
    parser.add_argument("--line", action="store_true", help="the last line's member is talkingstick --line")
    parser.add_argument("--label", default="meeting")
    parser.add_argument("--limit", type=float, default=900, help="seconds before giving up")
    return parser.parse_args(argv)


if __name__ == "__main__":
    arguments = parse_args()
    asyncio.run(asyncio.wait_for(main(arguments), arguments.limit))
