"""Setting a room up from the command line: its agenda from a format, and its settings.

``talkingstick-relay room create --format NAME`` records the format's agenda and
readings as the room's first events, exactly as if a facilitator had loaded it, so every
client replays them like any other event. ``room set`` turns its options into the
settings dict the store keeps (see ``server.settings``). Nothing here parses arguments
or prints; ``server.cli`` does that.
"""

import time
import tomllib
from pathlib import Path
from typing import Any

from protocol.errors import Refused
from protocol.frames import Event
from protocol.kinds import CommandKind, EventKind
from protocol.limits import TRANSCRIPT_KEEP
from protocol.meeting_format import MeetingFormat
from protocol.reducer import apply
from protocol.room_budget import ROOM_TEXT_BYTES, check_room_text, room_text_bytes
from protocol.rules import Decision, format_events
from protocol.state import RoomState
from protocol.text import for_display_line
from server.directory import DIRECTORY_FIELDS, checked_field
from server.help_lines import UnknownCountry, for_country, parse_resource
from server.recording import commit_events
from server.settings import RoomSettings
from server.store import Store

MAX_RESOURCES = 20
MAX_RESOURCE_CHARS = 200
MAX_WELCOME_CHARS = 2000


class SetupError(ValueError):
    """An option or file that cannot become a room setting, with a message for the operator."""


def stored_state(store: Store, name: str) -> RoomState:
    """The state of room ``name`` as the store holds it.

    Raises:
        SetupError: if there is no such room.
    """
    record = store.room(name)
    if record is None:
        raise SetupError(f"No room called {name!r}.")
    return store.load_state(record)


def record_events(store: Store, name: str, decisions: Decision, now: float | None = None) -> RoomState:
    """Record relay events in a room that no relay is serving at this moment.

    The events go the way a live room's do (``server.recording.commit_events``):
    numbered after the room's stored state, applied with the shared reducer and
    committed in one transaction.

    Args:
        store: The relay database.
        name: The room.
        decisions: ``(kind, fields)`` pairs, as ``protocol.rules`` returns them.
        now: Server time for the events (default: the clock).

    Returns:
        The room's state after the events.

    Raises:
        SetupError: if there is no such room.
    """
    state, _ = commit_events(
        store, stored_state(store, name), decisions, at=time.time() if now is None else now
    )
    return state


def seed_room(
    store: Store, name: str, plan: MeetingFormat | None = None, *, waiting_room: bool = False
) -> RoomState:
    """Give a room a format's agenda and readings and, if asked, a waiting room.

    Loading a format replaces the room's agenda, as the LOAD_FORMAT command does.

    Args:
        store: The relay database.
        name: The room.
        plan: The format to load, or None to leave the agenda alone.
        waiting_room: True to have newcomers wait until a facilitator admits them.

    Returns:
        The room's state afterwards.

    Raises:
        SetupError: if there is no such room, or the format does not fit with its readings.
    """
    state = stored_state(store, name)
    decisions = format_events(state, plan) if plan is not None else []
    after = RoomSettings.from_store(store.settings(name)).onto(state)
    for kind, fields in decisions:
        after = apply(after, Event(after.seq + 1, 0, kind, None, None, tuple(fields)))
    try:
        check_room_text(CommandKind.LOAD_FORMAT, after)
    except Refused as refusal:
        raise SetupError(refusal.message) from refusal
    if waiting_room and not state.waiting_room:
        decisions.append((EventKind.WAITING_ROOM_SET, (True,)))
    return record_events(store, name, decisions)


def check_settings_fit(store: Store, name: str, changes: dict[str, Any]) -> None:
    """Refuse settings whose welcome and help lines would take the room's text past a snapshot's budget.

    Raises:
        SetupError: with what to shorten, or if there is no such room.
    """
    settings = RoomSettings.from_store({**store.settings(name), **changes})
    if room_text_bytes(settings.onto(stored_state(store, name))) > ROOM_TEXT_BYTES:
        raise SetupError(
            "The welcome and help lines do not fit with this room's readings and agenda: "
            "shorten them, or remove a reading first."
        )


def ensure_room(
    store: Store, name: str, title: str, known_key: str | None, plan: MeetingFormat | None = None
) -> str:
    """The facilitator key of room ``name``, creating the room (or a new key) if needed.

    ``known_key`` is kept when it is the room's key; otherwise the room gets a new one
    (the old key is stored only as a hash, so it cannot be given back). A room that is new,
    or whose agenda is still empty, gets ``plan``'s agenda and readings.
    """
    if store.room(name) is None:
        key = store.create_room(name, title)
    elif known_key and store.key_matches(name, known_key):
        key = known_key
    else:
        key = store.rotate_key(name) or store.create_room(name, title)
    if plan is not None and not stored_state(store, name).agenda:
        seed_room(store, name, plan)
    return key


