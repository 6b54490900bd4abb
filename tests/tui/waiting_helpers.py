"""Helpers for the waiting room and desk tests: someone arriving in the waiting room, a room that has one.

``arriving`` runs the client for a newcomer and returns once the relay has welcomed it
(into the waiting room when the room has one), without waiting for the People list as
``tests.tui.helpers.joined`` does. ``open_waiting_room`` turns a room's waiting room on
and adds its guidelines, through the facilitator's own session.
"""

import contextlib
from collections.abc import AsyncIterator

from protocol import CommandKind
from tests.tui.helpers import SIZE, Seat
from tui.app import TalkingStickApp
from tui.core.session import Session
from tui.core.updates import ConnectionStatus
from tui.screens.desk import DeskScreen
from tui.screens.waiting import WaitingScreen

GUIDELINES = "Speak from your own experience.\n\nWhat is shared here stays here."


@contextlib.asynccontextmanager
async def arriving(url: str, name: str) -> AsyncIterator[Seat]:
    """Run the client for ``name`` until the relay has welcomed it, wherever it was seated."""
    session = Session(url, name, min_backoff=0.05, max_backoff=0.3)
    app = TalkingStickApp(session=session)
    async with app.run_test(size=SIZE) as pilot:
        seat = Seat(app, pilot)
        await seat.wait(
            lambda: session.status is ConnectionStatus.CONNECTED and session.state is not None,
            f"{name} to be welcomed",
        )
        yield seat


async def open_waiting_room(facilitator: Seat) -> None:
    """Add the room's guidelines and turn its waiting room on, and wait until both hold."""
    session = facilitator.meeting.session
    session.send(CommandKind.READING_ADD, "Our guidelines", GUIDELINES, True)
    session.send(CommandKind.SET_WAITING_ROOM, True)
    await facilitator.wait(
        lambda: session.state.waiting_room and any(r.guidelines for r in session.state.readings),
        "the waiting room to open",
    )


def waiting_room(seat: Seat) -> WaitingScreen | None:
    """The waiting room open on ``seat``'s screen, or None."""
    return next((s for s in seat.app.screen_stack if isinstance(s, WaitingScreen)), None)


async def in_waiting_room(seat: Seat) -> WaitingScreen:
    """The waiting room, once it is on screen showing the guidelines."""
    await seat.wait(
        lambda: (
            (shown := waiting_room(seat)) is not None
            and seat.app.screen is shown
            and "Speak from your own experience." in shown.readings_plain
        ),
        "the waiting room with the guidelines",
    )
    return waiting_room(seat)  # type: ignore[return-value]


def says(seat: Seat, text: str) -> bool:
    """Whether the transcript on screen holds ``text``, even wrapped over lines."""
    return text in " ".join(" ".join(line.split()) for line in seat.transcript)


async def open_desk(seat: Seat) -> DeskScreen:
    """Press F10 and return the facilitators' desk once it shows."""
    await seat.pilot.press("f10")
    desk: DeskScreen = await seat.opened(DeskScreen)  # filled once it has the focus
    return desk
