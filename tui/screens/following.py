"""A screen over the meeting that follows the session itself while it is open.

The desk and the waiting room subscribe to the ``Session`` when they mount and
unsubscribe when they unmount (``Session.remove_listener``), so no screen has to relay
updates to another. Updates arrive as the app's Textual messages; a welcome or an event
calls the screen's ``follow(state)``, and a refused command is notified, since the
transcript that would show it is out of sight under the screen.
"""

from typing import Any

from protocol import RoomState
from protocol.text import for_display_line
from tui import messages
from tui.core.session import Session
from tui.core.updates import SessionUpdate


class FollowsSession:
    """Mixin for a ``Screen`` with a ``session``: call ``subscribe`` in ``on_mount``."""

    session: Session

    def subscribe(self) -> None:
        """Start receiving the session's updates (until the screen unmounts)."""
        self.session.add_listener(self._deliver)

    def on_unmount(self) -> None:
        self.session.remove_listener(self._deliver)

    def _deliver(self, update: SessionUpdate) -> None:
        """Session listener: runs on the event loop, so posting a message is safe."""
        self._post(messages.wrap(update))

    def _post(self, message: Any) -> None:
        self.post_message(message)  # type: ignore[attr-defined]

    def on_room_welcomed(self, message: messages.RoomWelcomed) -> None:
        self.follow(message.state)

    def on_room_event(self, message: messages.RoomEvent) -> None:
        self.follow(message.state)

    def on_command_failed(self, message: messages.CommandFailed) -> None:
        """The transcript is out of sight under this screen: refusals are notified here."""
        self.notify(  # type: ignore[attr-defined]
            for_display_line(message.text), severity="warning", markup=False
        )

    def follow(self, state: RoomState) -> None:
        """Show ``state`` (each screen says how)."""
