"""Guest invitations on the relay's side: the code in a room address, and the command line's.

A guest's client sends the code in the hello (``Hello.invite``) for the rules to judge
(``protocol.rules.guests``). A guest may be handed an address that carries it,
``ws://host:port/ROOM?invite=K7QH-3MWD``; the client moves it into the hello, and for a
hello without one ``invite_in`` still reads the address.

``talkingstick-relay room guest ROOM NAME`` works whether a relay serves the room or
not. It cannot record an event itself while a relay holds the room (the two would
number events alike), so it leaves the invitation in the room's settings, under
``PENDING_KEY``, as the facilitator key is left in the store for the relay to read. The
relay takes pending invitations up (``take_up``) when it loads the room, at every hello
to it and at every sweep (``SWEEP_SECONDS``): each becomes a ``GUEST_INVITED`` (actor
nil) that the facilitators see, and leaves the settings. The same sweep records a
``GUEST_CANCELLED`` (actor nil) for each invitation past its expiry (``expired``), which
opened nothing already, so that it leaves the facilitators' list. No SQL here: the
store's settings are the front door.
"""

import argparse
import logging
import sys
import time
from urllib.parse import parse_qs, urlsplit

from protocol.errors import ProtocolError
from protocol.fields import check_name, invite_minutes
from protocol.guest_codes import guest_code, new_guest_code
from protocol.kinds import EventKind
from protocol.limits import GUEST_INVITE_MINUTES, MAX_GUEST_INVITES
from protocol.state import GuestInvite, RoomState
from server.store import Store

log = logging.getLogger(__name__)

SWEEP_SECONDS = 5.0
"""How often a running relay looks for invitations the command line left, and expired ones."""
PENDING_KEY = "guest_invites"
"""The room setting holding invitations made on the command line, until a relay takes them up."""


def invite_in(path: str) -> str | None:
    """The ``invite`` code in a room address's query (as typed: the rules check it), or None."""
    values = parse_qs(urlsplit(path).query).get("invite")
    return values[0][:64] if values else None


def _pending(store: Store, room: str) -> list[GuestInvite]:
    """The invitations the command line left for ``room``, skipping any malformed entry."""
    kept = []
    for entry in store.settings(room).get(PENDING_KEY) or []:
        try:
            name, code, expires_at = entry
            kept.append(GuestInvite(check_name(name), guest_code(code), int(expires_at)))
        except (ProtocolError, TypeError, ValueError):
            log.warning("room %s: a pending guest invitation was malformed and is dropped", room)
    return kept


class InviteError(ValueError):
    """A command-line invitation that cannot be made, with a sentence for the operator."""


def invite_from_command_line(
    store: Store, state: RoomState, name: str, minutes: int | None, now: float
) -> GuestInvite:
    """Make a one-use invitation for ``name`` in the room ``state`` is, and leave it for the relay.

    Args:
        store: The relay database.
        state: The room as the store holds it (its open invitations count against the cap).
        name: The guest's name as they will appear.
        minutes: How long the code stays valid (default a day, at most a week).
        now: Server time.

    Raises:
        InviteError: a name or duration out of bounds, or too many open invitations.
    """
    try:
        name = check_name(name)
        minutes = invite_minutes(minutes if minutes is not None else GUEST_INVITE_MINUTES)
    except ProtocolError as exc:
        raise InviteError(exc.message) from exc
    pending = [invite for invite in _pending(store, state.name) if invite.expires_at > now]
    open_now = [invite for invite in state.guest_invites if invite.expires_at > now] + pending
    if len(open_now) >= MAX_GUEST_INVITES:
        raise InviteError(f"A room holds at most {MAX_GUEST_INVITES} open invitations; cancel one first.")
    taken = {invite.code for invite in open_now}
    code = new_guest_code()
    while code in taken:
        code = new_guest_code()
    invite = GuestInvite(name, code, int(now) + minutes * 60)
    entries = [[i.name, i.code, i.expires_at] for i in (*pending, invite)]
    store.update_settings(state.name, {PENDING_KEY: entries})
    return invite


def print_guest_invite(args: argparse.Namespace, store: Store, relay_address: str) -> int:
    """``room guest ROOM NAME [--minutes N]``: make the invitation and print its code and address."""
    record = store.room(args.name)
    if record is None:
        print(f"No room called {args.name!r}.", file=sys.stderr)
        return 1
    now = time.time()
    try:
        invite = invite_from_command_line(store, store.load_state(record), args.guest, args.minutes, now)
    except InviteError as problem:
        print(str(problem), file=sys.stderr)
        return 2
    expires = time.strftime("%Y-%m-%d %H:%M %Z", time.localtime(invite.expires_at))
    print(f"Invitation for {invite.name!r} to {args.name!r}: {invite.code}")
    print(f"Valid once, until {expires}. The guest joins with:")
    print(f"  talkingstick {relay_address.rstrip('/')}/{args.name} --invite {invite.code}")
    if args.ssh_port is not None:  # the door asks for a name; a code typed there seats the guest
        host = urlsplit(relay_address).hostname or args.host
        print("or over SSH, typing the code when asked for a name:")
        print(f"  ssh -p {args.ssh_port} {args.name}@{host}")
    print("A running relay shows it to the room's facilitators within a few seconds, on their")
    print("desk, where they can cancel it.")
    return 0


def take_up(store: Store, state: RoomState, now: float) -> list[tuple[EventKind, tuple[str, str, int]]]:
    """The ``GUEST_INVITED`` events for the invitations the command line left, and forget them there.

    Expired ones are dropped; one the room holds already is not made twice. The caller
    records the events (a live room's ``record``, so the facilitators see them at once).
    """
    if not store.settings(state.name).get(PENDING_KEY):
        return []
    known = {invite.code for invite in state.guest_invites}
    fresh = [i for i in _pending(store, state.name) if i.expires_at > now and i.code not in known]
    store.update_settings(state.name, {PENDING_KEY: None})
    return [(EventKind.GUEST_INVITED, (i.name, i.code, i.expires_at)) for i in fresh]


def expired(state: RoomState, now: float) -> list[tuple[EventKind, tuple[str]]]:
    """A ``GUEST_CANCELLED`` for each invitation in ``state`` that expired by server time ``now``."""
    return [(EventKind.GUEST_CANCELLED, (i.code,)) for i in state.guest_invites if i.expires_at <= now]
