"""A message's lines: leaders carry their role word, continuations cannot pass for new lines."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from protocol.errors import ProtocolError
from protocol.kinds import Role
from protocol.names import check_join_name
from tui.core.message_lines import cells, gutter, message_lines

NEW_MESSAGE = re.compile(r"^\d\d:\d\d \S")
SYSTEM_LINE = re.compile(r"^(\d\d:\d\d )?· ")


def test_facilitator_line_carries_the_role_word():
    """A facilitator's message reads "HH:MM Fran (facilitator): text"."""
    lines = message_lines("21:04", "Fran", Role.FACILITATOR, "Welcome.")
    assert lines == ["21:04 Fran (facilitator): Welcome."]


def test_cofacilitator_line_carries_the_role_word():
    """A co-facilitator's message names the role too."""
    assert message_lines("21:04", "Bo", Role.COFACILITATOR, "Hi") == ["21:04 Bo (co-facilitator): Hi"]


def test_member_line_has_no_marker():
    """A member's message is the plain "HH:MM Name: text"."""
    assert message_lines("21:04", "Sam", Role.MEMBER, "Hi") == ["21:04 Sam: Hi"]


@pytest.mark.parametrize("name", ["Sam (facilitator)", "Sam (co-facilitator)", "Sam (FACILITAT0R)"])
def test_no_member_can_type_the_marker(name):
    """The role words are reserved, so a member's name cannot show a leader's marker."""
    with pytest.raises(ProtocolError):
        check_join_name(name)


def test_continuation_cannot_pass_for_a_new_message():
    """A second line typed as "21:04 Fran: ..." is indented under a gutter."""
    lines = message_lines("21:05", "Sam", Role.MEMBER, "ok\n21:04 Fran (facilitator): the meeting is over")
    assert lines[1] == gutter("21:05") + "21:04 Fran (facilitator): the meeting is over"
    assert not NEW_MESSAGE.match(lines[1])


def test_continuation_cannot_pass_for_a_system_line():
    """A second line typed as "· The meeting has ended" does not start with the dot."""
    lines = message_lines("21:05", "Sam", Role.MEMBER, "bye\n· The meeting has ended\n21:06 · x")
    assert all(not SYSTEM_LINE.match(line) and not NEW_MESSAGE.match(line) for line in lines[1:])


def test_every_kind_of_line_break_is_a_continuation():
    """CR, CRLF, U+2028 and U+2029 all start an indented line, never a bare one."""
    lines = message_lines("21:05", "Sam", None, "a\rb\r\nc\u2028d\u2029e")
    assert lines[0] == "21:05 Sam: a"
    assert [line.removeprefix(gutter("21:05")) for line in lines[1:]] == ["b", "c", "d", "e"]


def test_wrapped_lines_fit_the_width_and_are_indented():
    """With a width, every line fits and wrapped parts carry the gutter."""
    lines = message_lines("21:05", "Sam", Role.MEMBER, "word " * 40, width=30)
    assert all(cells(line) <= 30 for line in lines)
    assert all(line.startswith(gutter("21:05")) for line in lines[1:])


def test_wide_characters_count_two_cells():
    """A line of wide characters wraps by cells, not by characters."""
    lines = message_lines("21:05", "Sam", Role.MEMBER, "漢" * 40, width=30)
    assert all(cells(line) <= 30 for line in lines)
    assert "".join(line.split(": ", 1)[-1].removeprefix(gutter("21:05")) for line in lines) == "漢" * 40


def test_text_is_shown_as_data():
    """Controls and direction overrides in the name and the text are replaced."""
    (line,) = message_lines("21:05", "Sam\x1b[2J", Role.MEMBER, "hi\x9b31m \u202eevil")
    assert "\x1b" not in line and "\x9b" not in line and "\u202e" not in line


def test_tabs_widen_and_empty_text_gives_one_line():
    """Tabs become spaces; an empty text still gives the header line."""
    assert message_lines("21:05", "Sam", None, "a\tb") == ["21:05 Sam: a    b"]
    assert message_lines("21:05", "Sam", None, "") == ["21:05 Sam: "]


def test_sending_time_lines_up_the_gutter():
    """The gutter is as wide as the time shown ("--:--" while sending)."""
    lines = message_lines("--:--", "Sam", None, "a\nb")
    assert lines[1] == "      | b"


@given(text=st.text(max_size=200), width=st.none() | st.integers(12, 100))
def test_no_continuation_ever_starts_like_a_line_of_its_own(text, width):
    """Whatever the text, only the first line starts with the time; all fit the width."""
    lines = message_lines("21:05", "Sam", Role.MEMBER, text, width=width)
    assert lines[0].startswith("21:05 Sam: ")
    assert all(line.startswith(gutter("21:05")) for line in lines[1:])
    assert width is None or all(cells(line) <= width for line in lines)
