"""Relay: every command kind at its limits, in every normal form, is stored so that a restart serves it.

A hostile member once found that a reading of 7,505 characters with 500 tabs was
stored as 9,004 characters that replay refused, and the relay then exited at start,
taking every room down. This is the proof that it cannot happen again for any command:
``tests.server.restart_proof`` sends every kind of the command table
(``tests.server.limit_samples``) with its arguments at their limits and every text in
every normal form (``tests.server.limit_texts``), stops the relay, and starts it again
on the same file.
"""

import pytest

from protocol import fields as f
from protocol.limits import (
    MAX_MESSAGE_CHARS,
    MAX_NAME_CHARS,
    MAX_READING_CHARS,
    MAX_SHORT_TEXT_CHARS,
    MAX_TITLE_CHARS,
)
from protocol.names import check_join_name
from protocol.rules.table import COMMANDS
from tests.server.limit_samples import SAMPLES, sample_steps
from tests.server.limit_texts import fixed_texts
from tests.server.restart_proof import prove


def test_every_command_kind_has_a_sample():
    """Each kind of the command table has a sample that sends it (a new kind fails here first)."""
    texts = fixed_texts()
    missing = sorted(kind.name for kind in COMMANDS if kind not in SAMPLES)
    assert not missing, f"no sample in tests/server/limit_samples.py for: {', '.join(missing)}"
    for kind in COMMANDS:
        sample_steps(kind, texts)


@pytest.mark.parametrize(
    ("field", "check", "limit"),
    [
        ("messages", f.message, MAX_MESSAGE_CHARS),
        ("readings", f.reading_text, MAX_READING_CHARS),
        ("short_texts", f.short_text, MAX_SHORT_TEXT_CHARS),
        ("titles", f.title, MAX_TITLE_CHARS),
    ],
)
def test_every_sample_text_is_stored_at_exactly_its_limit(field, check, limit):
    """Each raw text of the fixed run is stored as exactly its field's limit, and stays so."""
    for raw in getattr(fixed_texts(), field):
        stored = check(raw)
        assert len(stored) == limit and check(stored) == stored


def test_every_sample_name_is_stored_at_exactly_32_characters():
    """Each raw join name of the fixed run becomes a name of exactly 32 characters."""
    for raw in fixed_texts().names.values():
        assert len(check_join_name(raw)) == MAX_NAME_CHARS


async def test_every_command_at_its_limits_survives_a_restart(tmp_path):
    """Every kind, every normal form: all stored events decode, every room loads and serves again."""
    stored, sent = await prove(tmp_path, fixed_texts())
    assert set(sent) == set(COMMANDS)
    assert stored > 100
