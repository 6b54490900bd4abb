"""Guest speakers: invitations, their one use, and a guest's arrival.

A facilitator invites a guest by name; the relay makes a one-use code with an expiry
(``protocol.guest_codes``) and only the facilitators ever see it. The guest comes in
with the code: straight into the meeting (they were invited, so no waiting room), under
the invited name, as ``Role.GUEST``, and the invitation is used up in the same breath.
Deciders for commands take ``(state, actor, args, context)``.
"""

from typing import TYPE_CHECKING

from protocol.close_codes import BAD_INVITE_MESSAGE
from protocol.errors import ProtocolError, Refused
from protocol.guest_codes import guest_code
from protocol.kinds import EventKind, Role
from protocol.limits import GUEST_INVITE_MINUTES, MAX_GUEST_INVITES
from protocol.rules.admission import join, seated_over_waiters
from protocol.rules.decision import Args, Context, Decision, unique_name
from protocol.state import GuestInvite, Participant, RoomState

if TYPE_CHECKING:
    from protocol.frames import Hello



def open_invites(state: RoomState, now: float) -> tuple[GuestInvite, ...]:
    """The invitations that may still be used at server time ``now``."""
    return tuple(invite for invite in state.guest_invites if invite.expires_at > now)


def decide_guest_invite(state: RoomState, actor: Participant, args: Args, context: Context) -> Decision:
    """GUEST_INVITE name [minutes]: a one-use code for a guest speaker, valid for ``minutes``."""
    name, minutes = args
    if len(open_invites(state, context.now)) >= MAX_GUEST_INVITES:
        raise Refused(
            "too_many_invites",
            f"A room holds at most {MAX_GUEST_INVITES} open invitations; cancel one first.",
        )
    taken = {invite.code for invite in state.guest_invites}
    code = context.new_code()
    while code in taken:  # about 40 random bits: a repeat is all but impossible, never ambiguous
        code = context.new_code()
    expires_at = int(context.now) + (minutes or GUEST_INVITE_MINUTES) * 60
    return [(EventKind.GUEST_INVITED, (name, code, expires_at))]


def decide_guest_cancel(state: RoomState, actor: Participant, args: Args, context: Context) -> Decision:
    """GUEST_CANCEL code: withdraw an invitation that was not used yet."""
    (code,) = args
    if all(invite.code != code for invite in state.guest_invites):
        raise Refused("no_such_invite", "There is no open invitation with that code.")
    return [(EventKind.GUEST_CANCELLED, (code,))]


def valid_invite(state: RoomState, code: str, now: float) -> GuestInvite:
    """The open invitation ``code`` names.

    Raises:
        Refused: ``bad_invite`` when it names none that may still be used.
    """
    for invite in open_invites(state, now):
        if invite.code == code:
            return invite
    raise Refused("bad_invite", BAD_INVITE_MESSAGE)


def guest_arrival(state: RoomState, code: str, now: float) -> Decision:
    """How an invited guest enters: joined as a guest under the invited name, the code used up.

    Raises:
        Refused: ``bad_invite`` when the code opens no invitation.
    """
    try:
        code = guest_code(code)
    except ProtocolError as exc:  # a mistyped code is refused like a spent one, and counted
        raise Refused("bad_invite", BAD_INVITE_MESSAGE) from exc
    invite = valid_invite(state, code, now)
    name = unique_name(seated_over_waiters(state, Role.GUEST), invite.name)
    return [(EventKind.JOINED, (state.next_pid, name, Role.GUEST)), (EventKind.INVITE_USED, (code,))]


def entrance(state: RoomState, hello: "Hello", as_facilitator: bool, now: float) -> tuple[Role, Decision]:
    """How a newcomer enters, after the door's checks passed: their role and the events.

    Someone with the facilitator key walks in as facilitator (a code beside the key is
    ignored); someone with an invitation code comes in as the invited guest; anyone else
    joins as a member, or waits when the room has a waiting room (``admission.join``).

    Raises:
        Refused: ``bad_invite`` when the hello's code opens no invitation.
    """
    if as_facilitator:
        return Role.FACILITATOR, [join(state, hello.name, Role.FACILITATOR)]
    if hello.invite is not None:
        return Role.GUEST, guest_arrival(state, hello.invite, now)
    return Role.MEMBER, [join(state, hello.name, Role.MEMBER)]
