"""The room state both sides hold, and its wire form for snapshots.

``RoomState`` is immutable: the reducer returns a new one for every event, so a client
can keep the previous state for comparison and the relay can hand a state to a reader
without copying. Participant ids and agenda item ids are small integers the relay
allocates, which keeps frames short.
"""

from collections.abc import Mapping
from dataclasses import astuple, dataclass, field
from types import MappingProxyType
from typing import Any

from protocol.errors import ProtocolError
from protocol.kinds import Mode, Role

UNKNOWN_PERSON = "someone"
"""How a person is named when the room no longer knows them (they left, or never came in).

Look-ups return ``None`` for an unknown person; only display code substitutes this word,
so no code compares a name with it."""


@dataclass(frozen=True, slots=True)
class Participant:
    """Someone in the room."""

    pid: int
    name: str
    role: Role
    connected: bool = True
    """False while their link is down and the relay keeps their place for them."""
    shown: bool = False
    """In a count-only room, named to every member since they spoke (``protocol.attendance``)."""


@dataclass(frozen=True, slots=True)
class SegmentRules:
    """The rules an agenda item switches the room to when it becomes current, and its guest speaker."""

    mode: Mode = Mode.OPEN
    crosstalk: bool = True
    share_seconds: int | None = None
    """Time for one share; the sharer gets a countdown. None: no limit."""
    hard_stop: bool = False
    """True: the relay ends a share at its limit. False: only a gentle warning."""
    reading_id: int | None = None
    """A reading shown in everyone's readings panel when the segment starts."""
    speaker: str | None = None  # given the floor for the time box; on the wire only when named

    def to_wire(self) -> list[Any]:
        return [int(self.mode), *astuple(self)[1 : 5 if self.speaker is None else 6]]

    @classmethod
    def from_fields(cls, fields: tuple[Any, ...] | None) -> "SegmentRules | None":
        """From the checked ``segment_rules`` tuple of an event, or None."""
        return None if fields is None else cls(*fields)


@dataclass(frozen=True, slots=True)
class AgendaItem:
    """One item on the shared agenda, with its time box and, for a segment, its rules."""

    item_id: int
    title: str
    minutes: int
    rules: SegmentRules | None = None


@dataclass(frozen=True, slots=True)
class Reading:
    """A text the group reads: the guidelines, a preamble, anything the group adds."""

    reading_id: int
    title: str
    text: str
    guidelines: bool = False

    def paragraphs(self) -> tuple[str, ...]:
        """The reading split at blank lines, as it is read aloud a paragraph at a time."""
        return tuple(p.strip() for p in self.text.split("\n\n") if p.strip())


@dataclass(frozen=True, slots=True)
class ReadAloud:
    """Someone asked to read a reading aloud, and how far they have got."""

    pid: int
    reading_id: int
    next_paragraph: int = 0


@dataclass(frozen=True, slots=True)
class Round:
    """A go-around: the order of turns and who has had theirs (shared or passed)."""

    order: tuple[int, ...]
    done: frozenset[int] = frozenset()


@dataclass(frozen=True, slots=True)
class Waiter:
    """Someone in the waiting room, not yet admitted."""

    pid: int
    name: str
    accepted_guidelines: bool = False
    is_new: bool = False


@dataclass(frozen=True, slots=True)
class Note:
    """A private note: to the facilitators (``to_pid`` None) or a facilitator's reply."""

    seq: int
    from_pid: int
    to_pid: int | None
    name: str
    text: str
    at: int


@dataclass(frozen=True, slots=True)
class LinkHealth:
    """How a member's link looks from their own reports (facilitators only)."""

    rtt_ms: int
    """Their last measured round trip to the relay, in milliseconds."""
    behind_seconds: int
    """How far what they have on screen lags the room, in seconds (0: up to date)."""


@dataclass(frozen=True, slots=True)
class ShareCount:
    """One person's shares in the current meeting (facilitators only, dropped at its end)."""

    count: int = 0
    seconds: int = 0


