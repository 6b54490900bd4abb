"""Sending this client's link report: its round trip and the last event it shows.

``LinkReporter(session).run()`` runs beside ``Session.run`` in every front end. Soon after
starting (``FIRST_REPORT_SECONDS``), then about once a minute (``REPORT_EVERY_SECONDS``),
and once a moment after a resume (when the missed events have arrived), it sends
``LINK_REPORT`` with the session's measured round trip (``Session.rtt``) and the seq of
the last event applied, from which the relay works
out how far behind the room this screen is. The facilitators see a marker only when it
changes (``protocol.link_health``); nobody else sees anything.

A report costs about 13 bytes up and 12 back (the relay's ``Ack``): see
``docs/performance.md``. It is sent only while connected and seated in the meeting, and
never while an earlier one is still unanswered, so a slow link never queues reports.
"""

import asyncio
import contextlib

from protocol import CommandKind
from protocol.limits import MAX_REPORTED_RTT_MS
from tui.core.session import Session
from tui.core.updates import ConnectionStatus, SessionUpdate, StatusChanged

REPORT_EVERY_SECONDS = 60.0
"""How often a client reports its link (the relay reads at most one per 20 s anyway)."""
FIRST_REPORT_SECONDS = 10.0
"""How soon after starting the first report goes: someone arriving on a slow link is marked
for the facilitators within seconds, not a minute later."""
AFTER_RESUME_SECONDS = 2.0
"""How long after a resume the report waits, so the missed events are shown first."""


class LinkReporter:
    """Reports one session's link to the relay at a low rate."""

    def __init__(
        self,
        session: Session,
        every: float = REPORT_EVERY_SECONDS,
        after_resume: float = AFTER_RESUME_SECONDS,
        first: float | None = None,
    ) -> None:
        """Args:
        session: The session whose link is reported.
        every: Seconds between reports.
        after_resume: Seconds after a resume before its report.
        first: Seconds before the first report (``FIRST_REPORT_SECONDS``, or ``every`` if
            that is sooner, unless given).
        """
        self.session = session
        self.every = every
        self.first = min(FIRST_REPORT_SECONDS, every) if first is None else first
        self.after_resume = after_resume
        self.sent = 0
        """How many reports went out."""
        self._resumed = asyncio.Event()

    def report(self) -> bool:
        """Send one report now, if connected, seated and none is unanswered; True if sent."""
        session = self.session
        state = session.state
        if session.status is not ConnectionStatus.CONNECTED or state is None or session.me() is None:
            return False
        if any(pending.kind is CommandKind.LINK_REPORT for pending in session.pending):
            return False
        rtt = session.rtt
        rtt_ms = 0 if rtt is None else max(0, min(round(rtt * 1000), MAX_REPORTED_RTT_MS))
        session.send(CommandKind.LINK_REPORT, rtt_ms, state.seq)
        self.sent += 1
        return True

    async def run(self) -> None:
        """Report after ``first`` seconds, then every ``every`` and after each resume, until cancelled."""
        self.session.add_listener(self._on_update)
        wait = self.first
        try:
            while True:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._resumed.wait(), wait)
                wait = self.every
                if self._resumed.is_set():
                    self._resumed.clear()
                    await asyncio.sleep(self.after_resume)
                self.report()
        finally:
            self.session.remove_listener(self._on_update)

    def _on_update(self, update: SessionUpdate) -> None:
        resumed = isinstance(update, StatusChanged) and update.status is ConnectionStatus.CONNECTED
        if resumed and isinstance(update, StatusChanged) and update.detail == "resumed":
            self._resumed.set()


def awaited_count(session: Session) -> int:
    """Commands still waiting for the relay, link reports left out (nobody typed those)."""
    return sum(1 for pending in session.pending if pending.kind is not CommandKind.LINK_REPORT)
