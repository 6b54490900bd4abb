"""The help lines a room lists: a country's national lines from ``help_lines.toml``, or the group's own.

The shipped list is data, not code: each line names the organisation it comes from, so
a host can check it. ``for_country("UK")`` gives that country's lines and the name the
resources panel shows ("Help lines for the United Kingdom"); ``parse_resource`` reads a
group's own ``"Name: number"``. Neither touches the store: ``room_setup`` puts the result
in the room's settings.
"""

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

HELP_LINES_FILE = Path(__file__).with_name("help_lines.toml")
ALIASES = {"GB": "UK", "USA": "US", "IRL": "IE", "CAN": "CA", "AUS": "AU"}
"""Other common codes for the countries the file covers."""


class UnknownCountry(ValueError):
    """The file has no lines for that country code."""


@dataclass(frozen=True)
class CountryLines:
    """One country's help lines, as (label, detail) pairs with their source in the detail."""

    code: str
    name: str
    """How the resources panel names the country: "the United Kingdom"."""
    lines: tuple[tuple[str, str], ...]


@cache
def _countries() -> dict[str, CountryLines]:
    with HELP_LINES_FILE.open("rb") as file:
        data = tomllib.load(file)
    countries = {}
    for code, entry in data.items():
        lines = tuple(
            (str(line["label"]), f"{line['detail']} (Source: {line['source']}.)") for line in entry["line"]
        )
        countries[code] = CountryLines(code, str(entry["name"]), lines)
    return countries


def known_countries() -> list[str]:
    """The country codes the shipped list covers, sorted."""
    return sorted(_countries())


def for_country(code: str) -> CountryLines:
    """The help lines of the country ``code`` (``UK``, ``US``... case-insensitive).

    Raises:
        UnknownCountry: naming the codes there are lines for.
    """
    wanted = code.strip().upper()
    found = _countries().get(ALIASES.get(wanted, wanted))
    if found is None:
        raise UnknownCountry(
            f"There are no help lines for {code!r} (known: {', '.join(known_countries())}); "
            'list your own with --resource "Name: number".'
        )
    return found


def parse_resource(text: str) -> tuple[str, str]:
    """A group's own help line, ``"Name: number or how to reach it"``, as (label, detail).

    Raises:
        ValueError: when there is no name before the colon or nothing after it.
    """
    label, colon, detail = text.partition(":")
    if not colon or not label.strip() or not detail.strip():
        raise ValueError(f'Write a help line as "Name: number" (got {text!r}).')
    return label.strip(), detail.strip()
