"""Crash harness: a device process that enqueues and syncs in a loop, SIGKILLed at random points.

The parent forks a child per "life" (forking keeps a life cheap: no interpreter start-up, the
imports are shared). The child re-opens the outbox, returns stale ``sending`` records to the
queue, then enqueues and syncs until it dies. Each life dies in one of two ways, chosen by the
parent's random generator:

* at a named point, the ``n``-th time the child reaches it (``os.kill(self, SIGKILL)``), e.g.
  ``after_hub_reply``: the hub has stored the batch but the outbox has not marked it sent;
* after a random delay, by the parent (wherever the child happens to be: mid-commit, mid-fsync,
  mid-request).

The child appends every id whose ``enqueue()`` returned to an append-only, fsynced log: these
are the acknowledged transactions that must all reach the hub exactly once.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey

from banshi.services.ids import uuid7
from banshi.services.transactions import Transaction
from banshi.sync.engine import SyncEngine
from banshi.sync.outbox import Outbox, OutboxRecord, OutboxState

NAMED_POINTS = (
    "before_enqueue",
    "after_enqueue_commit",  # committed, but the caller never heard back: not acknowledged
    "after_claim",
    "after_hub_reply",  # the hub stored the batch; the outbox still says `sending`
    "after_mark_sent",
)
DEVICE_ID = "kiosk-crash-01"
EngineFactory = Callable[[Outbox, str], SyncEngine]


@dataclass(frozen=True)
class Death:
    """How one life ends: at the ``hit``-th pass of ``point``, or by the parent after ``delay`` s."""

    point: str | None = None
    hit: int = 1
    delay: float = 0.0


@dataclass
class CampaignResult:
    lives: int = 0
    killed: int = 0
    deaths_by_point: dict[str, int] = field(default_factory=dict)
    integrity_failures: list[str] = field(default_factory=list)


def transaction(device_id: str = DEVICE_ID) -> Transaction:
    now = datetime.now(UTC)
    return Transaction(**{
        "id": uuid7(),
        "service_id": "pension-certification",
        "service_version": 1,
        "answers": {"full_name": "王芳", "phone": "13912345678"},
        "channel": "kiosk",
        "device_id": device_id,
        "created_at": now.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "display": {"masked_name": "王*"},
    })


class _Tripwire:
    def __init__(self, death: Death) -> None:
        self.death = death
        self.passes = 0

    def passing(self, point: str) -> None:
        if point != self.death.point:
            return
        self.passes += 1
        if self.passes >= self.death.hit:
            os.kill(os.getpid(), signal.SIGKILL)


def _crashing_outbox(path: Path, wire: _Tripwire, seal_to: X25519PublicKey | None) -> Outbox:
    class CrashingOutbox(Outbox):
        def enqueue(self, transaction: Transaction) -> OutboxRecord:
            wire.passing("before_enqueue")
            record = super().enqueue(transaction)
            wire.passing("after_enqueue_commit")
            return record

        def claim_batch(self, limit: int) -> list[OutboxRecord]:
            claimed = super().claim_batch(limit)
            wire.passing("after_claim")
            return claimed

        def record_results(self, results: Any) -> None:
            wire.passing("after_hub_reply")
            super().record_results(results)
            wire.passing("after_mark_sent")

    return CrashingOutbox(path, seal_to=seal_to)


def _append_durably(log_fd: int, transaction_id: str) -> None:
    os.write(log_fd, f"{transaction_id}\n".encode("ascii"))
    os.fsync(log_fd)


def _live(workdir: Path, hub_url: str, death: Death, make_engine: EngineFactory,
          seal_to: X25519PublicKey | None) -> None:
    """One life of the device; never returns normally (killed, or ``os._exit``)."""
    wire = _Tripwire(death)
    outbox = _crashing_outbox(workdir / "outbox.sqlite3", wire, seal_to)
    outbox.requeue_stale_sending()
    engine = make_engine(outbox, hub_url)
    log_fd = os.open(workdir / "acknowledged.log", os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    for step in range(1, 400):
        record = outbox.enqueue(transaction())
        _append_durably(log_fd, record.id)
        if step % 3 == 0:
            engine.sync_once()


def _fork_life(workdir: Path, hub_url: str, death: Death, make_engine: EngineFactory,
               seal_to: X25519PublicKey | None) -> int:
    pid = os.fork()
    if pid == 0:  # the child: whatever happens, never return into the parent's code
        code = 0
        try:
            _live(workdir, hub_url, death, make_engine, seal_to)
        except BaseException:  # noqa: BLE001 - reported through the exit code
            code = 3
        finally:
            os._exit(code)
    if death.point is None:
        time.sleep(death.delay)
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    _, status = os.waitpid(pid, 0)
    return status


def integrity(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])


def choose_death(rng: random.Random) -> Death:
    if rng.random() < 0.6:
        return Death(point=rng.choice(NAMED_POINTS), hit=rng.randint(1, 6))
    return Death(delay=rng.uniform(0.0, 0.3))


def run_campaign(
    workdir: Path, hub_url: str, kill_points: int, rng: random.Random, make_engine: EngineFactory,
    seal_to: X25519PublicKey | None = None,
) -> CampaignResult:
    """Kill ``kill_points`` lives of the device, checking the database after each."""
    result = CampaignResult()
    while result.killed < kill_points:
        death = choose_death(rng)
        status = _fork_life(workdir, hub_url, death, make_engine, seal_to)
        result.lives += 1
        if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL:
            result.killed += 1
            name = death.point or "timer"
            result.deaths_by_point[name] = result.deaths_by_point.get(name, 0) + 1
        elif os.WIFEXITED(status) and os.WEXITSTATUS(status) == 3:
            raise AssertionError(f"the device process failed on its own (life {result.lives}, {death})")
        verdict = integrity(workdir / "outbox.sqlite3")
        if verdict != "ok":
            result.integrity_failures.append(f"life {result.lives} ({death}): {verdict}")
    return result


def acknowledged_ids(workdir: Path) -> list[str]:
    """Complete lines of the log (a kill mid-write can leave a torn last line, never acknowledged)."""
    data = (workdir / "acknowledged.log").read_bytes()
    return [line.decode("ascii") for line in data.split(b"\n")[:-1] if len(line) == 36]


def drain(workdir: Path, hub_url: str, make_engine: EngineFactory,
          seal_to: X25519PublicKey | None = None) -> dict[OutboxState, int]:
    """Recover as a restarted device would, then sync until nothing is queued."""
    with Outbox(workdir / "outbox.sqlite3", seal_to=seal_to) as outbox:
        outbox.requeue_stale_sending()
        engine = make_engine(outbox, hub_url)
        try:
            for _ in range(50):
                report = engine.sync_once()
                if report.error is None and outbox.counts()[OutboxState.QUEUED] == 0:
                    break
        finally:
            engine.close()
        return outbox.counts()


def outbox_ids(workdir: Path) -> list[str]:
    with sqlite3.connect(workdir / "outbox.sqlite3") as conn:
        return [row[0] for row in conn.execute("SELECT id FROM outbox")]


def hub_id_counts(hub_database: Path) -> dict[str, int]:
    with sqlite3.connect(hub_database) as conn:
        rows = conn.execute("SELECT id, COUNT(*) FROM transactions WHERE device_id = ? GROUP BY id", (DEVICE_ID,))
        return dict(rows.fetchall())


def hub_conflicts(hub_database: Path) -> int:
    with sqlite3.connect(hub_database) as conn:
        return int(conn.execute("SELECT COUNT(*) FROM conflicts").fetchone()[0])
