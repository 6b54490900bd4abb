"""How the client says counts: one helper for every plural, so "1 minutes" cannot happen.

Plain strings only, for every front end; this module imports nothing of Textual.
"""

IRREGULAR = {"person": "people"}
"""Plurals that are not the word with an ``s``."""


def plural(count: int, word: str) -> str:
    """``1 minute``, ``2 minutes``, ``0 minutes``, ``3 people``."""
    if count == 1:
        return f"{count} {word}"
    return f"{count} {IRREGULAR.get(word, word + 's')}"
