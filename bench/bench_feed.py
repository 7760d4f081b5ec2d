"""Change-feed figures: transactions per second delivered to one consumer over loopback.

The hub's database is filled through the real ingest path (``HubStore.ingest``, which appends to the
feed in the same transaction), then a real hub process serves ``GET /v1/feed`` to:
- a bare client paging with ``limit=1000`` and parsing each page (``FeedPage``): the feed's own rate;
- the reference consumer (``banshi hub consume --out``'s code): one file per transaction, one syncfs
  per page, the cursor stored after each page.

Run: .venv/bin/python bench/bench_feed.py [--transactions 50000] [--postgres URL]
``--postgres`` defaults to $POSTGRES_TEST_URL (scripts/postgres.sh start prints one). Prints figures;
the target in ../shared/design/numbers.md is ≥ 5,000 transactions/s to one consumer.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

import httpx

from bench_hub import envelope, on_each_backend
from banshi.sync.feed_consumer import CursorFile, FeedConsumer, OutFolder
from banshi.sync.hub.consumers import ConsumerRegistry
from banshi.sync.hub.process import HubProcess, start_hub_process
from banshi.sync.hub.store import HubStore, create_schema, make_engine
from banshi.sync.protocol import TransactionEnvelope
from banshi.sync.protocol.feed import FEED_PATH, FeedPage

SERVICE = "pension_certification"  # what bench_hub.envelope files


def fill(database_url: str, count: int) -> str:
    """``count`` transactions through the ingest path; returns a consumer token for their service."""
    engine = make_engine(database_url)
    create_schema(engine)
    store = HubStore(engine)
    for start in range(0, count, 1000):
        batch = [TransactionEnvelope.model_validate_json(envelope("bench")) for _ in range(min(1000, count - start))]
        store.ingest("bench", batch)
    token = ConsumerRegistry(engine).add(f"bench-{time.monotonic_ns()}", "bench", [SERVICE])
    engine.dispose()
    return token


def bare_rate(hub: HubProcess, token: str, count: int) -> float:
    with httpx.Client(timeout=60, headers={"Authorization": f"Bearer {token}"}) as client:
        cursor, seen, start = "", 0, time.perf_counter()
        while seen < count:
            response = client.get(hub.url + FEED_PATH, params={"after": cursor, "limit": 1000})
            page = FeedPage.model_validate_json(response.raise_for_status().content)
            seen, cursor = seen + len(page.items), page.next
        return seen / (time.perf_counter() - start)


def consumer_rate(hub: HubProcess, token: str, folder: Path) -> float:
    consumer = FeedConsumer(hub.url, token, OutFolder(folder), CursorFile(folder / ".cursor"))
    start = time.perf_counter()
    delivered = consumer.run(stop_when_idle=True)
    return delivered / (time.perf_counter() - start)


def measure(label: str, database_url: str, folder: Path, args: argparse.Namespace) -> None:
    started = time.perf_counter()
    token = fill(database_url, args.transactions)
    print(f"{label}: {args.transactions:,} transactions ingested in {time.perf_counter() - started:.1f} s")
    with start_hub_process(database_url, log_dir=folder, allow_unsigned=True) as hub:
        bare = [bare_rate(hub, token, args.transactions) for _ in range(args.runs)]
        print(f"{label}: feed to one client, pages of 1,000: median {statistics.median(bare):,.0f} tx/s "
              f"(runs {', '.join(f'{rate:,.0f}' for rate in bare)})")
        files = [consumer_rate(hub, token, folder / f"out-{label}-{run}") for run in range(args.runs)]
        print(f"{label}: reference consumer --out (file per transaction, syncfs per page): median "
              f"{statistics.median(files):,.0f} tx/s (runs {', '.join(f'{rate:,.0f}' for rate in files)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--transactions", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--postgres", default=os.environ.get("POSTGRES_TEST_URL"))
    on_each_backend(measure, parser.parse_args(), "banshi-bench-feed-")


if __name__ == "__main__":
    main()
