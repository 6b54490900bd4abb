"""The views line mode prints on demand, in place of panels: who is here, the queue, the agenda, help.

Each function reads the local copy of the room and returns plain lines; none of them
acts on the room. Names and titles pass through ``protocol.text.for_display_line``.
Nothing here imports ``textual`` or ``rich``.
"""

from protocol import Role, RoomState
from protocol.rounds import upcoming
from protocol.text import for_display_line
from tui.core.guest_lines import invite_row
from tui.core.narration import ROLE_WORDS, ordinal, segment_text, shown_name
from tui.core.narration_seat import waiter_marks
from tui.core.slash import slash_help
from tui.core.wording import plural

LINE_WORDS: tuple[tuple[str, str], ...] = (
    ("/who", "who is here (and, facilitating, who is waiting)"),
    ("/queue", "who has the floor, the raised hands, the round"),
    ("/agenda", "the agenda and the item now"),
    ("/guidelines", "the room's welcome and guidelines again"),
)
"""Line mode's own words: views printed on demand."""

WAITING_WORDS: tuple[tuple[str, str], ...] = (
    ("/accept", "accept the guidelines (the facilitators see it)"),
    ("/new", "tell the facilitators you are new here"),
)
"""Words for someone in the waiting room."""


def help_lines(role: Role | None, waiting: bool) -> list[str]:
    """Every slash command this person may use, then line mode's own words."""
    rows = list(slash_help(role if role is not None else Role.MEMBER))
    if waiting:
        rows = [row for row in rows if row[0].startswith(("/note", "/leave", "/help", "//"))]
        rows.extend(WAITING_WORDS)
    rows.extend(row for row in LINE_WORDS if not waiting or row[0] == "/guidelines")
    width = max(len(usage) for usage, _ in rows)
    return ["Commands (type a line without / to post it):"] + [
        f"  {usage.ljust(width)}  {meaning}" for usage, meaning in rows
    ]


def who_lines(state: RoomState, me: int | None) -> list[str]:
    """Everyone in the room, with role, hand and link; facilitators also read who waits."""
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
        if not person.connected:
            marks.append("reconnecting")
        shown = for_display_line(person.name)
        lines.append(f"  {shown}" + (f" ({', '.join(marks)})" if marks else ""))
    if state.waiting:
        lines.append(f"{len(state.waiting)} waiting:")
        for waiter in state.waiting.values():
            marks_text = waiter_marks(waiter)
            lines.append(f"  {for_display_line(waiter.name)}" + (f" ({marks_text})" if marks_text else ""))
    if state.guest_invites:  # only a facilitator's copy holds them
        lines.append(f"{plural(len(state.guest_invites), 'open guest invitation')}:")
        lines.extend(f"  {invite_row(invite)}" for invite in state.guest_invites)
    return lines


def queue_lines(state: RoomState, me: int | None) -> list[str]:
    """The floor, the hands in order, the round, and where the reader stands."""
    lines = [
        f"{shown_name(state, state.floor_holder)} has the floor"
        if state.floor_holder is not None
        else "Nobody has the floor"
    ]
    if state.hand_queue:
        hands = ", ".join(
            f"{place}. {shown_name(state, pid)}" + (" (you)" if pid == me else "")
            for place, pid in enumerate(state.hand_queue, start=1)
        )
        lines.append(f"Hands: {hands}")
    else:
        lines.append("No hands are up")
    round_ = state.round
    if round_ is not None:
        left = [shown_name(state, pid) for pid in round_.order if pid not in round_.done]
        lines.append("Round, still to go: " + (", ".join(left) if left else "nobody"))
        nxt = upcoming(state)
        if nxt is not None:
            lines.append(f"Next in the round: {shown_name(state, nxt)}")
    place = state.queue_place(me) if me is not None else None
    if me is not None and state.floor_holder == me:
        lines.append("You have the floor")
    elif place is not None:
        lines.append(f"You are {ordinal(place)} in the queue")
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
