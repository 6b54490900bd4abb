"""Untrusted text: validation at the wire boundary and neutralising for display.

Names, messages and titles come from strangers. The relay validates them on the way in
(``check_name``, ``clean_message``, ``check_title``); every front end passes anything it
shows through ``for_display`` as well, because a client must not trust a relay either.
Nothing here interprets markup: callers build ``Text``/``Content`` from the result.
"""

import re
import unicodedata

from protocol.errors import ProtocolError
from protocol.limits import MAX_MESSAGE_CHARS, MAX_NAME_CHARS, MAX_TITLE_CHARS

# C0 controls (but tab and newline), DEL, C1 controls (including the one-byte CSI
# U+009B), and the bidi overrides and isolates that can reorder what a line shows.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_UNSAFE_IN_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
REPLACEMENT = "\ufffd"


def for_display(text: str) -> str:
    """Return ``text`` with every control or reordering character replaced by U+FFFD.

    Newlines survive; tabs become spaces. Safe to show in any terminal widget provided
    it is not parsed as markup.
    """
    return _UNSAFE.sub(REPLACEMENT, text.replace("\t", "    "))


def for_display_line(text: str) -> str:
    """Like ``for_display`` but for one-line fields (names, titles): no newlines."""
    return _UNSAFE_IN_LINE.sub(REPLACEMENT, text)


def check_name(name: object) -> str:
    """Validate a display name: 1-32 characters, no control characters.

    Leading and trailing spaces are dropped and the name is NFC-normalised.

    Raises:
        ProtocolError: with code ``bad_name`` when the name breaks a rule.
    """
    if not isinstance(name, str):
        raise ProtocolError("bad_name", "A display name must be text.")
    name = unicodedata.normalize("NFC", name).strip()
    if not 1 <= len(name) <= MAX_NAME_CHARS:
        raise ProtocolError("bad_name", f"A display name must be 1 to {MAX_NAME_CHARS} characters.")
    if _UNSAFE_IN_LINE.search(name):
        raise ProtocolError("bad_name", "A display name may not contain control characters.")
    return name


def check_title(title: object) -> str:
    """Validate a room or agenda title: 1-80 characters on one line.

    Raises:
        ProtocolError: with code ``bad_title``.
    """
    if not isinstance(title, str):
        raise ProtocolError("bad_title", "A title must be text.")
    title = title.strip()
    if not 1 <= len(title) <= MAX_TITLE_CHARS:
        raise ProtocolError("bad_title", f"A title must be 1 to {MAX_TITLE_CHARS} characters.")
    if _UNSAFE_IN_LINE.search(title):
        raise ProtocolError("bad_title", "A title may not contain control characters.")
    return title


def clean_message(text: object) -> str:
    """Validate a chat message and neutralise its control characters.

    A message keeps its line breaks; other control characters are replaced rather than
    refused, so a pasted paragraph with a stray escape still gets through harmlessly.

    Raises:
        ProtocolError: ``bad_message`` when empty after trimming or too long.
    """
    if not isinstance(text, str):
        raise ProtocolError("bad_message", "A message must be text.")
    if len(text) > MAX_MESSAGE_CHARS:
        raise ProtocolError("bad_message", f"A message may be at most {MAX_MESSAGE_CHARS} characters.")
    text = for_display(text.replace("\r\n", "\n").replace("\r", "\n")).strip()
    if not text:
        raise ProtocolError("bad_message", "A message may not be empty.")
    if len(text) > MAX_MESSAGE_CHARS:  # tabs widen to four spaces: the SAID event must still decode
        raise ProtocolError("bad_message", f"A message may be at most {MAX_MESSAGE_CHARS} characters.")
    return text


def name_key(name: str) -> str:
    """The form under which two names count as the same person's (case-folded)."""
    return unicodedata.normalize("NFKC", name).casefold().strip()
