"""Fixtures of the client's tests (the relay fixtures are in ``tests/conftest.py``)."""

import time

import pytest


@pytest.fixture
def utc(monkeypatch):
    """Show times in UTC whatever the machine's zone (snapshots use it)."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()
