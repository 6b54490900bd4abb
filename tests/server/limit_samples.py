"""A sample of every command kind with its arguments at their limits, sent from the right role.

``SAMPLES`` maps each ``CommandKind`` to a function of the run's ``Texts`` that returns
the steps of its sample: arrivals (``Arrive``) and commands (``Send``), in order. Every
command of a sample must be accepted by the relay. A sample starts from the standing
scene (the facilitator ``fran``, the co-facilitator ``cody`` and the members ``ann``
and ``twin`` present; open mode, crosstalk on, nobody holding the floor, no round, no
waiting room) and ``RESTORE`` brings the room back to it afterwards. A kind added to
the command table with no sample here fails ``tests/server/test_limits_restart.py``.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from protocol.kinds import CommandKind as K
from protocol.kinds import HandReason, Mode, Reaction, Role
from protocol.limits import (
    MAX_AGENDA_MINUTES,
    MAX_MESSAGE_CHARS,
    MAX_READING_CHARS,
    MAX_REPORTED_RTT_MS,
    MAX_SHORT_TEXT_CHARS,
    MAX_SILENCE_MINUTES,
)
from protocol.state import RoomState
from tests.server import guest_samples
from tests.server.limit_texts import Texts, twin_of
from tests.server.lobby_step import LeaveNote

FAR = 2**53
"""The largest integer the wire carries (``protocol.fields.MAX_INT``): moves clamp it."""
LONGEST_SHARE = MAX_AGENDA_MINUTES * 60


@dataclass(frozen=True)
class Scene:
    """What a step's arguments may refer to: who has which pid and name, and the room now."""

    pids: dict[str, int]
    names: dict[str, str]
    """The name the room gave each person (normalised, numbered), by key."""
    state: RoomState

    def pid(self, key: str) -> int:
        """The pid of the person seated as ``key``."""
        return self.pids[key]

    def newest_reading(self) -> int:
        return self.state.readings[-1].reading_id

    def newest_item(self) -> int:
        return self.state.agenda[-1].item_id


def past_limit(limit: int) -> str:
    """Text within ``limit`` as sent, one character past it once its tabs are widened."""
    tabs = limit // 8
    return "x\t" * tabs + "x" * (limit - 5 * tabs + 1)


Args = Callable[[Scene], tuple[Any, ...]] | tuple[Any, ...]


@dataclass(frozen=True)
class Send:
    """``who`` sends ``kind`` with ``args`` (a tuple, or a function of the scene)."""

    who: str
    kind: K
    args: Args = ()
    only_if: Callable[[RoomState], bool] | None = None
    """Sent only when this holds (the restoring steps); None: always."""
    refused: str | None = None
    """The error code expected instead of an event (text past its limit once normalised)."""

    def arguments(self, scene: Scene) -> tuple[Any, ...]:
        return self.args(scene) if callable(self.args) else self.args


@dataclass(frozen=True)
class Arrive:
    """The person ``key`` joins with their raw name (``Texts.names``), or with the room's key."""

    key: str
    facilitator: bool = False


Step = Send | Arrive | LeaveNote
Sample = Callable[[Texts], list[Step]]


def _pid(key: str) -> Args:
    return lambda scene: (scene.pid(key),)


def _say(t: Texts) -> list[Step]:
    over = Send("ann", K.SAY, (past_limit(MAX_MESSAGE_CHARS),), refused="bad_message")
    return [Send("ann", K.SAY, (text,)) for text in t.messages] + [
        Send("twin", K.SAY, (t.messages[-1],)),
        over,
    ]


def _raise(t: Texts) -> list[Step]:
    return [
        Send("ann", K.RAISE),
        Send("ann", K.LOWER, (None,)),
        Send("fran", K.GRANT, _pid("ann")),
        Send("twin", K.RAISE, (HandReason.RESPONSE,)),
        Send("cody", K.RAISE, (HandReason.PROCESS,)),
    ]


def _set_progressive(t: Texts) -> list[Step]:
    return [
        Send("ann", K.RAISE),
        Send("twin", K.RAISE),
        Send("fran", K.SET_PROGRESSIVE, (True,)),
        Send("cody", K.SET_PROGRESSIVE, (False,)),
    ]


