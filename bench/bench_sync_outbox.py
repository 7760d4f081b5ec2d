"""Outbox and sync figures: durable enqueue rate, and draining 10,000 transactions to a hub.

Run: .venv/bin/python bench/bench_sync_outbox.py [--runs 5] [--enqueues 1000] [--drain 10000]
Prints figures (not pass/fail); targets in ../shared/design/numbers.md: enqueue ≥ 500/s,
10,000 drained to a loopback hub ≤ 10 s.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from banshi.services.ids import uuid7
from banshi.services.transactions import Transaction
from banshi.sync.engine import SyncEngine
from banshi.sync.hub.process import start_hub_process
from banshi.sync.outbox import Outbox, OutboxState

DEVICE = "bench-device"


def transaction() -> Transaction:
    now = datetime.now(UTC)
    return Transaction(**{
        "id": uuid7(),
        "service_id": "pension_certification",
        "service_version": 1,
        "answers": {"full_name": "张伟", "id_number": "11010519491231002X", "phone": "13812345678", "alive": "yes"},
        "channel": "kiosk",
        "device_id": DEVICE,
        "created_at": now.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "display": {"service_title_zh_CN": "养老金资格认证", "service_title_en": "Pension", "masked_name": "张*"},
    })


def enqueue_rate(folder: Path, count: int, synchronous: str = "FULL") -> float:
    with Outbox(folder / f"enqueue-{uuid7()}.sqlite3") as box:
        box._conn.execute(f"PRAGMA synchronous = {synchronous}")  # NORMAL only as the comparison
        items = [transaction() for _ in range(count)]
        start = time.perf_counter()
        for item in items:
            box.enqueue(item)
        return count / (time.perf_counter() - start)


def raw_sqlite_rate(folder: Path, count: int) -> float:
    """The floor set by the disk: bare sqlite3, WAL + FULL, one 500-byte row per committed transaction."""
    conn = sqlite3.connect(folder / f"raw-{uuid7()}.sqlite3", isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("CREATE TABLE t (id TEXT PRIMARY KEY, payload BLOB)")
    start = time.perf_counter()
    for _ in range(count):
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO t VALUES (?, ?)", (uuid7(), os.urandom(500)))
        conn.execute("COMMIT")
    elapsed = time.perf_counter() - start
    conn.close()
    return count / elapsed


def drain_seconds(folder: Path, count: int, batch_size: int) -> tuple[float, float]:
    """(seconds to enqueue ``count``, seconds for one sync_once to drain them to a fresh hub)."""
    with Outbox(folder / f"drain-{uuid7()}.sqlite3") as box:
        start = time.perf_counter()
        for _ in range(count):
            box.enqueue(transaction())
        enqueued = time.perf_counter() - start
        with start_hub_process(f"sqlite:///{folder / f'hub-{uuid7()}.sqlite3'}", log_dir=folder, allow_unsigned=True) as hub:
            engine = SyncEngine(box, hub.url, DEVICE, batch_size=batch_size, timeout=60.0)
            start = time.perf_counter()
            report = engine.sync_once()
            drained = time.perf_counter() - start
            engine.close()
        if report.accepted != count or box.counts()[OutboxState.ACCEPTED] != count:
            raise SystemExit(f"drain incomplete: {report}")
    return enqueued, drained


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--enqueues", type=int, default=1000)
    parser.add_argument("--drain", type=int, default=10_000)
    parser.add_argument("--batch-size", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-sync-") as tmp:
        folder = Path(tmp)
        # Interleaved so that fsync latency drifting during the run hits all three alike.
        full, raw, normal = [], [], []
        for _ in range(args.runs):
            full.append(enqueue_rate(folder, args.enqueues))
            raw.append(raw_sqlite_rate(folder, args.enqueues))
            normal.append(enqueue_rate(folder, args.enqueues, "NORMAL"))
        full_rate, raw_rate, normal_rate = (statistics.median(rates) for rates in (full, raw, normal))
        print(f"durable enqueue (WAL, synchronous=FULL): median {full_rate:,.0f} transactions/s "
              f"over {args.runs} runs of {args.enqueues} (min {min(full):,.0f}, max {max(full):,.0f})")
        print(f"  bare sqlite3 insert+commit, same settings (the disk's floor): {raw_rate:,.0f}/s; "
              f"outbox reaches {full_rate / raw_rate:.0%} of it")
        print(f"  synchronous=NORMAL (not durable on power loss): {normal_rate:,.0f}/s; "
              f"durability costs {normal_rate / full_rate:.2f}x")
        enqueued, drained = drain_seconds(folder, args.drain, args.batch_size)
        print(f"enqueue {args.drain:,} (one durable commit each): {enqueued:.2f} s")
        print(f"drain {args.drain:,} to a loopback hub subprocess (SQLite, batch {args.batch_size}): {drained:.2f} s "
              f"= {args.drain / drained:,.0f} transactions/s end to end")


if __name__ == "__main__":
    main()
