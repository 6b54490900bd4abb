"""Shared by the client session's tests: a watched session run against a real relay."""


import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable

from server.relay import Relay
from tests.wire_client import TIMEOUT
from tui.core.session import Session
from tui.core.updates import (
    CommandSettled,
    ConnectionStatus,
    SessionUpdate,
    StatusChanged,
)

FAST = {"min_backoff": 0.05, "max_backoff": 0.3}
"""Short waits between reconnects, so tests that drop links finish quickly."""


async def until(condition: Callable[[], bool], timeout: float = TIMEOUT) -> None:
    """Poll ``condition`` until true; fail the test after ``timeout`` seconds."""
    async with asyncio.timeout(timeout):
        while not condition():
            await asyncio.sleep(0.01)


class Watched:
    """A session with its run task and every update it emitted."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.updates: list[SessionUpdate] = []
        session.add_listener(self.updates.append)
        self.task: asyncio.Task[None] | None = None

    def of(self, kind: type) -> list:
        """The updates of one type, in order."""
        return [u for u in self.updates if isinstance(u, kind)]

    def settled(self, request_id: int) -> bool:
        return any(u.request_id == request_id for u in self.of(CommandSettled))

    def connected_count(self) -> int:
        return sum(1 for u in self.of(StatusChanged) if u.status is ConnectionStatus.CONNECTED)

    async def connected(self) -> "Watched":
        await until(lambda: self.session.status is ConnectionStatus.CONNECTED)
        return self


@contextlib.asynccontextmanager
async def running(url: str, name: str, key: str | None = None, **options: object) -> AsyncIterator[Watched]:
    """Run a session for the length of a ``with`` block, then close it and wait for ``run``."""
    watched = Watched(Session(url, name, key, **{**FAST, **options}))
    watched.task = asyncio.create_task(watched.session.run())
    try:
        yield watched
    finally:
        await watched.session.close()
        await asyncio.wait_for(watched.task, TIMEOUT)


def server_side(relay: Relay, pid: int):
    """The relay's connection for participant ``pid``."""
    return relay.room("demo").connections[pid]


def relay_texts(relay: Relay) -> list[str]:
    return [m.text for m in relay.room("demo").state.transcript]


