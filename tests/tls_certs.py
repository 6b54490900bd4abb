"""Certificates made at test time (trustme): a group's own authority and a relay's certificate."""

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import trustme

from server.relay import Relay
from server.tls import TlsFiles


@dataclass(frozen=True)
class GroupAuthority:
    """A certificate authority, its PEM file, and the relay certificate files it signed."""

    authority: trustme.CA
    cafile: Path
    files: TlsFiles


def make_authority(folder: Path, label: str = "group", host: str = "127.0.0.1") -> GroupAuthority:
    """A new authority in ``folder`` with a certificate for ``host`` (files named after ``label``)."""
    folder.mkdir(parents=True, exist_ok=True)
    authority = trustme.CA()
    cafile = folder / f"{label}-ca.pem"
    authority.cert_pem.write_to_path(str(cafile))
    files = TlsFiles(folder / f"{label}-cert.pem", folder / f"{label}-key.pem")
    issue(authority, files, host)
    return GroupAuthority(authority, cafile, files)


def issue(authority: trustme.CA, files: TlsFiles, host: str = "127.0.0.1") -> None:
    """Write a fresh certificate for ``host`` signed by ``authority`` over ``files``."""
    certificate = authority.issue_cert(host)
    files.certificate.write_bytes(b"".join(blob.bytes() for blob in certificate.cert_chain_pems))
    certificate.private_key_pem.write_to_path(str(files.key))


@contextlib.asynccontextmanager
async def tls_relay(folder: Path) -> AsyncIterator[tuple[Relay, GroupAuthority, str]]:
    """A started relay serving wss:// with a new group's certificate: (relay, group, demo's key)."""
    group = make_authority(folder / "tls")
    relay = Relay(folder / "relay.sqlite3", "127.0.0.1", 0, tls=group.files)
    key = relay.store.create_room("demo", "Demo meeting")
    async with relay:
        yield relay, group, key