def _lower(t: Texts) -> list[Step]:
    return [
        Send("ann", K.RAISE),
        Send("ann", K.LOWER, (None,)),
        Send("twin", K.RAISE),
        Send("fran", K.LOWER, _pid("twin")),
    ]


def _done(t: Texts) -> list[Step]:
    return [Send("fran", K.GRANT, _pid("ann")), Send("ann", K.DONE)]


def _next(t: Texts) -> list[Step]:
    return [Send("ann", K.RAISE), Send("cody", K.NEXT)]


def _grant(t: Texts) -> list[Step]:
    return [Send("cody", K.GRANT, _pid("twin")), Send("fran", K.GRANT, _pid("ann"))]


def _take_back(t: Texts) -> list[Step]:
    return [Send("fran", K.GRANT, _pid("ann")), Send("cody", K.TAKE_BACK)]


def _pass(t: Texts) -> list[Step]:
    return [
        Send("ann", K.RAISE),
        Send("ann", K.PASS),
        Send("fran", K.GRANT, _pid("twin")),
        Send("twin", K.PASS),
    ]


def _react(t: Texts) -> list[Step]:
    reactions = [Send("ann", K.REACT, (reaction,)) for reaction in Reaction]
    return [Send("fran", K.GRANT, _pid("twin")), *reactions, Send("cody", K.REACT, (Reaction(0),))]


def _set_mode(t: Texts) -> list[Step]:
    return [
        Send(who, K.SET_MODE, (mode,))
        for who, mode in zip(("fran", "cody") * 2, Mode, strict=False)
        if mode is not Mode.OPEN
    ] + [Send("fran", K.SET_MODE, (Mode.OPEN,))]


def _round_start(t: Texts) -> list[Step]:
    return [Send("cody", K.ROUND_START), Send("ann", K.PASS)]


def _round_end(t: Texts) -> list[Step]:
    return [Send("fran", K.ROUND_START), Send("cody", K.ROUND_END)]


def _round_skip(t: Texts) -> list[Step]:
    return [
        Send("fran", K.ROUND_START),
        Send("cody", K.ROUND_SKIP, _pid("twin")),
        Send("fran", K.ROUND_SKIP, _pid("fran")),
    ]


def _round_move(t: Texts) -> list[Step]:
    return [
        Send("fran", K.ROUND_START),
        Send("fran", K.ROUND_MOVE, lambda s: (s.pid("ann"), FAR)),
        Send("cody", K.ROUND_MOVE, lambda s: (s.pid("ann"), -FAR)),
    ]


def _set_crosstalk(t: Texts) -> list[Step]:
    return [Send("fran", K.SET_CROSSTALK, (False,)), Send("cody", K.SET_CROSSTALK, (True,))]


FORMAT_NAME = "limits-" + "z" * 25
"""The test format's name: as long as a format name may be (32 characters)."""


def _load_format(t: Texts) -> list[Step]:
    # Sent in capitals with spaces around: the title checker trims, the lookup folds case.
    return [
        Send("fran", K.LOAD_FORMAT, (f"  {FORMAT_NAME.upper()}  ",)),
        Send("cody", K.LOAD_FORMAT, ("smart",)),
    ]


def _reading_add(t: Texts) -> list[Step]:
    # The hostile reading that once stopped the relay: 7,505 characters, 9,004 once widened.
    steps: list[Step] = [
        Send("fran", K.READING_ADD, ("Tabs", "x\t" * 500 + "x" * 6505), refused="bad_reading"),
        Send("fran", K.READING_ADD, ("Tabs", past_limit(MAX_READING_CHARS)), refused="bad_reading"),
    ]
    for number, text in enumerate(t.readings):
        title = t.titles[number % len(t.titles)]
        args = ((title, text, True), (title, text, False), (title, text))[
            number % 3
        ]  # the flag may be left out
        steps.append(Send(("fran", "cody")[number % 2], K.READING_ADD, args))
        if number < len(t.readings) - 1:  # one reading at its limit stays, the room's text stays bounded
            steps.append(Send("fran", K.READING_REMOVE, lambda s: (s.newest_reading(),)))
    return steps


