"""The SSH door in the relay's own process: the host key, the address clients use, the name's time."""

import asyncio
import shutil
import stat
import sys
from pathlib import Path

import pytest

from server import ssh_child
from server.relay import Relay
from server.ssh_door import DoorOptions, loopback_address
from server.ssh_host_key import fingerprint, load_or_create_host_key
from server.ssh_session import CODE_NEEDS_ROOM, TOO_MANY_CODES, TOO_SLOW
from tests.e2e.ssh_helpers import SSH_OPTIONS

TIMEOUT = 30.0


def test_the_host_key_file_is_made_private_and_read_back(tmp_path):
    """A missing host key is made 0600 (in a 0700 folder made for it); reading it again gives the same key."""
    path = tmp_path / "keys" / "ssh_host_ed25519_key"
    made = load_or_create_host_key(path)
    again = load_or_create_host_key(path)
    assert fingerprint(made) == fingerprint(again)
    assert fingerprint(made).startswith("SHA256:")
    assert made.algorithm == b"ssh-ed25519"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


@pytest.mark.parametrize(
    ("relay_host", "expected"),
    [("0.0.0.0", "127.0.0.1"), ("::", "127.0.0.1"), ("127.0.0.1", "127.0.0.1"), ("10.1.2.3", "10.1.2.3")],
)
def test_children_reach_the_relay_on_loopback_when_they_can(relay_host, expected):
    """A relay listening everywhere is reached on 127.0.0.1; one bound to a single address, there."""
    assert loopback_address(relay_host) == expected


@pytest.mark.skipif(shutil.which("ssh") is None, reason="the ssh client is not installed")
async def test_a_name_not_given_in_time_closes_the_session(tmp_path):
    """Someone who never answers the name prompt is told so and let go, which frees their place."""
    door = DoorOptions(0, tmp_path / "host_key", max_sessions=1, name_seconds=1.0)
    async with Relay(tmp_path / "relay.sqlite3", "127.0.0.1", 0, ssh_door=door) as relay:
        relay.create_room("demo", "Demo meeting")
        assert relay.ssh_door is not None
        command = ["ssh", "-T", "-p", str(relay.ssh_door.port), *SSH_OPTIONS, "demo@127.0.0.1"]
        ssh = await asyncio.create_subprocess_exec(
            *command,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.DEVNULL,
        )
        async with asyncio.timeout(TIMEOUT):
            shown = await ssh.stdout.read()
            status = await ssh.wait()
        assert TOO_SLOW in shown.decode()
        assert status == 1
        async with asyncio.timeout(TIMEOUT):
            while relay.ssh_door.sessions:
                await asyncio.sleep(0.05)


ECHO_CLIENT = """
import sys
import os
print("pid:", os.getpid(), flush=True)
print("args:", " ".join(sys.argv[1:]), flush=True)
print("invite:", os.environ.get("TALKINGSTICK_INVITE"), flush=True)
for line in sys.stdin:
    print("heard:", line.strip(), flush=True)
print("input ended", flush=True)
sys.exit(7)
"""
"""A stand-in client for the pipe path: says how it was started, echoes lines, ends with status 7."""


@pytest.mark.skipif(shutil.which("ssh") is None, reason="the ssh client is not installed")
async def test_without_a_terminal_lines_flow_both_ways_and_the_status_comes_back(tmp_path, monkeypatch):
    """``ssh -T``: the client gets --line, the room and the name, then the lines; its status ends ssh."""

    monkeypatch.setattr(ssh_child, "client_command", lambda: [sys.executable, "-c", ECHO_CLIENT])
    door = DoorOptions(0, tmp_path / "host_key")
    async with Relay(tmp_path / "relay.sqlite3", "127.0.0.1", 0, ssh_door=door) as relay:
        relay.create_room("demo", "Demo meeting")
        assert relay.ssh_door is not None
        command = ["ssh", "-T", "-p", str(relay.ssh_door.port), *SSH_OPTIONS, "demo@127.0.0.1"]
        ssh = await asyncio.create_subprocess_exec(
            *command,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.DEVNULL,
        )
        async with asyncio.timeout(TIMEOUT):
            shown, _ = await ssh.communicate(b"Ann\nfirst line\nsecond line\n")
        text = shown.decode()
        assert f"args: --line ws://127.0.0.1:{relay.port}/demo --name Ann" in text
        assert "heard: first line\nheard: second line\ninput ended" in text
        assert ssh.returncode == 7


@pytest.mark.skipif(shutil.which("ssh") is None, reason="the ssh client is not installed")
async def test_stopping_the_relay_ends_each_session_and_its_client(tmp_path, monkeypatch):
    """A relay that stops closes its door's sessions: ssh ends and the client process is reaped."""
    monkeypatch.setattr(ssh_child, "client_command", lambda: [sys.executable, "-c", ECHO_CLIENT])
    door = DoorOptions(0, tmp_path / "host_key")
    relay = Relay(tmp_path / "relay.sqlite3", "127.0.0.1", 0, ssh_door=door)
    await relay.start()
    try:
        relay.create_room("demo", "Demo meeting")
        assert relay.ssh_door is not None
        command = ["ssh", "-T", "-p", str(relay.ssh_door.port), *SSH_OPTIONS, "demo@127.0.0.1"]
        ssh = await asyncio.create_subprocess_exec(
            *command,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.DEVNULL,
        )
        ssh.stdin.write(b"Ann\n")
        async with asyncio.timeout(TIMEOUT):
            while b"pid:" not in (line := await ssh.stdout.readline()):  # the prompt is on that line too
                assert line, "the session ended before the client started"
        client_pid = int(line.split(b"pid:")[1])
    finally:
        await relay.stop()
    async with asyncio.timeout(TIMEOUT):
        await ssh.wait()
    assert not Path(f"/proc/{client_pid}").exists()


