"""Relay: ``GET /metrics`` on a real relay shows the meeting's health and nothing of who said what."""

import asyncio

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from protocol import CommandKind
from server.door_limits import DoorLimits
from server.metrics import MetricsAccess, RelayMetrics
from server.relay import Relay
from tests.server.flood_helpers import flood, hand_toggles, refused
from tests.wire_client import TIMEOUT, WireClient

SAID = "a distinctive share about the blue kettle qz"
NAMES = ("Wilhelmina Zed", "Oksanavee")


def samples(body: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of a scrape, by name and labels."""
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(body)
        for sample in family.samples
    }


async def scrape(relay: Relay, token: str | None = None) -> httpx.Response:
    """One scrape of the relay's ``/metrics``."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    async with httpx.AsyncClient(timeout=TIMEOUT) as http:
        return await http.get(f"{relay.http_url}/metrics", headers=headers)


async def test_metrics_move_during_a_meeting_and_name_nobody(relay, room):
    """Events, people present and a refused key show in the scrape; no name, text or key does."""
    name, key = room
    before = samples((await scrape(relay)).text)
    fac = await WireClient.join(relay.url(name), NAMES[0], key)
    member = await WireClient.join(relay.url(name), NAMES[1])
    await member.answer_to(await member.send(CommandKind.SAY, SAID))
    with pytest.raises(AssertionError):
        await WireClient.join(relay.url(name), "Intruder", "not-the-key")
    answer = await scrape(relay)
    after = samples(answer.text)
    assert answer.status_code == 200
    assert after[("talkingstick_participants_present", (("room", name),))] == 2
    assert after[("talkingstick_joins_refused_total", (("reason", "bad_key"),))] == 1
    recorded = sum(v for (n, _), v in after.items() if n == "talkingstick_events_recorded_total")
    recorded_before = sum(v for (n, _), v in before.items() if n == "talkingstick_events_recorded_total")
    assert recorded >= recorded_before + 3  # two arrivals and a message
    assert after[("talkingstick_commit_seconds_count", ())] > 0
    assert after[("talkingstick_fanout_seconds_count", ())] > 0
    for secret in (
        SAID,
        *NAMES,
        key,
        "Intruder",
        "not-the-key",
        fac.welcome.resume_token,
        member.welcome.resume_token,
    ):
        assert secret not in answer.text
    await fac.close()
    await member.close()


async def test_connections_open_counts_live_sockets(relay, room):
    """The open-connections gauge rises with a client and falls when it leaves."""
    name, _ = room
    member = await WireClient.join(relay.url(name), "Member")
    assert samples((await scrape(relay)).text)[("talkingstick_connections_open", ())] == 1
    await member.close()
    async with asyncio.timeout(TIMEOUT):
        while samples((await scrape(relay)).text)[("talkingstick_connections_open", ())] != 0:
            await asyncio.sleep(0.02)


async def test_a_metrics_token_is_required_once_set(tmp_path):
    """With a token, a scrape without it is refused 403 and one with it is served."""
    async with Relay(tmp_path / "relay.sqlite3", metrics_token="scrape-secret") as relay:
        assert (await scrape(relay)).status_code == 403
        assert (await scrape(relay, "wrong")).status_code == 403
        served = await scrape(relay, "scrape-secret")
        assert served.status_code == 200 and "scrape-secret" not in served.text


def test_metrics_are_loopback_only_unless_opened_up():
    """A scraper from elsewhere is refused unless the relay opened metrics to anywhere."""
    metrics = RelayMetrics()
    assert not MetricsAccess(metrics).allows(loopback=False, authorization=None)
    assert MetricsAccess(metrics).allows(loopback=True, authorization=None)
    assert MetricsAccess(metrics, from_anywhere=True).allows(loopback=False, authorization=None)
    opened = MetricsAccess(metrics, token="t", from_anywhere=True)
    assert not opened.allows(loopback=False, authorization=None)
    assert opened.allows(loopback=False, authorization="Bearer t")


async def test_two_relays_keep_their_own_counts(tmp_path, relay, room):
    """A second relay in the same process starts from zero, whatever the first counted."""
    name, key = room
    fac = await WireClient.join(relay.url(name), "Ingeborg", key)
    async with Relay(tmp_path / "other.sqlite3") as other:
        body = (await scrape(other)).text
    assert "talkingstick_events_recorded_total{" not in body
    assert samples(body)[("talkingstick_rooms_loaded", ())] == 0
    await fac.close()


async def test_loopback_scrapes_cost_no_http_budget(tmp_path):
    """Scraping from loopback more often than the HTTP budget allows is still served."""
    async with Relay(tmp_path / "relay.sqlite3", door=DoorLimits(http_per_address=2)) as relay:
        answers = [(await scrape(relay)).status_code for _ in range(5)]
    assert answers == [200] * 5


async def test_rate_limit_hits_are_counted_by_allowance(relay, room):
    """Hands raised and lowered faster than allowed show in the rate-limit counter under ``hand``."""
    name, _ = room
    member = await WireClient.join(relay.url(name), "Member")
    answers = await flood(member, hand_toggles(40))
    assert refused(answers)
    counted = samples((await scrape(relay)).text)[
        ("talkingstick_rate_limited_total", (("allowance", "hand"),))
    ]
    assert counted == len(refused(answers))
    await member.close()
