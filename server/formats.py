"""Meeting formats from TOML files: the ones shipped in ``server/formats/`` and a group's own.

A format file describes one meeting's shape (see ``protocol.meeting_format``)::

    [format]
    name = "smart"
    title = "SMART-Recovery-style meeting"
    description = "..."

    [[reading]]
    title = "Guidelines"
    guidelines = true
    text = \"\"\"paragraph one

    paragraph two\"\"\"

    [[segment]]
    title = "Welcome and guidelines"
    minutes = 5
    mode = "open"            # open | floor | round | silent
    crosstalk = true
    share_minutes = 4        # optional; fractions allowed (1.5 is 90 seconds)
    hard_stop = false        # optional
    reading = "Guidelines"   # optional: shown when the segment starts
    speaker = "Dr Lee"       # optional: a guest speaker, given the floor for the time box

Files are read from three folders, later ones replacing earlier ones by name: the
shipped folder, ``formats`` in the user data directory, then the folder given with
``--formats-dir``. Validation is strict so a typo is caught when the relay starts, not
halfway through a meeting: a bad file raises ``FormatError`` naming the file.
"""

import math
import re
import tomllib
from pathlib import Path
from typing import Any

import platformdirs

from protocol.errors import ProtocolError
from protocol.kinds import MODE_BY_WORD
from protocol.limits import MAX_AGENDA_ITEMS, MAX_AGENDA_MINUTES, MAX_READING_CHARS, MAX_READINGS
from protocol.meeting_format import MeetingFormat, ReadingPlan, SegmentPlan
from protocol.names import clean_name as check_name
from protocol.text import check_title, clean_reading, clean_text

SHIPPED_DIR = Path(__file__).with_name("formats")
"""The formats that come with the relay."""

FORMAT_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,31}$")
MAX_DESCRIPTION_CHARS = 1000
MAX_FORMAT_READING_CHARS = 2 * MAX_READING_CHARS
"""All of a format's readings together, so that a room's snapshot still fits one frame."""

MODES = MODE_BY_WORD
"""The mode each word in a format file names (the words of ``protocol.kinds.MODE_WORDS``)."""

_FORMAT_KEYS = {"name", "title", "description"}
_READING_KEYS = {"title", "text", "guidelines"}
_SEGMENT_KEYS = {"title", "minutes", "mode", "crosstalk", "share_minutes", "hard_stop", "reading", "speaker"}


class FormatError(Exception):
    """A format file that cannot be used, and why."""

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


def user_formats_dir() -> Path:
    """The folder where an operator keeps their own formats (it need not exist)."""
    return platformdirs.user_data_path("talkingstick", appauthor=False) / "formats"


def load_formats(extra_dir: Path | None = None) -> dict[str, MeetingFormat]:
    """Every format by its name (lowercase), later folders replacing earlier ones.

    Args:
        extra_dir: A group's own folder of ``*.toml`` formats, read last.

    Raises:
        FormatError: for the first file that is not a valid format, or when
            ``extra_dir`` is given but is not a folder.
    """
    if extra_dir is not None and not Path(extra_dir).is_dir():
        raise FormatError(Path(extra_dir), "is not a folder of format files.")
    formats: dict[str, MeetingFormat] = {}
    for folder in (SHIPPED_DIR, user_formats_dir(), extra_dir):
        if folder is not None:
            formats.update(_load_folder(Path(folder)))
    return formats


def _load_folder(folder: Path) -> dict[str, MeetingFormat]:
    found: dict[str, MeetingFormat] = {}
    if not folder.is_dir():
        return found
    for path in sorted(folder.glob("*.toml")):
        plan = load_format_file(path)
        if plan.name in found:
            raise FormatError(path, f"another file in {folder} is also called {plan.name!r}.")
        found[plan.name] = plan
    return found


def load_format_file(path: Path) -> MeetingFormat:
    """Read and check one format file.

    Raises:
        FormatError: naming ``path`` and what is wrong with it.
    """
    try:
        with path.open("rb") as file:
            data = tomllib.load(file)
    except OSError as exc:
        raise FormatError(path, f"cannot be read ({exc.strerror or exc}).") from exc
    except tomllib.TOMLDecodeError as exc:
        raise FormatError(path, f"is not valid TOML: {exc}.") from exc
    return parse_format(data, path)


def parse_format(data: dict[str, Any], path: Path) -> MeetingFormat:
    """Check the parsed TOML of a format file and build the format.

    Args:
        data: What ``tomllib`` read.
        path: The file, for error messages.

    Raises:
        FormatError: naming ``path`` and the first problem found.
    """
    _only(data, {"format", "reading", "segment"}, "the file", path)
    header = data.get("format")
    if not isinstance(header, dict):
        raise FormatError(path, "needs a [format] table with name and title.")
    _only(header, _FORMAT_KEYS, "[format]", path)
    name = _required(header, "name", "[format]", path)
    if not FORMAT_NAME.match(name):
        raise FormatError(path, f"[format] name {name!r} must be 1-32 lowercase letters, digits, '-' or '_'.")
    try:
        description = clean_text(header.get("description", ""), MAX_DESCRIPTION_CHARS, "The description")
    except ProtocolError as exc:
        raise FormatError(
            path, f"[format] description is text of up to {MAX_DESCRIPTION_CHARS} chars."
        ) from exc
    readings = tuple(_reading(entry, n, path) for n, entry in enumerate(_tables(data, "reading", path), 1))
    segments = tuple(_segment(entry, n, path) for n, entry in enumerate(_tables(data, "segment", path), 1))
    _check_whole(readings, segments, path)
    return MeetingFormat(
        name=name,
        title=_title(header, "[format]", path),
        description=description.strip(),
        segments=segments,
        readings=readings,
    )


