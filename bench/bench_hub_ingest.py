"""Hub ingest throughput with answers stored in clear and encrypted at rest, measured in one run.

Both sides run the same work on fresh databases, alternating (clear, encrypted, clear, ...) so that
load from anything else on the machine falls on both: batches of ``--batch`` new filings (about
1 KB of answers each, like a pension certification with an address) through ``HubStore.ingest``,
one commit per batch, as the hub's writer does. This is the store alone, without HTTP, signatures
or unsealing, so the share encryption adds here is an upper bound on its share of a real push.

Run: .venv/bin/python bench/bench_hub_ingest.py [--filings 5000] [--batch 100] [--rounds 3] [--postgres URL]
``--postgres`` defaults to $POSTGRES_TEST_URL; without it only SQLite is measured.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url

from banshi.services.ids import uuid7
from banshi.services.transactions import utc_iso
from banshi.sync.hub.at_rest import StorageKeys
from banshi.sync.hub.store import HubStore, create_schema, make_engine
from banshi.sync.protocol import TransactionEnvelope

DEVICE = "kiosk-bench-01"


def _filings(count: int) -> list[TransactionEnvelope]:
    now = datetime.now(UTC)
    answers = {"full_name": "张伟", "id_number": "110101195003071234", "phone": "13812345678",
               "address": "北京市东城区景山前街4号院" * 8, "still_living_here": "yes", "bank": "6222020200112233445",
               "note": "本人确认以上信息真实有效" * 6}
    return [TransactionEnvelope(id=uuid7(int(now.timestamp() * 1000) + i), service_id="pension-certification",
                                service_version=1, answers=answers, channel="kiosk", device_id=DEVICE,
                                created_at=utc_iso(now)) for i in range(count)]


def _database(backend: str, folder: Path, postgres: str | None) -> str:
    if backend == "sqlite":
        return f"sqlite:///{folder / f'{uuid.uuid4().hex}.sqlite3'}"
    assert postgres is not None
    name = f"bench_ingest_{uuid.uuid4().hex[:10]}"
    url = make_url(postgres)
    with psycopg.connect(host=url.host, port=url.port, user=url.username, dbname=url.database, autocommit=True) as db:
        db.execute(f"CREATE DATABASE {name}")
    return postgres.rsplit("/", 1)[0] + "/" + name


def _rate(url: str, keys: StorageKeys | None, filings: list[TransactionEnvelope], batch: int) -> float:
    engine = make_engine(url)
    try:
        create_schema(engine)
        store = HubStore(engine, keys)
        started = time.perf_counter()
        for start in range(0, len(filings), batch):
            results = store.ingest(DEVICE, filings[start : start + batch])
            assert all(result.status == "accepted" for result in results)
        return len(filings) / (time.perf_counter() - started)
    finally:
        engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--filings", type=int, default=5000)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--postgres", default=os.environ.get("POSTGRES_TEST_URL"))
    args = parser.parse_args()
    filings = _filings(args.filings)
    print(f"{args.filings} filings of {len(filings[0].canonical_bytes())} bytes, batches of {args.batch}, "
          f"{args.rounds} alternating rounds; transactions/s (median of rounds)")
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as scratch:
        folder = Path(scratch)
        keys = StorageKeys.load_or_create(folder / "keys")
        for backend in ["sqlite"] + (["postgres"] if args.postgres else []):
            clear, sealed = [], []
            for _ in range(args.rounds):
                clear.append(_rate(_database(backend, folder, args.postgres), None, filings, args.batch))
                sealed.append(_rate(_database(backend, folder, args.postgres), keys, filings, args.batch))
            before, after = statistics.median(clear), statistics.median(sealed)
            print(f"{backend:9s} in clear {before:7.0f}/s   encrypted at rest {after:7.0f}/s   "
                  f"change {100 * (after - before) / before:+.1f} %   "
                  f"(rounds: {', '.join(f'{c:.0f}/{s:.0f}' for c, s in zip(clear, sealed))})")


if __name__ == "__main__":
    main()
