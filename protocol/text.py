"""Untrusted text: validation at the wire boundary and neutralising for display.

Names, messages and titles come from strangers. The relay validates them on the way in
(``check_name``, ``clean_message``, ``check_title``); every front end passes anything it
shows through ``for_display`` as well, because a client must not trust a relay either.
Nothing here interprets markup: callers build ``Text``/``Content`` from the result.
"""

import re
import unicodedata

from protocol.errors import ProtocolError
from protocol.limits import MAX_MESSAGE_CHARS, MAX_READING_CHARS, MAX_SHORT_TEXT_CHARS, MAX_TITLE_CHARS
from protocol.names import check_join_name

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
    """Validate a name someone means to join with and return its final form.

    The name is NFKC-normalised, its spaces collapsed and trimmed, then checked: 1-32
    characters, no control, invisible or direction characters, at least one letter or
    digit, and no reserved role word such as "facilitator" or "host" (``protocol.names``).
    Front ends call this before they connect; the relay applies it to every hello.

    Raises:
        ProtocolError: with code ``bad_name`` when the name breaks a rule.
    """
    return check_join_name(name)


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


def _clean_block(text: str) -> str:
    """The final form of a multi-line text: one kind of line break, controls neutralised,
    tabs widened, ends trimmed. Idempotent, so limits checked on it hold on replay."""
    return for_display(text.replace("\r\n", "\n").replace("\r", "\n")).strip()


def clean_text(text: object, limit: int, what: str) -> str:
    """Operator text (a welcome, a format's description): final form first, then 0-``limit``.

    The same cleaning members' messages get, so a relay's own texts cannot carry escape
    sequences or direction overrides to anyone's terminal either.

    Raises:
        ProtocolError: ``bad_text`` naming ``what`` when it is not text or too long.
    """
    if not isinstance(text, str):
        raise ProtocolError("bad_text", f"{what} must be text.")
    text = _clean_block(text)
    if len(text) > limit:
        raise ProtocolError("bad_text", f"{what} may be at most {limit} characters (tabs count as four).")
    return text


def clean_message(text: object) -> str:
    """Validate a chat message (or a private note) and return its final form.

    A message keeps its line breaks; other control characters are replaced rather than
    refused, so a pasted paragraph with a stray escape still gets through harmlessly.
    The limit applies to the final form: tabs widen to four spaces before it is counted,
    so the stored event always decodes again.

    Raises:
        ProtocolError: ``bad_message`` when empty after trimming or too long.
    """
    if not isinstance(text, str):
        raise ProtocolError("bad_message", "A message must be text.")
    text = _clean_block(text)
    if not text:
        raise ProtocolError("bad_message", "A message may not be empty.")
    if len(text) > MAX_MESSAGE_CHARS:
        raise ProtocolError("bad_message", f"A message may be at most {MAX_MESSAGE_CHARS} characters.")
    return text


def clean_reading(text: object) -> str:
    """Validate a reading's text (guidelines, a preamble) and return its final form.

    Raises:
        ProtocolError: ``bad_reading`` when empty or longer than ``MAX_READING_CHARS``
            once normalised.
    """
    if not isinstance(text, str):
        raise ProtocolError("bad_reading", f"A reading is 1 to {MAX_READING_CHARS} characters.")
    text = _clean_block(text)
    if not 0 < len(text) <= MAX_READING_CHARS:
        raise ProtocolError("bad_reading", f"A reading is 1 to {MAX_READING_CHARS} characters.")
    return text


def clean_short_text(text: object) -> str:
    """Validate a short free text (the message an arrival is declined with); may be empty.

    Raises:
        ProtocolError: ``bad_field`` when longer than ``MAX_SHORT_TEXT_CHARS`` once normalised.
    """
    if not isinstance(text, str):
        raise ProtocolError("bad_field", f"Expected text of at most {MAX_SHORT_TEXT_CHARS} characters.")
    text = _clean_block(text)
    if len(text) > MAX_SHORT_TEXT_CHARS:
        raise ProtocolError("bad_field", f"Expected text of at most {MAX_SHORT_TEXT_CHARS} characters.")
    return text


def name_key(name: str) -> str:
    """A case-folded form of ``name``; ``protocol.names.name_keys`` decides lookalikes."""
    return unicodedata.normalize("NFKC", name).casefold().strip()
