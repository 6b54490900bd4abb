"""How guest invitations are said, for every front end: the news of one, a line on the desk.

An invitation's code is shown only to the facilitators (their room copy is the only one
holding it); they read it aloud or send it to the guest, so it is always shown whole
and in its two groups (``K7QH-3MWD``). Plain strings only; no Textual here.
"""

import time

from protocol.kinds import Mode
from protocol.state import GuestInvite, SegmentRules
from protocol.text import for_display_line
from tui.core.wording import plural

GUEST_WORD = "guest"
"""The mark after a guest speaker's name, in the people list and the transcript."""


def guest_segment(speaker: str) -> list[object]:
    """The rules of an agenda item that is a guest's talk, as ``AGENDA_ADD`` carries them.

    Floor mode without crosstalk and no share limit: the guest holds the floor for the
    item's whole time box (``RoomState.share_deadline``) while members react; a member
    raises a hand for the questions that follow.
    """
    return SegmentRules(Mode.FLOOR, False, None, False, None, speaker).to_wire()


def time_left(seconds: float) -> str:
    """``7 days``, ``24 hours``, ``5 minutes``: the largest unit, to the nearest (at least a minute).

    Rounded, not cut: a day's code recorded a few seconds after it was made still lasts
    "24 hours" to the reader, not "23".
    """
    minutes = max(1, round(seconds / 60))
    if minutes >= 2 * 24 * 60:
        return plural(round(minutes / (24 * 60)), "day")
    if minutes >= 2 * 60:
        return plural(round(minutes / 60), "hour")
    return plural(minutes, "minute")


def invited_line(actor_name: str | None, invite: GuestInvite, at: int) -> str:
    """The news of an invitation for the facilitators: who invited whom, the code, how long."""
    by = actor_name or "The relay's operator"
    return (
        f"{by} invited {for_display_line(invite.name)} as a guest speaker: "
        f"code {invite.code}, valid once for {time_left(invite.expires_at - at)}"
    )


def expiry_text(expires_at: int) -> str:
    """``2 Dec 21:04``: when an invitation stops working, in local time."""
    moment = time.localtime(expires_at)
    return f"{moment.tm_mday} {time.strftime('%b %H:%M', moment)}"


def invite_row(invite: GuestInvite) -> str:
    """One open invitation, as the desk and line mode list it: ``K7QH-3MWD  Dr Lee  until 2 Dec 21:04``."""
    return f"{invite.code}  {for_display_line(invite.name)}  until {expiry_text(invite.expires_at)}"
