"""End to end: people join through the SSH door with the system ``ssh`` client.

A relay process with its door open on a free port; ``ssh -T`` (no terminal) driven
through pipes, ``ssh -tt`` inside tmux for the full screen. Every wait has a deadline.
"""

import asyncio
import os
import re
import stat
import subprocess
from pathlib import Path

import pytest

from protocol.close_codes import BAD_INVITE_MESSAGE
from protocol.frames import Event
from protocol.kinds import Role
from server.ssh_door import FULL_MESSAGE
from server.ssh_host_key import HOST_KEY_FILE
from tests.e2e.ssh_helpers import (
    BIN,
    DEADLINE,
    NO_SSH,
    NO_TMUX,
    RELAY,
    Terminal,
    client_pids,
    create_room,
    line_mode_missing,
    start_relay,
    terminal_env,
    wait_until,
)
from tests.wire_client import WireClient

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(NO_SSH, reason="the ssh client is not installed"),
    pytest.mark.skipif(not RELAY.exists(), reason="the commands are not installed"),
]
needs_tmux = pytest.mark.skipif(NO_TMUX, reason="tmux is not installed")


@pytest.fixture
def door(tmp_path):
    """A relay with a room "demo" ("Tuesday group") and its SSH door (two sessions at most)."""
    db = tmp_path / "relay.sqlite3"
    create_room(db)
    running = start_relay(db, "--ssh-max-sessions", "2")
    yield running
    running.stop()


def _run_ssh(command: list[str], given: str, timeout: float = DEADLINE) -> subprocess.CompletedProcess:
    return subprocess.run(command, input=given, capture_output=True, text=True, timeout=timeout)


def test_a_refused_name_is_asked_again(door):
    """Without a terminal, a name claiming a role is refused with the reason and the name asked again."""
    finished = _run_ssh(door.ssh("demo", "-T"), "Host\n")
    assert "Welcome to Tuesday group" in finished.stdout
    assert "may not claim a role" in finished.stdout
    assert finished.stdout.count("Your name in the room:") == 2


def test_leaving_at_the_name_prompt_closes_the_session(door):
    """Without a terminal, end of input at the name prompt ends the session with status 1."""
    finished = _run_ssh(door.ssh("demo", "-T"), "")
    assert finished.returncode == 1


def test_no_terminal_runs_the_line_mode_in_the_room(door):
    """``ssh -T`` to a room: the name comes on stdin, the room's lines show, a message reaches a member."""
    if line_mode_missing():
        pytest.skip("the installed client has no --line mode yet (talkingstick --line --help fails)")

    async def meet() -> None:
        member = await WireClient.join(door.url("demo"), "Ben")
        ssh = await asyncio.create_subprocess_exec(
            *door.ssh("demo", "-T"),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.DEVNULL,
        )
        assert ssh.stdin is not None and ssh.stdout is not None
        ssh.stdin.write(b"Ann\n")
        shown = b""
        async with asyncio.timeout(DEADLINE):
            while b"Tuesday group" not in shown.split(b"Your name in the room:", 1)[-1]:
                more = await ssh.stdout.read(4096)
                assert more, f"the session ended early: {shown!r}"
                shown += more
        ssh.stdin.write(b"hello through the door\n")
        await member.until(lambda f: isinstance(f, Event) and "hello through the door" in repr(f))
        ssh.stdin.close()
        ssh.terminate()
        await ssh.wait()
        await member.close()

    asyncio.run(meet())


@needs_tmux
def test_a_terminal_gets_the_full_client(door, tmp_path):
    """``ssh -tt`` to a room: after the name, the full-screen client shows the room with the person in it."""
    terminal = Terminal(" ".join(door.ssh("demo", "-tt")), terminal_env(tmp_path))
    try:
        terminal.wait_for("Your name in the room:")
        terminal.type("Ann")
        terminal.wait_for(r"Tuesday group")
        terminal.wait_for(r"Ann \(you\)")
    finally:
        terminal.close()


@needs_tmux
def test_a_user_name_that_is_no_room_opens_the_lobby(door, tmp_path):
    """``ssh host`` with a user name that names no room: the lobby lists the relay's rooms."""
    terminal = Terminal(" ".join(door.ssh("nobody-here", "-tt")), terminal_env(tmp_path))
    try:
        terminal.wait_for("you will see the rooms of this relay")
        terminal.type("Ann")
        terminal.wait_for("Tuesday group")
    finally:
        terminal.close()