def _check_whole(readings: tuple[ReadingPlan, ...], segments: tuple[SegmentPlan, ...], path: Path) -> None:
    if not segments:
        raise FormatError(path, "needs at least one [[segment]].")
    if len(segments) > MAX_AGENDA_ITEMS:
        raise FormatError(path, f"has {len(segments)} segments; an agenda holds at most {MAX_AGENDA_ITEMS}.")
    if len(readings) > MAX_READINGS:
        raise FormatError(path, f"has {len(readings)} readings; a room keeps at most {MAX_READINGS}.")
    if sum(len(r.text) for r in readings) > MAX_FORMAT_READING_CHARS:
        raise FormatError(path, f"its readings together exceed {MAX_FORMAT_READING_CHARS} characters.")
    titles = [r.title.casefold() for r in readings]
    if len(set(titles)) != len(titles):
        raise FormatError(path, "two readings have the same title.")


def _only(table: dict[str, Any], allowed: set[str], where: str, path: Path) -> None:
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise FormatError(
            path, f"{where} has unknown key(s) {', '.join(unknown)} (allowed: {', '.join(sorted(allowed))})."
        )


def _tables(data: dict[str, Any], key: str, path: Path) -> list[dict[str, Any]]:
    entries = data.get(key, [])
    if not isinstance(entries, list) or not all(isinstance(entry, dict) for entry in entries):
        raise FormatError(path, f"{key} must be written as [[{key}]] tables.")
    return entries


def _required(table: dict[str, Any], key: str, where: str, path: Path) -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        raise FormatError(path, f'{where} needs {key} = "..." (text).')
    return value.strip()


def _title(table: dict[str, Any], where: str, path: Path) -> str:
    try:
        return check_title(_required(table, "title", where, path))
    except ProtocolError as exc:
        raise FormatError(path, f"{where} title: {exc.message}") from exc


def _flag(table: dict[str, Any], key: str, default: bool, where: str, path: Path) -> bool:
    value = table.get(key, default)
    if not isinstance(value, bool):
        raise FormatError(path, f"{where} {key} must be true or false.")
    return value


def _reading(entry: dict[str, Any], number: int, path: Path) -> ReadingPlan:
    where = f"[[reading]] {number}"
    _only(entry, _READING_KEYS, where, path)
    title = _title(entry, where, path)
    try:
        # Cleaned like a reading a facilitator adds: the limit holds for the stored text.
        text = clean_reading(_required(entry, "text", f"{where} ({title!r})", path))
    except ProtocolError as exc:
        raise FormatError(
            path, f"{where} ({title!r}) is longer than {MAX_READING_CHARS} characters."
        ) from exc
    return ReadingPlan(title, text, _flag(entry, "guidelines", False, where, path))


def _segment(entry: dict[str, Any], number: int, path: Path) -> SegmentPlan:
    where = f"[[segment]] {number}"
    _only(entry, _SEGMENT_KEYS, where, path)
    title = _title(entry, where, path)
    where = f"{where} ({title!r})"
    minutes = entry.get("minutes")
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not 0 < minutes <= MAX_AGENDA_MINUTES:
        raise FormatError(path, f"{where} minutes must be a whole number from 1 to {MAX_AGENDA_MINUTES}.")
    mode_word = entry.get("mode", "open")
    if mode_word not in MODES:
        raise FormatError(path, f"{where} mode {mode_word!r} is unknown (use {', '.join(MODES)}).")
    reading = entry.get("reading")
    if reading is not None and (not isinstance(reading, str) or not reading.strip()):
        raise FormatError(path, f"{where} reading must be the title of a reading.")
    speaker = entry.get("speaker")
    try:
        speaker = None if speaker is None else check_name(speaker)
    except ProtocolError as problem:
        raise FormatError(path, f"{where} speaker must be a guest's name: {problem.message}") from problem
    return SegmentPlan(
        title=title,
        minutes=minutes,
        mode=MODES[mode_word],
        crosstalk=_flag(entry, "crosstalk", True, where, path),
        share_seconds=_share_seconds(entry.get("share_minutes"), where, path),
        hard_stop=_flag(entry, "hard_stop", False, where, path),
        reading=reading.strip() if reading else None,
        speaker=speaker,
    )


def _share_seconds(value: Any, where: str, path: Path) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise FormatError(path, f"{where} share_minutes must be a number of minutes.")
    if not math.isfinite(value):
        raise FormatError(path, f"{where} share_minutes must be a finite number.")
    seconds = round(value * 60)
    if not 0 < seconds <= MAX_AGENDA_MINUTES * 60:
        raise FormatError(path, f"{where} share_minutes must be above 0 and at most {MAX_AGENDA_MINUTES}.")
    return seconds
