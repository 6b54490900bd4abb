"""The client's TLS: verifying the relay's certificate, and saying plainly why it failed.

Certificates are always checked, against the computer's own authorities or, with
``--cafile``, a group's own certificate authority as well. There is no way to skip the
check: a support group's words and the facilitator's key must not go to whoever sits
between the member and the relay. When the check fails, ``certificate_problem`` gives
the one sentence a member can act on, shown on the closed screen, in line mode and in
the lobby; trying again cannot help, so the session ends with it.
"""

import ssl
from pathlib import Path

_AUTHORITY_CODES = {2, 18, 19, 20, 21}
"""OpenSSL's verify codes for an issuer nobody here trusts (self-signed, unknown issuer...)."""
_EXPIRED = 10
_NOT_YET_VALID = 9
_NAME_MISMATCH = {62, 64}
"""A certificate for another host name (62) or IP address (64)."""


def client_context(cafile: Path | str | None = None) -> ssl.SSLContext:
    """A context that verifies the relay (hostname and chain), also trusting ``cafile`` if given.

    Raises:
        OSError: when ``cafile`` cannot be read; ``ssl.SSLError`` when it holds no certificate.
    """
    context = ssl.create_default_context()
    if cafile is not None:
        context.load_verify_locations(cafile=str(cafile))
    return context


def certificate_problem(error: BaseException) -> str | None:
    """One plain sentence when ``error`` (or what caused it) is a failed certificate check."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, ssl.SSLCertVerificationError):
            return _sentence(current)
        current = current.__cause__ or current.__context__
    return None


def _sentence(error: ssl.SSLCertVerificationError) -> str:
    lead = "The relay's certificate could not be verified: "
    code = error.verify_code
    if code in _AUTHORITY_CODES:
        return (
            lead + "it is not signed by an authority this computer trusts. Ask your host for their "
            "certificate authority file and pass it with --cafile."
        )
    if code == _EXPIRED:
        return lead + "it has expired. Ask your host to renew it."
    if code == _NOT_YET_VALID:
        return lead + "it is not valid yet; check this computer's date and time."
    if code in _NAME_MISMATCH:
        return (
            lead + "it was made for another name than the address you used. "
            "Check the address, or ask your host which name to use."
        )
    reason = str(error.verify_message or error.reason or "unknown reason").rstrip(".")
    return lead + f"{reason}. Ask your host to check it."
