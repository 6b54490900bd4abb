"""Relay: ``talkingstick-relay backup`` during a meeting and ``restore`` with the relay stopped."""

import os
import stat

from protocol import CommandKind, Event, Role
from server.cli import main
from server.relay import Relay
from tests.wire_client import WireClient


async def _meeting(relay: Relay) -> tuple[str, WireClient, WireClient]:
    """A room with an agenda item, a reading, a facilitator and Ann, who said "before"."""
    key = relay.create_room("demo", "Demo meeting")
    fran = await WireClient.join(relay.url("demo"), "Fran", key)
    await fran.answer_to(await fran.send(CommandKind.AGENDA_ADD, "Check-in", 10))
    await fran.answer_to(await fran.send(CommandKind.READING_ADD, "Preamble", "We share our experience."))
    ann = await WireClient.join(relay.url("demo"), "Ann")
    return key, fran, ann


async def test_a_backup_taken_during_a_meeting_restores_the_room(tmp_path, capsys):
    """A backup taken mid-meeting restores a room that carries on: agenda, readings, Ann resumes."""
    database, copy = tmp_path / "relay.sqlite3", tmp_path / "saved" / "copy.sqlite3"
    relay = Relay(database, "127.0.0.1", 0)
    await relay.start()
    try:
        key, fran, ann = await _meeting(relay)
        await fran.answer_to(await fran.send(CommandKind.SAY, "before"))
        token, seen = ann.welcome.resume_token, relay.room("demo").state.seq
        at_backup = await ann.caught_up(seen)
        assert main(["backup", "--db", str(database), str(copy)]) == 0
        await fran.answer_to(await fran.send(CommandKind.SAY, "after"))
        await fran.close()
        await ann.close()
    finally:
        await relay.stop()
    assert "Backed up" in capsys.readouterr().out
    assert main(["restore", "--db", str(database), str(copy)]) == 0

    again = Relay(database, "127.0.0.1", 0)
    await again.start()
    try:
        state = again.room("demo").state
        assert [item.title for item in state.agenda] == ["Check-in"]
        assert [reading.title for reading in state.readings] == ["Preamble"]
        assert [m.text for m in state.transcript] == ["before"]
        back = await WireClient.join(again.url("demo"), "Ann", token=token, last_seq=seen, state=at_backup)
        assert back.pid == ann.pid
        fran_again = await WireClient.join(again.url("demo"), "Fran", key)
        assert fran_again.state.participants[fran_again.pid].role is Role.FACILITATOR
        said = await fran_again.answer_to(await fran_again.send(CommandKind.SAY, "carrying on"))
        assert isinstance(said, Event) and said.seq > seen
        assert [m.text for m in again.room("demo").state.transcript] == ["before", "carrying on"]
        await back.close()
        await fran_again.close()
    finally:
        await again.stop()


async def test_a_backup_is_private_to_the_relays_user(relay, room):
    """The backup file is written 0600: it holds who came and what they said."""
    copy = relay.db_path.with_name("copy.sqlite3")
    assert main(["backup", "--db", str(relay.db_path), str(copy)]) == 0
    assert stat.S_IMODE(os.stat(copy).st_mode) == 0o600


async def test_restore_is_refused_while_a_relay_holds_the_database(relay, room, tmp_path, capsys):
    """Restoring under a running relay is refused with a sentence saying to stop it first."""
    copy = tmp_path / "copy.sqlite3"
    assert main(["backup", "--db", str(relay.db_path), str(copy)]) == 0
    capsys.readouterr()
    assert main(["restore", "--db", str(relay.db_path), str(copy)]) == 2
    assert "Stop the relay first" in capsys.readouterr().err
    assert relay.room("demo") is not None


def test_restore_refuses_a_file_that_is_not_a_relay_database(tmp_path, capsys):
    """A stray file given to restore is named as not a relay database, and the database is untouched."""
    stray = tmp_path / "notes.sqlite3"
    stray.write_bytes(b"not a database at all" * 100)
    assert main(["restore", "--db", str(tmp_path / "relay.sqlite3"), str(stray)]) == 2
    assert "not a talkingstick relay database" in capsys.readouterr().err
