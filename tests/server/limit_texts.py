"""Text at its limits in every normal form, for the proofs that what the relay stores reloads.

Each builder returns *raw* text, as a hostile or careless client would send it, whose
final form (after the field's checker in ``protocol.fields`` normalised it) is exactly
the field's limit: tabs that widen, CRLF and lone CR that become LF, combining marks,
characters NFKC changes, astral characters, right-to-left text with direction
overrides, terminal controls, and whitespace the checker trims. Some reach the limit
only after normalising (shorter or longer before), some are at it before and after.
``Texts`` bundles one set of them for ``tests.server.limit_samples``.
"""

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from protocol import fields as f
from protocol.limits import (
    MAX_MESSAGE_CHARS,
    MAX_NAME_CHARS,
    MAX_READING_CHARS,
    MAX_SHORT_TEXT_CHARS,
    MAX_TITLE_CHARS,
)
from protocol.names import check_join_name

Check = Callable[[str], str]

BLOCK_PIECES: dict[str, str] = {
    "tabs": "a\t",  # 2 characters sent, 5 stored
    "crlf": "b\r\n",  # 3 sent, 2 stored
    "lone_cr": "c\r",  # a lone CR becomes LF
    "marks": "e\u0301\u0308",  # combining marks stay as they are
    "nfkc": "\ufb01\uff21\u2460\u00bd",  # compatibility forms a message keeps
    "astral": "\U0001d11e\U0001f600",  # one character each, four UTF-8 bytes
    "rtl": "\u05e9\u05dc\u05d5\u05dd \u0633\u0644\u0627\u0645 \u202eevil\u202c ",  # overrides become U+FFFD
    "controls": "\x1b[31m\x9b2J\x07\x00",  # terminal escapes become U+FFFD
}
"""A piece of each kind of text that multi-line fields normalise (or keep) on the way in."""

LINE_PIECES: dict[str, str] = {
    "marks": "e\u0301\u0308",
    "nfkc": "\ufb01\uff21\u00bd",
    "astral": "\U0001d11e",
    "rtl": "\u05e9\u05dc\u05d5\u05dd \u0633\u0644\u0627\u0645 ",
}
"""Pieces a one-line title may hold (a title refuses tabs, line breaks and controls)."""

NAME_PIECES: dict[str, str] = {
    "nfkc": "\ufb01",  # one character sent, "fi" stored: shorter before, at the limit after
    "fullwidth": "\uff2e",  # "Ｎ" is stored as "N"
    "composing": "o\u0308",  # two sent, "ö" stored
    "marks": "x\u0301\u0302",  # two marks on one letter stay
    "astral": "\U00010400",  # Deseret capital letter, kept
    "rtl": "\u05e9\u05dc\u05d5\u05dd",  # Hebrew letters
    "spaces": "u   ",  # runs of spaces collapse to one
}
"""Pieces of display names that NFKC and the name rules change or keep."""


def at_limit(check: Check, limit: int, body: str, *, padded: bool = False) -> str:
    """``body`` filled with ``y`` so that ``check`` stores exactly ``limit`` characters.

    With ``padded``, whitespace the checker trims goes around it (longer before, at the
    limit after). ``body`` must stay under the limit once normalised.
    """
    fill = limit - len(check(body + "Z")) + 1
    if fill < 1:
        raise ValueError(f"{body[:20]!r} is already past {limit} characters")
    raw = body + "y" * fill
    return f" \n\t {raw} \r\n\t " if padded else raw


def block_variants(check: Check, limit: int) -> dict[str, str]:
    """Raw multi-line texts, one per normal form, each stored as exactly ``limit`` characters."""
    variants = {"exact": at_limit(check, limit, "Ok ")}
    for kind, piece in BLOCK_PIECES.items():
        repeat = max(1, (limit * 3 // 5) // len(check("Q" + piece + "Q")))
        variants[kind] = at_limit(check, limit, "Q" + piece * repeat)
    variants["padded"] = at_limit(check, limit, "Pad ", padded=True)
    mixed = "M" + "".join(BLOCK_PIECES.values())
    variants["mixed"] = at_limit(check, limit, mixed * max(1, limit // (4 * len(check(mixed + "Q")))))
    return variants


def title_variants() -> dict[str, str]:
    """Raw titles, one per normal form a title allows, each stored as exactly 80 characters."""
    variants = {"exact": at_limit(f.title, MAX_TITLE_CHARS, "Title ")}
    for kind, piece in LINE_PIECES.items():
        variants[kind] = at_limit(f.title, MAX_TITLE_CHARS, "T" + piece * (40 // len(piece)))
    variants["padded"] = "   " + at_limit(f.title, MAX_TITLE_CHARS, "Padded title ") + "   "
    return variants


def name_at_limit(start: str, piece: str) -> str:
    """A name someone may join with: ``start``, then ``piece`` repeated, stored as 32 characters."""
    raw = start
    while _name_length(raw + piece + piece + "q") <= MAX_NAME_CHARS:
        raw += piece
    return at_limit(check_join_name, MAX_NAME_CHARS, raw + "q")


def _name_length(raw: str) -> int:
    """How long ``raw`` is once a name's normalisation ran (NFKC, spaces collapsed, trimmed)."""
    return len(re.sub(" {2,}", " ", unicodedata.normalize("NFKC", raw)).strip())


@dataclass(frozen=True)
class Texts:
    """The raw texts one run sends: a tuple per field kind, and a name per person."""

    messages: tuple[str, ...]
    readings: tuple[str, ...]
    short_texts: tuple[str, ...]
    titles: tuple[str, ...]
    names: dict[str, str]
    """Raw join name by the person's key in the scene (``ann``, ``bo``...)."""

    def name(self, key: str) -> str:
        """The raw name the person called ``key`` joins with."""
        return self.names[key]


PEOPLE = ("ann", "twin", "cody", "bo", "dee", "wen", "wyn", "dax", "lux", "max", "newcomer", "dan")
"""Everyone a run seats, by key; ``twin`` joins with ``ann``'s name in another form."""


def twin_of(name: str) -> str:
    """The same name in full-width letters: NFKC makes it ``name`` again (a namesake)."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in name)


def fixed_texts() -> Texts:
    """The deterministic run's texts: every normal form of every field, at its limit."""
    ann = "Ann" + "n" * 26 + " " + "Bo"  # a namesake's number cuts it just after the space
    names = {"ann": ann, "twin": twin_of(ann)}
    for key, piece in zip(PEOPLE[2:], [*NAME_PIECES.values(), *NAME_PIECES.values()], strict=False):
        names[key] = name_at_limit(key.title() + " ", piece)
    return Texts(
        messages=tuple(block_variants(f.message, MAX_MESSAGE_CHARS).values()),
        readings=tuple(block_variants(f.reading_text, MAX_READING_CHARS).values()),
        short_texts=tuple(block_variants(f.short_text, MAX_SHORT_TEXT_CHARS).values()),
        titles=tuple(title_variants().values()),
        names=names,
    )
