"""How a member's link looks to the facilitators: the marker a link report comes to.

A client reports its round trip and the last event it shows (``CommandKind.LINK_REPORT``);
the relay measures how far behind the room that is. Both come down to one small
``LinkMarker`` here: fine, slow (a round trip above ``SLOW_RTT_MS``), or behind (at
least ``BEHIND_SECONDS``, counted in steps of ``BEHIND_STEP_SECONDS``). The relay records
``EventKind.LINK_HEALTH`` only when someone's marker changes, so reports every minute
from every member cost the event log and the facilitators' screens almost nothing.

``needs_asking`` says whether handing someone the floor should be confirmed first: they
are far behind, reconnecting or stepped out, and might not see it. Pure functions only;
the words shown are the client's (``tui.core.link_words``).
"""

from dataclasses import dataclass

from protocol.limits import MAX_BEHIND_SECONDS, MAX_REPORTED_RTT_MS
from protocol.state import LinkHealth, RoomState

SLOW_RTT_MS = 1500
"""A round trip above this many milliseconds marks a link as slow."""
BEHIND_SECONDS = 10
"""Someone whose screen lags the room by this many seconds or more is marked behind."""
BEHIND_STEP_SECONDS = 10
"""A behind marker changes (a new event) only when the lag crosses another step of this."""


@dataclass(frozen=True, slots=True)
class LinkMarker:
    """What the facilitators are shown of one link; equal markers make no new event."""

    slow: bool = False
    behind_step: int = 0
    """How many whole ``BEHIND_STEP_SECONDS`` the screen lags (0 below ``BEHIND_SECONDS``)."""

    @property
    def fine(self) -> bool:
        """Nothing worth showing."""
        return not self.slow and self.behind_step == 0


FINE = LinkMarker()


def marker_of(health: LinkHealth | None) -> LinkMarker:
    """The marker a reported link comes to (no report yet: fine)."""
    if health is None:
        return FINE
    behind = health.behind_seconds // BEHIND_STEP_SECONDS if health.behind_seconds >= BEHIND_SECONDS else 0
    return LinkMarker(slow=health.rtt_ms > SLOW_RTT_MS, behind_step=behind)


def reported(rtt_ms: int, behind_seconds: float) -> LinkHealth:
    """A report's figures, capped to what the wire carries."""
    behind = max(0, min(int(behind_seconds), MAX_BEHIND_SECONDS))
    return LinkHealth(max(0, min(rtt_ms, MAX_REPORTED_RTT_MS)), behind)


def is_far_behind(health: LinkHealth | None) -> bool:
    """Whether what someone has on screen lags the room by ``BEHIND_SECONDS`` or more."""
    return health is not None and health.behind_seconds >= BEHIND_SECONDS


def needs_asking(state: RoomState, pid: int) -> str | None:
    """Why giving ``pid`` the floor should be confirmed first, or None.

    Returns:
        ``"behind"``, ``"reconnecting"`` or ``"stepped_out"``.
    """
    person = state.participants.get(pid)
    if person is None:
        return None
    if not person.connected:
        return "reconnecting"
    if pid in state.stepped_out:
        return "stepped_out"
    if is_far_behind(state.link_health.get(pid)):
        return "behind"
    return None
