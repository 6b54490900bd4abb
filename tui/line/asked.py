"""The views line mode prints on demand, in place of panels: who is here, the queue, the agenda, help.

Each function reads the local copy of the room and returns plain lines; none of them
acts on the room. Names and titles pass through ``protocol.text.for_display_line``.
Nothing here imports ``textual`` or ``rich``.
"""

from protocol import Role, RoomState
from protocol.rounds import upcoming
from protocol.text import for_display_line
from tui.core.guest_lines import invite_row
from tui.core.hand_place import fairness_lines, place_sentence, queue_entries, share_tag
from tui.core.link_words import link_marker, round_waits
from tui.core.lobby_notes import head_count, shows_names
from tui.core.narration import ROLE_WORDS, ordinal, segment_text, shown_name
from tui.core.narration_seat import waiter_marks
from tui.core.slash import slash_help
from tui.core.wording import plural

LINE_WORDS: tuple[tuple[str, str], ...] = (
    ("/who", "who is here (and, facilitating, who is waiting)"),
    ("/queue", "who has the floor, the raised hands, the round"),
    ("/agenda", "the agenda and the item now"),
    ("/guidelines", "the room's welcome and guidelines again"),
    ("/intro TEXT", "write your introduction; /intro send on your turn, /intro save, /intro forget"),
    ("/missed", "what happened while you were away, in one line"),
    ("/unread", "the lines printed since you went away, again"),
)
"""Line mode's own words: views printed on demand."""

WAITING_WORDS: tuple[tuple[str, str], ...] = (
    ("/accept", "accept the guidelines (the facilitators see it)"),
    ("/new", "tell the facilitators you are new here"),
)
"""Words for someone in the waiting room."""


LEADER_WORDS: tuple[tuple[str, str], ...] = (("/lobby", "the notes sent from the lobby before joining"),)
"""Line mode's views for facilitators only."""

ONLY_FACILITATORS_READ = "Only the facilitators read the notes sent from the lobby."


def help_lines(role: Role | None, waiting: bool) -> list[str]:
    """Every slash command this person may use, then line mode's own words."""
    rows = list(slash_help(role if role is not None else Role.MEMBER))
    if waiting:
        rows = [row for row in rows if row[0].startswith(("/note", "/leave", "/help", "//"))]
        rows.extend(WAITING_WORDS)
    rows.extend(row for row in LINE_WORDS if not waiting or row[0] == "/guidelines")
    if role is not None and role.leads and not waiting:
        rows.extend(LEADER_WORDS)
    width = max(len(usage) for usage, _ in rows)
    return ["Commands (type a line without / to post it):"] + [
        f"  {usage.ljust(width)}  {meaning}" for usage, meaning in rows
    ]


def who_lines(state: RoomState, me: int | None) -> list[str]:
    """Everyone in the room, with role, hand and link; facilitators also read who waits."""
    if not shows_names(state, me):  # a count-only room: members read how many, not who
        return [head_count(state)]
    people = sorted(state.participants.values(), key=lambda p: (not p.role.leads, p.pid))
    lines = [f"{len(people)} here:"]
    for person in people:
        marks = [ROLE_WORDS[person.role]] if person.role is not Role.MEMBER else []
        if person.pid == me:
            marks.append("you")
        if person.pid == state.floor_holder:
            marks.append("has the floor")
        place = state.queue_place(person.pid)
        if place is not None:
            marks.append(f"hand up, {ordinal(place)}")
        marker = link_marker(state, person.pid)  # a member's copy holds only their own
        if marker:
            marks.append(marker)
        shares = share_tag(state, person.pid, me).strip()  # facilitators only
        if shares:
            marks.append(shares)
        shown = for_display_line(person.name)
        lines.append(f"  {shown}" + (f" ({', '.join(marks)})" if marks else ""))
    if state.waiting:
        lines.append(f"{len(state.waiting)} waiting:")
        for waiter in state.waiting.values():
            marks_text = waiter_marks(waiter, state)
            lines.append(f"  {for_display_line(waiter.name)}" + (f" ({marks_text})" if marks_text else ""))
    if state.guest_invites:  # only a facilitator's copy holds them
        lines.append(f"{plural(len(state.guest_invites), 'open guest invitation')}:")
        lines.extend(f"  {invite_row(invite)}" for invite in state.guest_invites)
    return lines


def _out(state: RoomState, pid: int) -> str:
    """`` (stepped out)`` after someone stepped out (the facilitators' copy, or one's own)."""
    return " (stepped out)" if pid in state.stepped_out else ""


def queue_lines(state: RoomState, me: int | None) -> list[str]:
    """The floor, the hands in order, the round, and where the reader stands."""
    lines = [
        f"{shown_name(state, state.floor_holder)} has the floor"
        if state.floor_holder is not None
        else "Nobody has the floor"
    ]
    if state.hand_queue:
        hands = ", ".join(
            f"{entry.place}. {entry.name}"
            + (" (you)" if entry.you else "")
            + entry.marks
            + _out(state, entry.pid)
            for entry in queue_entries(state, me)
        )
        lines.append(f"Hands: {hands}")
    else:
        lines.append("No hands are up")
    if state.progressive:
        lines.append("Progressive stack on: people who have not shared yet go first")
    round_ = state.round
    if round_ is not None:
        left = [shown_name(state, pid) + _out(state, pid) for pid in round_.order if pid not in round_.done]
        lines.append("Round, still to go: " + (", ".join(left) if left else "nobody"))
        nxt = upcoming(state)
        if nxt is not None:
            lines.append(f"Next in the round: {shown_name(state, nxt)}")
        lines.extend(round_waits(state, me)[:1])
    sentence = place_sentence(state, me)
    if me is not None and state.floor_holder == me:
        lines.append("You have the floor")
    elif sentence is not None:
        lines.append(sentence)
    fairness = fairness_lines(state, me)  # facilitators only
    if fairness:
        lines.append("Shares in this meeting:")
        lines.extend("  " + line for line in fairness)
    return lines


def agenda_lines(state: RoomState) -> list[str]:
    """The agenda, numbered as the slash commands count it, the item now marked."""
    if not state.agenda:
        return ["The agenda is empty"]
    lines = ["Agenda:"]
    for number, item in enumerate(state.agenda, start=1):
        mark = ">" if item.item_id == state.current_item else " "
        lines.append(f" {mark}{number}. {segment_text(item).removeprefix('Now: ')}")
    if state.current_item is None:
        lines.append("No item is current")
    return lines
