"""docs/security.md names every hard limit and every rate-limit bucket with its value, so it cannot drift."""

import re
from pathlib import Path

import pytest

from protocol import limits, rate_limits
from protocol.rate_limits import LEADER_BUCKET, Allowance, Bucket

DOC = Path(__file__).resolve().parents[1] / "docs" / "security.md"


def _rows_naming(name: str) -> list[str]:
    """The table rows of the document whose first cell names ``name`` in backticks."""
    rows = [line for line in DOC.read_text(encoding="utf-8").splitlines() if line.startswith("|")]
    return [row for row in rows if f"`{name}`" in row.split("|")[1]]


def _number_forms(value: float) -> set[str]:
    """How a number may be written in the document: 65536, 65,536, 0.25."""
    if isinstance(value, int):
        return {str(value), f"{value:,}"}
    return {f"{value:g}", f"{value:,g}"}


def _says(cell: str, value: float) -> bool:
    """Whether ``cell`` gives ``value`` as a whole number (not as part of a longer one)."""
    return any(re.search(rf"(?<![\d,.]){re.escape(form)}(?![\d,])", cell) for form in _number_forms(value))


def _public_limits() -> dict[str, int]:
    return {
        name: value
        for name, value in vars(limits).items()
        if re.fullmatch(r"[A-Z][A-Z0-9_]*", name) and isinstance(value, int)
    }


def _bucket_words(bucket: Bucket) -> str:
    return f"{bucket.burst}, then one every {bucket.every_seconds:g} s"


@pytest.mark.parametrize("name", sorted(_public_limits()))
def test_every_hard_limit_is_in_the_document_with_its_value(name):
    """Each public constant of protocol/limits.py has a row in docs/security.md that gives its value."""
    value = _public_limits()[name]
    rows = _rows_naming(name)
    assert rows, f"docs/security.md has no row for `{name}`"
    value_cell = rows[0].split("|")[2]
    assert _says(value_cell, value), f"`{name}` is {value} but docs/security.md says {value_cell.strip()!r}"


@pytest.mark.parametrize("allowance", list(Allowance), ids=lambda allowance: allowance.name)
def test_every_member_bucket_is_in_the_document_with_its_value(allowance):
    """Each allowance's bucket in protocol/rate_limits.py has a row giving its burst and refill."""
    bucket = rate_limits.DEFAULT_RATE_LIMITS.member_buckets[allowance]
    rows = _rows_naming(f"Allowance.{allowance.name}")
    assert rows, f"docs/security.md has no row for `Allowance.{allowance.name}`"
    assert _bucket_words(bucket) in rows[0], f"expected {_bucket_words(bucket)!r} in {rows[0]!r}"


def test_the_leaders_bucket_is_in_the_document_with_its_value():
    """The leaders' bucket is documented with its burst and refill."""
    rows = _rows_naming("LEADER_BUCKET")
    assert rows and _bucket_words(LEADER_BUCKET) in rows[0]


def test_the_link_report_bucket_is_in_the_document_with_its_value():
    """The quiet pace of link reports is documented with its burst and refill."""
    rows = _rows_naming("LINK_REPORT_BUCKET")
    assert rows and _bucket_words(rate_limits.LINK_REPORT_BUCKET) in rows[0]


@pytest.mark.parametrize("name", ["FLOOD_REFUSALS", "FLOOD_WINDOW_SECONDS", "FLOOD_SILENCE_MINUTES"])
def test_the_flood_thresholds_are_in_the_document_with_their_values(name):
    """When the relay steps in on a flood, and for how long, is documented with the code's numbers."""
    value = getattr(rate_limits, name)
    rows = _rows_naming(name)
    assert rows, f"docs/security.md has no row for `{name}`"
    value_cell = rows[0].split("|")[2]
    assert _says(value_cell, value), f"`{name}` is {value} but docs/security.md says {value_cell.strip()!r}"