def _reading_show(t: Texts) -> list[Step]:
    return [
        Send("fran", K.READING_SHOW, lambda s: (s.newest_reading(),)),
        Send("cody", K.READING_SHOW, (None,)),
    ]


def _reading_ask(t: Texts) -> list[Step]:
    return [Send("cody", K.READING_ASK, lambda s: (s.newest_reading(), s.pid("ann")))]


def _reading_step(t: Texts) -> list[Step]:
    return [
        Send("fran", K.READING_ASK, lambda s: (s.newest_reading(), s.pid("twin"))),
        Send("twin", K.READING_STEP),
    ]


def _reading_remove(t: Texts) -> list[Step]:
    return [
        Send("cody", K.READING_ADD, (t.titles[0], t.short_texts[-1])),
        Send("cody", K.READING_REMOVE, lambda s: (s.newest_reading(),)),
    ]


def _move_hand(t: Texts) -> list[Step]:
    return [
        Send("ann", K.RAISE),
        Send("twin", K.RAISE),
        Send("fran", K.MOVE_HAND, lambda s: (s.pid("twin"), -FAR)),
        Send("cody", K.MOVE_HAND, lambda s: (s.pid("twin"), FAR)),
    ]


def _lower_all(t: Texts) -> list[Step]:
    return [Send("ann", K.RAISE), Send("twin", K.RAISE), Send("cody", K.LOWER_ALL)]


_RULES = (
    None,
    (Mode.ROUND, False, LONGEST_SHARE, True, FAR),  # a reading that does not exist: nothing is shown
    [Mode.SILENT, True, None, False, None],
    (Mode.FLOOR, False, 1, True, None),
)


def _agenda_add(t: Texts) -> list[Step]:
    steps: list[Step] = []
    for number, title in enumerate(t.titles):
        rules = _RULES[number % len(_RULES)]
        args = (title, MAX_AGENDA_MINUTES) if rules is None else (title, MAX_AGENDA_MINUTES, rules)
        steps.append(Send(("fran", "cody")[number % 2], K.AGENDA_ADD, args))
    return steps


def _agenda_edit(t: Texts) -> list[Step]:
    return [
        Send(
            ("cody", "fran")[n % 2],
            K.AGENDA_EDIT,
            lambda s, title=title, n=n: (
                s.newest_item(),
                title,
                (1, MAX_AGENDA_MINUTES)[n % 2],
                _RULES[(n + 1) % len(_RULES)],
            ),
        )
        for n, title in enumerate(t.titles)
    ]


def _agenda_move(t: Texts) -> list[Step]:
    return [
        Send("fran", K.AGENDA_MOVE, lambda s: (s.newest_item(), -FAR)),
        Send("cody", K.AGENDA_MOVE, lambda s: (s.state.agenda[0].item_id, FAR)),
    ]


def _agenda_remove(t: Texts) -> list[Step]:
    return [
        Send("cody", K.AGENDA_ADD, (t.titles[-1], 1)),
        Send("cody", K.AGENDA_REMOVE, lambda s: (s.newest_item(),)),
    ]


def _agenda_set_current(t: Texts) -> list[Step]:
    return [
        Send("fran", K.AGENDA_SET_CURRENT, lambda s: (s.newest_item(),)),
        Send("cody", K.AGENDA_SET_CURRENT, (None,)),
    ]


def _agenda_next(t: Texts) -> list[Step]:
    return [Send("fran", K.AGENDA_NEXT), Send("cody", K.AGENDA_NEXT)]


def _remove(t: Texts) -> list[Step]:
    return [Arrive("bo"), Send("fran", K.REMOVE, _pid("bo"))]


def _allow(t: Texts) -> list[Step]:
    # Allowed back under the same name written another way (full-width letters).
    return [
        Arrive("dee"),
        Send("cody", K.REMOVE, _pid("dee")),
        Send("fran", K.ALLOW, lambda s: (twin_of(s.names["dee"]),)),
    ]


def _set_waiting_room(t: Texts) -> list[Step]:
    return [Send("fran", K.SET_WAITING_ROOM, (True,)), Send("cody", K.SET_WAITING_ROOM, (False,))]


