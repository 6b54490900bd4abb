"""The format picker: choose a meeting format for the relay to load as the room's agenda.

It fetches ``GET /formats`` from the relay (the HTTP address of the room's websocket
address) with httpx in its own worker group, lists each format's title, size and
description, and answers with the chosen format's name; the meeting screen then sends
``LOAD_FORMAT``. Typing filters the list (letters typed while the list has the focus go
to the name box); Enter loads what was typed only when exactly one format matches it (or
its exact name), and when the list cannot be fetched, a typed name is sent as it is. The
relay's JSON is untrusted: ``protocol.directory`` skips entries of the wrong shape and
cleans their text, and every text is shown through ``for_display_line`` as plain
``Content``.
"""

from pathlib import Path
from typing import Any

from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from protocol.directory import FormatEntry, formats_from_json
from protocol.text import check_title, for_display_line
from tui import keys
from tui.core.relay_http import FetchError, fetch_json, http_base
from tui.core.tls import certificate_problem
from tui.screens.dialogs import Dialog, blinkless, dialog_css

DESCRIPTION_CHARS = 96
"""A description is cut to about two lines of the dialog."""


FormatListing = FormatEntry
"""One format as the relay lists it (the shape lives in ``protocol.directory``)."""


def parse_formats(payload: Any) -> list[FormatListing]:
    """The formats in a ``/formats`` answer, skipping any entry of the wrong shape."""
    return formats_from_json(payload)


def matching(formats: list[FormatListing], typed: str) -> list[FormatListing]:
    """The formats whose name or title contains ``typed`` (all of them for nothing typed)."""
    wanted = typed.casefold().strip()
    return [f for f in formats if wanted in f.name.casefold() or wanted in f.title.casefold()]


def format_option(listing: FormatListing) -> Content:
    """Two lines: the title, name and size, then the start of the description."""
    description = " ".join(for_display_line(listing.description).split())
    if len(description) > DESCRIPTION_CHARS:
        description = description[: DESCRIPTION_CHARS - 1] + "…"
    head = Content.assemble(
        (for_display_line(listing.title), "bold"),
        (f"  {for_display_line(listing.name)}, {listing.segments} segments", "$text-muted"),
    )
    return head if not description else Content.assemble(head, "\n", (description, "$text-muted"))


class FormatScreen(Dialog[str | None]):
    """Pick a format from the relay's list, or type its name; Escape cancels."""

    DEFAULT_CSS = dialog_css("FormatScreen", with_list=True)
    BINDINGS = keys.bindings(keys.DIALOG_KEYS)

    def __init__(self, room_url: str, cafile: Path | str | None = None) -> None:
        """Args:
        room_url: The room's websocket address; the list comes from the same relay.
        cafile: A group's own certificate authority to trust for ``https://``.
        """
        super().__init__()
        self._base = http_base(room_url)
        self._cafile = cafile
        self.formats: list[FormatListing] = []
        """The formats fetched (for tests)."""

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content("Load a meeting format; it replaces the agenda. Enter loads, Esc cancels."))
            yield OptionList(id="formats")
            yield Label(Content("Fetching the list of formats…"), id="format-status")
            yield Label(Content("Or type a format's name"))
            yield blinkless(Input(placeholder="e.g. smart", id="format-name", select_on_focus=False))
            yield Label(Content(""), classes="error")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self._fetch()

    @work(exclusive=True, group="formats", exit_on_error=False)
    async def _fetch(self) -> None:
        status = self.query_one("#format-status", Label)
        try:
            formats = parse_formats(await fetch_json(self._base + "/formats", self._cafile))
        except (FetchError, ValueError, OSError) as error:
            problem = certificate_problem(error)
            shown = problem or f"Could not fetch the list ({for_display_line(str(error))[:60]})."
            status.update(Content(shown))
            self.query_one("#format-name", Input).focus()
            return
        self.formats = formats
        options = self.query_one(OptionList)
        options.add_options([Option(format_option(listing), id=listing.name) for listing in formats])
        status.update(Content(f"{len(formats)} formats." if formats else "The relay lists no formats."))
        status.display = not formats
        if formats:
            options.highlighted = 0

    def on_key(self, event: events.Key) -> None:
        """A letter typed while the list has the focus goes to the name box, which filters."""
        name_box = self.query_one("#format-name", Input)
        if self.query_one(OptionList).has_focus and event.is_printable and event.character:
            event.stop()
            event.prevent_default()
            name_box.insert_text_at_cursor(event.character)
            name_box.focus()

    @on(Input.Changed, "#format-name")
    def _filter(self, event: Input.Changed) -> None:
        """Show only the formats that match what is typed."""
        if not self.formats:
            return
        shown = matching(self.formats, event.value)
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options([Option(format_option(listing), id=listing.name) for listing in shown])
        if shown:
            options.highlighted = 0
        status = self.query_one("#format-status", Label)
        status.update(Content("No format matches that." if not shown else f"{len(shown)} formats match."))
        status.display = len(shown) != 1
        self.query_one(".error", Label).update(Content(""))

    @on(OptionList.OptionSelected, "#formats")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    @on(Input.Submitted, "#format-name")
    def _typed(self, event: Input.Submitted) -> None:
        """Load the one format that matches; with several or none, say so and load nothing."""
        if not self.formats:  # no list to match against: the relay checks the name
            self.answer_with(check_title, event.value)
            return
        typed = event.value.strip()
        exact = [f for f in self.formats if f.name.casefold() == typed.casefold()]
        shown = exact or matching(self.formats, typed)
        error = self.query_one(".error", Label)
        if len(shown) == 1:
            self.dismiss(shown[0].name)
        elif not shown:
            error.update(Content(f"No format matches {for_display_line(typed)!r}."))
        else:
            error.update(Content(f"{len(shown)} formats match: type more, or pick one with the arrow keys."))
