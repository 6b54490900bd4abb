"""The status line: the link to the relay, its round trip, traffic and pending commands.

People on a weak link need to know whether what they typed has gone out. The line says
``connected``, ``relay not answering (25 s)`` (the socket looks open but nothing comes
back), ``reconnecting (retrying in 4 s)`` or ``closed``, the round-trip time,
the bytes sent and received, and how many commands still wait for the relay. Someone
who stepped out reads that first, and how to come back.
"""

from dataclasses import dataclass

from textual.content import Content

from protocol.text import for_display_line
from tui.core.link_words import STEPPED_OUT_SHORT, STEPPED_OUT_STATUS
from tui.core.updates import ConnectionStatus
from tui.widgets.fit import first_fitting
from tui.widgets.quiet import QuietLabel

STATUS_STYLES = {
    ConnectionStatus.CONNECTING: "bold $warning",
    ConnectionStatus.CONNECTED: "bold $success",
    ConnectionStatus.RECONNECTING: "bold $warning",
    ConnectionStatus.CLOSED: "bold $error",
}


def size_text(count: int) -> str:
    """``812 B``, ``12.4 kB``, ``3.1 MB``."""
    if count < 1000:
        return f"{count} B"
    if count < 1_000_000:
        return f"{count / 1000:.1f} kB"
    return f"{count / 1_000_000:.1f} MB"


@dataclass(frozen=True, slots=True)
class LinkFacts:
    """What the status line shows, read from the session."""

    status: ConnectionStatus
    detail: str
    rtt: float | None
    bytes_sent: int
    bytes_received: int
    pending: int
    silent_for: float | None = None
    """Seconds the relay has not answered, once that is too long (the session's ``silent_for``)."""
    stepped_out: bool = False
    """Whether this person has stepped out (the line then says so first, and how to come back)."""


def status_text(facts: LinkFacts, width: int | None = None) -> Content:
    """The one line, widest facts last so a narrow terminal cuts the least useful.

    Given the line's ``width``, the facts after the first that do not fit whole are
    left out, and the stepped-out sentence says the key to come back first.
    """
    # The detail may quote the relay (why the meeting ended for us): it is someone's text.
    shown = facts.detail and facts.status is not ConnectionStatus.CONNECTED
    detail = for_display_line(facts.detail) if shown else ""
    state = facts.status.value + (f" ({detail})" if detail else "")
    parts: list[tuple[str, str] | str] = [(state, STATUS_STYLES[facts.status])]
    if facts.stepped_out and facts.status is ConnectionStatus.CONNECTED:
        parts = [(first_fitting(width, STEPPED_OUT_STATUS, *STEPPED_OUT_SHORT), "bold $warning")]
    if facts.silent_for is not None:
        # Still "connected" as far as the socket knows, but nothing has come back.
        parts = [(f"relay not answering ({facts.silent_for:.0f} s)", "bold $warning")]
        if facts.pending:
            waiting = "message waits" if facts.pending == 1 else "messages wait"
            parts.append((f" | {facts.pending} {waiting} to be sent", "bold $warning"))
    elif facts.pending:
        parts.append((f" | {facts.pending} pending", "bold $warning"))
    if facts.rtt is not None:
        parts.append(f" | rtt {facts.rtt * 1000:.0f} ms")
    parts.append(f" | up {size_text(facts.bytes_sent)} down {size_text(facts.bytes_received)}")
    line = Content.assemble(parts[0])
    for part in parts[1:]:
        longer = line + Content.assemble(part)
        if width and longer.cell_length > width:
            break
        line = longer
    return line


class StatusLine(QuietLabel):
    """The bottom status line; redrawn only when its text changes."""

    DEFAULT_CSS = """
    StatusLine {
        height: 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        padding: 0 1;
    }
    """

    _facts: LinkFacts | None = None

    def show_link(self, facts: LinkFacts) -> None:
        """Show ``facts`` if they differ from what is on screen."""
        self._facts = facts
        self.show_content(status_text(facts, self.content_region.width or None))

    def on_resize(self) -> None:
        """Fit the line again to the new width."""
        if self._facts is not None:
            self.show_link(self._facts)