@dataclass(frozen=True, slots=True)
class GuestInvite:
    """A one-use invitation for a guest speaker (facilitators only)."""

    name: str
    code: str
    expires_at: int


@dataclass(frozen=True, slots=True)
class LobbyNote:
    """A note someone sent the facilitators from the lobby before joining."""

    note_id: int
    name: str
    text: str
    at: int


@dataclass(frozen=True, slots=True)
class Message:
    """One chat message as the transcript keeps it."""

    seq: int
    pid: int
    name: str
    text: str
    at: int
    """Server time in whole seconds since the epoch."""


def _frozen_map(items: Mapping[int, Any] | None = None) -> Mapping[int, Any]:
    return MappingProxyType(dict(items or {}))


@dataclass(frozen=True, slots=True)
class RoomState:
    """Everything a participant needs to draw a room, as of event ``seq``."""

    name: str
    title: str
    seq: int = 0
    mode: Mode = Mode.OPEN
    participants: Mapping[int, Participant] = field(default_factory=_frozen_map)
    hand_queue: tuple[int, ...] = ()
    floor_holder: int | None = None
    agenda: tuple[AgendaItem, ...] = ()
    current_item: int | None = None
    current_started_at: int | None = None
    removed_names: frozenset[str] = frozenset()
    transcript: tuple[Message, ...] = ()
    next_pid: int = 1
    next_item_id: int = 1
    crosstalk: bool = True
    """False: members without the floor may only react, not post."""
    round: Round | None = None
    floor_since: int | None = None
    """Server time the current share began; its deadline is this plus the segment's limit."""
    reactions: tuple[int, int, int] = (0, 0, 0)
    """Counts of each ``Reaction`` on the current share."""
    readings: tuple[Reading, ...] = ()
    shown_reading: int | None = None
    reader: ReadAloud | None = None
    next_reading_id: int = 1
    waiting_room: bool = False
    waiting: Mapping[int, Waiter] = field(default_factory=_frozen_map)
    notes: tuple[Note, ...] = ()
    support: frozenset[int] = frozenset()
    """Who raised the private "I need support" flag (facilitators see it)."""
    silenced: Mapping[int, int] = field(default_factory=_frozen_map)
    """Participant id to the server time until which they may not post."""
    locked: bool = False
    lockdown: bool = False
    welcome_text: str = ""
    """The room's welcome, shown in the waiting room (a room setting, not an event)."""
    resources: tuple[tuple[str, str], ...] = ()
    """Help lines and links, as (label, detail) (a room setting, not an event)."""
    reacted: frozenset[tuple[int, int]] = field(default=frozenset(), compare=False)
    """(participant, reaction) pairs counted on a share, so each counts once per person.

    Only valid while ``reactions`` are not all zero: every reset of the counts starts a
    new share, which ``has_reacted`` and the reducer read as an empty set. Bookkeeping
    for the rule, known from the events' actors: not in snapshots, not compared."""
    accepted: frozenset[int] = frozenset()
    """Who in the meeting accepted the room's guidelines (members see only themselves)."""
    newcomers: frozenset[int] = frozenset()
    """Who said they are new here, in the waiting room or since (facilitators only)."""
    resources_for: str = ""
    """Whose help lines ``resources`` are ("the United Kingdom"); empty: the group's own."""
    meeting_started_at: int | None = None
    """Server time the meeting's first agenda item began (until the meeting ends)."""
    link_health: Mapping[int, LinkHealth] = field(default_factory=_frozen_map)
    """Each member's reported link, by participant id (facilitators only)."""
    shares: Mapping[int, ShareCount] = field(default_factory=_frozen_map)
    """Shares so far in this meeting, by participant id (facilitators only)."""
    hand_reasons: Mapping[int, int] = field(default_factory=_frozen_map)
    """Why each raised hand is up (``HandReason``); a hand missing here is a new share."""
    progressive: bool = False
    """The progressive stack: people who have not shared yet come before those who have."""
    guest_invites: tuple[GuestInvite, ...] = ()
    """Invitations not yet used or expired (facilitators only)."""
    lobby_notes: tuple[LobbyNote, ...] = ()
    """Notes sent from the lobby before joining (facilitators only)."""
    count_only: bool = False
    """Members see how many people are here, not who (a room setting, not an event)."""
    accepts_lobby_notes: bool = False
    """Whether the lobby may send the facilitators a note (a room setting, not an event)."""
    stepped_out: frozenset[int] = frozenset()
    """Who stepped out for a moment (facilitators, and each person for themselves)."""

    def participant(self, pid: int | None) -> Participant | None:
        """The participant with id ``pid``, or None."""
        return None if pid is None else self.participants.get(pid)

    def find_by_name(self, name: str) -> Participant | None:
        """The present participant called ``name`` (case-insensitive), or None."""
        wanted = name.casefold().strip()
        for person in self.participants.values():
            if person.name.casefold() == wanted:
                return person
        return None

    def agenda_item(self, item_id: int | None) -> AgendaItem | None:
        """The agenda item with id ``item_id``, or None."""
        for item in self.agenda:
            if item.item_id == item_id:
                return item
        return None

    def queue_place(self, pid: int) -> int | None:
        """1-based place of ``pid`` in the hand queue, or None if their hand is down."""
        try:
            return self.hand_queue.index(pid) + 1
        except ValueError:
            return None

    def guidelines(self) -> Reading | None:
        """The room's guidelines, the first reading marked as such, or None."""
        return next((reading for reading in self.readings if reading.guidelines), None)

    def owes_guidelines(self, pid: int) -> bool:
        """Whether ``pid`` must still accept the guidelines before posting.

        Everyone but the facilitators does, whatever the room's settings (a waiting room
        or not, admitted one by one or all at once); a room without guidelines asks nobody.
        """
        person = self.participants.get(pid)
        if person is None or person.role.leads or pid in self.accepted:
            return False
        return self.guidelines() is not None

    def why_not_post(self, pid: int, now: float | None = None) -> str | None:
        """None if ``pid`` may post now, else the refusal code."""
        person = self.participants.get(pid)
        if person is None:
            return "not_in_room"
        if self.owes_guidelines(pid):
            return "guidelines"
        if now is not None and self.silenced.get(pid, 0) > now:
            return "silenced"
        if self.mode is Mode.SILENT:
            return "silent"
        if person.role.leads or self.floor_holder == pid:
            return None
        if self.mode is not Mode.OPEN:
            return "not_your_turn"
        return None if self.crosstalk else "no_crosstalk"

    def has_reacted(self, pid: int, reaction: int) -> bool:
        """Whether ``pid``'s ``reaction`` is already counted on the current share."""
        return any(self.reactions) and (pid, reaction) in self.reacted

    def reading(self, reading_id: int | None) -> Reading | None:
        """The reading with id ``reading_id``, or None."""
        for reading in self.readings:
            if reading.reading_id == reading_id:
                return reading
        return None

    def current_rules(self) -> SegmentRules | None:
        """The rules of the current agenda item, if it has any."""
        item = self.agenda_item(self.current_item)
        return item.rules if item else None

    def pause_ends_at(self) -> int | None:
        """Server time a silent segment's time box ends, while the room keeps its silence."""
        item = self.agenda_item(self.current_item)
        if self.mode is not Mode.SILENT or item is None or self.current_started_at is None:
            return None
        if item.rules is None or item.rules.mode is not Mode.SILENT or item.minutes <= 0:
            return None
        return self.current_started_at + item.minutes * 60

    def planned_end(self) -> int | None:
        """When the meeting ends if every item keeps its time box: its start plus them all."""
        if self.meeting_started_at is None or not self.agenda:
            return None
        return self.meeting_started_at + sum(item.minutes for item in self.agenda) * 60

    def share_deadline(self) -> int | None:
        """Server time the current share reaches its limit, or None if it has none."""
        rules = self.current_rules()
        if self.floor_holder is None or self.floor_since is None or rules is None:
            return None
        if rules.share_seconds is None:  # a guest speaker the item names has its whole time box
            item, who = self.agenda_item(self.current_item), self.find_by_name(rules.speaker or "")
            on_floor = who is not None and who.pid == self.floor_holder
            return self.floor_since + item.minutes * 60 if item and on_floor else None
        return self.floor_since + rules.share_seconds