@needs_tmux
def test_a_disconnect_leaves_no_client_behind(door, tmp_path):
    """When the SSH client goes away, the door stops its client process and reaps it."""
    terminal = Terminal(" ".join(door.ssh("demo", "-tt")), terminal_env(tmp_path))
    try:
        terminal.wait_for("Your name in the room:")
        terminal.type("Zed")
        terminal.wait_for(r"Zed \(you\)")
        pids = client_pids("Zed")
        assert len(pids) == 1
    finally:
        terminal.close()
    wait_until(lambda: not Path(f"/proc/{pids[0]}").exists(), "the client's exit and reaping")


@needs_tmux
def test_leaving_the_client_closes_the_session_with_its_status(door, tmp_path):
    """When the person leaves the client (Ctrl+Q twice), ssh ends with the client's status 0."""
    command = " ".join(door.ssh("demo", "-tt")) + '; echo "ssh ended $?"; sleep 60'
    terminal = Terminal(command, terminal_env(tmp_path))
    try:
        terminal.wait_for("Your name in the room:")
        terminal.type("Ann")
        terminal.wait_for(r"Ann \(you\)")
        terminal.keys("C-q")
        terminal.wait_for(r"Leave the meeting\?")
        terminal.keys("C-q")
        terminal.wait_for("ssh ended 0")
    finally:
        terminal.close()


@needs_tmux
def test_a_full_door_refuses_one_more_with_a_message(door, tmp_path):
    """With two sessions held (at the name prompt), a third is told the door is full and closed."""
    waiting = [Terminal(" ".join(door.ssh("demo", "-tt")), terminal_env(tmp_path)) for _ in range(2)]
    try:
        for terminal in waiting:
            terminal.wait_for("Your name in the room:")
        finished = _run_ssh(door.ssh("demo", "-T"), "Ann\n")
        assert FULL_MESSAGE in finished.stdout
        assert finished.returncode == 1
    finally:
        for terminal in waiting:
            terminal.close()


def test_the_host_key_is_made_once_and_kept_across_restarts(tmp_path):
    """The first start writes a private Ed25519 host key; the next start shows the same fingerprint."""
    db = tmp_path / "relay.sqlite3"
    create_room(db)
    first = start_relay(db)
    first.stop()
    key_file = tmp_path / HOST_KEY_FILE
    made = key_file.stat()
    second = start_relay(db)
    second.stop()
    assert first.fingerprint == second.fingerprint
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert key_file.stat().st_mtime_ns == made.st_mtime_ns
    assert key_file.read_text().startswith("-----BEGIN OPENSSH PRIVATE KEY-----")


def test_the_ssh_client_sees_the_published_fingerprint(door, tmp_path):
    """The fingerprint printed at start is the one an SSH client records for the door."""
    keyscan = subprocess.run(
        ["ssh-keyscan", "-p", str(door.ssh_port), "-t", "ed25519", "127.0.0.1"],
        capture_output=True, text=True, timeout=DEADLINE,
    )  # fmt: skip
    known = tmp_path / "known"
    known.write_text(keyscan.stdout)
    listed = subprocess.run(["ssh-keygen", "-lf", str(known)], capture_output=True, text=True, timeout=30)
    assert door.fingerprint in listed.stdout


@needs_tmux
def test_the_client_gets_the_terminal_type_and_connection_but_no_relay_secret(tmp_path):
    """The client's environment holds ``TERM`` and ``SSH_CONNECTION``, nothing of the relay's own."""
    db = tmp_path / "relay.sqlite3"
    create_room(db)
    relay = start_relay(db, env={**os.environ, "RELAY_SECRET": "hunter2"})
    terminal = Terminal(" ".join(relay.ssh("demo", "-tt")), terminal_env(tmp_path))
    try:
        terminal.wait_for("Your name in the room:")
        terminal.type("Kim")
        terminal.wait_for(r"Kim \(you\)")
        (pid,) = client_pids("Kim")
        variables = dict(
            entry.split("=", 1) for entry in Path(f"/proc/{pid}/environ").read_text().split("\0") if entry
        )
    finally:
        terminal.close()
        relay.stop()
    assert variables["TERM"] == "xterm-256color"
    assert variables["SSH_CONNECTION"].startswith("127.0.0.1 ")
    assert variables["SSH_CONNECTION"].endswith(f" {relay.ssh_port}")
    assert "RELAY_SECRET" not in variables and "hunter2" not in variables.values()


