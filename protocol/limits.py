"""Hard limits on what crosses the wire, shared by the codec, the rules and the relay."""

MAX_FRAME_BYTES = 64 * 1024
"""Largest encoded frame either side accepts."""

MAX_MESSAGE_CHARS = 2000
"""Longest chat message, in characters."""

MAX_NAME_CHARS = 32
"""Longest display name, in characters (the shortest is 1)."""

MAX_TITLE_CHARS = 80
"""Longest room title or agenda item title."""

MAX_KEY_CHARS = 128
"""Longest facilitator key or resume token."""

MIN_DEVICE_KEY_CHARS = 16
"""Shortest device key a hello may carry (clients make 32 url-safe characters)."""

MAX_DEVICE_KEY_CHARS = 64
"""Longest device key a hello may carry."""

MAX_LIST_ITEMS = 512
"""Longest array inside a frame (participants, queue, agenda, transcript)."""

MAX_DEPTH = 6
"""Deepest nesting of arrays inside a frame."""

MAX_AGENDA_MINUTES = 24 * 60
"""Longest time box for one agenda item."""

MAX_AGENDA_ITEMS = 64
"""Most agenda items a room holds."""

MAX_PARTICIPANTS = 200
"""Most people present in one room at once."""

FACILITATOR_SEATS = 8
"""Places beyond ``MAX_PARTICIPANTS`` that only someone with the facilitator key may take,
so that a full room can still be led (and a snapshot still counts everyone)."""
MAX_WAITING = 20
"""Most people in one room's waiting room at once.

Kept apart from ``MAX_PARTICIPANTS``: people who were never let in cannot hold the
meeting's places, so a crowd of arrivals can never keep a member out.
"""

TRANSCRIPT_KEEP = 100
"""Most recent messages the room state keeps (and a joiner's snapshot carries)."""

SNAPSHOT_TRANSCRIPT_BYTES = 32 * 1024
"""Budget of message text in a snapshot, so a welcome always fits one frame."""

MAX_READING_CHARS = 8000
"""Longest reading (guidelines, preamble...), in characters."""

MAX_READINGS = 32
"""Most readings a room keeps."""

NOTES_KEEP = 100
"""Most recent private notes the room state keeps."""

MAX_SILENCE_MINUTES = 240
"""Longest a member can be silenced for at once."""

MAX_SHORT_TEXT_CHARS = 500
"""Longest short free text, such as the message with which an arrival is declined."""

MAX_LOBBY_NOTE_CHARS = 500
"""Longest note someone in the lobby may send the facilitators, in characters."""

LOBBY_NOTES_KEEP = 20
"""Most lobby notes a room's inbox holds; the oldest are kept and new ones refused."""

LOBBY_NOTES_PER_ADDRESS = 3
"""Lobby notes one address may send, to any room, per ``LOBBY_NOTE_WINDOW_SECONDS``."""

LOBBY_NOTE_WINDOW_SECONDS = 3600
"""The window over which ``LOBBY_NOTES_PER_ADDRESS`` is counted (an hour)."""

MAX_LOBBY_NOTE_REQUEST_BYTES = 7168
"""Most bytes a lobby note's two headers may hold together, checked before decoding: room for
the longest note and name percent-encoded (about 6,450 bytes), under websockets' 8 KiB line."""

MAX_REPORTED_RTT_MS = 600_000
"""Longest round trip a link report may carry, in milliseconds (a longer one is this)."""

MAX_BEHIND_SECONDS = 86_400
"""How far behind the room a link report can say someone is, in seconds (more is this)."""

MAX_GUEST_INVITES = 20
"""Most guest invitations a room holds open at once (made and not yet used or cancelled)."""

GUEST_INVITE_MINUTES = 24 * 60
"""How long a guest invitation stays valid when the facilitator does not say."""

MAX_GUEST_INVITE_MINUTES = 7 * 24 * 60
"""Longest a guest invitation may stay valid."""

GUEST_CODE_CHARS = 8
"""Characters in a guest invitation's code (shown in two groups of four: ``K7QH-3MWD``)."""
