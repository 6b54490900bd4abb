"""A step of the limits proof that is not a command: a note left from the lobby over HTTP.

Kept apart from ``tests/server/limit_samples.py`` (which uses it in the sample of
``LOBBY_NOTE_DELETE``) so that file stays small; ``restart_proof.Meeting`` sends it.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class LeaveNote:
    """Someone in the lobby leaves the facilitators a note, over HTTP, as ``name``."""

    name: str
    text: str
