"""Meeting formats: the shipped TOML files, strict validation, and loading one over the wire."""

from pathlib import Path

import pytest

from protocol import CommandKind, ErrorFrame, Mode
from protocol.meeting_format import SegmentPlan
from server.formats import FormatError, load_format_file, load_formats, user_formats_dir
from server.relay import Relay
from tests.wire_client import WireClient

SHIPPED = {
    "smart": [
        SegmentPlan("Welcome and guidelines", 5, Mode.OPEN, True, None, False, "Guidelines"),
        SegmentPlan("Check-in round", 15, Mode.ROUND, False, 120),
        SegmentPlan("Agenda setting", 3, Mode.OPEN, True),
        SegmentPlan("Working time", 45, Mode.FLOOR, True),
        SegmentPlan("Check-out round", 15, Mode.ROUND, False, 120),
    ],
    "twelve-step": [
        SegmentPlan("Opening and readings", 10, Mode.OPEN, True, None, False, "Preamble"),
        SegmentPlan("Speaker", 10, Mode.FLOOR, False, 600),
        SegmentPlan("Shares", 35, Mode.FLOOR, False, 240),
        SegmentPlan("Closing", 5, Mode.OPEN, True),
    ],
    "meditation": [
        SegmentPlan("Reading", 5, Mode.OPEN, True, None, False, "Settling in"),
        SegmentPlan("Silent meditation", 15, Mode.SILENT, False),
        SegmentPlan("Shares", 30, Mode.FLOOR, False, 240),
    ],
}

OUR_GROUP = """
[format]
name = "ourgroup"
title = "Our group's meeting"

[[reading]]
title = "Our welcome"
text = "We are glad you are here."

[[segment]]
title = "Arrive"
minutes = 5
reading = "Our welcome"

[[segment]]
title = "Go-around"
minutes = 20
mode = "round"
crosstalk = false
share_minutes = 1.5
hard_stop = true
"""

GOOD_SEGMENT = '[[segment]]\ntitle = "Shares"\nminutes = 10\n'
GOOD_HEADER = '[format]\nname = "mine"\ntitle = "Mine"\n'
SEGMENT_S = GOOD_HEADER + '[[segment]]\ntitle = "S"\nminutes = 5\n'
TWO_READINGS = '[[reading]]\ntitle = "R"\ntext = "a"\n[[reading]]\ntitle = "r"\ntext = "b"\n'


@pytest.fixture(autouse=True)
def own_data_dir(monkeypatch, tmp_path):
    """Keep the operator's own formats folder out of the tests."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "user-data"))


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", sorted(SHIPPED))
def test_shipped_format_loads_with_its_segments(name):
    """Each shipped format loads, validates and has the segments it promises."""
    plan = load_formats()[name]
    assert list(plan.segments) == SHIPPED[name]
    assert plan.title and plan.description


@pytest.mark.parametrize("name", sorted(SHIPPED))
def test_shipped_format_readings_are_whole(name):
    """Every reading a shipped segment names exists, and each format brings its guidelines."""
    plan = load_formats()[name]
    titles = {reading.title for reading in plan.readings}
    assert {s.reading for s in plan.segments if s.reading} <= titles
    assert any(reading.guidelines for reading in plan.readings)
    assert all(len(reading.text.split("\n\n")) >= 3 for reading in plan.readings)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("this is = = not toml", "not valid TOML"),
        (GOOD_SEGMENT, "needs a [format] table"),
        ('[format]\nname = "mine"\n' + GOOD_SEGMENT, "title"),
        ('[format]\ntitle = "Mine"\n' + GOOD_SEGMENT, "name"),
        ('[format]\nname = "Mine Two"\ntitle = "x"\n' + GOOD_SEGMENT, "lowercase"),
        (GOOD_HEADER, "at least one [[segment]]"),
        (GOOD_HEADER + '[[segment]]\ntitle = "S"\nminutes = 10\nmode = "chaos"\n', "mode 'chaos' is unknown"),
        (GOOD_HEADER + '[[segment]]\ntitle = "S"\nminutes = 0\n', "minutes must be a whole number"),
        (GOOD_HEADER + '[[segment]]\ntitle = "S"\nminutes = 2.5\n', "minutes must be a whole number"),
        (GOOD_HEADER + '[[segment]]\ntitle = "S"\nminutes = "5"\n', "minutes must be a whole number"),
        (GOOD_HEADER + "[[segment]]\nminutes = 5\n", "needs title"),
        (SEGMENT_S + "share_minutes = -1\n", "share_minutes"),
        (SEGMENT_S + "share_minutes = nan\n", "share_minutes"),
        (SEGMENT_S + 'crosstalk = "yes"\n', "crosstalk must be true"),
        (SEGMENT_S + 'chair = "me"\n', "unknown key(s) chair"),
        (GOOD_HEADER + GOOD_SEGMENT + '[[reading]]\ntitle = "R"\n', "needs text"),
        (GOOD_HEADER + GOOD_SEGMENT + TWO_READINGS, "same title"),
    ],
)
def test_bad_file_raises_format_error_naming_it(tmp_path, text, fragment):
    """A bad format file gives FormatError naming the file and what is wrong."""
    path = _write(tmp_path, "mine.toml", text)
    with pytest.raises(FormatError) as caught:
        load_format_file(path)
    assert caught.value.path == path
    assert str(path) in str(caught.value) and fragment in str(caught.value)


def test_bad_file_in_extra_dir_stops_loading(tmp_path):
    """load_formats raises for a bad file in the group's folder instead of skipping it."""
    path = _write(tmp_path / "formats", "broken.toml", GOOD_HEADER)
    with pytest.raises(FormatError) as caught:
        load_formats(tmp_path / "formats")
    assert caught.value.path == path


