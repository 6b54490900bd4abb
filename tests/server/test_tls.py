"""The relay over TLS: a meeting on wss://, the lobby on https://, refusals and certificate reloads."""

import asyncio
import ssl

import pytest
import pytest_asyncio

from protocol import CommandKind
from server.relay import Relay
from server.tls import TlsError, TlsFiles
from tests.client.session_helpers import running, until
from tests.tls_certs import issue, make_authority
from tui.core.relay_http import FetchError, fetch_json
from tui.core.tls import certificate_problem, client_context
from tui.core.updates import ConnectionStatus, SessionEnded

UNTRUSTED = (
    "The relay's certificate could not be verified: it is not signed by an authority this "
    "computer trusts. Ask your host for their certificate authority file and pass it with --cafile."
)


@pytest.fixture
def group(tmp_path):
    return make_authority(tmp_path / "tls")


@pytest_asyncio.fixture
async def tls_relay(tmp_path, group):
    """A relay serving wss:// with the group's certificate, with the room "demo"."""
    relay = Relay(tmp_path / "relay.sqlite3", "127.0.0.1", 0, tls=group.files)
    relay.key = relay.store.create_room("demo", "Demo meeting")
    await relay.start()
    try:
        yield relay
    finally:
        await relay.stop()


async def _handshake(port: int, cafile) -> None:
    """A bare TLS handshake with the relay, trusting only the computer and ``cafile``."""
    _, writer = await asyncio.open_connection("127.0.0.1", port, ssl=client_context(cafile))
    writer.close()
    await writer.wait_closed()


async def test_a_meeting_over_wss_with_the_groups_authority(tls_relay, group):
    """A session given the group's authority joins over wss:// and its message reaches the room."""
    assert tls_relay.url("demo").startswith("wss://")
    async with running(tls_relay.url("demo"), "Ann", tls_relay.key, cafile=group.cafile) as ann:
        await ann.connected()
        request_id = ann.session.send(CommandKind.SAY, "hello over TLS")
        await until(lambda: ann.settled(request_id))
    assert [m.text for m in tls_relay.room("demo").state.transcript][-1] == "hello over TLS"


async def test_a_client_without_the_authority_is_refused_in_one_sentence(tls_relay):
    """Without --cafile the session ends at once with the plain sentence, and does not retry."""
    async with running(tls_relay.url("demo"), "Ann") as ann:
        await until(lambda: ann.session.status is ConnectionStatus.CLOSED)
    ended = ann.of(SessionEnded)
    assert [(e.code, e.message) for e in ended] == [("certificate", UNTRUSTED)]
    assert all(person.name != "Ann" for person in tls_relay.room("demo").state.participants.values())


async def test_the_lobby_fetches_rooms_over_https_with_the_authority(tls_relay, group):
    """GET /rooms on the same port answers over https:// when the group's authority is trusted."""
    rooms = await fetch_json(tls_relay.http_url + "/rooms", group.cafile)
    assert [room["name"] for room in rooms] == ["demo"]


async def test_the_lobby_without_the_authority_gets_the_plain_sentence(tls_relay):
    """An https:// fetch of an unknown authority fails, and the failure reads as the same sentence."""
    with pytest.raises(FetchError) as caught:
        await fetch_json(tls_relay.http_url + "/rooms")
    assert certificate_problem(caught.value) == UNTRUSTED


async def test_reload_takes_up_a_renewed_certificate(tls_relay, group, tmp_path):
    """After the files are replaced by another authority's, reload makes new handshakes use them."""
    renewed = make_authority(tmp_path / "renewed", "renewed")
    issue(renewed.authority, group.files)  # the same paths, as certbot renews in place
    await _handshake(tls_relay.port, group.cafile)  # not reloaded yet: the old certificate
    assert tls_relay.reload_certificate()
    await _handshake(tls_relay.port, renewed.cafile)
    with pytest.raises(ssl.SSLCertVerificationError):
        await _handshake(tls_relay.port, group.cafile)


async def test_a_failed_reload_keeps_the_old_certificate(tls_relay, group):
    """A broken certificate file on reload is refused and the relay keeps serving the old one."""
    group.files.certificate.write_text("not a certificate")
    assert not tls_relay.reload_certificate()
    await _handshake(tls_relay.port, group.cafile)


def test_a_relay_with_unusable_files_does_not_start(tmp_path, group):
    """A key that does not match the certificate is refused in a sentence naming both files."""
    other = make_authority(tmp_path / "other", "other")
    with pytest.raises(TlsError, match="matching private key"):
        Relay(tmp_path / "relay.sqlite3", tls=TlsFiles(group.files.certificate, other.files.key))
    assert not (tmp_path / "relay.sqlite3").exists()


async def test_a_hostname_mismatch_reads_as_its_own_sentence(tmp_path):
    """A certificate made for another name is explained as such, not as an unknown authority."""
    elsewhere = make_authority(tmp_path / "elsewhere", "elsewhere", host="relay.example.org")
    relay = Relay(tmp_path / "relay.sqlite3", "127.0.0.1", 0, tls=elsewhere.files)
    relay.store.create_room("demo", "Demo meeting")
    async with relay, running(relay.url("demo"), "Ann", cafile=elsewhere.cafile) as ann:
        await until(lambda: ann.session.status is ConnectionStatus.CLOSED)
    assert "made for another name" in ann.of(SessionEnded)[0].message
