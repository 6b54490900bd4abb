"""What the meeting screen offers one participant right now, read from the room state.

The footer, the help and the palette offer an action only when it makes sense for this
person at this moment (Pass while it is your turn, the reactions while someone else
shares, "read on" while you are the reader). ``offers`` is a pure function of the
state, so the screen recomputes it for every event and refreshes its bindings only when
the answer changes. It decides nothing for the relay, which judges every command anyway.
"""

from dataclasses import dataclass

from protocol import RoomState


@dataclass(frozen=True, slots=True)
class Offers:
    """The facts ``MeetingScreen.check_action`` reads."""

    leads: bool = False
    """We facilitate or co-facilitate."""
    holding: bool = False
    """We hold the floor."""
    taken: bool = False
    """Someone holds the floor."""
    may_pass: bool = False
    """We hold the floor, have a turn to come in the round, or have a hand up."""
    may_react: bool = False
    """Someone else is sharing."""
    reading: bool = False
    """We were asked to read a reading aloud and have paragraphs left."""
    round_on: bool = False
    """A round is going on."""
    has_readings: bool = False
    """The room has a reading to show."""


def offers(state: RoomState | None, my_pid: int | None) -> Offers:
    """What ``my_pid`` is offered in ``state`` (nothing before the welcome)."""
    me = state.participant(my_pid) if state is not None else None
    if state is None or me is None:
        return Offers()
    holder = state.floor_holder
    round_ = state.round
    turn_to_come = round_ is not None and me.pid in round_.order and me.pid not in round_.done
    return Offers(
        leads=me.role.leads,
        holding=holder == me.pid,
        taken=holder is not None,
        may_pass=holder == me.pid or turn_to_come or me.pid in state.hand_queue,
        may_react=holder is not None and holder != me.pid,
        reading=state.reader is not None and state.reader.pid == me.pid,
        round_on=round_ is not None,
        has_readings=bool(state.readings),
    )