def _admit(t: Texts) -> list[Step]:
    return [Send("fran", K.SET_WAITING_ROOM, (True,)), Arrive("wen"), Send("cody", K.ADMIT, _pid("wen"))]


def _admit_all(t: Texts) -> list[Step]:
    return [Send("cody", K.SET_WAITING_ROOM, (True,)), Arrive("wyn"), Send("fran", K.ADMIT_ALL)]


def _decline(t: Texts) -> list[Step]:
    return [
        Send("fran", K.SET_WAITING_ROOM, (True,)),
        Arrive("dax"),
        Send(
            "fran", K.DECLINE, lambda s: (s.pid("dax"), past_limit(MAX_SHORT_TEXT_CHARS)), refused="bad_field"
        ),
        Send("fran", K.DECLINE, lambda s: (s.pid("dax"), t.short_texts[-1])),
    ]


def _decline_all(t: Texts) -> list[Step]:
    return [Send("fran", K.SET_WAITING_ROOM, (True,)), Arrive("dan"), Send("cody", K.DECLINE_ALL)]


def _waiter_update(t: Texts) -> list[Step]:
    # Someone waiting answers, writes to the facilitators, is answered, and goes away.
    return [
        Send("fran", K.LOCK, (True,)),
        Arrive("lux"),
        Send("lux", K.WAITER_UPDATE, (True, True)),
        *[Send("lux", K.NOTE, (text,)) for text in t.messages[-2:]],
        Send("cody", K.REPLY, lambda s: (s.pid("lux"), t.messages[-1])),
        Send("lux", K.LEAVE),
    ]


def _note(t: Texts) -> list[Step]:
    return [Send("ann", K.NOTE, (text,)) for text in t.messages]


def _support(t: Texts) -> list[Step]:
    return [
        Send("ann", K.SUPPORT, (True,)),
        Send("ann", K.SUPPORT, (False,)),
        Send("twin", K.SUPPORT, (True,)),
    ]


def _reply(t: Texts) -> list[Step]:
    return [
        Send(("fran", "cody")[n % 2], K.REPLY, lambda s, text=text: (s.pid("ann"), text))
        for n, text in enumerate(t.messages)
    ]


def _silence(t: Texts) -> list[Step]:
    return [
        Send("fran", K.SILENCE, lambda s: (s.pid("ann"), MAX_SILENCE_MINUTES)),
        Send("cody", K.SILENCE, lambda s: (s.pid("ann"), 0)),
    ]


def _lock(t: Texts) -> list[Step]:
    return [Send("fran", K.LOCK, (True,)), Send("cody", K.LOCK, (False,))]


def _lockdown(t: Texts) -> list[Step]:
    return [Send("cody", K.LOCKDOWN, (True,)), Send("fran", K.LOCKDOWN, (False,))]


def _lobby_note_delete(t: Texts) -> list[Step]:  # the longest note under the longest name, then deleted
    newest = Send("cody", K.LOBBY_NOTE_DELETE, lambda s: (s.state.lobby_notes[-1].note_id,))
    return [LeaveNote(t.name("ann"), t.short_texts[-1] or "x"), newest]


def _end_meeting(t: Texts) -> list[Step]:
    return [Send("fran", K.END_MEETING)]


def _set_role(t: Texts) -> list[Step]:
    return [
        Send("fran", K.SET_ROLE, lambda s: (s.pid("twin"), Role.COFACILITATOR)),
        Send("fran", K.SET_ROLE, lambda s: (s.pid("twin"), Role.MEMBER)),
    ]


def _leave(t: Texts) -> list[Step]:
    return [Arrive("max"), Send("max", K.LEAVE)]


def _presence(t: Texts) -> list[Step]:  # slow then fine (each a new marker, so each recorded); out, back
    reports = [Send("ann", K.LINK_REPORT, (rtt, FAR)) for rtt in (MAX_REPORTED_RTT_MS, 0)]
    return reports + [Send("ann", K.STEP_OUT, (out,)) for out in (True, False)]


