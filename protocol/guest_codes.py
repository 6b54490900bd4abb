"""Guest invitation codes: how they are made, typed and checked.

A code is read aloud over a phone or copied from a message, so it is short and made of
characters that cannot be mistaken for one another: the digits 2-9 and the capital
letters without I and O (32 symbols, 5 bits each; 8 of them are 40 bits from
``secrets``). It is shown as two groups of four (``K7QH-3MWD``); what a person types is
read back generously (any case, with or without the dash or spaces). Codes are made only
by the relay or its command line; the rules receive a maker through their context.

Every new code holds at least one digit (2-9), so that where a person may type either a
name or a code (the SSH door's question), ``typed_code`` can tell them apart: "Samantha"
and "Jean-Paul" are eight symbols of the alphabet too, but no name of letters alone is
taken for a code. Drawing again until a digit comes keeps every such code equally likely
(about 39.85 bits). Codes made before that rule may lack a digit: the door recognises
those by the room's open invitations.
"""

import secrets
from collections.abc import Collection

from protocol.errors import ProtocolError
from protocol.limits import GUEST_CODE_CHARS

GUEST_CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
"""The symbols of a code: no 0/O, no 1/I, so nothing reads as something else."""

_TYPED_MAX_CHARS = 32
"""Longest text read as a typed code (dashes and spaces included)."""


def new_guest_code() -> str:
    """A fresh random code in its shown form (``K7QH-3MWD``), holding at least one digit."""
    while True:
        symbols = "".join(secrets.choice(GUEST_CODE_ALPHABET) for _ in range(GUEST_CODE_CHARS))
        if any(symbol.isdigit() for symbol in symbols):
            return shown_code(symbols)


def shown_code(symbols: str) -> str:
    """``symbols`` split in two groups with a dash, as people read the code."""
    half = len(symbols) // 2
    return f"{symbols[:half]}-{symbols[half:]}"


def guest_code(value: object) -> str:
    """A code as typed or sent, in its shown form.

    Raises:
        ProtocolError: ``bad_invite`` when it is not text of the code's shape.
    """
    if not isinstance(value, str) or len(value) > _TYPED_MAX_CHARS:
        raise ProtocolError("bad_invite", "An invitation code is 8 letters and digits, like K7QH-3MWD.")
    symbols = "".join(ch for ch in value.upper() if ch not in "- ")
    if len(symbols) != GUEST_CODE_CHARS or not set(symbols) <= set(GUEST_CODE_ALPHABET):
        raise ProtocolError("bad_invite", "An invitation code is 8 letters and digits, like K7QH-3MWD.")
    return shown_code(symbols)


def typed_code(answer: str, open_codes: Collection[str] = ()) -> str | None:
    """The code an answer stands for where a name could be typed instead, or None for a name.

    An answer is a code when ``guest_code`` reads it as one and it holds a digit, or it is
    one of ``open_codes`` (shown form: codes made before every code held a digit).
    """
    try:
        code = guest_code(answer.strip())
    except ProtocolError:
        return None
    return code if any(symbol.isdigit() for symbol in code) or code in open_codes else None
