"""Untrusted text is neutralised for display and validated at the boundary."""

import pytest

from protocol import ProtocolError
from protocol.text import REPLACEMENT, check_title, clean_message, for_display, for_display_line, name_key


@pytest.mark.parametrize(
    "hostile",
    [
        "\x1b[2J\x1b[H",  # clear screen
        "\x1b]0;owned\x07",  # OSC window title
        "\x1b]52;c;ZWNobyBoaQ==\x07",  # OSC 52 clipboard write
        "\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\",  # OSC 8 link
        "\u009b31m",  # one-byte C1 CSI
        "\u009d0;t\u009c",  # C1 OSC and ST
        "\x7f\x00\x08",
    ],
    ids=["csi", "osc-title", "osc-52", "osc-8", "c1-csi", "c1-osc", "del-nul-bs"],
)
def test_for_display_removes_escape_and_control_characters(hostile):
    """No ESC, C0 (but newline) or C1 character survives for_display."""
    shown = for_display(f"before {hostile} after")
    assert not any(ord(char) < 0x20 and char != "\n" or 0x7F <= ord(char) <= 0x9F for char in shown)
    assert shown.startswith("before ") and shown.endswith(" after")


def test_for_display_replaces_rather_than_deletes():
    """Unsafe characters become U+FFFD so the reader sees something was there."""
    assert for_display("a\x1bb") == f"a{REPLACEMENT}b"


@pytest.mark.parametrize(
    "override", ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]
)
def test_for_display_replaces_bidi_overrides(override):
    """Bidi overrides and isolates cannot reorder a shown line."""
    assert for_display(f"abc{override}def") == f"abc{REPLACEMENT}def"


def test_for_display_keeps_newlines_and_expands_tabs():
    """Line breaks survive; tabs become four spaces."""
    assert for_display("one\ntwo\tthree") == "one\ntwo    three"


def test_for_display_keeps_ordinary_unicode():
    """Accents, CJK and emoji are shown as they are."""
    text = "Zoë 你好 🙂 — “quotes”"
    assert for_display(text) == text


def test_for_display_line_replaces_newlines():
    """One-line fields (names, titles) show no line break."""
    assert for_display_line("Ada\nBo\r") == f"Ada{REPLACEMENT}Bo{REPLACEMENT}"


def test_markup_is_left_as_plain_text():
    """Markup-looking text passes unchanged: rendering it as plain text is the caller's job."""
    assert for_display("[@click=app.quit]X[/]") == "[@click=app.quit]X[/]"


def test_clean_message_neutralises_but_keeps_message():
    """A message with a stray escape gets through with the escape replaced."""
    assert clean_message("  hi\x1b[31m there\r\nsecond line  ") == f"hi{REPLACEMENT}[31m there\nsecond line"


def test_clean_message_refuses_empty():
    """A message that is empty after trimming is refused."""
    with pytest.raises(ProtocolError) as caught:
        clean_message(" \n\t ")
    assert caught.value.code == "bad_message"


def test_check_title_trims():
    """Titles lose surrounding spaces."""
    assert check_title("  Check-in  ") == "Check-in"


def test_name_key_folds_case_and_compatibility_forms():
    """Two spellings of one name share a key (case and full-width forms folded)."""
    assert name_key("ADA") == name_key("ada") == name_key("\uff21da")