SAMPLES: dict[K, Sample] = {
    K.SAY: _say,
    K.RAISE: _raise,
    K.LOWER: _lower,
    K.DONE: _done,
    K.NEXT: _next,
    K.GRANT: _grant,
    K.TAKE_BACK: _take_back,
    K.PASS: _pass,
    K.REACT: _react,
    K.SET_MODE: _set_mode,
    K.ROUND_START: _round_start,
    K.ROUND_END: _round_end,
    K.ROUND_SKIP: _round_skip,
    K.ROUND_MOVE: _round_move,
    K.SET_CROSSTALK: _set_crosstalk,
    K.SET_PROGRESSIVE: _set_progressive,
    K.LOAD_FORMAT: _load_format,
    K.READING_ADD: _reading_add,
    K.READING_SHOW: _reading_show,
    K.READING_ASK: _reading_ask,
    K.READING_STEP: _reading_step,
    K.READING_REMOVE: _reading_remove,
    K.MOVE_HAND: _move_hand,
    K.LOWER_ALL: _lower_all,
    K.AGENDA_ADD: _agenda_add,
    K.AGENDA_EDIT: _agenda_edit,
    K.AGENDA_MOVE: _agenda_move,
    K.AGENDA_REMOVE: _agenda_remove,
    K.AGENDA_SET_CURRENT: _agenda_set_current,
    K.AGENDA_NEXT: _agenda_next,
    K.REMOVE: _remove,
    K.ALLOW: _allow,
    K.SET_WAITING_ROOM: _set_waiting_room,
    K.ADMIT: _admit,
    K.ADMIT_ALL: _admit_all,
    K.DECLINE: _decline,
    K.DECLINE_ALL: _decline_all,
    K.LOBBY_NOTE_DELETE: _lobby_note_delete,
    K.WAITER_UPDATE: _waiter_update,
    K.NOTE: _note,
    K.SUPPORT: _support,
    K.REPLY: _reply,
    K.SILENCE: _silence,
    K.LOCK: _lock,
    K.LOCKDOWN: _lockdown,
    K.END_MEETING: _end_meeting,
    K.SET_ROLE: _set_role,
    K.LEAVE: _leave,
    K.LINK_REPORT: _presence,
    K.STEP_OUT: _presence,
    K.GUEST_INVITE: guest_samples.guest_invite,
    K.GUEST_CANCEL: guest_samples.guest_cancel,
}
"""Every command kind's sample (``tests/server/test_limits_restart.py`` fails for a kind without one)."""

STANDING: list[Step] = [
    Arrive("fran", facilitator=True),
    Arrive("ann"),
    Arrive("twin"),
    Arrive("cody"),
    Send("fran", K.SET_ROLE, lambda s: (s.pid("cody"), Role.COFACILITATOR)),
]
"""The scene every sample starts from: a facilitator, a co-facilitator and two namesakes."""

RESTORE: list[Step] = [
    Send("fran", K.LOCKDOWN, (False,), only_if=lambda s: s.lockdown),
    Send("fran", K.ROUND_END, only_if=lambda s: s.round is not None),
    Send("fran", K.TAKE_BACK, only_if=lambda s: s.floor_holder is not None),
    Send("fran", K.LOWER_ALL, only_if=lambda s: bool(s.hand_queue)),
    Send("fran", K.SET_MODE, (Mode.OPEN,), only_if=lambda s: s.mode is not Mode.OPEN),
    Send("fran", K.SET_CROSSTALK, (True,), only_if=lambda s: not s.crosstalk),
    Send("fran", K.SET_PROGRESSIVE, (False,), only_if=lambda s: s.progressive),
    Send("fran", K.LOCK, (False,), only_if=lambda s: s.locked),
    Send("fran", K.SET_WAITING_ROOM, (False,), only_if=lambda s: s.waiting_room),
]
"""Steps that bring the room back to the standing scene, each sent only when needed."""


def sample_steps(kind: K, texts: Texts) -> list[Step]:
    """The steps of ``kind``'s sample, checked to send ``kind`` at least once.

    Raises:
        LookupError: the command table has a kind with no sample here.
    """
    sample = SAMPLES.get(kind)
    if sample is None:
        raise LookupError(f"{kind.name} has no sample in tests/server/limit_samples.py: add one")
    steps = sample(texts)
    if not any(isinstance(step, Send) and step.kind is kind for step in steps):
        raise LookupError(f"the sample of {kind.name} never sends {kind.name}")
    return steps
