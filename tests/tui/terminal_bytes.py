"""What the client writes to a terminal, and whether every character on it can be read.

``written`` runs an app under Pilot and keeps the bytes Textual would send to a real
terminal (the headless driver drops them otherwise), so colour modes are tested on the
output itself: ``NO_COLOR``, a 16-colour or monochrome ``TERM`` change those bytes, not
the snapshots. ``unreadable`` parses the SGR sequences and lists the characters drawn in
the same colour as their background (``ESC[30;40m`` on black is a blank screen).
"""

import re
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass

from textual.drivers.headless_driver import HeadlessDriver
from textual.pilot import Pilot

from tui.app import TalkingStickApp

CONTROL = re.compile(r"\x1b\[([0-9;?<>=]*)([@-~])|\x1b[@-_][^\x1b]*?(?:\x1b\\|\x07)|\x1b.")
"""A CSI sequence (its parameters and final byte), another escape sequence, or a lone ESC."""

Colour = tuple[int, ...] | None
"""A 256-colour index as ``(n,)``, an RGB triple, or None for the terminal's default."""


def _colour(codes: list[int], at: int) -> tuple[Colour, int]:
    """The colour of an extended ``38``/``48`` code at ``codes[at]``, and how many codes it used."""
    if at + 1 < len(codes) and codes[at + 1] == 5 and at + 2 < len(codes):
        return (codes[at + 2],), 3
    if at + 1 < len(codes) and codes[at + 1] == 2 and at + 4 < len(codes):
        return tuple(codes[at + 2 : at + 5]), 5
    return None, 1


@dataclass
class Pen:
    """The terminal's current colours, changed by each SGR sequence."""

    fg: Colour = None
    bg: Colour = None

    def select(self, parameters: str) -> None:
        codes = [int(code) if code else 0 for code in parameters.split(";")] if parameters else [0]
        at = 0
        while at < len(codes):
            code, used = codes[at], 1
            if code == 0:
                self.fg = self.bg = None
            elif code == 39:
                self.fg = None
            elif code == 49:
                self.bg = None
            elif 30 <= code <= 37 or 90 <= code <= 97:
                self.fg = (code - 30,) if code < 90 else (code - 82,)
            elif 40 <= code <= 47 or 100 <= code <= 107:
                self.bg = (code - 40,) if code < 100 else (code - 92,)
            elif code in (38, 48):
                colour, used = _colour(codes, at)
                if code == 38:
                    self.fg = colour
                else:
                    self.bg = colour
            at += used


def unreadable(output: str) -> list[str]:
    """Every run of visible characters written in the same colour as its background."""
    pen, runs, start = Pen(), [], 0
    for match in [*CONTROL.finditer(output), None]:
        end = match.start() if match is not None else len(output)
        text = output[start:end].strip()
        if text and pen.fg is not None and pen.fg == pen.bg:
            runs.append(text)
        if match is None:
            break
        if match.group(2) == "m":
            pen.select(match.group(1))
        start = match.end()
    return runs


def sgr_codes(output: str) -> Iterator[str]:
    """The parameters of every SGR sequence in ``output``."""
    for match in CONTROL.finditer(output):
        if match.group(2) == "m":
            yield match.group(1)


async def written(
    monkeypatch,
    app: TalkingStickApp,
    size: tuple[int, int],
    act: Callable[[Pilot], Awaitable[None]] | None = None,
) -> str:
    """The bytes ``app`` writes to an ``size`` terminal until it has settled (after ``act``)."""
    captured: list[str] = []
    # Textual renders for a headless driver only if it says it is not headless.
    monkeypatch.setattr(HeadlessDriver, "is_headless", property(lambda driver: False))
    monkeypatch.setattr(HeadlessDriver, "write", lambda driver, data: captured.append(data))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        if act is not None:
            await act(pilot)
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()
    return "".join(captured)
