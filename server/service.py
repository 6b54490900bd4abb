"""The systemd unit that ``talkingstick-relay service`` prints for a host to install.

The unit runs the relay as a throwaway user (``DynamicUser=yes``) that can write only its
state folder (``StateDirectory=talkingstick``, so ``/var/lib/talkingstick``, where the
database lives) and read the rest of the system; ``systemctl reload`` sends SIGHUP, which
takes up a renewed TLS certificate, and ``systemctl stop``/``restart`` sends SIGTERM, after
which every client is told the relay is restarting and comes back on its own. A relay
that crashes is started again. Given the TLS files (certbot's, readable only by root),
the unit hands them over with ``LoadCredential=`` (``%d`` is the folder systemd copies
them to at each start), so a renewal is taken up by ``systemctl restart``, which clients
ride through. This module only builds text; it installs nothing.
"""

import shlex
import shutil
import sys
from pathlib import Path

from server.tls import TlsFiles

STATE_DIRECTORY = Path("/var/lib/talkingstick")
SERVICE_DATABASE = STATE_DIRECTORY / "relay.sqlite3"
SERVICE_CONFIG = Path("/etc/talkingstick/relay.toml")


def relay_command() -> Path:
    """The installed ``talkingstick-relay``: beside this Python (a venv's bin), else on PATH."""
    beside = Path(sys.executable).with_name("talkingstick-relay")
    if beside.exists():
        return beside.absolute()
    found = shutil.which("talkingstick-relay")
    return Path(found).absolute() if found else beside.absolute()


def systemd_unit(
    command: Path | None = None, *, config: Path = SERVICE_CONFIG, tls: TlsFiles | None = None
) -> str:
    """The text of ``talkingstick-relay.service``.

    Args:
        command: The ``talkingstick-relay`` to run (default: ``relay_command()``).
        config: The settings file the service reads (it may be missing: then every default).
        tls: The certificate chain and key to serve ``wss://`` with, passed in as credentials.
    """
    program = command if command is not None else relay_command()
    parts = [
        shlex.quote(str(part)) for part in (program, "serve", "--config", config, "--db", SERVICE_DATABASE)
    ]
    if tls is not None:
        parts += ["--tls-cert", "%d/tls-cert", "--tls-key", "%d/tls-key"]
    start = " ".join(parts)
    lines = [
        "# talkingstick relay: install as /etc/systemd/system/talkingstick-relay.service",
        "# then: systemctl daemon-reload && systemctl enable --now talkingstick-relay",
        "[Unit]",
        "Description=talkingstick relay (text meeting rooms)",
        "After=network-online.target",
        "Wants=network-online.target",
        "",
        "[Service]",
        "Type=exec",
        f"ExecStart={start}",
        "ExecReload=/bin/kill -HUP $MAINPID",
        "KillSignal=SIGTERM",
        "TimeoutStopSec=20",
        "Restart=on-failure",
        "RestartSec=2",
        "DynamicUser=yes",
        "StateDirectory=talkingstick",
        "StateDirectoryMode=0700",
        "ConfigurationDirectory=talkingstick",
        "UMask=0077",
        "ProtectSystem=strict",
        "ProtectHome=yes",
        "PrivateTmp=yes",
        "PrivateDevices=yes",
        "NoNewPrivileges=yes",
        "ProtectKernelTunables=yes",
        "ProtectKernelModules=yes",
        "ProtectControlGroups=yes",
        "RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX",
        "RestrictNamespaces=yes",
        "LockPersonality=yes",
        "CapabilityBoundingSet=",
        "# For a port below 1024 (443), uncomment both:",
        "# AmbientCapabilities=CAP_NET_BIND_SERVICE",
        "# CapabilityBoundingSet=CAP_NET_BIND_SERVICE",
    ]
    if tls is not None:
        lines += [f"LoadCredential=tls-cert:{tls.certificate}", f"LoadCredential=tls-key:{tls.key}"]
    lines += ["", "[Install]", "WantedBy=multi-user.target", ""]
    return "\n".join(lines)
