"""Hub figures: ingest rate on SQLite and PostgreSQL; 1,000 enrolled devices syncing (p50/p99).

Two shapes of "1,000 devices syncing": every device pushing at the same instant (the worst case, e.g. the
network coming back for a whole district at once), and every device on its own sync schedule (each pushes
once per ``--interval`` seconds at its own random phase, as the device's sync loop does; devices default to
15 s), measured over ``--rounds`` intervals.

Run: .venv/bin/python bench/bench_hub.py [--ingest 5000] [--devices 1000] [--postgres URL]
``--postgres`` defaults to $POSTGRES_TEST_URL (scripts/postgres.sh start prints one); without it the
PostgreSQL rows are skipped. Loopback only, bounded loops. Prints figures (not pass/fail); targets in
../shared/design/numbers.md: ≥ 2,000 transactions/s on SQLite, more on PostgreSQL; p99 ≤ 1 s.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
import os
import random
import statistics
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import psycopg
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy.engine import make_url

from banshi.services.ids import uuid7
from banshi.sync.hub.devices import DeviceRegistry
from banshi.sync.hub.roles import DeviceRole
from banshi.sync.hub.process import HubProcess, start_hub_process
from banshi.sync.hub.store import make_engine
from banshi.sync.protocol import HEALTH_PATH, PUSH_PATH, TransactionEnvelope, canonical_json
from banshi.sync.protocol.sealing import b64, seal, x25519_public_from_b64
from banshi.sync.protocol.signing import EnrolRequest, raw_public, sign_request


def envelope(device: str, sealed_to: Any = None) -> bytes:
    now = datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    env = TransactionEnvelope(id=uuid7(), service_id="pension_certification", service_version=1, channel="kiosk",
                              device_id=device, created_at=now,
                              answers={"full_name": "张伟", "id_number": "11010519491231002X", "phone": "13812345678"})
    if sealed_to is None:
        return env.canonical_bytes()
    return canonical_json({"id": env.id, "sealed": b64(seal(env.canonical_bytes(), sealed_to, env.id.encode()))})


def push_body(device: str, items: list[bytes]) -> bytes:
    return b'{"device_id":"%s","transactions":[%s]}' % (device.encode(), b",".join(items))


def ingest_rate(hub: HubProcess, count: int, sealed: bool, clients: int) -> float:
    """Transactions stored per second: ``clients`` connections each pushing batches of 100 back to back."""
    key = x25519_public_from_b64(httpx.get(hub.url + "/v1/hub-keys").json()["sealing_key"]) if sealed else None
    bodies = [push_body("bench", [envelope("bench", key) for _ in range(100)]) for _ in range(count // 100)]

    def push_share(share: list[bytes]) -> None:
        with httpx.Client(timeout=60) as client:
            for body in share:
                client.post(hub.url + PUSH_PATH, content=body,
                            headers={"Content-Type": "application/json"}).raise_for_status()

    with ThreadPoolExecutor(max_workers=clients) as pool:
        start = time.perf_counter()
        list(pool.map(push_share, [bodies[n::clients] for n in range(clients)]))
        return count / (time.perf_counter() - start)


def enrol_devices(hub: HubProcess, count: int) -> list[tuple[str, Ed25519PrivateKey]]:
    engine = make_engine(hub.database_url)
    registry = DeviceRegistry(engine)
    devices = []
    with httpx.Client(timeout=60) as client:
        for n in range(count):
            key, device = Ed25519PrivateKey.generate(), f"bench-{n:04d}"
            request = EnrolRequest(device_id=device, public_key=b64(raw_public(key.public_key())),
                                   code=registry.issue_code(DeviceRole.KIOSK))
            client.post(hub.url + "/v1/devices/enrol", content=request.model_dump_json(),
                        headers={"Content-Type": "application/json"}).raise_for_status()
            devices.append((device, key))
    engine.dispose()
    return devices


def _raw_request(url: str, device: str, key: Ed25519PrivateKey, sealed_to: Any) -> bytes:
    """A whole signed HTTP/1.1 push, built before the stampede so the bench's own CPU stays out of it."""
    body = push_body(device, [envelope(device, sealed_to) for _ in range(5)])
    headers = {"Host": url.split("//", 1)[1], "Content-Type": "application/json", "Content-Length": str(len(body)),
               "Connection": "close", **sign_request(key, device, "POST", PUSH_PATH, body, time.time())}
    head = f"POST {PUSH_PATH} HTTP/1.1\r\n" + "".join(f"{name}: {value}\r\n" for name, value in headers.items())
    return head.encode("ascii") + b"\r\n" + body


