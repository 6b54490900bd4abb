"""Running as a service: the systemd unit, SIGTERM's 1012 that clients ride through, SIGHUP's reload."""

import asyncio
import configparser
import os
import re
import shutil
import signal
import ssl
import subprocess
import sys
from pathlib import Path

import pytest
from websockets.asyncio.client import connect

from protocol import CommandKind
from server.cli import main
from server.service import systemd_unit
from server.store import Store
from server.tls import TlsFiles
from tests.client.session_helpers import running, until
from tests.tls_certs import issue, make_authority
from tests.wire_client import TIMEOUT
from tui.core.tls import client_context
from tui.core.updates import ConnectionStatus

REPO = Path(__file__).resolve().parents[2]
HARDENING = {
    "DynamicUser": "yes",
    "StateDirectory": "talkingstick",
    "ProtectSystem": "strict",
    "ProtectHome": "yes",
    "PrivateTmp": "yes",
    "NoNewPrivileges": "yes",
    "Restart": "on-failure",
    "ExecReload": "/bin/kill -HUP $MAINPID",
}


def _unit(text: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str  # systemd keys are case-sensitive
    parser.read_string(text)
    return parser


def test_the_unit_has_the_hardening_and_the_installed_command(capsys):
    """``service`` prints a unit whose [Service] holds every hardening key and the real relay path."""
    assert main(["service"]) == 0
    unit = _unit(capsys.readouterr().out)
    service = unit["Service"]
    for key, value in HARDENING.items():
        assert service[key] == value, key
    program, *arguments = service["ExecStart"].split()
    assert Path(program).is_absolute() and Path(program).name == "talkingstick-relay"
    assert arguments[:1] == ["serve"]
    assert "--db /var/lib/talkingstick/relay.sqlite3" in service["ExecStart"]
    assert unit["Install"]["WantedBy"] == "multi-user.target"


def test_the_unit_hands_certificates_over_as_credentials(capsys):
    """With TLS files the unit loads them as credentials and serves them from systemd's folder."""
    files = TlsFiles(
        Path("/etc/letsencrypt/live/x/fullchain.pem"), Path("/etc/letsencrypt/live/x/privkey.pem")
    )
    service = _unit(systemd_unit(Path("/opt/talkingstick/bin/talkingstick-relay"), tls=files))["Service"]
    assert "--tls-cert %d/tls-cert --tls-key %d/tls-key" in service["ExecStart"]
    assert service["LoadCredential"] == "tls-key:/etc/letsencrypt/live/x/privkey.pem"  # the last of two


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed here")
def test_systemd_analyze_accepts_the_unit(tmp_path):
    """systemd-analyze verify finds nothing wrong with the unit."""
    unit = tmp_path / "talkingstick-relay.service"
    unit.write_text(systemd_unit(Path("/bin/true")))
    result = subprocess.run(["systemd-analyze", "verify", str(unit)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


async def _serve(tmp_path: Path, db: Path, *options: str) -> tuple[asyncio.subprocess.Process, str]:
    """``talkingstick-relay serve`` in its own process; the process and its printed room address."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "server.cli", "serve", "--db", str(db), *options,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL, env=env, cwd=tmp_path,
    )  # fmt: skip
    line = (await asyncio.wait_for(process.stdout.readline(), TIMEOUT * 3)).decode()
    match = re.search(r"(wss?://\S+)/ROOM", line)
    assert match, f"relay did not start: {line!r}"
    return process, match.group(1)


async def _stop(process: asyncio.subprocess.Process) -> int:
    if process.returncode is None:
        process.send_signal(signal.SIGTERM)
    return await asyncio.wait_for(process.wait(), TIMEOUT * 3)


async def test_sigterm_says_service_restart_and_a_session_resumes_losing_nothing(tmp_path):
    """SIGTERM closes links with 1012; a message typed while down is delivered once after the restart."""
    db = tmp_path / "relay.sqlite3"
    store = Store(db)
    key = store.create_room("demo", "Demo meeting")
    store.close()
    process, base = await _serve(tmp_path, db, "--port", "0")
    port = base.rsplit(":", 1)[1]
    try:
        async with running(f"{base}/demo", "Fran", key) as fran:
            await fran.connected()
            before = fran.session.send(CommandKind.SAY, "before the restart")
            await until(lambda: fran.settled(before))
            async with connect(f"{base}/demo") as watcher:
                assert await _stop(process) == 0
                await asyncio.wait_for(watcher.wait_closed(), TIMEOUT)
                assert (watcher.close_code, watcher.close_reason) == (1012, "service restart")
            await until(lambda: fran.session.status is not ConnectionStatus.CONNECTED)
            during = fran.session.send(CommandKind.SAY, "typed while it restarted")
            process, _ = await _serve(tmp_path, db, "--port", port)
            await until(lambda: fran.settled(during), TIMEOUT * 3)
            texts = [line.text for line in fran.session.state.transcript]
            assert texts == ["before the restart", "typed while it restarted"]
            assert fran.session.status is ConnectionStatus.CONNECTED
    finally:
        await _stop(process)


async def _certificate_issuer(port: int, cafile: Path) -> None:
    _, writer = await asyncio.open_connection("127.0.0.1", port, ssl=client_context(cafile))
    writer.close()
    await writer.wait_closed()


async def test_sighup_makes_a_running_relay_serve_the_renewed_certificate(tmp_path):
    """After the files are renewed in place, SIGHUP makes new handshakes use the new certificate."""
    group = make_authority(tmp_path / "tls")
    process, base = await _serve(
        tmp_path, tmp_path / "relay.sqlite3", "--port", "0",
        "--tls-cert", str(group.files.certificate), "--tls-key", str(group.files.key),
    )  # fmt: skip
    port = int(base.rsplit(":", 1)[1])
    try:
        assert base.startswith("wss://")
        renewed = make_authority(tmp_path / "renewed", "renewed")
        issue(renewed.authority, group.files)
        process.send_signal(signal.SIGHUP)

        async def renewed_in_use() -> None:
            while True:
                try:
                    await _certificate_issuer(port, renewed.cafile)
                    return
                except ssl.SSLCertVerificationError:
                    await asyncio.sleep(0.05)

        await asyncio.wait_for(renewed_in_use(), TIMEOUT)
        assert process.returncode is None
    finally:
        assert await _stop(process) == 0
