"""The relay's command line: creating rooms from a format, room settings, formats, serve."""

import asyncio
import os
import re
import signal
import sys
from pathlib import Path

import pytest

from protocol import CommandKind, Mode
from server.cli import main
from server.relay import Relay
from server.room_setup import SetupError, seed_room
from server.store import Store
from tests.wire_client import TIMEOUT, WireClient

REPO = Path(__file__).resolve().parents[2]
RESOURCES = """
[[resource]]
label = "Our group's phone"
detail = "555-0100, evenings"

[[resource]]
label = "Crisis line"
detail = "Call or text 988"
"""
OWN_FORMAT = """
[format]
name = "ourgroup"
title = "Our group's meeting"

[[segment]]
title = "Sharing"
minutes = 30
mode = "floor"
"""


@pytest.fixture(autouse=True)
def own_data_dir(monkeypatch, tmp_path):
    """Keep the operator's own formats folder out of the tests."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "user-data"))


@pytest.fixture
def db(tmp_path):
    """A fresh relay database path."""
    return tmp_path / "relay.sqlite3"


def _create(db: Path, capsys, *options: str) -> str:
    """Create room "grp" with the command line; return the facilitator key it printed."""
    assert main(["room", "create", "grp", "--title", "Tuesday group", "--db", str(db), *options]) == 0
    return re.search(r"keep it safe\): (\S+)", capsys.readouterr().out).group(1)


def _settings(db: Path) -> dict:
    store = Store(db)
    try:
        return store.settings("grp")
    finally:
        store.close()


def _room_exists(db: Path) -> bool:
    store = Store(db)
    try:
        return store.room("grp") is not None
    finally:
        store.close()


async def test_create_with_format_gives_a_facilitator_its_segments(db, capsys):
    """room create --format smart: a facilitator joining sees the five SMART segments and their rules."""
    key = _create(db, capsys, "--format", "smart")
    async with Relay(db) as relay:
        fac = await WireClient.join(relay.url("grp"), "Fran", key)
        agenda = fac.state.agenda
        assert [(i.title, i.minutes) for i in agenda] == [
            ("Welcome and guidelines", 5),
            ("Check-in round", 15),
            ("Agenda setting", 3),
            ("Working time", 45),
            ("Check-out round", 15),
        ]
        guidelines = next(r for r in fac.state.readings if r.title == "Guidelines")
        assert guidelines.guidelines and agenda[0].rules.reading_id == guidelines.reading_id
        check_in, working = agenda[1].rules, agenda[3].rules
        assert (check_in.mode, check_in.crosstalk, check_in.share_seconds) == (Mode.ROUND, False, 120)
        assert (working.mode, working.crosstalk, working.share_seconds) == (Mode.FLOOR, True, None)
        await fac.close()


async def test_create_with_waiting_room_makes_newcomers_wait(db, capsys):
    """room create --waiting-room: a member who joins lands in the waiting room."""
    _create(db, capsys, "--waiting-room")
    async with Relay(db) as relay:
        member = await WireClient.join(relay.url("grp"), "Ann")
        assert member.state.waiting_room and member.pid in member.state.waiting
        await member.close()


def test_create_with_unknown_format_creates_nothing(db, capsys):
    """An unknown --format is refused with the known names, and no room is made."""
    code = main(["room", "create", "grp", "--title", "T", "--format", "nope", "--db", str(db)])
    assert code == 2 and "smart" in capsys.readouterr().err
    assert not _room_exists(db)


def test_create_stores_directory_options_and_the_format_title(db, capsys):
    """Directory options given to room create are stored; --format fills the directory's format."""
    _create(
        db,
        capsys,
        "--format",
        "meditation",
        "--schedule",
        "weekly thursday 7:30 Europe/Berlin",
        "--typical-size",
        "5-10",
        "--contact",
        "group@example.org",
    )
    assert _settings(db)["directory"] == {
        "format": "Meditation meeting",
        "schedule": "weekly Thu 07:30 Europe/Berlin",
        "typical_size": "5-10",
        "contact": "group@example.org",
    }


async def test_room_set_resources_reach_a_joiner_after_a_restart(db, capsys, tmp_path):
    """Resources and welcome set while a relay runs are in a joiner's snapshot after its restart."""
    _create(db, capsys)
    resources = tmp_path / "help.toml"
    resources.write_text(RESOURCES, encoding="utf-8")
    async with Relay(db):
        code = main(
            [
                "room",
                "set",
                "grp",
                "--resources-file",
                str(resources),
                "--welcome",
                "Hello, come in.",
                "--db",
                str(db),
            ]
        )
        assert code == 0 and "next start" in capsys.readouterr().out
    async with Relay(db) as relay:
        member = await WireClient.join(relay.url("grp"), "Ann")
        assert member.state.resources == (
            ("Our group's phone", "555-0100, evenings"),
            ("Crisis line", "Call or text 988"),
        )
        assert member.state.welcome_text == "Hello, come in."
        await member.close()