async def _knock(port: int, user: str, given: bytes, *options: str) -> tuple[str, int | None]:
    """``ssh`` to the door as ``user`` with ``given`` as its whole input: what it showed, its status."""
    command = ["ssh", *options, "-p", str(port), *SSH_OPTIONS, f"{user}@127.0.0.1"]
    ssh = await asyncio.create_subprocess_exec(
        *command,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL,
    )
    async with asyncio.timeout(TIMEOUT):
        shown, _ = await ssh.communicate(given)
    return shown.decode(), ssh.returncode


@pytest.mark.skipif(shutil.which("ssh") is None, reason="the ssh client is not installed")
async def test_a_typed_code_reaches_the_client_in_its_environment_not_its_arguments(tmp_path, monkeypatch):
    """A guest types their code for a name: the client gets it in the environment, out of ``ps``."""
    monkeypatch.setattr(ssh_child, "client_command", lambda: [sys.executable, "-c", ECHO_CLIENT])
    door = DoorOptions(0, tmp_path / "host_key")
    async with Relay(tmp_path / "relay.sqlite3", "127.0.0.1", 0, ssh_door=door) as relay:
        relay.create_room("demo", "Demo meeting")
        assert relay.ssh_door is not None
        text, status = await _knock(relay.ssh_door.port, "demo", b"k7qh 3mwd\nhello\n", "-T")
    assert "invitation code" in text.split("Your name in the room:")[0]  # the greeting says how
    assert f"args: --line ws://127.0.0.1:{relay.port}/demo\n" in text
    assert "K7QH" not in text.split("args:")[1].split("\n")[0]
    assert "invite: K7QH-3MWD" in text
    assert "heard: hello" in text
    assert status == 7


@pytest.mark.skipif(shutil.which("ssh") is None, reason="the ssh client is not installed")
async def test_a_name_of_eight_code_letters_stays_a_name(tmp_path, monkeypatch):
    """Samantha is eight symbols of the code's alphabet, but no digit: she joins under her name."""
    monkeypatch.setattr(ssh_child, "client_command", lambda: [sys.executable, "-c", ECHO_CLIENT])
    door = DoorOptions(0, tmp_path / "host_key")
    async with Relay(tmp_path / "relay.sqlite3", "127.0.0.1", 0, ssh_door=door) as relay:
        relay.create_room("demo", "Demo meeting")
        assert relay.ssh_door is not None
        text, _ = await _knock(relay.ssh_door.port, "demo", b"Samantha\n", "-T")
    assert f"args: --line ws://127.0.0.1:{relay.port}/demo --name Samantha" in text
    assert "invite: None" in text


@pytest.mark.skipif(shutil.which("ssh") is None, reason="the ssh client is not installed")
async def test_codes_from_one_address_are_paced(tmp_path, monkeypatch):
    """Past the door's pace of codes per address, a code is refused as a try and the name asked again."""
    monkeypatch.setattr(ssh_child, "client_command", lambda: [sys.executable, "-c", ECHO_CLIENT])
    door = DoorOptions(0, tmp_path / "host_key", codes_per_minute=1)
    async with Relay(tmp_path / "relay.sqlite3", "127.0.0.1", 0, ssh_door=door) as relay:
        relay.create_room("demo", "Demo meeting")
        assert relay.ssh_door is not None
        first, _ = await _knock(relay.ssh_door.port, "demo", b"K7QH-3MWD\n", "-T")
        second, _ = await _knock(relay.ssh_door.port, "demo", b"K7QH-3MWE\nAnn\n", "-T")
    assert "invite: K7QH-3MWD" in first
    assert TOO_MANY_CODES in second
    assert second.count("Your name in the room:") == 2
    assert "--name Ann" in second and "invite: None" in second


@pytest.mark.skipif(shutil.which("ssh") is None, reason="the ssh client is not installed")
async def test_in_the_lobby_a_code_is_sent_to_its_room(tmp_path, monkeypatch):
    """The lobby opens no invitation: a code typed there is explained and a name asked again."""
    monkeypatch.setattr(ssh_child, "client_command", lambda: [sys.executable, "-c", ECHO_CLIENT])
    door = DoorOptions(0, tmp_path / "host_key")
    async with Relay(tmp_path / "relay.sqlite3", "127.0.0.1", 0, ssh_door=door) as relay:
        relay.create_room("demo", "Demo meeting")
        assert relay.ssh_door is not None
        # With a terminal (the lobby needs one); Ctrl+D ends the stand-in client's input.
        text, _ = await _knock(relay.ssh_door.port, "nobody", b"K7QH-3MWD\nAnn\n\x04", "-tt")
    assert CODE_NEEDS_ROOM in text
    assert "invitation code" not in text.split("Your name in the room:")[0]
    assert f"http://127.0.0.1:{relay.port} --name Ann" in text
    assert "invite: None" in text


def test_the_door_and_the_client_name_the_same_variable_for_a_code():
    """The relay never imports the client, so each names the variable: they must agree."""
    from tui import cli

    assert ssh_child.INVITE_VARIABLE == cli.INVITE_VARIABLE
