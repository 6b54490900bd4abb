"""The relay's health in numbers: what ``GET /metrics`` shows, in the Prometheus text format.

``RelayMetrics`` owns one private ``CollectorRegistry`` (never prometheus-client's global
one, so several relays in one process keep their own counts) and a narrow API that the
places already doing each thing call in one line: ``committed`` (events by kind and the
commit's time, ``server.recording``), ``fanout_seconds`` and ``slow_reader_dropped`` (``server.room``),
``rate_limited`` (``server.flood_guard``), ``connection_opened``/``connection_closed`` and
``refused`` (``server.connection``). Rooms loaded and people present are read from the
live rooms at scrape time (``watch_rooms``), so they can never drift.

What it must never hold: a person's name, what anyone wrote, a room key, a token or an
address. The only free label is the room's name, which the public ``/rooms`` directory
already shows; every other label comes from a fixed vocabulary (event kind names,
refusal codes, allowance names).
"""

import hmac
from collections.abc import Callable, Iterable, Iterator, Mapping

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from protocol.frames import Event

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
"""The media type of a scrape's answer (Prometheus text format 0.0.4)."""

_LATENCY_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)
"""Seconds: a commit with ``synchronous=FULL`` takes about a millisecond on a quiet disk."""

PresentCounts = Callable[[], Mapping[str, int]]
"""People present in the meeting per loaded room, by room name."""


class _RoomsCollector(Collector):
    """Rooms loaded and people present, read from the live rooms when scraped."""

    def __init__(self) -> None:
        self.present: PresentCounts = dict

    def collect(self) -> Iterator[GaugeMetricFamily]:
        counts = self.present()
        loaded = GaugeMetricFamily("talkingstick_rooms_loaded", "Rooms loaded by the relay.")
        loaded.add_metric([], len(counts))
        yield loaded
        people = GaugeMetricFamily(
            "talkingstick_participants_present",
            "People connected and in the meeting (not the waiting room), per room.",
            labels=["room"],
        )
        for room, count in sorted(counts.items()):
            people.add_metric([room], count)
        yield people


class RelayMetrics:
    """Every number the relay shows its operator, in a registry of its own."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self._connections = Gauge(
            "talkingstick_connections_open", "Websocket connections open.", registry=self.registry
        )
        self._events = Counter(
            "talkingstick_events_recorded",
            "Events committed to the store, by event kind.",
            ["kind"],
            registry=self.registry,
        )
        self._commit = Histogram(
            "talkingstick_commit_seconds",
            "Time to number, apply and commit one command's events.",
            buckets=_LATENCY_BUCKETS,
            registry=self.registry,
        )
        self._fanout = Histogram(
            "talkingstick_fanout_seconds",
            "Time to queue one event for everyone who receives it.",
            buckets=_LATENCY_BUCKETS,
            registry=self.registry,
        )
        self._slow_readers = Counter(
            "talkingstick_slow_readers_dropped",
            "Connections dropped because they stopped reading.",
            registry=self.registry,
        )
        self._refused = Counter(
            "talkingstick_joins_refused",
            "Connections turned away at the door, by refusal code.",
            ["reason"],
            registry=self.registry,
        )
        self._rate_limited = Counter(
            "talkingstick_rate_limited",
            "Commands refused for speed, by allowance.",
            ["allowance"],
            registry=self.registry,
        )
        self._rooms = _RoomsCollector()
        self.registry.register(self._rooms)

    def watch_rooms(self, present: PresentCounts) -> None:
        """Read rooms loaded and people present from ``present`` at each scrape."""
        self._rooms.present = present

    def connection_opened(self) -> None:
        """A websocket connection was accepted."""
        self._connections.inc()

    def connection_closed(self) -> None:
        """A websocket connection ended."""
        self._connections.dec()

    def recorded(self, events: Iterable[Event]) -> None:
        """Count committed events by kind."""
        for event in events:
            self._events.labels(event.kind.name).inc()

    def committed(self, events: list[Event], seconds: float) -> None:
        """One commit of ``events`` took ``seconds``."""
        self.recorded(events)
        self.commit_seconds(seconds)

    def commit_seconds(self, seconds: float) -> None:
        """One commit took ``seconds``."""
        self._commit.observe(seconds)

    def fanout_seconds(self, seconds: float) -> None:
        """Queueing one event for its audience took ``seconds``."""
        self._fanout.observe(seconds)

    def slow_reader_dropped(self) -> None:
        """A connection was dropped for not reading."""
        self._slow_readers.inc()

    def refused(self, reason: str) -> None:
        """A connection was turned away with the refusal code ``reason`` (never free text)."""
        self._refused.labels(reason).inc()

    def rate_limited(self, allowance: str) -> None:
        """A command was refused for speed under ``allowance``."""
        self._rate_limited.labels(allowance).inc()

    def exposition(self) -> bytes:
        """The scrape's body in the Prometheus text format."""
        return generate_latest(self.registry)


class MetricsAccess:
    """Who may read ``/metrics``: loopback only unless opened up, and a bearer token if set.

    Counts say how busy a support group is and when it meets, so the default is the
    operator's own machine (a Prometheus on the same host, or an SSH tunnel).
    """

    def __init__(self, metrics: RelayMetrics, token: str | None = None, from_anywhere: bool = False) -> None:
        self.metrics = metrics
        self.token = token
        self.from_anywhere = from_anywhere

    def allows(self, loopback: bool, authorization: str | None) -> bool:
        """Whether a scrape from a loopback address or not, with this ``Authorization`` header, is served."""
        if not (loopback or self.from_anywhere):
            return False
        if self.token is None:
            return True
        return hmac.compare_digest((authorization or "").encode(), f"Bearer {self.token}".encode())
