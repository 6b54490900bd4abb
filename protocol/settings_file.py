"""Checking a TOML settings file (``relay.toml``, ``client.toml``) against what it may hold.

Both programs read a settings file with ``tomllib`` and must say clearly what is wrong
with it: an unknown key or a value of the wrong type is an error naming the file and
the line. ``tomllib`` gives no line numbers for values, so the line is found by scanning
the file's text for ``key =`` inside its table. This module is pure: it is handed the
text and the file's name, and reads nothing itself; the relay's ``server.config`` and
the client's ``tui.config`` describe their own keys and turn the result into settings.
"""

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

ValueKind = type | tuple[type, ...]
"""What a value must be: ``str``, ``int``, ``float`` (an integer is accepted), ``bool`` or ``list``."""

Schema = Mapping[str, "ValueKind | Mapping[str, ValueKind]"]
"""A file's keys: a top-level key's kind, or a table's name and its own keys' kinds."""

SECRET_WORDS = ("password", "secret", "token", "passphrase")
"""Keys whose values are never printed back (``masked``)."""


class SettingsFileError(Exception):
    """A settings file that cannot be used, in one sentence naming the file and line."""


@dataclass(frozen=True, slots=True)
class _Place:
    table: str | None
    key: str


def read_settings(text: str, source: str, schema: Schema) -> dict[str, Any]:
    """The parsed file, checked against ``schema``.

    Args:
        text: The file's contents.
        source: The file's name, for error messages.
        schema: The keys the file may hold and the kind of each value.

    Raises:
        SettingsFileError: for TOML that does not parse, an unknown key or table, or a
            value of the wrong kind.
    """
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise SettingsFileError(f"{source}: {error}") from error
    for name, value in document.items():
        expected = schema.get(name)
        if expected is None:
            known = ", ".join(sorted(schema))
            raise _error(text, source, _Place(None, name), f"unknown setting {name!r} (known: {known})")
        if isinstance(expected, Mapping):
            if not isinstance(value, dict):
                raise _error(text, source, _Place(None, name), f"{name!r} must be a table, [{name}]")
            _check_table(text, source, name, value, expected)
        else:
            _check_value(text, source, _Place(None, name), value, expected)
    return document


def masked(name: str, value: Any) -> Any:
    """``value``, or stars when ``name`` says it is a secret."""
    return "********" if any(word in name.lower() for word in SECRET_WORDS) else value


def _check_table(
    text: str, source: str, table: str, values: dict[str, Any], kinds: Mapping[str, Any]
) -> None:
    for key, value in values.items():
        expected = kinds.get(key)
        if expected is None:
            known = ", ".join(sorted(kinds)) or "none"
            problem = f"unknown setting {key!r} in [{table}] (known: {known})"
            raise _error(text, source, _Place(table, key), problem)
        _check_value(text, source, _Place(table, key), value, expected)


def _check_value(text: str, source: str, place: _Place, value: Any, expected: ValueKind) -> None:
    kinds = expected if isinstance(expected, tuple) else (expected,)
    if float in kinds:
        kinds = (*kinds, int)  # 120 is as good a number of seconds as 120.0
    # bool is an int to Python, never to a person writing "port = true".
    fits = isinstance(value, kinds) and not (isinstance(value, bool) and bool not in kinds)
    if not fits:
        wanted = " or ".join(_KIND_WORDS.get(kind, kind.__name__) for kind in _as_tuple(expected))
        raise _error(text, source, place, f"{place.key!r} must be {wanted}, not {_describe(value)}")


def _as_tuple(expected: ValueKind) -> tuple[type, ...]:
    return expected if isinstance(expected, tuple) else (expected,)


_KIND_WORDS = {
    str: "text in quotes",
    int: "a whole number",
    float: "a number",
    bool: "true or false",
    list: "a list [...]",
}


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, str):
        return "text"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


_TABLE_HEADER = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(#.*)?$")


def line_of(text: str, table: str | None, key: str) -> int | None:
    """The 1-based line where ``key =`` is set inside ``table`` (None: top level), if found."""
    key_line = re.compile(r'^\s*(?:"{0}"|\'{0}\'|{0})\s*='.format(re.escape(key)))
    current: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        header = _TABLE_HEADER.match(line)
        if header is not None:
            current = header.group(1).strip().strip("\"'")
            if table is None and current == key:
                return number  # a table where a plain value belongs
            continue
        if current == table and key_line.match(line):
            return number
    return None


def _error(text: str, source: str, place: _Place, problem: str) -> SettingsFileError:
    line = line_of(text, place.table, place.key)
    where = f"{source}, line {line}" if line is not None else source
    return SettingsFileError(f"{where}: {problem}.")
