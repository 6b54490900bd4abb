"""Relay: the restart proof again, with texts Hypothesis draws near their limits.

Each example builds a fresh set of texts (tricky pieces and arbitrary characters, then
filled to the field's limit or just under it), runs every command sample against a new
relay over a new SQLite file, restarts it and checks the rooms
(``tests.server.restart_proof``). The number of examples is bounded; on CI the examples
are the same on every run (``tests/conftest.py`` loads a derandomized profile).
"""

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from protocol import fields as f
from protocol.errors import ProtocolError
from protocol.limits import (
    MAX_MESSAGE_CHARS,
    MAX_NAME_CHARS,
    MAX_READING_CHARS,
    MAX_SHORT_TEXT_CHARS,
    MAX_TITLE_CHARS,
)
from protocol.names import check_join_name
from protocol.rules.table import COMMANDS
from tests.server.limit_texts import BLOCK_PIECES, LINE_PIECES, NAME_PIECES, PEOPLE, Texts, at_limit, twin_of
from tests.server.restart_proof import prove

PROOF = settings(
    max_examples=4,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)


def _filled(
    check, limit: int, start: str, pieces: st.SearchStrategy[str], most: int
) -> st.SearchStrategy[str]:
    """``start`` and drawn pieces, filled to ``limit`` or a little under it once normalised."""

    def build(drawn: tuple[list[str], int]) -> str | None:
        body, short_by = drawn
        try:
            raw = at_limit(check, limit - short_by, start + "".join(body))
            check(raw)
        except (ProtocolError, ValueError):
            return None
        return raw

    drawn = st.tuples(st.lists(pieces, max_size=most), st.sampled_from([0, 0, 1, 7]))
    return drawn.map(build).filter(lambda raw: raw is not None)  # type: ignore[arg-type]


_block_pieces = st.sampled_from(list(BLOCK_PIECES.values())) | st.characters()
_line_pieces = st.sampled_from(list(LINE_PIECES.values())) | st.characters(
    blacklist_categories=("Cc", "Cf", "Cs", "Zl", "Zp")
)
_name_pieces = st.sampled_from(list(NAME_PIECES.values())) | st.characters(
    whitelist_categories=("Lu", "Ll", "Lo")
)


@st.composite
def texts(draw) -> Texts:
    """One run's texts: two of each multi-line field, two titles, a name for everyone."""

    def block(check, limit: int) -> str:
        return draw(_filled(check, limit, "Q", _block_pieces, limit // 40))

    names: dict[str, str] = {}
    for key in PEOPLE:
        if key == "twin":
            names[key] = twin_of(names["ann"])
            continue
        name = draw(_filled(check_join_name, MAX_NAME_CHARS, key.title() + " ", _name_pieces, 8))
        names[key] = name
    return Texts(
        messages=(block(f.message, MAX_MESSAGE_CHARS), block(f.message, MAX_MESSAGE_CHARS)),
        readings=(block(f.reading_text, MAX_READING_CHARS), block(f.reading_text, MAX_READING_CHARS)),
        short_texts=(block(f.short_text, MAX_SHORT_TEXT_CHARS),),
        titles=tuple(draw(_filled(f.title, MAX_TITLE_CHARS, "T", _line_pieces, 20)) for _ in range(2)),
        names=names,
    )


@PROOF
@given(run=texts())
async def test_drawn_texts_at_their_limits_survive_a_restart(run):
    """Every kind with drawn texts near their limits: stored events decode, every room serves again."""
    with tempfile.TemporaryDirectory() as folder:
        _, sent = await prove(Path(folder), run)
    assert set(sent) == set(COMMANDS)
