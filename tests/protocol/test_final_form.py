"""Every text field is normalised first and measured after: its checker is idempotent."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from protocol import CommandKind, Role
from protocol import fields as f
from protocol.codec import decode, encode
from protocol.errors import ProtocolError
from protocol.frames import Event
from protocol.kinds import EventKind
from protocol.limits import (
    MAX_MESSAGE_CHARS,
    MAX_NAME_CHARS,
    MAX_READING_CHARS,
    MAX_SHORT_TEXT_CHARS,
    MAX_TITLE_CHARS,
)
from tests.protocol.builders import act, facilitated_room

TEXT_FIELDS = {
    "name": (f.name, MAX_NAME_CHARS),
    "title": (f.title, MAX_TITLE_CHARS),
    "message": (f.message, MAX_MESSAGE_CHARS),
    "reading_text": (f.reading_text, MAX_READING_CHARS),
    "short_text": (f.short_text, MAX_SHORT_TEXT_CHARS),
}

# Text that stresses normalisation: tabs, CR/LF pairs, combining marks, controls, bidi
# controls, compatibility forms, spaces of every kind, and ordinary letters.
_TRICKY = st.sampled_from(
    ["\t", "\r\n", "\r", "\n", " ", "\u0301", "\u0308", "\x1b", "\x9b", "\u202e", "\u200b", "\u00a0",
     "\ufb01", "\uff21", "\u3000", "a", "Z", "7", "\u0430", "\ufdfa"]
)
tricky_text = st.lists(_TRICKY | st.characters(), max_size=60).map("".join)


@pytest.mark.parametrize("field", sorted(TEXT_FIELDS))
@given(raw=tricky_text)
def test_checker_returns_a_fixed_point_within_limits(field, raw):
    """check(x) raises ProtocolError or returns v with check(v) == v and v within the limit."""
    check, limit = TEXT_FIELDS[field]
    try:
        value = check(raw)
    except ProtocolError:
        return
    assert check(value) == value
    assert len(value) <= limit


@pytest.mark.parametrize("field", sorted(TEXT_FIELDS))
@given(repeat=st.integers(1, 9000), piece=st.sampled_from(["\t", "a\t", "\r\n", "\u0301", "\ufdfa"]))
def test_long_inputs_are_measured_after_normalising(field, repeat, piece):
    """Near the limit too, what a checker accepts stays within it (tabs widen before counting)."""
    check, limit = TEXT_FIELDS[field]
    try:
        value = check("x" + piece * repeat)
    except ProtocolError:
        return
    assert len(value) <= limit and check(value) == value


def test_reading_with_tabs_is_refused_when_its_final_form_is_too_long():
    """A 7,505-character reading with 500 tabs (9,004 once widened) is refused, not stored."""
    raw = "x\t" * 500 + "x" * 6505
    assert len(raw) == 7505
    with pytest.raises(ProtocolError) as caught:
        f.reading_text(raw)
    assert caught.value.code == "bad_reading"


def test_reading_stored_by_the_rules_decodes_again():
    """A reading the rules accept becomes an event a client can decode."""
    text = "Step one.\tBreathe.\r\n" * 300
    state = act(facilitated_room(), 1, CommandKind.READING_ADD, "Steps", f.reading_text(text))
    reading = state.readings[-1]
    wire = Event(1, 0, EventKind.READING_ADDED, 1, None, (reading.reading_id, "Steps", reading.text, False))
    assert decode(encode(wire)).fields[2] == reading.text


def test_decline_text_with_tabs_stays_short():
    """A 500-character decline text with 250 tabs widens to 1,250 characters and is refused."""
    with pytest.raises(ProtocolError):
        f.short_text("\ta" * 250)


def test_message_limit_applies_after_line_breaks_are_unified():
    """A 2,000-line message of CRLFs is counted after CRLF becomes LF (then trimmed)."""
    assert f.message("a\r\n" * 999 + "b") == "a\n" * 999 + "b"


def test_joined_name_role_sample_is_still_a_member():
    """Sanity: the role checker still reads the member role the name tests rely on."""
    assert f.role(Role.MEMBER) is Role.MEMBER


def test_a_namesake_numbered_at_the_length_limit_gets_a_name_in_final_form():
    """A 32-character name cut just after a space for " 2" is stored as the codec would read it."""
    from types import MappingProxyType

    from protocol.rules.decision import unique_name
    from protocol.state import Participant, RoomState

    taken = "Ann" + "n" * 26 + " Bo"
    people = MappingProxyType({1: Participant(1, taken, Role.MEMBER)})
    state = RoomState(name="x", title="X", participants=people)
    numbered = unique_name(state, taken)
    assert numbered == "Ann" + "n" * 26 + " 2" and f.name(numbered) == numbered
