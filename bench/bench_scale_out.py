"""Scale-out figures: 1, 2 and 4 hub processes behind deploy/haproxy/banshi-hub.cfg over one PostgreSQL.

For each count: the ingest rate (8 connections pushing batches of 100 plain transactions through the
balancer) and the latency of N enrolled devices each pushing 5 sealed, signed transactions at the same
instant (p50/p99). The balancer, the hubs, PostgreSQL and this client share the machine's cores, so on
a 2-core machine the curve flattens; per-core figures are printed for the capacity estimate in
docs/central.md.

Run: .venv/bin/python bench/bench_scale_out.py [--hubs 1 2 4] [--ingest 5000] [--devices 1000]
     [--postgres URL]   (default $POSTGRES_TEST_URL; scripts/postgres.sh start prints one)
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from bench_hub import _fresh_postgres, _stampede, ingest_rate, percentile
from banshi.sync.hub.devices import DeviceRegistry
from banshi.sync.hub.haproxy import start_haproxy
from banshi.sync.hub.keys import HubKeyring
from banshi.sync.hub.process import start_hub_process
from banshi.sync.hub.roles import DeviceRole
from banshi.sync.hub.store import make_engine
from banshi.sync.protocol.sealing import b64
from banshi.sync.protocol.signing import EnrolRequest, raw_public


@dataclass
class Endpoint:
    """What bench_hub's helpers need of a hub: where to send, and its database."""

    url: str
    database_url: str


def enrol(endpoint: Endpoint, keys: Path, count: int) -> list[tuple[str, Ed25519PrivateKey]]:
    engine = make_engine(endpoint.database_url)
    registry, public = DeviceRegistry(engine), HubKeyring.load_or_create(keys).public()
    devices = []
    with httpx.Client(timeout=60) as client:
        for n in range(count):
            key, device = Ed25519PrivateKey.generate(), f"scale-{n:04d}"
            request = EnrolRequest(device_id=device, public_key=b64(raw_public(key.public_key())),
                                   code=registry.issue_code(DeviceRole.KIOSK, hub_keys=public))
            client.post(endpoint.url + "/v1/devices/enrol", content=request.model_dump_json(),
                        headers={"Content-Type": "application/json"}).raise_for_status()
            devices.append((device, key))
    engine.dispose()
    return devices


def measure(count: int, server: str, folder: Path, args: argparse.Namespace) -> None:
    database, keys = _fresh_postgres(server), folder / f"keys-{count}"
    hubs = [start_hub_process(database, log_dir=_made(folder / f"hubs-{count}-{n}"), keys_dir=keys,
                              allow_unsigned=True) for n in range(count)]
    try:
        with start_haproxy([hub.url for hub in hubs], _made(folder / f"haproxy-{count}")) as balancer:
            endpoint = Endpoint(balancer.url, database)
            ingest_rate(endpoint, 500, sealed=False, clients=1)  # type: ignore[arg-type]  # warm-up
            rates = [ingest_rate(endpoint, args.ingest, False, 8) for _ in range(args.runs)]  # type: ignore[arg-type]
            cores = os.cpu_count() or 1
            print(f"{count} hub process(es) behind haproxy: ingest median {statistics.median(rates):,.0f} tx/s "
                  f"(runs {', '.join(f'{r:,.0f}' for r in rates)}; {statistics.median(rates) / cores:,.0f} per core "
                  f"of {cores})", flush=True)
            devices = enrol(endpoint, keys, args.devices)
            p50s, p99s = [], []
            for _ in range(args.runs):
                latencies = asyncio.run(_stampede(endpoint, devices))  # type: ignore[arg-type]
                p50s.append(percentile(latencies, 0.5))
                p99s.append(percentile(latencies, 0.99))
            print(f"{count} hub process(es) behind haproxy: {len(devices)} devices at once: p50 "
                  f"{statistics.median(p50s):.0f} ms, "
                  f"p99 median {statistics.median(p99s):.0f} ms (runs {', '.join(f'{p:.0f}' for p in p99s)})",
                  flush=True)
    finally:
        for hub in hubs:
            hub.stop()


def _made(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--hubs", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--ingest", type=int, default=5000)
    parser.add_argument("--devices", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--postgres", default=os.environ.get("POSTGRES_TEST_URL"))
    args = parser.parse_args()
    if not args.postgres:
        print("skipped: scale-out needs PostgreSQL (--postgres or POSTGRES_TEST_URL)")
        return
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="banshi-bench-scale-") as folder:
        for count in args.hubs:
            measure(count, args.postgres, Path(folder), args)
    print(f"(whole bench {time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