@needs_tmux
def test_a_resized_terminal_resizes_the_client(door, tmp_path):
    """When the person's window grows, the client redraws at the new width."""
    terminal = Terminal(" ".join(door.ssh("demo", "-tt")), terminal_env(tmp_path))
    try:
        terminal.wait_for("Your name in the room:")
        terminal.type("Ann")
        screen = terminal.wait_for(r"Ann \(you\)")
        assert max(len(line.rstrip()) for line in screen.splitlines()) <= 80
        terminal.resize(110, 30)
        terminal.wait_for(r"(?m)^.{95,}$")
    finally:
        terminal.close()


@needs_tmux
def test_at_a_terminal_refused_names_end_with_a_goodbye(door, tmp_path):
    """With a terminal, each refused name is explained and asked again; after five the door says goodbye."""
    command = " ".join(door.ssh("demo", "-tt")) + '; echo "ssh ended $?"; sleep 60'
    terminal = Terminal(command, terminal_env(tmp_path))
    try:
        for _ in range(5):
            terminal.wait_for("Your name in the room:")
            terminal.type("Host")
        screen = terminal.wait_for("ssh ended 1")
        assert screen.count("may not claim a role") == 5
        assert "Goodbye." in screen
    finally:
        terminal.close()


def test_a_host_key_path_can_be_chosen(tmp_path):
    """``--ssh-host-key PATH`` makes and keeps the key there, and nothing beside the database."""
    db = tmp_path / "relay.sqlite3"
    create_room(db)
    chosen = tmp_path / "keys" / "door_key"
    relay = start_relay(db, "--ssh-host-key", str(chosen))
    relay.stop()
    listed = subprocess.run(["ssh-keygen", "-lf", str(chosen)], capture_output=True, text=True, timeout=30)
    assert relay.fingerprint in listed.stdout
    assert not (tmp_path / HOST_KEY_FILE).exists()


def test_a_client_asking_for_compression_gets_it(door):
    """``ssh -C`` and the door agree on zlib@openssh.com compression."""
    finished = _run_ssh(door.ssh("demo", "-T", "-C", "-v", "-o", "LogLevel=DEBUG1"), "")
    assert "compression: zlib@openssh.com" in finished.stderr


def test_without_a_terminal_no_room_named_lists_the_rooms(door):
    """``ssh -T`` with a user name that is no room: how to name one, and the rooms there are."""
    finished = _run_ssh(door.ssh("somebody", "-T"), "")
    assert f"ssh -p {door.ssh_port} ROOM@127.0.0.1" in finished.stdout
    assert "The rooms here: demo." in finished.stdout
    assert finished.returncode == 0


def _guest_invitation(db: Path, name: str = "Dr Lee") -> str:
    """A one-use code for ``name`` in the room "demo", made on the relay's command line."""
    made = subprocess.run(
        [str(RELAY), "room", "guest", "demo", name, "--db", str(db)],
        check=True, capture_output=True, text=True, timeout=30,
    )  # fmt: skip
    return re.search(r"--invite (\S+)", made.stdout).group(1)


@pytest.fixture
def guest_door(tmp_path):
    """A relay with the room "demo", its facilitator key, its SSH door and an invitation for Dr Lee."""
    db = tmp_path / "relay.sqlite3"
    created = subprocess.run(
        [str(RELAY), "room", "create", "demo", "--db", str(db), "--title", "Tuesday group"],
        check=True, capture_output=True, text=True, timeout=30,
    )  # fmt: skip
    key = re.search(r"keep it safe\): (\S+)", created.stdout).group(1)
    code = _guest_invitation(db)
    running = start_relay(db)
    yield running, key, code
    running.stop()


