"""The relay's accept errors: one log line a minute at most when sockets run out."""

import asyncio
import logging
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from server.accept_errors import OncePer, quiet_accept_errors

ROOT = Path(__file__).resolve().parents[2]


def test_once_per_lets_one_through_a_minute_and_counts_the_rest():
    """OncePer allows the first, holds back the next ones within the minute, then tells how many."""
    now = [0.0]
    limiter = OncePer(60.0, clock=lambda: now[0])
    assert limiter.allow() == 0
    for second in range(1, 60):
        now[0] = float(second)
        assert limiter.allow() is None
    now[0] = 60.0
    assert limiter.allow() == 59


async def test_a_storm_of_accept_errors_logs_one_line(caplog):
    """A hundred accept errors through the loop's handler log one line; other errors pass on."""
    loop = asyncio.get_running_loop()
    previous = loop.get_exception_handler()
    passed_on = []
    loop.set_exception_handler(lambda _loop, context: passed_on.append(context["message"]))
    try:
        quiet_accept_errors(loop)
        with caplog.at_level(logging.ERROR, logger="server.accept_errors"):
            for _ in range(100):
                loop.call_exception_handler(
                    {
                        "message": "socket.accept() out of system resource",
                        "exception": OSError(24, "Too many"),
                    }
                )
            loop.call_exception_handler({"message": "something else"})
    finally:
        loop.set_exception_handler(previous)
    assert len([r for r in caplog.records if r.name == "server.accept_errors"]) == 1
    assert passed_on == ["something else"]


RELAY_WITH_FEW_FILES = textwrap.dedent(
    """
    import asyncio, logging, resource, socket, sys
    sys.path.insert(0, sys.argv[1])
    from server.relay import Relay

    async def main():
        logging.basicConfig(level=logging.INFO, stream=sys.stderr)
        relay = Relay(sys.argv[2])
        await relay.start()
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        resource.setrlimit(resource.RLIMIT_NOFILE, (64, hard))
        held = []
        try:
            for _ in range(200):  # fill every descriptor with connections the relay must accept
                try:
                    sock = socket.create_connection(("127.0.0.1", relay.port))
                    sock.setblocking(False)
                    held.append(sock)
                except OSError:
                    break
                await asyncio.sleep(0)
            await asyncio.sleep(3.5)  # asyncio retries accept every second
        finally:
            for sock in held:
                sock.close()
            resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
            await relay.stop()

    asyncio.run(main())
    """
)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_NOFILE as on the relay's hosts")
def test_a_relay_out_of_file_descriptors_logs_at_most_one_line(tmp_path):
    """A subprocess relay limited to 64 files, flooded for 3.5 s, logs one accept error, not one a second."""
    script = tmp_path / "relay_with_few_files.py"
    script.write_text(RELAY_WITH_FEW_FILES)
    done = subprocess.run(
        [sys.executable, str(script), str(ROOT), str(tmp_path / "relay.sqlite3")],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    lines = [line for line in done.stderr.splitlines() if "accept" in line]
    assert 1 <= len([line for line in lines if "cannot accept connections" in line]) <= 1, done.stderr[-2000:]
    assert not [line for line in lines if "socket.accept() out of system resource" in line], done.stderr[
        -2000:
    ]
