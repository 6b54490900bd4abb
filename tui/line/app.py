"""Line mode's loop: typed lines in, printed lines out, one ``Session`` underneath.

``LineMode`` runs a ``tui.core.session.Session`` (the same joining, resuming and offline
outbox as the full client), prints every update through ``tui.line.render`` and acts on
each typed line through ``tui.core.intents.Intents.typed``: a message, a slash command
(the relay judges it; ``/grant``, ``/next`` and the round's commands first ask y/n when
the person they hand the floor or the next turn to may not see it, ``/lobby delete N``
always, naming the note), or one of line mode's own views (``/who``, ``/queue``,
``/agenda``, ``/help``, ``/guidelines``, and
``tui.line.catching_up``'s ``/intro``, ``/missed``, ``/unread``) or waiting-room answers
(``/accept``, ``/new``).
Lines typed before the first welcome wait for it. At the end of input, line mode waits
briefly for what is still on its way, then leaves the meeting.

``stdin_lines`` reads standard input in a daemon thread rather than with
``connect_read_pipe``: a pipe reader would make a shared terminal non-blocking for the
shell afterwards, and a regular file cannot be watched at all. ``stdout_writer`` flushes
every line (an SSH door or a script reads it at once) and never lets a byte the terminal
cannot encode stop the client. Nothing here imports ``textual`` or ``rich``.
"""

import asyncio
import contextlib
import os
import sys
import threading
from collections.abc import AsyncIterator, Callable
from pathlib import Path

from protocol import ProtocolError
from tui.core.intents import Intents, Refusal, Sent, Wanted
from tui.core.link_report import LinkReporter
from tui.core.lobby_notes import inbox_lines
from tui.core.narration import leads
from tui.core.session import Session
from tui.core.updates import ConnectionStatus, SessionEnded, SessionUpdate, Welcomed
from tui.line.asked import ONLY_FACILITATORS_READ, agenda_lines, help_lines, queue_lines, who_lines
from tui.line.catching_up import LineCatchup
from tui.line.render import LineRenderer, guidelines_lines, waiting_room_lines

DRAIN_SECONDS = 10.0
"""How long the end of input waits for messages still on their way before leaving."""

Write = Callable[[str], None]
"""Prints one line (given without its newline)."""


