"""The command table: every ``CommandKind`` declared once, with everything derived from it.

Each row says what the command carries on the wire, who may send it, which decider
turns it into events (and which one when it comes from the waiting room), and how a
person types it. ``COMMAND_ARGS`` (the wire checker), ``LEADER_COMMANDS``,
``WAITER_COMMANDS``, ``may``, the relay's dispatch, the client's slash parser and its
help are all computed from ``COMMANDS``; nothing else lists command kinds.

Rows are in the order the help shows them. Adding a command: a ``CommandKind`` number,
a row here, its decider in the module that governs what it touches.
"""

from protocol.fields import (
    Optional,
    boolean,
    code,
    hand_reason,
    ident,
    integer,
    invite_minutes,
    message,
    minutes,
    mode,
    name,
    optional_ident,
    reaction,
    reading_text,
    role,
    rtt_ms,
    segment_rules,
    short_text,
    silence_minutes,
    title,
)
from protocol.kinds import CommandKind as K
from protocol.kinds import HandReason, Role
from protocol.rules import (
    admission,
    agenda,
    floor,
    guests,
    lobby,
    moderation,
    notes,
    presence,
    readings,
    rounds,
)
from protocol.rules.spec import Checker, CommandSpec, Grammar, Sender, SlashForm

G = Grammar
MEMBER, LEADER = Sender.MEMBER, Sender.LEADER
RESPONSE, PROCESS = HandReason.RESPONSE, HandReason.PROCESS