def test_without_a_terminal_a_guest_types_their_code_and_is_seated_as_guest(guest_door):
    """``ssh -T``: the code at the name question seats Dr Lee as a guest; their words show "(guest)"."""
    if line_mode_missing():
        pytest.skip("the installed client has no --line mode yet (talkingstick --line --help fails)")
    door, key, code = guest_door

    async def meet() -> None:
        fran = await WireClient.join(door.url("demo"), "Fran", key)
        ssh = await asyncio.create_subprocess_exec(
            *door.ssh("demo", "-T"),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.DEVNULL,
        )
        assert ssh.stdin is not None and ssh.stdout is not None
        ssh.stdin.write(code.lower().replace("-", " ").encode() + b"\n")
        await fran.until_state(
            lambda s: any(p.name == "Dr Lee" and p.role is Role.GUEST for p in s.participants.values())
        )
        ssh.stdin.write(b"thank you for having me\n")
        shown = b""
        async with asyncio.timeout(DEADLINE):
            while b"Dr Lee (guest): thank you for having me" not in shown:
                more = await ssh.stdout.read(4096)
                assert more, f"the session ended early: {shown!r}"
                shown += more
        assert code.encode() not in shown.split(b"Your name in the room:", 1)[-1]
        ssh.stdin.close()
        ssh.terminate()
        await ssh.wait()
        await fran.close()

    asyncio.run(meet())


def test_without_a_terminal_a_spent_code_is_refused_with_the_relays_sentence(guest_door):
    """A code already used ends with the relay's sentence and status 1; nobody is seated."""
    if line_mode_missing():
        pytest.skip("the installed client has no --line mode yet (talkingstick --line --help fails)")
    door, _, code = guest_door

    async def first_use() -> None:
        guest = await WireClient.join(door.url("demo") + f"?invite={code}", "Lee")
        await guest.close()

    async def knock() -> tuple[str, int]:
        ssh = await asyncio.create_subprocess_exec(
            *door.ssh("demo", "-T"),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.DEVNULL,
        )
        assert ssh.stdin is not None and ssh.stdout is not None
        ssh.stdin.write(code.encode() + b"\n")  # and the input stays open, as a person's would
        async with asyncio.timeout(DEADLINE):
            shown = await ssh.stdout.read()
            return shown.decode(), await ssh.wait()

    asyncio.run(first_use())
    shown, status = asyncio.run(knock())
    assert BAD_INVITE_MESSAGE in " ".join(shown.split())
    assert status == 1


@needs_tmux
def test_at_a_terminal_a_guest_types_their_code_and_the_facilitator_sees_a_guest(guest_door, tmp_path):
    """``ssh -tt``: the code seats Dr Lee in the full client; the facilitator reads "(guest)"."""
    door, key, code = guest_door
    fran_env = {**terminal_env(tmp_path), "TALKINGSTICK_KEY": key}
    fran = Terminal(f"{BIN / 'talkingstick'} {door.url('demo')} --name Fran", fran_env)
    guest = Terminal(" ".join(door.ssh("demo", "-tt")), terminal_env(tmp_path))
    try:
        fran.wait_for(r"Fran \(you")
        guest.wait_for("invitation code")
        guest.wait_for("Your name in the room:")
        guest.type(code)
        guest.wait_for(r"You are in Tuesday group as Dr Lee \(guest speaker\)")
        fran.wait_for(r"Dr Lee \(guest\)")
    finally:
        guest.close()
        fran.close()


@needs_tmux
def test_at_a_terminal_a_spent_code_shows_the_relays_sentence_and_the_door_closes(guest_door, tmp_path):
    """A used code: the full client shows the relay's sentence; leaving it ends the SSH session."""
    door, _, code = guest_door

    async def first_use() -> None:
        guest = await WireClient.join(door.url("demo") + f"?invite={code}", "Lee")
        await guest.close()

    asyncio.run(first_use())
    command = " ".join(door.ssh("demo", "-tt")) + '; echo "ssh ended $?"; sleep 60'
    terminal = Terminal(command, terminal_env(tmp_path))
    try:
        terminal.wait_for("Your name in the room:")
        terminal.type(code)
        terminal.wait_for("That invitation code is not valid here")
        terminal.keys("C-q")
        terminal.wait_for("ssh ended")
    finally:
        terminal.close()
