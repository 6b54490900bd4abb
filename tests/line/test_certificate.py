"""Line mode and a relay whose certificate this computer cannot verify."""

import asyncio

from tests.line.helpers import FAST
from tests.tls_certs import tls_relay
from tests.wire_client import TIMEOUT
from tui.core.session import Session
from tui.line.app import LineMode


async def _nothing_typed():
    await asyncio.Event().wait()
    yield ""


async def test_an_unverified_certificate_is_one_plain_line_and_an_end(tmp_path):
    """Without --cafile line mode prints the sentence naming --cafile and ends instead of retrying."""
    async with tls_relay(tmp_path) as (relay, _, _):
        printed: list[str] = []
        mode = LineMode(Session(relay.url("demo"), "Ann", **FAST), printed.append)
        status = await asyncio.wait_for(mode.run(_nothing_typed()), TIMEOUT)
    assert status == 1
    assert printed == [
        "! The relay's certificate could not be verified: it is not signed by an authority this "
        "computer trusts. Ask your host for their certificate authority file and pass it with --cafile."
    ]


async def test_line_mode_with_the_authority_joins(tmp_path):
    """With the group's authority line mode is welcomed over wss://."""
    async with tls_relay(tmp_path) as (relay, group, _):
        printed: list[str] = []
        session = Session(relay.url("demo"), "Ann", cafile=group.cafile, **FAST)
        task = asyncio.create_task(LineMode(session, printed.append).run(_nothing_typed()))
        try:
            async with asyncio.timeout(TIMEOUT):
                while not any("/help lists the commands" in line for line in printed):
                    await asyncio.sleep(0.02)
        finally:
            await session.close()
            task.cancel()
