"""Go-around turns: who goes next in a round. Pure functions of the room state."""

from protocol.state import RoomState


def starting_order(state: RoomState) -> tuple[int, ...]:
    """Everyone present and connected, in the order they arrived."""
    return tuple(pid for pid, person in sorted(state.participants.items()) if person.connected)


def next_turn(state: RoomState, finished: int | None = None) -> int | None:
    """Who gets the floor next in the round, after ``finished`` (who just ended a turn).

    The next person in order after the current or finished one who has not had a turn
    and is connected; then, wrapping around, anyone skipped earlier who has come back.
    Someone stepped out is passed over but keeps their place (``waits_for``). None when
    nobody is left to go now.
    """
    round_ = state.round
    if round_ is None:
        return None
    done = round_.done | ({finished} if finished is not None else set())
    waiting = [
        pid
        for pid in round_.order
        if pid not in done
        and pid in state.participants
        and state.participants[pid].connected
        and pid not in state.stepped_out
    ]
    if not waiting:
        return None
    anchor = finished if finished is not None else state.floor_holder
    if anchor in round_.order:
        position = round_.order.index(anchor)
        later = [pid for pid in waiting if round_.order.index(pid) > position]
        if later:
            return later[0]
    return waiting[0]


def upcoming(state: RoomState) -> int | None:
    """Who is next after the current turn (for "next: Ann" in every client)."""
    if state.round is None:
        return None
    holder = state.floor_holder
    candidate = next_turn(state, holder)
    return None if candidate == holder else candidate


def waits_for(state: RoomState, finished: int | None = None) -> bool:
    """Whether the round still owes a turn to someone stepped out (it waits for them)."""
    round_ = state.round
    if round_ is None:
        return False
    done = round_.done | ({finished} if finished is not None else set())
    owed = (pid for pid in round_.order if pid not in done and pid in state.participants)
    return any(pid in state.stepped_out for pid in owed)


def first_turn(state: RoomState, order: tuple[int, ...]) -> int | None:
    """Who opens a round in ``order``: the first not stepped out, or None."""
    return next((pid for pid in order if pid not in state.stepped_out), None)
