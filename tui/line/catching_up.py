"""Line mode's catch-up: one's introduction (``/intro``), and what one missed (``/missed``, ``/unread``).

``LineCatchup`` follows the same session updates as the renderer. It prints the line of
``tui.core.digest`` when the reader comes back (stepped back in, or the relay has replayed
a resume), keeps the lines printed since they went away (line mode cannot scroll) for
``/unread``, and says once, when their round turn comes, that ``/intro send`` sends the
introduction they prepared (``tui.core.introduction``). Typed words:

* ``/intro TEXT`` writes the draft (one line here; only this client holds it),
  ``/intro`` shows it, ``/intro send`` sends it on one's turn, ``/intro save`` keeps it
  on this computer, ``/intro forget`` deletes the kept copy;
* ``/missed`` prints the digest again, ``/unread`` the lines since the reader went away.

Nothing here imports ``textual`` or ``rich``.
"""

import time
from collections import deque

from protocol import RoomState
from protocol.text import for_display
from tui.core.digest import Catchup
from tui.core.intents import Intents, Refusal
from tui.core.introduction import Introduction
from tui.core.session import Session
from tui.core.updates import CommandRefused, SessionUpdate

KEEP_UNREAD = 500
"""Lines kept for ``/unread``: as many entries as the full client's transcript keeps."""
OFFER = "Your turn: /intro send sends your introduction, or type as usual."
NOTHING_MISSED = "Nothing missed: nothing happened while you were away, or you have not been away."
NOTHING_UNREAD = "Nothing unread."
INTRO_HELP = "Type /intro followed by your introduction to write it; only you see it until you send it."


class LineCatchup:
    """The introduction and the catch-up of one person in line mode."""

    def __init__(self, session: Session, intents: Intents) -> None:
        """Args:
        session: The person's session.
        intents: Where sending the introduction goes.
        """
        self._session = session
        self._intents = intents
        self.catchup = Catchup()
        self.introduction = Introduction(session.url)
        self.introduction.load()
        self._unread: deque[str] = deque(maxlen=KEEP_UNREAD)
        self._offered = False

    def update(self, update: SessionUpdate, printed: list[str]) -> list[str]:
        """What to print after ``printed`` (the renderer's lines for ``update``)."""
        pid = self._session.pid
        if isinstance(update, CommandRefused):
            self.introduction.refused(update.request_id)
        was = self.catchup.away
        if was is not None:
            self._unread.extend(printed)
        now = time.time() + self._session.server_offset
        told = self.catchup.update(update, pid, now, len(printed))
        if was is None and self.catchup.away is not None:
            self._unread.clear()
        lines = [told] if told is not None else []
        return lines + self._offer(self._session.state)

    def _offer(self, state: RoomState | None) -> list[str]:
        """The offer, once each time it comes."""
        offered = self.introduction.offered(state, self._session.pid)
        said = offered and not self._offered
        self._offered = offered
        return [OFFER] if said else []

    def typed(self, text: str) -> list[str] | None:
        """Lines answering one of the catch-up words, or None when ``text`` is none of them."""
        word, _, rest = text.strip().partition(" ")
        word = word.casefold()
        if word == "/missed":
            return [self.catchup.line or NOTHING_MISSED]
        if word == "/unread":
            return list(self._unread) if self._unread else [NOTHING_UNREAD]
        if word == "/intro":
            return self._intro(rest.strip())
        return None

    def _intro(self, rest: str) -> list[str]:
        introduction = self.introduction
        what = rest.casefold()
        if not rest:
            if not introduction.text:
                return [INTRO_HELP]
            kept = " (kept on this computer)" if introduction.kept else ""
            return [f"Your introduction{kept}: {for_display(introduction.text)}"]
        if what == "send":
            outcome = introduction.send(self._intents)
            self._offered = introduction.offered(self._session.state, self._session.pid)
            return [f"! Not sent: {outcome.text}"] if isinstance(outcome, Refusal) else []
        if what == "save":
            problem = introduction.save()
            return [problem or "Your introduction is kept on this computer."]
        if what == "forget":
            introduction.forget()
            return ["Your introduction is no longer kept on this computer."]
        problem = introduction.write(rest, keep=introduction.kept)
        if problem is not None:
            return [f"! {problem}"]
        return ["Your introduction is ready; it is offered when your turn comes in a round."]