async def _one_device(host: str, port: int, request: bytes, start: asyncio.Event | None, accepted: int) -> float:
    """Connect, send, read the whole answer (the hub closes after it); seconds from the shared start."""
    if start is not None:
        await start.wait()
    began = time.perf_counter()
    reader, writer = await asyncio.open_connection(host, port)
    writer.write(request)
    answer = await reader.read()
    writer.close()
    elapsed = time.perf_counter() - began
    status_line = answer.split(b"\r\n", 1)[0]
    if not status_line.startswith(b"HTTP/1.1 200") or answer.count(b'"status":"accepted"') != accepted:
        raise RuntimeError(f"refused or incomplete: {answer[:300]!r}")
    return elapsed


async def all_at_once(url: str, requests: list[bytes], accepted: int) -> list[float]:
    """Every request connects and is sent at the same instant (raw sockets: the client costs ~nothing)."""
    host, port = url.split("//", 1)[1].rsplit(":", 1)
    start = asyncio.Event()
    tasks = [asyncio.create_task(_one_device(host, int(port), request, start, accepted)) for request in requests]
    await asyncio.sleep(0.2)
    start.set()
    return sorted(await asyncio.gather(*tasks))


async def _stampede(hub: HubProcess, devices: list[tuple[str, Ed25519PrivateKey]]) -> list[float]:
    """Every device pushes 5 sealed transactions, signed, at the same instant."""
    sealed_to = x25519_public_from_b64(httpx.get(hub.url + "/v1/hub-keys").json()["sealing_key"])
    return await all_at_once(hub.url, [_raw_request(hub.url, device, key, sealed_to) for device, key in devices], 5)


async def _on_schedules(hub: HubProcess, devices: list[tuple[str, Ed25519PrivateKey]], interval: float,
                        rounds: int) -> list[float]:
    """Every device pushes 5 sealed, signed transactions once per ``interval``, at its own random phase."""
    sealed_to = x25519_public_from_b64(httpx.get(hub.url + "/v1/hub-keys").json()["sealing_key"])
    host, port = hub.url.split("//", 1)[1].rsplit(":", 1)
    phases = random.Random(7).sample(range(len(devices)), len(devices))
    requests = [[_raw_request(hub.url, device, key, sealed_to) for _ in range(rounds)] for device, key in devices]
    began = time.perf_counter() + 0.5

    async def one_device(index: int) -> list[float]:
        latencies = []
        for round_number, request in enumerate(requests[index]):
            due = began + interval * (round_number + phases[index] / len(devices))
            await asyncio.sleep(max(0.0, due - time.perf_counter()))
            latencies.append(await _one_device(host, int(port), request, None, 5))
        return latencies

    per_device = await asyncio.gather(*(one_device(index) for index in range(len(devices))))
    return sorted(latency for latencies in per_device for latency in latencies)


async def _health_stampede(hub: HubProcess, count: int) -> list[float]:
    """The same crowd asking ``/v1/health`` (no work at all): the HTTP stack's own floor, for comparison."""
    request = f"GET {HEALTH_PATH} HTTP/1.1\r\nHost: hub\r\nConnection: close\r\n\r\n".encode("ascii")
    return await all_at_once(hub.url, [request] * count, 0)


def _fresh_postgres(server: str) -> str:
    url, name = make_url(server), f"banshi_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(host=url.host, port=url.port, user=url.username, dbname=url.database, autocommit=True) as c:
        c.execute(f"CREATE DATABASE {name}")
    return server.rsplit("/", 1)[0] + "/" + name


