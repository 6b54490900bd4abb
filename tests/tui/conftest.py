"""Fixtures of the client's tests (the relay fixtures are in ``tests/conftest.py``)."""

import time

import pytest


@pytest.fixture(autouse=True)
def private_data_folder(tmp_path, monkeypatch):
    """Keep the device key the app makes in a folder of the test's own, not the user's."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))


@pytest.fixture
def utc(monkeypatch):
    """Show times in UTC whatever the machine's zone (snapshots use it)."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def no_color(monkeypatch):
    """Draw as under ``NO_COLOR=1`` (snapshots of the feature files use it)."""
    monkeypatch.setenv("NO_COLOR", "1")


SIZES = [(80, 24), (60, 20)]
"""The terminal sizes every snapshot is taken at."""
SIZE_IDS = ["80x24", "60x20"]
