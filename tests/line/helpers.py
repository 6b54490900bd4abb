"""Line mode clients for tests: in-process ones fed through a queue, and the installed command.

``LineClient`` drives ``tui.line.app.LineMode`` in this process with a queue for its
standard input and a list for its standard output; ``LineProcess`` runs the installed
``talkingstick --line`` with pipes. Both wait on printed lines with a timeout, never a
fixed sleep.
"""

import asyncio
import os
import shutil
import sys
from collections.abc import AsyncIterator
from pathlib import Path

from tests.wire_client import TIMEOUT
from tui.core.session import Session
from tui.line.app import LineMode

FAST = {"min_backoff": 0.05, "max_backoff": 0.3}
"""Short waits between reconnects, so tests that drop links finish quickly."""


def talkingstick() -> str:
    """The installed ``talkingstick`` command beside this interpreter."""
    beside = Path(sys.executable).with_name("talkingstick")
    return str(beside) if beside.exists() else shutil.which("talkingstick") or "talkingstick"


class LineClient:
    """One person in line mode, in this process."""

    def __init__(self, url: str, name: str, key: str | None = None) -> None:
        self.out: list[str] = []
        self.session = Session(url, name, key, **FAST)
        self.mode = LineMode(self.session, self.out.append)
        self._typed: asyncio.Queue[str | None] = asyncio.Queue()
        self.task: asyncio.Task[int] | None = None

    async def _lines(self) -> AsyncIterator[str]:
        while (line := await self._typed.get()) is not None:
            yield line

    async def start(self, until: str = "/help lists the commands") -> "LineClient":
        """Join and wait for the welcome's last line (or ``until``)."""
        self.task = asyncio.create_task(self.mode.run(self._lines()))
        await self.wait_for(until)
        return self

    def type(self, line: str) -> int:
        """Type one line; returns how many lines were printed before it."""
        printed = len(self.out)
        self._typed.put_nowait(line)
        return printed

    async def wait_for(self, text: str, after: int = 0, timeout: float = TIMEOUT) -> int:
        """Index of the first printed line from ``after`` on that contains ``text``."""
        async with asyncio.timeout(timeout):
            while True:
                for index in range(after, len(self.out)):
                    if text in self.out[index]:
                        return index
                await asyncio.sleep(0.01)

    async def ask(self, line: str, answer: str) -> list[str]:
        """Type ``line`` and return what was printed from then until a line with ``answer``."""
        start = self.type(line)
        end = await self.wait_for(answer, start)
        return self.out[start : end + 1]

    async def end(self) -> int:
        """End of input: line mode leaves the room; its exit status."""
        self._typed.put_nowait(None)
        assert self.task is not None
        return await asyncio.wait_for(self.task, TIMEOUT * 2)


class LineProcess:
    """The installed ``talkingstick --line`` as a subprocess with pipes."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.out: list[str] = []

    @classmethod
    async def start(cls, *args: str, env: dict[str, str] | None = None) -> "LineProcess":
        process = await asyncio.create_subprocess_exec(
            talkingstick(),
            *args,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env={**os.environ, **(env or {})},
        )
        return cls(process)

    async def wait_for(self, text: str, timeout: float = TIMEOUT * 3) -> str:
        """Read lines until one contains ``text``; that line."""
        assert self.process.stdout is not None
        async with asyncio.timeout(timeout):
            for line in self.out:
                if text in line:
                    return line
            while True:
                raw = await self.process.stdout.readline()
                if not raw:
                    raise AssertionError(f"output ended before {text!r}: {self.out}")
                self.out.append(raw.decode("utf-8"))
                if text in self.out[-1]:
                    return self.out[-1]

    async def type(self, line: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(line.encode() + b"\n")
        await self.process.stdin.drain()

    async def end(self) -> int:
        """Close standard input; the rest of the output is read and the exit status returned."""
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.close()
        rest = await asyncio.wait_for(self.process.stdout.read(), TIMEOUT * 3)
        self.out.extend(line + "\n" for line in rest.decode("utf-8").splitlines())
        return await asyncio.wait_for(self.process.wait(), TIMEOUT)
