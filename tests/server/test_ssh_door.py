"""The SSH door in the relay's own process: the host key, the address clients use, the name's time."""

import asyncio
import shutil
import stat

import pytest

from server.relay import Relay
from server.ssh_door import DoorOptions, loopback_address
from server.ssh_host_key import fingerprint, load_or_create_host_key
from server.ssh_session import TOO_SLOW
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
