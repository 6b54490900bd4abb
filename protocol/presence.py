"""Link health and stepping out in the room state: the reducer's cases for both.

``LINK_HEALTH`` sets someone's reported link (``RoomState.link_health``, the facilitators'
copy only) and ``STEPPED_OUT`` adds or removes them from ``RoomState.stepped_out``. A
person who leaves takes both with them (``forget_presence``, called by the reducer's
leaving path). Kept apart from ``protocol.reducer`` so that file stays one screenful
of cases; the reducer's rules hold here too: pure, never raising on a relay's event.
"""

from dataclasses import replace
from types import MappingProxyType

from protocol.frames import Event
from protocol.state import LinkHealth, RoomState


def link_health_set(state: RoomState, event: Event) -> RoomState:
    """LINK_HEALTH pid rtt_ms behind_seconds: the person's link as last reported."""
    pid, rtt_ms, behind = event.fields
    if pid not in state.participants:
        return state
    health = dict(state.link_health)
    health[pid] = LinkHealth(rtt_ms, behind)
    return replace(state, link_health=MappingProxyType(health))


def stepped_out_set(state: RoomState, event: Event) -> RoomState:
    """STEPPED_OUT pid out: out for a moment (their hand and round place stay), or back."""
    pid, out = event.fields
    if out and pid in state.participants:
        return replace(state, stepped_out=state.stepped_out | {pid})
    return replace(state, stepped_out=state.stepped_out - {pid})


def forget_presence(state: RoomState, pid: int) -> RoomState:
    """``pid`` is gone: their link report and their stepping out go with them."""
    if pid not in state.link_health and pid not in state.stepped_out:
        return state
    health = {p: h for p, h in state.link_health.items() if p != pid}
    return replace(state, link_health=MappingProxyType(health), stepped_out=state.stepped_out - {pid})