def state_to_wire(
    state: RoomState,
    transcript: tuple[Message, ...] | None = None,
    notes: tuple[Note, ...] | None = None,
) -> list[Any]:
    """Positional array for a snapshot. ``transcript``/``notes`` override the state's (to trim)."""
    messages = state.transcript if transcript is None else transcript
    kept_notes = state.notes if notes is None else notes
    return [
        state.name,
        state.title,
        state.seq,
        int(state.mode),
        [[p.pid, p.name, int(p.role), _presence_flags(p)] for p in state.participants.values()],
        list(state.hand_queue),
        state.floor_holder,
        [[i.item_id, i.title, i.minutes, i.rules.to_wire() if i.rules else None] for i in state.agenda],
        state.current_item,
        state.current_started_at,
        sorted(state.removed_names),
        [[m.seq, m.pid, m.name, m.text, m.at] for m in messages],
        state.next_pid,
        state.next_item_id,
        state.crosstalk,
        [list(state.round.order), sorted(state.round.done)] if state.round else None,
        state.floor_since,
        list(state.reactions),
        [[r.reading_id, r.title, r.text, r.guidelines] for r in state.readings],
        state.shown_reading,
        [state.reader.pid, state.reader.reading_id, state.reader.next_paragraph] if state.reader else None,
        state.next_reading_id,
        state.waiting_room,
        [[w.pid, w.name, w.accepted_guidelines, w.is_new] for w in state.waiting.values()],
        [[n.seq, n.from_pid, n.to_pid, n.name, n.text, n.at] for n in kept_notes],
        sorted(state.support),
        [[pid, until] for pid, until in state.silenced.items()],
        state.locked,
        state.lockdown,
        state.welcome_text,
        [[label, detail] for label, detail in state.resources],
        sorted(state.accepted),
        sorted(state.newcomers),
        state.resources_for,
        state.meeting_started_at,
        [[pid, h.rtt_ms, h.behind_seconds] for pid, h in state.link_health.items()],
        [[pid, c.count, c.seconds] for pid, c in state.shares.items()],
        [[pid, reason] for pid, reason in state.hand_reasons.items()],
        state.progressive,
        [[g.name, g.code, g.expires_at] for g in state.guest_invites],
        [[n.note_id, n.name, n.text, n.at] for n in state.lobby_notes],
        state.count_only,
        state.accepts_lobby_notes,
        sorted(state.stepped_out),
    ]