_ROWS: tuple[CommandSpec, ...] = (
    CommandSpec(K.SAY, (message,), MEMBER, floor.decide_say),
    CommandSpec(
        K.RAISE,
        (Optional(hand_reason),),
        MEMBER,
        floor.decide_raise,
        slash=(
            SlashForm("raise", G.NONE, "raise your hand for a new share"),
            SlashForm("raise response", G.NONE, "raise your hand to respond to this share", (RESPONSE,)),
            SlashForm("raise process", G.NONE, "raise your hand for a point of process", (PROCESS,)),
        ),
    ),
    CommandSpec(
        K.LOWER,
        (optional_ident,),
        MEMBER,
        floor.decide_lower,
        slash=(SlashForm("lower", G.OPTIONAL_PERSON, "lower your hand (or, facilitating, NAME's)"),),
    ),
    CommandSpec(
        K.DONE, (), MEMBER, floor.decide_done, slash=(SlashForm("done", G.NONE, "give the floor back"),)
    ),
    CommandSpec(
        K.NEXT,
        (),
        LEADER,
        floor.decide_next,
        slash=(SlashForm("next", G.NONE, "give the floor to the first raised hand"),),
    ),
    CommandSpec(
        K.GRANT,
        (ident,),
        LEADER,
        floor.decide_grant,
        slash=(SlashForm("grant", G.PERSON, "give NAME the floor"),),
    ),
    CommandSpec(
        K.TAKE_BACK,
        (),
        LEADER,
        floor.decide_take_back,
        slash=(SlashForm("take", G.NONE, "take the floor back"),),
    ),
    CommandSpec(
        K.PASS,
        (),
        MEMBER,
        rounds.decide_pass,
        slash=(SlashForm("pass", G.NONE, "pass your turn (no reason needed), or take your hand down"),),
    ),
    CommandSpec(
        K.REACT,
        (reaction,),
        MEMBER,
        floor.decide_react,
        slash=(SlashForm("react", G.REACTION, "react quietly to the person sharing"),),
    ),
    CommandSpec(
        K.SET_MODE,
        (mode,),
        LEADER,
        floor.decide_set_mode,
        slash=(SlashForm("mode", G.MODE, "everyone posts, the floor holder posts, a go-around, or a pause"),),
    ),
    CommandSpec(
        K.ROUND_START,
        (),
        LEADER,
        rounds.decide_round_start,
        slash=(SlashForm("round start", G.NONE, "start a go-around"),),
    ),
    CommandSpec(
        K.ROUND_END,
        (),
        LEADER,
        rounds.decide_round_end,
        slash=(SlashForm("round end", G.NONE, "end the go-around"),),
    ),
    CommandSpec(
        K.ROUND_SKIP,
        (ident,),
        LEADER,
        rounds.decide_round_skip,
        slash=(SlashForm("round skip", G.PERSON, "skip NAME's turn"),),
    ),
    CommandSpec(
        K.ROUND_MOVE,
        (ident, integer),
        LEADER,
        rounds.decide_round_move,
        slash=(SlashForm("round move", G.PERSON_PLACE, "move NAME to place POS in the round"),),
    ),
    CommandSpec(
        K.SET_PROGRESSIVE,
        (boolean,),
        LEADER,
        floor.decide_set_progressive,
        slash=(SlashForm("progressive", G.ON_OFF, "people who have not shared yet go first in the queue"),),
    ),
    CommandSpec(
        K.SET_CROSSTALK,
        (boolean,),
        LEADER,
        floor.decide_set_crosstalk,
        slash=(SlashForm("crosstalk", G.ON_OFF, "allow replies to a share, or only reactions"),),
    ),
    CommandSpec(
        K.LOAD_FORMAT,
        (title,),
        LEADER,
        agenda.decide_load_format,
        slash=(SlashForm("format", G.FORMAT, "replace the agenda with a meeting format"),),
    ),
    CommandSpec(
        K.READING_ADD,
        (title, reading_text, Optional(boolean)),
        LEADER,
        readings.decide_reading_add,
        slash=(SlashForm("reading add", G.TITLE_TEXT, "add a reading (// between paragraphs)", (False,)),),
    ),
    CommandSpec(
        K.READING_SHOW,
        (optional_ident,),
        LEADER,
        readings.decide_reading_show,
        slash=(
            SlashForm("reading show", G.READING, "show reading N to everyone"),
            SlashForm("reading hide", G.NONE, "hide the reading shown", (None,)),
        ),
    ),
    CommandSpec(
        K.READING_ASK,
        (ident, ident),
        LEADER,
        readings.decide_reading_ask,
        slash=(SlashForm("reading ask", G.READING_PERSON, "ask NAME to read reading N aloud"),),
    ),
    CommandSpec(
        K.READING_STEP,
        (),
        MEMBER,
        readings.decide_reading_step,
        slash=(SlashForm("reading next", G.NONE, "read your next paragraph aloud"),),
    ),
    CommandSpec(
        K.READING_REMOVE,
        (ident,),
        LEADER,
        readings.decide_reading_remove,
        slash=(SlashForm("reading remove", G.READING, "remove reading N"),),
    ),
    CommandSpec(
        K.MOVE_HAND,
        (ident, integer),
        LEADER,
        floor.decide_move_hand,
        slash=(
            SlashForm("up", G.PERSON, "move NAME's hand up the queue", (-1,)),
            SlashForm("down", G.PERSON, "move NAME's hand down the queue", (1,)),
        ),
    ),
    CommandSpec(
        K.LOWER_ALL,
        (),
        LEADER,
        floor.decide_lower_all,
        slash=(SlashForm("lowerall", G.NONE, "lower every hand"),),
    ),
    CommandSpec(
        K.AGENDA_ADD,
        (title, minutes, Optional(segment_rules)),
        LEADER,
        agenda.decide_agenda_add,
        slash=(SlashForm("agenda add", G.TITLE_MINUTES, "add an agenda item"),),
    ),
    CommandSpec(
        K.AGENDA_EDIT,
        (ident, title, minutes, Optional(segment_rules)),
        LEADER,
        agenda.decide_agenda_edit,
        slash=(SlashForm("agenda edit", G.ITEM_TITLE_MINUTES, "change agenda item N"),),
    ),
    CommandSpec(
        K.AGENDA_MOVE,
        (ident, integer),
        LEADER,
        agenda.decide_agenda_move,
        slash=(SlashForm("agenda move", G.ITEM_POSITION, "move agenda item N to position POS"),),
    ),
    CommandSpec(
        K.AGENDA_REMOVE,
        (ident,),
        LEADER,
        agenda.decide_agenda_remove,
        slash=(SlashForm("agenda remove", G.ITEM, "remove agenda item N"),),
    ),
    CommandSpec(
        K.AGENDA_SET_CURRENT,
        (optional_ident,),
        LEADER,
        agenda.decide_agenda_set_current,
        slash=(SlashForm("agenda current", G.ITEM_OR_NONE, "make item N the current one"),),
    ),
    CommandSpec(
        K.AGENDA_NEXT,
        (),
        LEADER,
        agenda.decide_agenda_next,
        slash=(SlashForm("agenda next", G.NONE, "move on to the next item"),),
    ),
    CommandSpec(
        K.REMOVE,
        (ident,),
        LEADER,
        moderation.decide_remove,
        slash=(SlashForm("remove", G.OTHER_PERSON, "remove someone from the room"),),
    ),
    CommandSpec(
        K.ALLOW,
        (name,),
        LEADER,
        moderation.decide_allow,
        slash=(SlashForm("allow", G.NAME, "let someone removed come back"),),
    ),
    CommandSpec(
        K.GUEST_INVITE,
        (name, Optional(invite_minutes)),
        LEADER,
        guests.decide_guest_invite,
        slash=(SlashForm("guest", G.NAME, "invite a guest speaker: a one-use code valid for a day"),),
    ),
    CommandSpec(
        K.GUEST_CANCEL,
        (code,),
        LEADER,
        guests.decide_guest_cancel,
        slash=(SlashForm("uninvite", G.TEXT, "cancel the guest invitation with code TEXT"),),
    ),
    CommandSpec(
        K.SET_WAITING_ROOM,
        (boolean,),
        LEADER,
        admission.decide_set_waiting_room,
        slash=(
            SlashForm("waiting", G.ON_OFF, "seat newcomers in the waiting room, or let them straight in"),
        ),
    ),
    CommandSpec(
        K.ADMIT,
        (ident,),
        LEADER,
        admission.decide_admit,
        slash=(SlashForm("admit", G.WAITER, "let someone in from the waiting room"),),
    ),
    CommandSpec(
        K.ADMIT_ALL,
        (),
        LEADER,
        admission.decide_admit_all,
        slash=(SlashForm("admit all", G.NONE, "let everyone in from the waiting room"),),
    ),
    CommandSpec(
        K.DECLINE,
        (ident, Optional(short_text)),
        LEADER,
        admission.decide_decline,
        slash=(SlashForm("decline", G.WAITER_MESSAGE, "turn someone away from the waiting room, kindly"),),
    ),
    CommandSpec(
        K.DECLINE_ALL,
        (),
        LEADER,
        admission.decide_decline_all,
        slash=(SlashForm("decline all", G.NONE, "turn everyone in the waiting room away"),),
    ),
    CommandSpec(
        K.WAITER_UPDATE, (boolean, boolean), MEMBER, admission.decide_waiter_update, admission.waiting_update
    ),
    CommandSpec(
        K.NOTE,
        (message,),
        MEMBER,
        notes.decide_note,
        notes.waiting_note,
        slash=(SlashForm("note", G.TEXT, "write privately to the facilitators"),),
    ),
    CommandSpec(
        K.SUPPORT,
        (boolean,),
        MEMBER,
        notes.decide_support,
        slash=(SlashForm("support", G.ON_OFF, "tell the facilitators privately that you need support"),),
    ),
    CommandSpec(
        K.REPLY,
        (ident, message),
        LEADER,
        notes.decide_reply,
        slash=(SlashForm("reply", G.ANYONE_TEXT, "answer someone privately"),),
    ),
    CommandSpec(
        K.SILENCE,
        (ident, silence_minutes),
        LEADER,
        moderation.decide_silence,
        slash=(
            SlashForm("silence", G.PERSON_MINUTES, "pause someone's messages for a while"),
            SlashForm("unsilence", G.PERSON, "lift someone's pause", (0,)),
        ),
    ),
    CommandSpec(
        K.LOCK,
        (boolean,),
        LEADER,
        moderation.decide_lock,
        slash=(
            SlashForm("lock", G.NONE, "keep newcomers in the waiting room", (True,)),
            SlashForm("unlock", G.NONE, "let newcomers in again", (False,)),
        ),
    ),
    CommandSpec(
        K.LOCKDOWN,
        (boolean,),
        LEADER,
        moderation.decide_lockdown,
        slash=(
            SlashForm("lockdown", G.NONE, "floor mode, no crosstalk, locked", (True,)),
            SlashForm("unlockdown", G.NONE, "lift the lockdown", (False,)),
        ),
    ),
    CommandSpec(
        K.END_MEETING,
        (),
        LEADER,
        moderation.decide_end_meeting,
        slash=(SlashForm("end", G.NONE, "end the meeting and delete its words"),),
    ),
    CommandSpec(
        K.SET_ROLE,
        (ident, role),
        LEADER,
        moderation.decide_set_role,
        slash=(
            SlashForm("promote", G.PERSON, "make NAME a co-facilitator", (Role.COFACILITATOR,)),
            SlashForm("demote", G.PERSON, "make NAME a member again", (Role.MEMBER,)),
        ),
    ),
    CommandSpec(
        K.LEAVE,
        (),
        MEMBER,
        moderation.decide_leave,
        admission.waiting_leave,
        slash=(SlashForm("leave", G.NONE, "leave the meeting"),),
    ),
    CommandSpec(
        K.LOBBY_NOTE_DELETE,
        (ident,),
        LEADER,
        lobby.decide_lobby_note_delete,
        slash=(SlashForm("lobby delete", G.LOBBY_NOTE, "delete lobby note N (as /lobby lists them)"),),
    ),
    CommandSpec(K.LINK_REPORT, (rtt_ms, ident), MEMBER, presence.decide_link_report),
    CommandSpec(
        K.STEP_OUT,
        (boolean,),
        MEMBER,
        presence.decide_step_out,
        slash=(
            SlashForm("away", G.NONE, "step out for a moment (your hand and round place are kept)", (True,)),
            SlashForm("back", G.NONE, "come back after stepping out", (False,)),
        ),
    ),
)

COMMANDS: dict[K, CommandSpec] = {spec.kind: spec for spec in _ROWS}
"""Every command kind's row."""

COMMAND_ARGS: dict[K, tuple[Checker, ...]] = {spec.kind: spec.args for spec in _ROWS}
"""The positional arguments of each command (checked by the codec)."""

LEADER_COMMANDS: frozenset[K] = frozenset(spec.kind for spec in _ROWS if spec.sender is Sender.LEADER)
"""Commands only facilitators and co-facilitators may send (LOWER of another's hand too)."""

WAITER_COMMANDS: frozenset[K] = frozenset(spec.kind for spec in _ROWS if spec.waiting is not None)
"""The only commands someone in the waiting room may send."""

SLASH_FORMS: tuple[tuple[SlashForm, K], ...] = tuple(
    (form, spec.kind) for spec in _ROWS for form in spec.slash
)
"""Every slash form with the kind it sends, in help order."""


def may(role: Role, kind: K) -> bool:
    """Whether ``role`` may ever send ``kind`` (a client uses this to offer actions)."""
    return role.leads or COMMANDS[kind].sender is Sender.MEMBER
