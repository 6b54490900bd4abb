"""How much the full-screen client may change on screen: the default and low-bandwidth mode.

Every change on screen is bytes written to the terminal, and over SSH on a 9.6 kbit/s
link those bytes are seconds before a member sees the room. ``ScreenPace`` gathers every
choice that trades liveliness for bytes in one frozen record that the command line,
the app and the widgets read; nothing else decides these things with an ``if`` of its
own. Low-bandwidth mode is on by default when the client runs over SSH
(``SSH_CONNECTION`` is set) and chosen with ``--low-bandwidth`` / ``--no-low-bandwidth``.

No mode has scrollbars (``app.tcss``: the transcript turns pages, and a bar would
repaint a column with every line). The figures behind each choice are in
``docs/performance.md`` ("Terminal bytes").
No ``textual`` here: the command line reads this before Textual is imported, because
Textual reads ``TEXTUAL_FPS`` at import.
"""

import os
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ScreenPace:
    """What may change on screen, and how often."""

    low_bandwidth: bool
    """Whether this is low-bandwidth mode (shown in the help, read by tests)."""
    fps: int
    """Screen updates a second at most (``TEXTUAL_FPS``): repaints between two coalesce."""
    theme: str
    """The Textual theme: an ANSI one uses the terminal's own colours, the fewest bytes."""
    animations: bool
    """Whether Textual animates anything (scrolling, fades)."""
    cursor_blink: bool
    """Whether text cursors blink: every blink repaints a cell, about 1.75 KB a second."""
    clock_step: int
    """Seconds between countdown steps: 1 shows seconds, 60 whole minutes only."""
    traffic_every: float
    """Seconds between updates of the status line's round trip and byte counts."""


DEFAULT_PACE = ScreenPace(
    low_bandwidth=False,
    fps=10,
    theme="ansi-dark",
    animations=False,
    cursor_blink=False,
    clock_step=1,
    traffic_every=5.0,
)
"""On a local terminal: clocks in seconds near the end, traffic every 5 s."""

LOW_BANDWIDTH_PACE = ScreenPace(
    low_bandwidth=True,
    fps=4,
    theme="ansi-dark",
    animations=False,
    cursor_blink=False,
    clock_step=60,
    traffic_every=60.0,
)
"""Over SSH and weak links: four updates a second, whole-minute clocks, traffic once a minute."""

SSH_VARIABLE = "SSH_CONNECTION"
"""Set by sshd (and the relay's SSH door) for every session it starts."""


def over_ssh(environ: Mapping[str, str] = os.environ) -> bool:
    """Whether this client runs in an SSH session."""
    return bool(environ.get(SSH_VARIABLE, "").strip())


def choose_pace(asked: bool | None, environ: Mapping[str, str] = os.environ) -> ScreenPace:
    """The pace for this run.

    Args:
        asked: True for ``--low-bandwidth``, False for ``--no-low-bandwidth``, None when
            neither was given (then SSH decides).
        environ: The environment to look for ``SSH_CONNECTION`` in.
    """
    low = over_ssh(environ) if asked is None else asked
    return LOW_BANDWIDTH_PACE if low else DEFAULT_PACE