class LineMode:
    """One person in one room, in plain lines."""

    def __init__(self, session: Session, write: Write) -> None:
        """Args:
        session: The session to run (not yet running).
        write: Prints one line; called on the event loop.
        """
        self.session = session
        self.intents = Intents(session)
        self.renderer = LineRenderer()
        self.catching_up = LineCatchup(session, self.intents)
        """The introduction (``/intro``) and what was missed (``/missed``, ``/unread``)."""
        self._write = write
        self._ready = asyncio.Event()
        self._ended: SessionEnded | None = None
        self._asked: tuple[str, str] | None = None
        """A typed line waiting for its y/n answer, and what a no says (the floor or a round's
        next turn for someone who may not see it, deleting a note from the lobby)."""
        session.add_listener(self._on_update)

    @property
    def ended(self) -> SessionEnded | None:
        """Why the relay ended the session, or None."""
        return self._ended

    def print(self, lines: list[str]) -> None:
        """Print each line."""
        for line in lines:
            self._write(line)

    def _on_update(self, update: SessionUpdate) -> None:
        printed = self.renderer.update(update, self.session.pid)
        self.print(printed)
        self.print(self.catching_up.update(update, printed))
        if isinstance(update, Welcomed | SessionEnded):
            self._ready.set()
        if isinstance(update, SessionEnded):
            self._ended = update

    async def run(self, typed: AsyncIterator[str]) -> int:
        """Join, then act on each typed line until the session ends or input does.

        Returns:
            0 when the person left or closed the session, 1 when the relay ended it.
        """
        link = asyncio.create_task(self.session.run())
        reader = asyncio.create_task(self._read(typed))
        reports = asyncio.create_task(LinkReporter(self.session).run())
        try:
            await asyncio.wait({link, reader}, return_when=asyncio.FIRST_COMPLETED)
            if reader.done() and not link.done():
                await self.session.close()
            await link
        finally:
            reports.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await reports
            reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await reader
            if not link.done():
                link.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await link
        ended = self._ended
        return 0 if ended is None or ended.code == "left" else 1

    async def _read(self, typed: AsyncIterator[str]) -> None:
        async for line in typed:
            await self._ready.wait()  # lines typed before the welcome wait for it
            if self._ended is not None:
                return
            if not await self.act(line.rstrip("\r\n")):
                return
        await self._drain()
        if self._ended is None:
            await self.intents.leave()

    async def _drain(self) -> None:
        """Wait (briefly) until everything typed has reached the relay."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(DRAIN_SECONDS):
                while self.session.pending and self._ended is None:
                    await asyncio.sleep(0.05)

    async def act(self, text: str) -> bool:
        """Act on one typed line; False when it asked to leave."""
        word = text.strip().casefold()
        if self._asked is not None:
            (asked, declined), self._asked = self._asked, None
            if word not in ("y", "yes"):
                self.print([declined])
                return True
            text, word = asked, asked.strip().casefold()
        elif (question := self.intents.typed_question(text)) is not None:
            self._asked = (text, question.declined)
            self.print([f"? {question.text} (y/n)"])
            return True
        caught_up = self.catching_up.typed(text)
        if caught_up is not None:
            self.print(caught_up)
            return True
        view = self._view(word)
        if view is not None:
            self.print(view)
            return True
        if word in ("/accept", "/new") and self.session.waiting:
            self._answer_guidelines(word)
            return True
        if word == "/accept":  # in the meeting: the guidelines come before posting
            outcome = self.intents.accept_guidelines()
            said = f"! {outcome.text}" if isinstance(outcome, Refusal) else "You accepted the guidelines."
            self.print([said])
            return True
        result = self.intents.typed(text)
        if isinstance(result, Wanted):
            if result.what == "leave":
                await self.intents.leave()
                return False
            self.print(help_lines(self.session.role, self.session.waiting))
        elif isinstance(result, Refusal):
            self.print([f"! Not sent: {result.text}"])
        elif isinstance(result, Sent) and self.session.status is not ConnectionStatus.CONNECTED:
            self.print(["Kept; it goes out when the link is back."])
        return True

    def _view(self, word: str) -> list[str] | None:
        """Line mode's own views, or None when ``word`` is not one."""
        state, me = self.session.state, self.session.pid
        if word not in ("/who", "/queue", "/agenda", "/guidelines", "/lobby"):
            return None
        if state is None:
            return ["Not in the room yet."]
        if word == "/guidelines":
            return waiting_room_lines(state) if self.session.waiting else guidelines_lines(state)
        if self.session.waiting:
            return ["You are in the waiting room: the meeting shows once a facilitator lets you in."]
        if word == "/lobby":
            return inbox_lines(state) if leads(state, me) else [ONLY_FACILITATORS_READ]
        if word == "/who":
            return who_lines(state, me)
        if word == "/queue":
            return queue_lines(state, me)
        return agenda_lines(state)

    def _answer_guidelines(self, word: str) -> None:
        state, me = self.session.state, self.session.pid
        waiter = state.waiting.get(me) if state is not None and me is not None else None
        accepted = True if word == "/accept" else bool(waiter and waiter.accepted_guidelines)
        is_new = True if word == "/new" else bool(waiter and waiter.is_new)
        outcome = self.intents.answer_guidelines(accepted, is_new)
        if isinstance(outcome, Refusal):
            self.print([f"! Not sent: {outcome.text}"])
        else:
            self.print(["The facilitators will see it."])


READ_CHUNK = 65536
"""Bytes read from standard input at once."""


async def stdin_lines() -> AsyncIterator[str]:
    """Lines of standard input as they come, until its end."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[str | None] = asyncio.Queue()

    def pump() -> None:
        # Raw reads of the descriptor, not ``sys.stdin.buffer``: a thread blocked inside the
        # buffered reader holds its lock, and the interpreter's shutdown then aborts (SIGABRT)
        # when the relay ends the session while the person's input is still open.
        pending = b""
        try:
            while chunk := os.read(sys.stdin.fileno(), READ_CHUNK):
                *lines, pending = (pending + chunk).split(b"\n")
                for raw in lines:
                    loop.call_soon_threadsafe(queue.put_nowait, (raw + b"\n").decode("utf-8", "replace"))
            if pending:
                loop.call_soon_threadsafe(queue.put_nowait, pending.decode("utf-8", "replace"))
        except (OSError, ValueError, RuntimeError):  # input closed, or the loop is gone at exit
            pass
        finally:
            with contextlib.suppress(RuntimeError):  # the loop may be gone already
                loop.call_soon_threadsafe(queue.put_nowait, None)

    threading.Thread(target=pump, name="stdin", daemon=True).start()
    while (line := await queue.get()) is not None:
        yield line


def stdout_writer() -> Write:
    """Prints a line to standard output and flushes it; a closed output is ignored."""
    stream = sys.stdout
    with contextlib.suppress(AttributeError, ValueError):
        stream.reconfigure(errors="replace")  # type: ignore[union-attr]

    def write(line: str) -> None:
        with contextlib.suppress(BrokenPipeError, ValueError):
            stream.write(line + "\n")
            stream.flush()

    return write


async def run_line_mode(
    url: str, name: str, facilitator_key: str | None = None, cafile: Path | str | None = None
) -> int:
    """``talkingstick --line``: join ``url`` as ``name`` and talk over stdin and stdout."""
    try:
        session = Session(url, name, facilitator_key, cafile=cafile)
    except ProtocolError as error:
        print(error.message, file=sys.stderr)
        return 2
    return await LineMode(session, stdout_writer()).run(stdin_lines())
