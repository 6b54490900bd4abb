"""The Textual application: which screen to open, the help, the resources, and leaving.

``TalkingStickApp`` opens the meeting screen for a room address (asking for a name when
none was given) or the lobby for a relay's HTTP address. F12 shows the room's help lines
and resources from any screen (the waiting room and dialogs included), sending nothing.
Its defaults suit weak links:
the ``ansi-dark`` theme (the terminal's own colours, fewer bytes), no animations, no
cursor blink; its ``pace`` (``tui.low_bandwidth``) says how often anything else changes.
Under ``NO_COLOR`` colours are dropped and every emphasis falls back on
bold and reverse video (``app.tcss``), so the screen reads on any terminal.
The user's keymap (``keys.toml``, see ``tui.keymap``) moves bindings at start. The command
line (``tui.cli``) builds it; tests build it directly.
"""

import os
import re
import time
import tomllib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType

from tui import keys
from tui.core.device_key import load_or_create_device_key
from tui.core.session import Session
from tui.core.updates import ConnectionStatus
from tui.keymap import load_keymap
from tui.low_bandwidth import DEFAULT_PACE, ScreenPace
from tui.palette import MeetingCommands
from tui.screens.dialogs import ConfirmScreen, NameScreen
from tui.screens.help import HelpScreen
from tui.screens.lobby import LobbyScreen
from tui.screens.meeting import MeetingScreen
from tui.screens.resources import ResourcesScreen

DEFAULT_THEME = "ansi-dark"


def no_color_asked() -> bool:
    """Whether the user asked for no colours (``NO_COLOR`` set, whatever its value)."""
    return os.environ.get("NO_COLOR") is not None


class TalkingStickApp(App[None], inherit_bindings=False):
    """The talkingstick client."""

    CSS_PATH = "app.tcss"
    TITLE = "talkingstick"
    BINDINGS: ClassVar[list[BindingType]] = keys.bindings(keys.APP_KEYS)
    COMMANDS = {MeetingCommands}
    ENABLE_COMMAND_PALETTE = True

    def __init__(
        self,
        *,
        url: str | None = None,
        name: str | None = None,
        facilitator_key: str | None = None,
        lobby_url: str | None = None,
        session: Session | None = None,
        clock: Callable[[], float] = time.time,
        theme: str = DEFAULT_THEME,
        keymap: Mapping[str, str] | None = None,
        cafile: Path | str | None = None,
        pace: ScreenPace = DEFAULT_PACE,
    ) -> None:
        """Open one of: a given ``session``, the room at ``url``, or the lobby at ``lobby_url``.

        Args:
            url: A room's websocket address, ``ws://host:port/ROOM``.
            name: The display name; asked for when missing.
            facilitator_key: The room's key, to join as its facilitator.
            lobby_url: A relay's HTTP address, ``http://host:port``, to choose a room.
            session: A session made elsewhere (tests, and the demo).
            clock: Local time source, fixed by tests.
            theme: A Textual theme name.
            keymap: Binding id -> keys; None reads the user's ``keys.toml``.
            cafile: A group's own certificate authority to trust for ``wss://`` and ``https://``.
            pace: What may change on screen and how often (``tui.low_bandwidth``).
        """
        # Textual picks its NO_COLOR filter from the theme in force while ``App.__init__``
        # runs (not ours yet): with an ANSI theme its monochrome filter turned every ANSI
        # colour into black, text and background alike. Native ANSI colours make it pick
        # the filter that resets them to the terminal's own default colours instead.
        super().__init__(ansi_color=True if no_color_asked() else None)
        self.display_name = name
        self._url = url
        self._facilitator_key = facilitator_key
        self._lobby_url = lobby_url
        self._cafile = cafile
        self._session = session
        self._clock = clock
        self.pace = pace
        """What may change on screen and how often; widgets read it (``tui.low_bandwidth``)."""
        self.animation_level = "full" if pace.animations else "none"
        self.theme = theme
        self._keymap_problem: str | None = None
        self._leave_question: ConfirmScreen | None = None
        try:
            chosen = dict(load_keymap() if keymap is None else keymap)
        except (OSError, tomllib.TOMLDecodeError) as error:  # a broken keymap must not stop a meeting
            chosen, self._keymap_problem = {}, f"Your keys.toml was not used: {error}"
        keys.use_keymap(chosen)
        self.set_keymap(chosen)

    def on_mount(self) -> None:
        if self._keymap_problem is not None:
            self.notify(self._keymap_problem, severity="warning", markup=False)
        if self._session is not None:
            self.push_screen(MeetingScreen(self._session, clock=self._clock))
        elif self._url is not None:
            self.join_room(self._url, self._url.split("?", 1)[0].rsplit("/", 1)[-1], self._facilitator_key)
        elif self._lobby_url is not None:
            self.push_screen(LobbyScreen(self._lobby_url, self._cafile))

    def join_room(self, url: str, title: str, facilitator_key: str | None = None) -> None:
        """Open the meeting at ``url``, asking for a display name first if there is none."""
        if self.display_name is None:

            def chosen(name: str | None) -> None:
                if name is not None:
                    self.display_name = name
                    self.join_room(url, title, facilitator_key)
                elif not any(isinstance(screen, LobbyScreen) for screen in self.screen_stack):
                    self.exit()  # nothing to go back to

            self.push_screen(NameScreen(title), chosen)
            return
        session = Session(
            url,
            self.display_name,
            facilitator_key,
            device_key=load_or_create_device_key(),
            cafile=self._cafile,
        )
        self.push_screen(MeetingScreen(session, clock=self._clock))

    def meeting_screen(self) -> MeetingScreen | None:
        """The open meeting, if any (it may sit under a dialog)."""
        for screen in reversed(self.screen_stack):
            if isinstance(screen, MeetingScreen):
                return screen
        return None

    def get_key_display(self, binding: Binding) -> str:
        """Function keys in capitals (``F2``), as keyboards print them."""
        shown = super().get_key_display(binding)
        return shown.upper() if re.fullmatch(r"f\d{1,2}", shown) else shown

    def action_help(self) -> None:
        """Show the keys and slash commands this participant may use."""
        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss(None)
            return
        meeting = self.meeting_screen()
        in_lobby = meeting is None and any(isinstance(screen, LobbyScreen) for screen in self.screen_stack)
        self.push_screen(HelpScreen(leads=meeting is not None and meeting.leads, in_meeting=not in_lobby))

    def action_resources(self) -> None:
        """Show the room's help lines and resources on this screen only; F12 again closes them."""
        if isinstance(self.screen, ResourcesScreen):
            self.screen.dismiss(None)
            return
        meeting = self.meeting_screen()
        state = meeting.session.state if meeting is not None else None
        if state is None:
            self.notify("The help lines of a room show once you are in it.", markup=False)
            return
        self.push_screen(ResourcesScreen(state.resources, state.resources_for))

    @work(group="leave")
    async def action_leave(self) -> None:
        """Confirm (Ctrl+Q a second time answers yes), tell the room we leave, close the link and quit."""
        if isinstance(self.screen, ConfirmScreen):
            if self.screen is self._leave_question:
                self.screen.dismiss(True)
            return
        meeting = self.meeting_screen()
        if meeting is not None and meeting.session.status is not ConnectionStatus.CLOSED:
            question = ConfirmScreen(
                f"Leave the meeting? ({keys.label_of('leave')} again leaves.)", yes="Leave"
            )
            self._leave_question = question
            if not await self.push_screen_wait(question):
                return
            await meeting.leave_meeting()
        self.exit()