def load_resources(path: Path) -> list[list[str]]:
    """Read a resources file: ``[[resource]]`` tables with ``label`` and ``detail``.

    Returns:
        ``[label, detail]`` pairs, as the store keeps them.

    Raises:
        SetupError: naming the file and what is wrong with it.
    """
    try:
        with path.open("rb") as file:
            data = tomllib.load(file)
    except OSError as exc:
        raise SetupError(f"{path}: cannot be read ({exc.strerror or exc}).") from exc
    except tomllib.TOMLDecodeError as exc:
        raise SetupError(f"{path}: is not valid TOML: {exc}.") from exc
    entries = data.get("resource")
    if set(data) - {"resource"} or not isinstance(entries, list) or not entries:
        raise SetupError(f'{path}: write each help line as [[resource]] label = "..." detail = "...".')
    if len(entries) > MAX_RESOURCES:
        raise SetupError(f"{path}: at most {MAX_RESOURCES} resources.")
    resources = []
    for number, entry in enumerate(entries, 1):
        if not isinstance(entry, dict) or set(entry) != {"label", "detail"}:
            raise SetupError(f"{path}: [[resource]] {number} needs exactly label and detail.")
        pair = [entry["label"], entry["detail"]]
        if not all(isinstance(part, str) and 0 < len(part.strip()) <= MAX_RESOURCE_CHARS for part in pair):
            raise SetupError(
                f"{path}: [[resource]] {number}: label and detail are 1-{MAX_RESOURCE_CHARS} characters."
            )
        resources.append([for_display_line(part.strip()) for part in pair])
    return resources


def settings_changes(
    current: dict[str, Any],
    *,
    welcome: str | None = None,
    resources_file: Path | None = None,
    retention_hours: float | None = None,
    history: int | None = None,
    directory: dict[str, str | None] | None = None,
    bar_addresses: bool | None = None,
    lobby_notes: bool | None = None,
    attendance: str | None = None,
    country: str | None = None,
    own_resources: list[str] | None = None,
) -> dict[str, Any]:
    """The changes to hand to ``Store.update_settings`` for the given options.

    An option left as None is not changed; an empty text resets that setting (the
    default welcome, or no directory field).

    Args:
        current: The room's settings now (the directory dict is merged, not replaced).
        welcome: The welcome shown in the waiting room.
        resources_file: A TOML file of help lines (see ``load_resources``).
        retention_hours: How long an ended meeting's words are kept (0 deletes them at once).
        history: How many earlier messages someone arriving late may read (0: none).
        directory: Directory fields (``server.directory.DIRECTORY_FIELDS``) to set.
        bar_addresses: Whether a declined arrival's address stays out for the meeting.
        lobby_notes: Whether the lobby may leave the facilitators a note.
        attendance: ``names`` (members see who is here) or ``count`` (only how many).
        country: A country code whose national help lines the room lists (``server.help_lines``).
        own_resources: The group's own help lines, each ``"Name: number"`` (after the
            country's, when both are given).

    Raises:
        SetupError: for a value that cannot be stored, with the reason.
    """
    changes: dict[str, Any] = {}
    if welcome is not None:
        if len(welcome) > MAX_WELCOME_CHARS:
            raise SetupError(f"The welcome may be at most {MAX_WELCOME_CHARS} characters.")
        changes["welcome_text"] = welcome.strip() or None
    if resources_file is not None:
        changes["resources"] = load_resources(resources_file)
        changes["resources_for"] = None
    if country is not None or own_resources:
        changes.update(help_lines_changes(country, own_resources or []))
    if retention_hours is not None:
        if not 0 <= retention_hours <= 24 * 365:
            raise SetupError("The retention is 0 hours (delete at once) up to a year (8760 hours).")
        changes["retention_hours"] = retention_hours
    if history is not None:
        if not 0 <= history <= TRANSCRIPT_KEEP:
            raise SetupError(f"The history is 0 (none) up to {TRANSCRIPT_KEEP} messages.")
        changes["history"] = history
    if bar_addresses is not None:
        changes["bar_addresses"] = bar_addresses
    if lobby_notes is not None:
        changes["lobby_notes"] = lobby_notes
    if attendance is not None:
        if attendance not in ("names", "count"):
            raise SetupError('The attendance is "names" or "count".')
        changes["attendance"] = attendance
    wanted = {key: value for key, value in (directory or {}).items() if value is not None}
    if wanted:
        entry = dict(current.get("directory") or {})
        for key, value in wanted.items():
            if key not in DIRECTORY_FIELDS:
                raise SetupError(f"Unknown directory field {key!r}.")
            try:
                entry[key] = checked_field(key, value)
            except ValueError as exc:
                raise SetupError(str(exc)) from exc
        changes["directory"] = {key: value for key, value in entry.items() if value is not None} or None
    return changes


def help_lines_changes(country: str | None, own: list[str]) -> dict[str, Any]:
    """The ``resources`` and ``resources_for`` settings for a country and the group's own lines.

    Raises:
        SetupError: for an unknown country, a line not written ``"Name: number"``, or too many.
    """
    lines: list[list[str]] = []
    whose = None
    if country is not None:
        try:
            found = for_country(country)
        except UnknownCountry as exc:
            raise SetupError(str(exc)) from exc
        lines += [[label, detail] for label, detail in found.lines]
        whose = found.name
    for text in own:
        try:
            label, detail = parse_resource(text)
        except ValueError as exc:
            raise SetupError(str(exc)) from exc
        if max(len(label), len(detail)) > MAX_RESOURCE_CHARS:
            raise SetupError(f"A help line's name and number are 1-{MAX_RESOURCE_CHARS} characters each.")
        lines.append([for_display_line(label), for_display_line(detail)])
    if len(lines) > MAX_RESOURCES:
        raise SetupError(f"At most {MAX_RESOURCES} help lines.")
    return {"resources": lines, "resources_for": whose}
