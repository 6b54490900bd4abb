"""Operator text (room titles, the welcome, format files) is held to members' rules."""

import re
from pathlib import Path

import httpx
import pytest

from server.cli import main
from server.formats import FormatError, load_format_file
from server.relay import Relay
from server.settings import RoomSettings
from server.store import Store
from tests.wire_client import TIMEOUT

CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

FORMAT_WITH_CONTROLS = (
    '[format]\nname = "sneaky"\ntitle = "Sneaky"\n'
    'description = "Opens \\u009b31m red \\u202eevil\\u001b]52;c;x\\u0007"\n'
    '[[reading]]\ntitle = "Preamble"\ntext = "We meet\\u0085 here\\u202e.\\tBe kind."\n'
    '[[segment]]\ntitle = "Opening"\nminutes = 5\nreading = "Preamble"\n'
)


@pytest.fixture(autouse=True)
def own_data_dir(monkeypatch, tmp_path):
    """Keep the operator's own formats folder out of the tests."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "user-data"))


@pytest.fixture
def db(tmp_path):
    """A fresh relay database path."""
    return tmp_path / "relay.sqlite3"


def _room_exists(db: Path) -> bool:
    store = Store(db)
    try:
        return store.room("grp") is not None
    finally:
        store.close()


@pytest.mark.parametrize(
    ("title", "fragment"),
    [("Tuesday\x1b[2J group", "control characters"), ("T" * 200, "1 to 80"), ("Evil \u202egroup", "control")],
    ids=["escape", "too-long", "bidi-override"],
)
def test_room_create_refuses_a_bad_title(db, capsys, title, fragment):
    """`room create --title` with a control character or 200 characters is refused, clearly."""
    assert main(["room", "create", "grp", "--title", title, "--db", str(db)]) == 2
    error = capsys.readouterr().err
    assert "--title" in error and fragment in error
    assert not _room_exists(db)


def test_room_create_trims_the_title(db, capsys):
    """A title with spaces around it is stored in its final form."""
    assert main(["room", "create", "grp", "--title", "  Tuesday group  ", "--db", str(db)]) == 0
    store = Store(db)
    try:
        assert store.room("grp").title == "Tuesday group"
    finally:
        store.close()


def test_room_set_welcome_is_cleaned(db, capsys):
    """`room set --welcome` stores the welcome with its controls neutralised."""
    assert main(["room", "create", "grp", "--title", "Tuesday group", "--db", str(db)]) == 0
    assert main(["room", "set", "grp", "--welcome", "Hi\x1b]0;pwned\x07 \u202eall", "--db", str(db)]) == 0
    store = Store(db)
    try:
        welcome = store.settings("grp")["welcome_text"]
    finally:
        store.close()
    assert not CONTROLS.search(welcome) and welcome.startswith("Hi")


def test_room_set_welcome_too_long_once_tabs_widen(db, capsys):
    """A welcome of 1,000 tab-separated words is measured after tabs widen, and refused."""
    assert main(["room", "create", "grp", "--title", "Tuesday group", "--db", str(db)]) == 0
    assert main(["room", "set", "grp", "--welcome", "a\t" * 999 + "a", "--db", str(db)]) == 2
    assert "welcome" in capsys.readouterr().err


def test_stored_raw_welcome_is_cleaned_when_loaded():
    """A welcome stored raw by an older relay is cleaned as the settings are loaded."""
    raw = {"welcome_text": "Hi\x9b31m", "resources": [["Line\u202e", "Call\x1b"]]}
    settings = RoomSettings.from_store(raw)
    assert not CONTROLS.search(settings.welcome_text)
    assert not any(CONTROLS.search(part) for pair in settings.resources for part in pair)


def test_format_file_with_controls_loads_cleaned(tmp_path):
    """A format file's description and readings with C1 controls and U+202E load cleaned."""
    path = tmp_path / "sneaky.toml"
    path.write_text(FORMAT_WITH_CONTROLS, encoding="utf-8")
    plan = load_format_file(path)
    assert not CONTROLS.search(plan.description)
    assert not CONTROLS.search(plan.readings[0].text)
    assert "\t" not in plan.readings[0].text


def test_format_reading_measured_after_tabs_widen(tmp_path):
    """A format reading within the limit as typed but over it once tabs widen is refused."""
    path = tmp_path / "long.toml"
    text = "x\\t" * 2000
    path.write_text(
        f'[format]\nname = "long"\ntitle = "Long"\n[[reading]]\ntitle = "R"\ntext = "{text}"\n',
        encoding="utf-8",
    )
    with pytest.raises(FormatError):
        load_format_file(path)


async def test_served_json_carries_no_controls(tmp_path, db, capsys):
    """/rooms and /formats carry no C0, C1 or bidi controls, whatever the operator typed."""
    formats = tmp_path / "formats"
    formats.mkdir()
    (formats / "sneaky.toml").write_text(FORMAT_WITH_CONTROLS, encoding="utf-8")
    assert main(["room", "create", "grp", "--title", "Tuesday group", "--db", str(db)]) == 0
    assert main(["room", "set", "grp", "--description", "Open\x9b2J \u202eto all", "--db", str(db)]) == 0
    relay = Relay(db, "127.0.0.1", 0, formats_dir=formats)
    await relay.start()
    try:
        async with httpx.AsyncClient(base_url=relay.http_url, timeout=TIMEOUT) as http:
            served = [(await http.get(path)).json() for path in ("/rooms", "/formats")]
    finally:
        await relay.stop()
    texts = list(_strings(served))
    assert "Sneaky" in texts and any(text.startswith("Open") for text in texts)
    assert not [text for text in texts if CONTROLS.search(text)]


def _strings(value):
    """Every string inside a decoded JSON value (where escaped controls show as characters)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