def test_room_set_retention_and_clearing_a_field(db, capsys):
    """room set stores the retention, and an empty value removes a directory field."""
    _create(db, capsys, "--style", "beginners welcome", "--contact", "x@example.org")
    assert main(["room", "set", "grp", "--retention-hours", "12", "--style", "", "--db", str(db)]) == 0
    settings = _settings(db)
    assert settings["retention_hours"] == 12.0 and settings["directory"] == {"contact": "x@example.org"}


@pytest.mark.parametrize(
    ("options", "fragment"),
    [
        (["--schedule", "every Tuesday"], "A schedule looks like"),
        (["--schedule", "weekly Tue 19:00 Nowhere/Town"], "Unknown time zone"),
        (["--retention-hours", "-1"], "retention"),
        (["--description", "x" * 1001], "at most 1000"),
    ],
)
def test_room_set_refuses_a_bad_value_and_changes_nothing(db, capsys, options, fragment):
    """A bad setting exits 2 with the reason and leaves the settings as they were."""
    _create(db, capsys, "--style", "open to all")
    before = _settings(db)
    assert main(["room", "set", "grp", "--style", "changed", *options, "--db", str(db)]) == 2
    assert fragment in capsys.readouterr().err and _settings(db) == before


def test_room_set_refuses_a_bad_resources_file(db, capsys, tmp_path):
    """A resources file without [[resource]] label and detail is refused, naming the file."""
    _create(db, capsys)
    bad = tmp_path / "help.toml"
    bad.write_text('[[resource]]\nlabel = "only a label"\n', encoding="utf-8")
    assert main(["room", "set", "grp", "--resources-file", str(bad), "--db", str(db)]) == 2
    assert str(bad) in capsys.readouterr().err


def test_room_set_on_unknown_room(db, capsys):
    """Setting anything on a room that does not exist exits 1."""
    assert main(["room", "set", "nope", "--style", "x", "--db", str(db)]) == 1
    assert "No room called 'nope'" in capsys.readouterr().err


def test_formats_lists_shipped_and_own_formats(capsys, tmp_path):
    """talkingstick-relay formats lists the shipped formats and the group's own."""
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "ours.toml").write_text(OWN_FORMAT, encoding="utf-8")
    assert main(["formats", "--formats-dir", str(tmp_path / "mine")]) == 0
    names = [line.split("\t")[0] for line in capsys.readouterr().out.splitlines() if "\t" in line]
    assert names == ["meditation", "ourgroup", "smart", "twelve-step"]


def test_formats_reports_a_bad_file(capsys, tmp_path):
    """A bad format file makes the formats command exit 2 naming the file."""
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "broken.toml").write_text("[format]\n", encoding="utf-8")
    assert main(["formats", "--formats-dir", str(tmp_path / "mine")]) == 2
    assert "broken.toml" in capsys.readouterr().err


def test_seed_room_on_a_missing_room(db):
    """Seeding a room that does not exist raises SetupError."""
    store = Store(db)
    try:
        with pytest.raises(SetupError):
            seed_room(store, "nope", waiting_room=True)
    finally:
        store.close()


async def test_serve_with_formats_dir_offers_the_groups_format(db, capsys, tmp_path):
    """serve --formats-dir: a facilitator can load the group's own format from that folder."""
    key = _create(db, capsys)
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "ours.toml").write_text(OWN_FORMAT, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "server.cli",
        "serve",
        "--port",
        "0",
        "--db",
        str(db),
        "--formats-dir",
        str(tmp_path / "mine"),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL,
        env=env,
        cwd=tmp_path,
    )
    try:
        line = (await asyncio.wait_for(process.stdout.readline(), TIMEOUT * 3)).decode()
        url = re.search(r"(ws://\S+)/ROOM", line).group(1)
        fac = await WireClient.join(f"{url}/grp", "Fran", key)
        await fac.answer_to(await fac.send(CommandKind.LOAD_FORMAT, "ourgroup"))
        await fac.until_state(lambda s: [i.title for i in s.agenda] == ["Sharing"])
        await fac.close()
    finally:
        process.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(process.wait(), TIMEOUT * 3) == 0


def test_room_set_bar_addresses_on_and_off(db, capsys):
    """room set --bar-addresses on stores the setting; off clears it."""
    _create(db, capsys)
    assert main(["room", "set", "grp", "--bar-addresses", "on", "--db", str(db)]) == 0
    assert _settings(db)["bar_addresses"] is True
    assert main(["room", "set", "grp", "--bar-addresses", "off", "--db", str(db)]) == 0
    assert _settings(db)["bar_addresses"] is False


def test_serve_limits_on_strangers_reach_the_relay():
    """serve's --max-connections and the per-address options become the relay's DoorLimits."""
    from server.cli import _door_limits, _parser

    args = _parser().parse_args(
        ["serve", "--max-connections", "50", "--connections-per-address", "4", "--joins-per-address", "6",
         "--http-per-address", "3"]
    )  # fmt: skip
    limits = _door_limits(args)
    assert (limits.max_connections, limits.connections_per_address) == (50, 4)
    assert (limits.joins_per_address, limits.http_per_address) == (6, 3)
