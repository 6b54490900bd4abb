"""Relay: an acknowledged event survives the relay process being killed outright."""

import asyncio
import os
import re
import signal
import subprocess
import sys

from protocol import CommandKind, Event, RoomState
from server.store import Store
from tests.wire_client import TIMEOUT, WireClient


async def _start_relay(db) -> tuple[subprocess.Popen, int]:
    """Run ``talkingstick-relay serve`` on a free port; return the process and its port."""
    process = subprocess.Popen(
        [sys.executable, "-m", "server.cli", "serve", "--db", str(db), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=os.path.dirname(os.path.dirname(os.path.dirname(__file__))),
    )
    line = await asyncio.wait_for(asyncio.to_thread(process.stdout.readline), TIMEOUT)
    match = re.search(r":(\d+)/ROOM", line)
    assert match, f"relay did not start: {line!r}"
    return process, int(match.group(1))


async def test_acknowledged_events_survive_sigkill(tmp_path):
    """Every message whose event reached its sender is still there after kill -9 and a restart."""
    db = tmp_path / "relay.sqlite3"
    store = Store(db)
    key = store.create_room("demo", "Demo")
    store.close()
    process, port = await _start_relay(db)
    try:
        fac = await WireClient.join(f"ws://127.0.0.1:{port}/demo", "Fran", key)
        acknowledged = []
        for number in range(20):
            answer = await fac.answer_to(await fac.send(CommandKind.SAY, f"message {number}"))
            assert isinstance(answer, Event)
            acknowledged.append(answer.seq)
        process.send_signal(signal.SIGKILL)
        process.wait(TIMEOUT)
    finally:
        if process.poll() is None:
            process.kill()
    process, port = await _start_relay(db)
    try:
        # Resume from the very start: a newcomer would hear none of the earlier shares.
        token = fac.welcome.resume_token
        fac = await WireClient.join(
            f"ws://127.0.0.1:{port}/demo", "Fran", key,
            token=token, last_seq=0, state=RoomState("demo", "Demo"),
        )
        await fac.caught_up(acknowledged[-1])
        texts = [m.text for m in fac.state.transcript]
        assert texts == [f"message {n}" for n in range(20)]
        await fac.close()
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(TIMEOUT)
