"""The help screen's slash lines: per role, from the table, each usage clear of its meaning."""

import asyncio
import re

from textual.app import App

from protocol import Role
from tui.core.slash import slash_help
from tui.screens.help import HelpScreen


class _HelpHost(App[None]):
    """A bare app that opens the help screen at once."""

    def __init__(self, leads: bool) -> None:
        super().__init__()
        self.leads = leads

    def on_mount(self) -> None:
        self.push_screen(HelpScreen(self.leads))


async def _help_text(leads: bool) -> str:
    app = _HelpHost(leads)
    async with app.run_test(size=(100, 40)):
        async with asyncio.timeout(10):
            while not (isinstance(app.screen, HelpScreen) and app.screen.text):
                await asyncio.sleep(0.01)
        return app.screen.text


async def test_usage_never_runs_into_its_meaning():
    """Every slash usage is followed by spaces before its meaning (no "/unsilence NAMElift")."""
    text = await _help_text(leads=True)
    lines = text.splitlines()
    for usage, meaning in slash_help(Role.FACILITATOR):
        shape = re.compile(rf"  {re.escape(usage)} {{2,}}{re.escape(meaning)}$")
        assert any(shape.match(line) for line in lines), usage


async def test_member_help_shows_member_slash_commands():
    """F1 for a member lists /pass, /react, /note, /support and /reading next, not /lowerall."""
    text = await _help_text(leads=False)
    for usage in ("/pass", "/react", "/note", "/support", "/reading next"):
        assert f"  {usage}" in text, usage
    assert "/lowerall" not in text
