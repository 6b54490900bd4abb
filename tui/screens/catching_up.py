"""The meeting screen's catch-up: what one missed while away, the first unread line, one's introduction.

``CatchingUp`` keeps, for the meeting screen, a ``tui.core.digest.Catchup`` fed with the
session's updates as they are drawn, the serial number of the first transcript entry
the reader has not read (``Transcript.next_serial`` when they went away), and their
prepared introduction (``tui.core.introduction``). It puts one line above the
composer (``tui.widgets.catchup``): the offer of the introduction on their round
turn, else the digest once they are back (or as lines arrive while they read back).
It sends nothing; the screen's keys call ``jump`` and the introduction's ``send``.
"""

from collections.abc import Callable

from protocol import RoomState
from tui import keys
from tui.core.digest import Away, Catchup
from tui.core.introduction import Introduction
from tui.core.session import Session
from tui.core.updates import EventApplied, SessionUpdate, StatusChanged, Welcomed
from tui.widgets.catchup import CatchupLine
from tui.widgets.transcript import Transcript

NOTHING_UNREAD = "Nothing unread: you have seen every line."


def shift_label(id: str) -> str:
    """The key of binding ``id`` after the room key prefix, a capital named ``Shift+I``."""
    letter = keys.label_of(id, typing=False)
    return f"Shift+{letter}" if len(letter) == 1 and letter.isupper() else letter


def offer_text() -> str:
    """The offer of one's introduction, with its keys."""
    return (
        f"Your turn: {keys.label_of('room-keys')} then {shift_label('introduction-send')} "
        "sends your introduction, or type as usual."
    )


class CatchingUp:
    """One reader's catch-up line, first unread entry and introduction on the meeting screen."""

    def __init__(
        self,
        session: Session,
        transcript: Callable[[], Transcript],
        line: Callable[[], CatchupLine],
        server_now: Callable[[], float],
    ) -> None:
        """Args:
        session: The reader's session (its room and their participant id).
        transcript: The transcript widget (looked up when needed).
        line: The catch-up line widget.
        server_now: The relay's clock now.
        """
        self._session = session
        self._transcript = transcript
        self._line = line
        self._server_now = server_now
        self.catchup = Catchup()
        self.introduction = Introduction(session.url)
        self.unread_from: int | None = None
        """The serial number of the first transcript entry the reader has not read."""

    def start(self) -> None:
        """Read an introduction kept on this computer for this room; start from the room the
        session holds already, if any."""
        self.introduction.load()
        state = self._session.state
        if state is not None:
            self.catchup.update(Welcomed(state), self._session.pid)
        self.show(state)

    def link(self, update: StatusChanged) -> None:
        """A link change, told at once (a queued status may be replaced by a newer one)."""
        self._follow(lambda: self.catchup.update(update, self._session.pid, self._server_now()))

    def drawn(self, update: SessionUpdate, first_serial: int) -> None:
        """After the screen drew ``update``: the entries from ``first_serial`` on are new."""
        lines = self._transcript().next_serial - first_serial
        state = update.state if isinstance(update, EventApplied | Welcomed) else None
        pid = self._session.pid
        self._follow(lambda: self.catchup.update(update, pid, self._server_now(), lines), state)

    def _follow(self, feed: Callable[[], str | None], state: RoomState | None = None) -> None:
        was = self.catchup.away
        feed()
        if was is None and self.catchup.away is not None:
            self.unread_from = self._transcript().next_serial
        self.show(state)

    def reading_back(self) -> None:
        """The reader paged back from the newest lines: what arrives from now on is unread."""
        if self.catchup.away is None:
            self.catchup.reading_back()
            self.unread_from = self._transcript().next_serial
        self.show()

    def paged(self) -> None:
        """The reader paged: back on the newest page, reading back is over."""
        if self._transcript().is_live and self.catchup.away is Away.READING_BACK:
            self.catchup.back()
        self.show()

    def jump(self) -> str | None:
        """Show the page at the first unread line; a sentence when there is none."""
        serial = self.unread_from
        transcript = self._transcript()
        if serial is None or serial >= transcript.next_serial or not transcript.show_from(serial):
            return NOTHING_UNREAD
        return None

    def writing(self) -> None:
        """The reader wrote something: the newest lines come back, and what they missed goes."""
        self._transcript().go_live()
        if self.catchup.away is Away.READING_BACK:
            self.catchup.back()
        self.dismiss()

    def dismiss(self) -> None:
        """The reader is writing again: the line about what they missed goes."""
        if self.catchup.away is None:
            self.catchup.dismiss()
            self.unread_from = None
        self.show()

    def show(self, state: RoomState | None = None) -> None:
        """Bring the line up to date: the offer first, else the digest."""
        state = state if state is not None else self._session.state
        if self.introduction.offered(state, self._session.pid):
            self._line().say(offer_text())
        else:
            self._line().say(self.catchup.shown)
