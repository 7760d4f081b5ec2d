"""The reference consumer as a real process: SIGKILLed again and again while a real hub ingests,
it still ends with every accepted transaction processed exactly once."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from banshi.polling import wait_until
from banshi.sync.hub.process import HubProcess
from banshi.sync.protocol import TransactionEnvelope
from tests.sync.conftest import MakeTransaction
from tests.sync.test_feed import add_consumer, new_service, push

KILLS = 100 if os.environ.get("SOAK") else 4  # each start costs ~1 s of imports (more on a loaded machine)
TRANSACTIONS_PER_KILL = 40


def consumer_command(hub: HubProcess, token_file: Path, *sink: str, stop_when_idle: bool = False) -> list[str]:
    command = [sys.executable, "-m", "banshi.sync.hub", "consume", "--hub", hub.url, "--token-file", str(token_file),
               "--limit", "7", *sink]  # small pages: many cursor stores to be killed between
    return command + (["--stop-when-idle"] if stop_when_idle else [])


def kill_while_it_works(command: list[str], cursor_file: Path, kills: int, rng: random.Random) -> None:
    """Start the consumer, let it store its cursor at least once, SIGKILL it at a random moment; ``kills`` times."""
    for _ in range(kills):
        before = cursor_file.read_bytes() if cursor_file.exists() else b""
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        def stored_a_cursor() -> bool:
            if process.poll() is not None:
                raise AssertionError(f"the consumer exited by itself ({process.returncode})")
            return (cursor_file.read_bytes() if cursor_file.exists() else b"") != before

        wait_until(stored_a_cursor, 60, "the consumer to store its cursor")
        time.sleep(rng.uniform(0.0, 0.15))
        process.send_signal(signal.SIGKILL)
        process.wait()


def ingest_in_background(hub: HubProcess, make_transaction: MakeTransaction, service: str,
                         count: int) -> tuple[threading.Thread, list[TransactionEnvelope]]:
    filed = [make_transaction(service_id=service) for _ in range(count)]

    def run() -> None:
        for start in range(0, count, 10):
            push(hub, filed[start:start + 10])
            time.sleep(0.02)

    thread = threading.Thread(target=run, name="ingest")
    thread.start()
    return thread, [TransactionEnvelope.of(transaction) for transaction in filed]


@pytest.mark.timeout(3600 if os.environ.get("SOAK") else 300)
def test_a_consumer_killed_again_and_again_writes_every_transaction_exactly_once(
    hub: HubProcess, make_transaction: MakeTransaction, tmp_path: Path
) -> None:
    service = new_service()
    token, _ = add_consumer(hub, service)
    (token_file := tmp_path / "token").write_text(token)
    out = tmp_path / "out"
    ingest, filed = ingest_in_background(hub, make_transaction, service, KILLS * TRANSACTIONS_PER_KILL)
    kill_while_it_works(consumer_command(hub, token_file, "--out", str(out)), out / ".cursor", KILLS,
                        random.Random(15))
    ingest.join()
    subprocess.run(consumer_command(hub, token_file, "--out", str(out), stop_when_idle=True), check=True,
                   capture_output=True, timeout=120)
    written = {path.stem: path.read_bytes() for path in out.glob("*.json")}
    assert written == {envelope.id: envelope.canonical_bytes() for envelope in filed}


@pytest.mark.timeout(300)
def test_a_command_consumer_killed_mid_run_redelivers_at_most_the_transaction_it_was_on(
    hub: HubProcess, make_transaction: MakeTransaction, tmp_path: Path
) -> None:
    """``--exec`` stores the cursor after each command: a kill repeats at most one command per kill."""
    service = new_service()
    token, _ = add_consumer(hub, service)
    (token_file := tmp_path / "token").write_text(token)
    log, cursor = tmp_path / "processed.log", tmp_path / "cursor"
    ingest, filed = ingest_in_background(hub, make_transaction, service, 30)
    ingest.join()
    sink = ["--exec", f"sh -c 'echo $BANSHI_TRANSACTION_ID >> {log}'", "--cursor-file", str(cursor)]
    kills = 2
    kill_while_it_works(consumer_command(hub, token_file, *sink), cursor, kills, random.Random(7))
    subprocess.run(consumer_command(hub, token_file, *sink, stop_when_idle=True), check=True, capture_output=True,
                   timeout=300)
    processed = log.read_text().split()
    assert set(processed) == {envelope.id for envelope in filed}
    assert len(processed) - len(filed) <= kills