def test_missing_extra_dir_is_an_error(tmp_path):
    """A --formats-dir that does not exist is reported, not ignored."""
    with pytest.raises(FormatError, match="not a folder"):
        load_formats(tmp_path / "nowhere")


def test_group_format_is_found_with_its_rules(tmp_path):
    """A group's own file in the extra folder loads next to the shipped ones."""
    _write(tmp_path / "formats", "ours.toml", OUR_GROUP)
    formats = load_formats(tmp_path / "formats")
    assert set(SHIPPED) <= set(formats)
    go_around = formats["ourgroup"].segments[1]
    assert (go_around.mode, go_around.crosstalk, go_around.share_seconds, go_around.hard_stop) == (
        Mode.ROUND,
        False,
        90,
        True,
    )


def test_later_folder_replaces_a_format_by_name(tmp_path):
    """A file named like a shipped format replaces it; the user folder is read before the extra one."""
    _write(user_formats_dir(), "smart.toml", GOOD_HEADER.replace('"mine"', '"smart"') + GOOD_SEGMENT)
    assert [s.title for s in load_formats()["smart"].segments] == ["Shares"]
    extra = GOOD_HEADER.replace('"mine"', '"smart"').replace('"Mine"', '"Ours"') + GOOD_SEGMENT
    _write(tmp_path / "formats", "x.toml", extra)
    assert load_formats(tmp_path / "formats")["smart"].title == "Ours"


def test_two_files_of_one_name_in_a_folder_is_an_error(tmp_path):
    """Two files claiming one name in the same folder are ambiguous and refused."""
    folder = tmp_path / "formats"
    _write(folder, "a.toml", GOOD_HEADER + GOOD_SEGMENT)
    _write(folder, "b.toml", GOOD_HEADER + GOOD_SEGMENT)
    with pytest.raises(FormatError, match="also called 'mine'"):
        load_formats(folder)


async def test_load_format_over_the_wire_replaces_the_agenda(relay, room):
    """A facilitator's LOAD_FORMAT replaces the agenda with the format's segments and readings."""
    name, key = room
    fac = await WireClient.join(relay.url(name), "Fran", key)
    ann = await WireClient.join(relay.url(name), "Ann")
    await fac.answer_to(await fac.send(CommandKind.AGENDA_ADD, "Old item", 10))
    await fac.answer_to(await fac.send(CommandKind.LOAD_FORMAT, "Twelve-Step"))
    state = await ann.until_state(lambda s: len(s.agenda) == 4)
    expected = [(segment.title, segment.minutes) for segment in SHIPPED["twelve-step"]]
    assert [(item.title, item.minutes) for item in state.agenda] == expected
    preamble = next(r for r in state.readings if r.title == "Preamble")
    opening, speaker = state.agenda[0].rules, state.agenda[1].rules
    assert opening.reading_id == preamble.reading_id
    assert (speaker.mode, speaker.crosstalk, speaker.share_seconds) == (Mode.FLOOR, False, 600)
    await fac.close()
    await ann.close()


async def test_load_unknown_format_is_refused(relay, room):
    """Loading a format the relay does not know names the ones it does."""
    name, key = room
    fac = await WireClient.join(relay.url(name), "Fran", key)
    answer = await fac.answer_to(await fac.send(CommandKind.LOAD_FORMAT, "nope"))
    assert isinstance(answer, ErrorFrame) and answer.code == "no_such_format" and "smart" in answer.message
    await fac.close()


async def test_relay_serves_a_groups_own_format(tmp_path):
    """A relay started with formats_dir lets a facilitator load the group's own format."""
    _write(tmp_path / "formats", "ours.toml", OUR_GROUP)
    async with Relay(tmp_path / "relay.sqlite3", formats_dir=tmp_path / "formats") as relay:
        key = relay.create_room("ours", "Our room")
        fac = await WireClient.join(relay.url("ours"), "Fran", key)
        await fac.answer_to(await fac.send(CommandKind.LOAD_FORMAT, "ourgroup"))
        await fac.until_state(lambda s: len(s.agenda) == 2)
        assert [i.title for i in fac.state.agenda] == ["Arrive", "Go-around"]
        assert fac.state.agenda[1].rules.share_seconds == 90
        await fac.close()


def test_relay_with_a_bad_format_file_does_not_start(tmp_path):
    """A bad file in formats_dir stops the relay before it opens its database."""
    _write(tmp_path / "formats", "broken.toml", "[format]\n")
    with pytest.raises(FormatError):
        Relay(tmp_path / "relay.sqlite3", formats_dir=tmp_path / "formats")
    assert not (tmp_path / "relay.sqlite3").exists()


def test_a_segment_may_name_a_guest_speaker(tmp_path):
    """A format's segment with ``speaker`` loads with the guest's name in its plan."""
    text = GOOD_HEADER + GOOD_SEGMENT + 'mode = "floor"\nspeaker = "Dr  Lee"\n'
    path = _write(tmp_path, "guest.toml", text)
    (segment,) = load_format_file(path).segments
    assert segment.speaker == "Dr Lee"


def test_a_segment_speaker_that_is_no_name_is_refused(tmp_path):
    """A speaker that could not be anyone's name stops the file, naming it."""
    path = _write(tmp_path, "guest.toml", GOOD_HEADER + GOOD_SEGMENT + "speaker = 7\n")
    with pytest.raises(FormatError, match="speaker"):
        load_format_file(path)
