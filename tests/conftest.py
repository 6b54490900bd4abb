"""Shared fixtures: a real relay on 127.0.0.1 (an ephemeral port) over a fresh database."""

import os

import pytest_asyncio
from hypothesis import settings

from server.relay import Relay

# CI must be deterministic: the same examples on every run there (a new failing example
# is found by developers' runs, which stay random).
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest_asyncio.fixture
async def relay(tmp_path):
    """A started relay on a free loopback port, stopped after the test."""
    running = Relay(tmp_path / "relay.sqlite3", "127.0.0.1", 0, grace_seconds=120.0)
    await running.start()
    try:
        yield running
    finally:
        await running.stop()


@pytest_asyncio.fixture
async def room(relay):
    """The room "demo" ("Demo meeting") on the relay: (name, facilitator key)."""
    key = relay.create_room("demo", "Demo meeting")
    return "demo", key
