"""The client's link reports against a real relay: sent at their rate, acknowledged, never shown to anyone."""

import asyncio
import contextlib

from protocol import CommandKind
from tests.client.session_helpers import running, server_side, until
from tests.wire_client import WireClient
from tui.core.intents import Intents
from tui.core.link_report import LinkReporter, awaited_count
from tui.core.updates import CommandRefused, ConnectionStatus


@contextlib.asynccontextmanager
async def reporting(reporter: LinkReporter):
    task = asyncio.create_task(reporter.run())
    try:
        yield reporter
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def test_reports_go_out_and_are_acknowledged(relay, room):
    """Reports leave at the reporter's rate and the relay's acks clear them from the outbox."""
    async with running(relay.url("demo"), "Ann") as ann:
        await ann.connected()
        async with reporting(LinkReporter(ann.session, every=0.05)) as reporter:
            await until(lambda: reporter.sent >= 3)
        await until(lambda: not ann.session.pending)
        assert not ann.of(CommandRefused)


async def test_a_fine_link_records_nothing(relay, room):
    """Reports from a quick, up-to-date link add no event to the room."""
    async with running(relay.url("demo"), "Ann") as ann:
        await ann.connected()
        seq = relay.room("demo").state.seq
        async with reporting(LinkReporter(ann.session, every=0.05)) as reporter:
            await until(lambda: reporter.sent >= 3)
        await until(lambda: not ann.session.pending)
        assert relay.room("demo").state.seq == seq


async def test_a_report_follows_a_resume(relay, room):
    """A moment after the link comes back, a report tells the relay how the screen stands."""
    async with running(relay.url("demo"), "Ann") as ann:
        await ann.connected()
        async with reporting(LinkReporter(ann.session, every=3600, after_resume=0.05)) as reporter:
            server_side(relay, ann.session.pid).transport.abort()
            await until(lambda: reporter.sent == 1)


async def test_no_report_while_one_is_unanswered(relay, room):
    """A report still waiting for the relay holds back the next, so a slow link never queues them."""
    async with running(relay.url("demo"), "Ann") as ann:
        await ann.connected()
        reporter = LinkReporter(ann.session)
        await relay.stop()
        await until(lambda: ann.session.status is not ConnectionStatus.CONNECTED)
        ann.session.send(CommandKind.LINK_REPORT, 80, 1)
        assert not reporter.report()


async def test_reports_are_not_counted_as_waiting_commands(relay, room):
    """The status line's count of commands on their way leaves link reports out."""
    async with running(relay.url("demo"), "Ann") as ann:
        await ann.connected()
        await relay.stop()
        await until(lambda: ann.session.status is not ConnectionStatus.CONNECTED)
        ann.session.send(CommandKind.LINK_REPORT, 80, 1)
        ann.session.send(CommandKind.SAY, "typed offline")
        assert awaited_count(ann.session) == 1


async def test_step_out_or_back_toggles(relay, room):
    """The step-out intent steps out, then comes back, as the room copy says."""
    fran = await WireClient.join(relay.url("demo"), "Fran", room[1])
    async with running(relay.url("demo"), "Ann") as ann:
        await ann.connected()
        intents = Intents(ann.session)
        intents.step_out_or_back()
        await until(lambda: ann.session.pid in ann.session.state.stepped_out)
        intents.step_out_or_back()
        await until(lambda: ann.session.pid not in ann.session.state.stepped_out)
    await fran.close()
