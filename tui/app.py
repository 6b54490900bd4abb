"""The Textual application: which screen to open, the help, the resources, and leaving.

``TalkingStickApp`` opens the meeting screen for a room address (asking for a name when
none was given) or the lobby for a relay's HTTP address. F12 shows the room's help lines
and resources from any screen (the waiting room and dialogs included), sending nothing.
Its defaults suit weak links:
the ``ansi-dark`` theme (the terminal's own colours, fewer bytes), no animations, no
cursor blink; its ``pace`` (``tui.low_bandwidth``) says how often anything else changes.
Everything it paints goes through ``TerminalFrame`` (``tui.terminal_frame``): only the
rows that changed are written, and a meeting shows one "Connecting to ROOM…" line until
its room is drawn.
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
from typing import Any, ClassVar

from rich.console import RenderableType
from rich.segment import Segment
from textual import work
from textual._compositor import ChopsUpdate, CompositorUpdate, LayoutUpdate
from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.strip import Strip

from protocol.text import for_display_line
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
from tui.terminal_frame import CLEAR, TerminalFrame

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
        self._frame = TerminalFrame()
        """What the terminal shows, so that a whole-screen paint writes only what changed."""
        self._held_for: MeetingScreen | None = None
        """The meeting whose painting waits for its room (``_hold``)."""
        self._held_line = ""
        self._held_line_written = False
        self._leave_question: ConfirmScreen | None = None
        try:
            chosen = dict(load_keymap() if keymap is None else keymap)
        except (OSError, tomllib.TOMLDecodeError) as error:  # a broken keymap must not stop a meeting
            chosen, self._keymap_problem = {}, f"Your keys.toml was not used: {error}"
        keys.use_keymap(chosen)
        self.set_keymap(chosen)

    def _display(self, screen: Screen[Any], renderable: RenderableType | None) -> None:
        """Write a whole-screen paint as the rows that changed (``tui.terminal_frame``).

        Textual's own method, overridden: it writes nothing headless, in a batch or before
        the app runs, and then the frame must not change either.
        """
        driver = self._driver
        writes = (
            renderable is not None
            and not self._batch_count
            and self._running
            and not self._closed
            and not self.is_headless
            and driver is not None
            and not driver.is_inline
        )
        if not writes or not isinstance(renderable, CompositorUpdate):
            if writes:  # something else reached the terminal: write every row next time
                self._frame.forget()
            super()._display(screen, renderable)
            return
        if self._frame.held and screen is not self._held_for:
            self._show_held()  # a dialog or help over the meeting: show it as it comes
        compositor = screen._compositor
        if isinstance(renderable, LayoutUpdate) and renderable.region.offset == (0, 0):
            lines = renderable.strips  # each line's strips: the values of a dict, to be joined

            def whole() -> list[Strip]:
                return [Strip.join(line) for line in lines]

            size = renderable.region.size
            super()._display(screen, self._frame.paint(whole, range(size.height), size, self.console))
        elif isinstance(renderable, ChopsUpdate):
            rows = {y for y, _, _ in renderable.spans}
            # The screen's rows as they are now, this paint included.
            paint = self._frame.paint(compositor.render_strips, rows, compositor.size, self.console)
            super()._display(screen, paint)
        else:
            self._frame.forget()
            super()._display(screen, renderable)

    def _hold(self, meeting: MeetingScreen, url: str) -> MeetingScreen:
        """Paint nothing of ``meeting`` but one line until its room is drawn (``Shown``).

        Before the welcome the meeting is an empty layout: 4 KB at 80x24, more than
        three seconds on a 9.6 kbit/s link, all of it painted again when the room comes.
        """
        self._held_for = meeting
        room = url.split("?", 1)[0].rsplit("/", 1)[-1]  # never the query: it may hold an invitation
        self._held_line = f"Connecting to {for_display_line(room)}…"
        self._frame.hold()
        self._held_line_written = False
        self._write_held_line()
        return meeting

    def _write_held_line(self) -> None:
        """Clear the terminal and write the line shown while painting is held."""
        driver = self._driver
        if not self._frame.held or self._held_line_written or not self._running or driver is None:
            return
        if self.is_headless:
            return
        self._held_line_written = True
        line = Strip([Segment(self._held_line)]).crop(0, max(1, self.size.width - 1))
        driver.write(CLEAR + line.render(self.console))
        driver.flush()

    def _show_held(self) -> None:
        """Paint again, the whole screen as it is now."""
        if self._frame.held:
            self._frame.release()
            self._held_for = None
            self._repaint()

    def action_redraw(self) -> None:
        """Clear the terminal and write the whole screen again (Ctrl+L)."""
        self._frame.forget()
        self._repaint()

    def _repaint(self) -> None:
        # A meeting's "shown" message can be handled as the app closes, its screens gone.
        if self.screen_stack:
            self.screen.refresh()

    def on_meeting_view_shown(self) -> None:
        self._show_held()

    def on_mount(self) -> None:
        if self._keymap_problem is not None:
            self.notify(self._keymap_problem, severity="warning", markup=False)
        if self._session is not None:
            self.push_screen(self._hold(MeetingScreen(self._session, clock=self._clock), self._session.url))
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
        self.push_screen(self._hold(MeetingScreen(session, clock=self._clock), url))

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