def _presence_flags(person: Participant) -> bool | int:
    """``connected`` as a bool, as it always was, or with bit 2 for ``shown``: one byte either way."""
    return int(person.connected) | 2 if person.shown else person.connected


def _opt_int(value: Any) -> int | None:
    return None if value is None else int(value)


def state_from_wire(wire: Any) -> RoomState:
    """Rebuild a ``RoomState`` from ``state_to_wire`` output.

    Raises:
        ProtocolError: ``bad_snapshot`` when the array does not have the right shape.
    """
    try:
        (name, title, seq, mode, people, queue, floor, agenda, current, started,
         removed, messages, next_pid, next_item_id, crosstalk, round_, floor_since,
         reactions, readings, shown, reader, next_reading_id, waiting_room, waiting,
         notes, support, silenced, locked, lockdown, welcome_text, resources, *later) = wire
        # Snapshots stored before guidelines and newcomers were kept end at the resources,
        # and those stored before link health and the fairness hints at the meeting's start.
        accepted, newcomers, resources_for, meeting_started_at, *latest = (
            later if later else ([], [], "", None)
        )
        (health, shares, reasons, progressive, invites, lobby_notes, count_only,
         accepts_lobby_notes, stepped_out) = latest if latest else ([], [], [], False, [], [], False,
                                                                    False, [])
        participants = {
            int(pid): Participant(int(pid), str(pname), Role(role), bool(int(seen) & 1), bool(int(seen) & 2))
            for pid, pname, role, seen in people
        }
        agenda_items = []
        for item_id, item_title, item_minutes, rules in agenda:
            segment = None
            if rules is not None:  # five elements, or six with a guest speaker
                r_mode, r_crosstalk, r_share, r_hard, r_reading, *speaker = [*rules, None][:6]
                segment = SegmentRules(Mode(r_mode), bool(r_crosstalk), _opt_int(r_share),
                                       bool(r_hard), _opt_int(r_reading), speaker[0] and str(speaker[0]))
            agenda_items.append(AgendaItem(int(item_id), str(item_title), int(item_minutes), segment))
        heart, me_too, thanks = reactions
        return RoomState(
            name=str(name),
            title=str(title),
            seq=int(seq),
            mode=Mode(mode),
            participants=_frozen_map(participants),
            hand_queue=tuple(int(p) for p in queue),
            floor_holder=_opt_int(floor),
            agenda=tuple(agenda_items),
            current_item=_opt_int(current),
            current_started_at=_opt_int(started),
            removed_names=frozenset(str(n) for n in removed),
            transcript=tuple(
                Message(int(s), int(p), str(n), str(t), int(a)) for s, p, n, t, a in messages
            ),
            next_pid=int(next_pid),
            next_item_id=int(next_item_id),
            crosstalk=bool(crosstalk),
            round=None if round_ is None else Round(
                tuple(int(p) for p in round_[0]), frozenset(int(p) for p in round_[1])
            ),
            floor_since=_opt_int(floor_since),
            reactions=(int(heart), int(me_too), int(thanks)),
            readings=tuple(Reading(int(i), str(t), str(x), bool(g)) for i, t, x, g in readings),
            shown_reading=_opt_int(shown),
            reader=None if reader is None else ReadAloud(int(reader[0]), int(reader[1]), int(reader[2])),
            next_reading_id=int(next_reading_id),
            waiting_room=bool(waiting_room),
            waiting=MappingProxyType(
                {int(p): Waiter(int(p), str(n), bool(a), bool(w)) for p, n, a, w in waiting}
            ),
            notes=tuple(
                Note(int(s), int(f), _opt_int(t), str(n), str(x), int(a)) for s, f, t, n, x, a in notes
            ),
            support=frozenset(int(p) for p in support),
            silenced=MappingProxyType({int(p): int(u) for p, u in silenced}),
            locked=bool(locked),
            lockdown=bool(lockdown),
            welcome_text=str(welcome_text),
            resources=tuple((str(label), str(detail)) for label, detail in resources),
            accepted=frozenset(int(p) for p in accepted),
            newcomers=frozenset(int(p) for p in newcomers),
            resources_for=str(resources_for),
            meeting_started_at=_opt_int(meeting_started_at),
            link_health=MappingProxyType(
                {int(p): LinkHealth(int(r), int(b)) for p, r, b in health}
            ),
            shares=MappingProxyType({int(p): ShareCount(int(c), int(s)) for p, c, s in shares}),
            hand_reasons=MappingProxyType({int(p): int(r) for p, r in reasons}),
            progressive=bool(progressive),
            guest_invites=tuple(GuestInvite(str(n), str(c), int(e)) for n, c, e in invites),
            lobby_notes=tuple(LobbyNote(int(i), str(n), str(t), int(a)) for i, n, t, a in lobby_notes),
            count_only=bool(count_only),
            accepts_lobby_notes=bool(accepts_lobby_notes),
            stepped_out=frozenset(int(p) for p in stepped_out),
        )
    except (TypeError, ValueError, OverflowError) as exc:  # int(inf) raises OverflowError
        raise ProtocolError("bad_snapshot", f"The room snapshot is malformed: {exc}") from exc