def measure(label: str, database_url: str, folder: Path, args: argparse.Namespace) -> None:
    with start_hub_process(database_url, log_dir=folder, allow_unsigned=True, workers=args.workers) as hub:
        if args.ingest:
            ingest_rate(hub, 500, sealed=False, clients=1)  # warm-up
            for clients in (1, args.clients):
                plain = [ingest_rate(hub, args.ingest, False, clients) for _ in range(args.runs)]
                sealed = [ingest_rate(hub, args.ingest, True, clients) for _ in range(args.runs)]
                print(f"{label}: ingest, {clients} client(s), plain  median {statistics.median(plain):,.0f}/s "
                      f"(runs {_runs(plain, '{:,.0f}')}); sealed median {statistics.median(sealed):,.0f}/s "
                      f"(runs {_runs(sealed, '{:,.0f}')})")
        devices = enrol_devices(hub, args.devices)
        stampedes = [asyncio.run(_stampede(hub, devices)) for _ in range(args.runs)]
        floors = [asyncio.run(_health_stampede(hub, len(devices))) for _ in range(args.runs)]
        p50s = [percentile(latencies, 0.5) for latencies in stampedes]
        p99s = [percentile(latencies, 0.99) for latencies in stampedes]
        print(f"{label}: {len(devices)} devices pushing 5 sealed, signed transactions at once, {args.workers} hub "
              f"process(es): p50 median {statistics.median(p50s):.0f} ms, p99 median {statistics.median(p99s):.0f} ms "
              f"(runs p99 {_runs(p99s, '{:.0f}')} ms)")
        if args.rounds:
            scheduled = asyncio.run(_on_schedules(hub, devices, args.interval, args.rounds))
            print(f"{label}: {len(devices)} devices each pushing 5 sealed, signed transactions every "
                  f"{args.interval:g} s on its own schedule ({len(devices) / args.interval:.0f} pushes/s, "
                  f"{len(scheduled)} pushes): p50 {percentile(scheduled, 0.5):.0f} ms, "
                  f"p99 {percentile(scheduled, 0.99):.0f} ms, max {scheduled[-1] * 1000:.0f} ms")
        floor_p99s = [percentile(latencies, 0.99) for latencies in floors]
        print(f"{label}: the same crowd asking /v1/health (the HTTP stack alone): p99 median "
              f"{statistics.median(floor_p99s):.0f} ms (runs {_runs(floor_p99s, '{:.0f}')} ms); pushes take "
              f"{statistics.median(p99s) / statistics.median(floor_p99s):.1f}x that")


def percentile(ordered: list[float], share: float) -> float:
    """Milliseconds at ``share`` of sorted seconds (0.99: the 990th of 1,000)."""
    return ordered[max(0, int(len(ordered) * share) - 1)] * 1000


def _runs(figures: list[float], form: str) -> str:
    return ", ".join(form.format(figure) for figure in figures)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ingest", type=int, default=5000, help="0 skips the ingest-rate runs")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--devices", type=int, default=1000)
    parser.add_argument("--interval", type=float, default=15.0, help="seconds between a device's pushes")
    parser.add_argument("--rounds", type=int, default=3, help="pushes per device on its schedule; 0 skips")
    parser.add_argument("--workers", type=int, default=1, help="hub processes sharing the listening socket")
    parser.add_argument("--clients", type=int, default=8, help="concurrent pushing connections for the ingest rate")
    parser.add_argument("--postgres", default=os.environ.get("POSTGRES_TEST_URL"))
    on_each_backend(measure, parser.parse_args(), "banshi-bench-hub-")


def on_each_backend(run: Callable[[str, str, Path, argparse.Namespace], None], args: argparse.Namespace,
                    prefix: str) -> None:
    """``run`` on a fresh SQLite hub database, then on a fresh PostgreSQL one when a server is given."""
    with tempfile.TemporaryDirectory(prefix=prefix) as folder:
        run("SQLite", f"sqlite:///{folder}/hub.sqlite3", Path(folder), args)
        if args.postgres:
            run("PostgreSQL", _fresh_postgres(args.postgres), Path(folder), args)
        else:
            print("PostgreSQL: skipped (no --postgres / POSTGRES_TEST_URL)")


if __name__ == "__main__":
    main()
