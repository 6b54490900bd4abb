"""The relay's TLS: one server context made from a certificate chain and its key, reloaded in place.

``serve --tls-cert PATH --tls-key PATH`` makes the relay speak ``wss://`` and ``https://``
on its one port. The context is made once; ``reload_certificate`` loads a renewed chain
(certbot, an ACME client) into the same ``SSLContext``, which every new handshake then
uses, while connections already open keep the certificate they began with. The command
line calls it on SIGHUP (``systemctl reload``). A reload that fails leaves the old
certificate serving and says why: a bad file must never take a running meeting down.
This module only reads files; it never writes or logs key material.
"""

import logging
import ssl
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)


class TlsError(Exception):
    """A certificate or key that cannot be used, in one sentence for the host."""


@dataclass(frozen=True, slots=True)
class TlsFiles:
    """Where the certificate chain (PEM, leaf first) and its private key are."""

    certificate: Path
    key: Path


def server_context(files: TlsFiles) -> ssl.SSLContext:
    """A TLS 1.2+ server context holding ``files``' chain.

    Raises:
        TlsError: when a file is missing or unreadable, or the key does not match.
    """
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    _load(context, files)
    return context


def reload_certificate(context: ssl.SSLContext, files: TlsFiles) -> bool:
    """Load ``files`` into ``context`` again (new handshakes use them); False if that failed.

    On failure the context keeps the chain it had, and the reason is logged.
    """
    try:
        _load(context, files)
    except TlsError as error:
        log.error("certificate not reloaded, the previous one stays in use: %s", error)
        return False
    log.info("certificate reloaded from %s", files.certificate)
    return True


def _load(context: ssl.SSLContext, files: TlsFiles) -> None:
    try:
        context.load_cert_chain(files.certificate, files.key)
    except FileNotFoundError as error:
        raise TlsError(f"No such file: {error.filename}") from error
    except PermissionError as error:
        raise TlsError(f"The relay may not read {error.filename}; check its owner and mode.") from error
    except ssl.SSLError as error:
        raise TlsError(
            f"{files.certificate} and {files.key} are not a PEM certificate chain and its "
            f"matching private key ({error.reason or error})."
        ) from error
    except OSError as error:
        raise TlsError(f"Cannot read the certificate or key: {error.strerror or error}") from error
