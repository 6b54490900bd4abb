"""Guest codes typed where a name could go (the SSH door's question): which answers are codes."""

import pytest

from protocol.guest_codes import new_guest_code, typed_code
from protocol.text import check_name


def test_every_new_code_holds_a_digit():
    """A fresh code always holds one of 2-9, so no name made of letters only can be taken for it."""
    assert all(any(ch.isdigit() for ch in new_guest_code()) for _ in range(2000))


@pytest.mark.parametrize("typed", ["K7QH-3MWD", "k7qh-3mwd", "k7qh 3mwd", " K7QH3MWD "])
def test_an_answer_shaped_like_a_code_with_a_digit_is_a_code(typed):
    """Read generously, as ``guest_code`` reads it: any case, with or without the dash."""
    assert typed_code(typed) == "K7QH-3MWD"


@pytest.mark.parametrize("name", ["Samantha", "Margaret", "Jean-Paul", "Sue Ellen", "Ann", "Sam 2", "Dr Lee"])
def test_names_stay_names(name):
    """Real names can be eight letters of the code's alphabet: without a digit they stay names."""
    assert check_name(name) == name
    assert typed_code(name) is None


def test_a_code_without_a_digit_is_a_code_when_it_opens_an_invitation():
    """Codes made before every code held a digit: known by the room's open invitations."""
    assert typed_code("sama-ntha") is None
    assert typed_code("sama-ntha", open_codes={"SAMA-NTHA"}) == "SAMA-NTHA"
    assert typed_code("Samantha", open_codes={"K7QH-3MWD"}) is None


def test_a_lookalike_is_no_code():
    """An O or a 1 cannot be in a code: such an answer is a name."""
    assert typed_code("K7QH-3MWO") is None
    assert typed_code("R2D2 1234") is None
