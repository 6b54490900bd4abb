"""How a session's link to the relay opens, and what each way of failing or ending means.

``open_link`` opens the websocket the way this client always does: TLS only for
``wss://`` (verified, trusting a group's own ``--cafile`` too), the protocol's frame
limit, no automatic pings (``tui.core.link_watch`` pings when the link is quiet) and the
timeouts of ``tui.core.reconnect``. Every way the link cannot start or stops gets its
verdict here (a failed open, the relay's close code in ``close_verdict``, a hello no
relay would accept in ``hello_refusal``, an event that ends this person's part in the
room in ``ended_by``): either the session is over, with the one sentence that says why
(``SessionEnded``), or trying again can help, after the pause a busy relay asked for
(``BusyClose``) or the usual backoff (None). ``split_invite`` takes a guest's code out of
the address, so that it travels in the hello and not in a request line a proxy logs.

It keeps no state and knows nothing of the room: ``tui.core.session`` acts on the
verdicts. It must not import ``textual``.
"""

import logging
import ssl
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidURI

from protocol import Event, EventKind, ProtocolError
from protocol.close_codes import DECLINED_MESSAGE, FINAL_CLOSES, REMOVED_MESSAGE, RETRY_AFTER, BusyClose
from protocol.limits import MAX_FRAME_BYTES, MAX_KEY_CHARS
from protocol.text import check_name
from tui.core.reconnect import ABNORMAL_CLOSURE, CLOSE_TIMEOUT, OPEN_TIMEOUT
from tui.core.tls import certificate_problem, client_context
from tui.core.updates import SessionEnded

log = logging.getLogger(__name__)


def split_invite(url: str) -> tuple[str, str | None]:
    """``url`` without its ``invite`` query parameter, and that parameter's value (or None)."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    codes = [value for key, value in query if key == "invite"]
    if not codes:
        return url, None
    kept = urlencode([(key, value) for key, value in query if key != "invite"])
    return urlunsplit(parts._replace(query=kept)), codes[0]


def hello_refusal(name: str, facilitator_key: str | None) -> SessionEnded | None:
    """Why no relay could accept a hello with this name and key, or None when one could."""
    try:
        check_name(name)
    except ProtocolError as exc:
        return SessionEnded(exc.code, exc.message)
    if facilitator_key is not None and len(facilitator_key) > MAX_KEY_CHARS:
        return SessionEnded("bad_key", "That facilitator key is too long to be a room's key.")
    return None


async def open_link(url: str, cafile: Path | str | None) -> ClientConnection | SessionEnded | None:
    """Open the websocket to a room's address.

    Args:
        url: The room's websocket address, ``ws://`` or ``wss://``.
        cafile: A group's own certificate authority (PEM) to trust for ``wss://`` too.

    Returns:
        The open connection; ``SessionEnded`` when trying again cannot help (an unusable
        ``cafile``, not a room address, a certificate that does not verify); None when
        another try may (no answer, a failed handshake, a timeout).
    """
    try:
        # websockets verifies wss:// by itself; the context adds --cafile, and a plain
        # ws:// address takes none.
        tls = client_context(cafile) if url.startswith("wss://") else None
    except (OSError, ssl.SSLError) as exc:
        return SessionEnded("cafile", f"The certificate authority file {cafile} could not be used: {exc}")
    try:
        return await connect(
            url,
            ssl=tls,
            max_size=MAX_FRAME_BYTES,
            ping_interval=None,  # LinkWatch pings, only when the link is quiet
            ping_timeout=None,
            open_timeout=OPEN_TIMEOUT,
            close_timeout=CLOSE_TIMEOUT,
        )
    except InvalidURI as exc:
        return SessionEnded("bad_url", f"That is not a room address: {exc.uri}")
    except ssl.SSLCertVerificationError as exc:
        # Trying again cannot help: the certificate will not change by itself.
        return SessionEnded("certificate", certificate_problem(exc) or str(exc))
    except (OSError, InvalidHandshake, TimeoutError) as exc:
        log.info("connecting to %s failed: %s", url, exc)
        return None


def close_verdict(exc: ConnectionClosed, url: str) -> SessionEnded | BusyClose | None:
    """What a closed link means, from the relay's close code.

    Returns:
        ``SessionEnded`` for a final close (no such room, removed, declined, another protocol
        version...); ``BusyClose`` when the relay asked for a pause before the next try;
        None when the next try follows the usual backoff.
    """
    code = exc.rcvd.code if exc.rcvd is not None else ABNORMAL_CLOSURE
    final = FINAL_CLOSES.get(code)
    if final is not None:  # a version refusal's reason names both versions and the update
        told = exc.rcvd.reason if exc.rcvd is not None and final.code == "version" else ""
        return SessionEnded(final.code, told or final.message)
    log.info("link to %s closed (%s); will reconnect", url, code)
    return RETRY_AFTER.get(code)


def ended_by(event: Event, pid: int | None) -> SessionEnded | None:
    """The end an event means for participant ``pid``, or None when it ends nothing for them.

    Being removed or declined, and leaving the meeting or the waiting room, end the
    session: the relay closes the link after the event, and there is nothing to resume.
    """
    if not event.fields or event.fields[0] != pid:
        return None
    if event.kind is EventKind.REMOVED:
        return SessionEnded("removed", REMOVED_MESSAGE)
    if event.kind is EventKind.LEFT:
        return SessionEnded("left", "You left the meeting.")
    if event.kind is EventKind.WAITER_LEFT:
        return SessionEnded("left", "You left the waiting room.")
    if event.kind is EventKind.DECLINED:
        return SessionEnded("declined", event.fields[1] or DECLINED_MESSAGE)
    return None
