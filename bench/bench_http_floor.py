"""What 1,000 connections at once cost the HTTP stack alone, before any hub work (p50/p99).

The same crowd as ``bench_hub.py``'s stampede (``bench_hub.all_at_once``: raw sockets, one request each,
``Connection: close``)
asks ``GET /v1/health`` of three servers under the hub's uvicorn (uvloop, httptools), one process each:
a bare ASGI callable, a one-route FastAPI app, and the hub itself on SQLite. Prints figures, not
pass/fail; it is the floor under ``numbers.md``'s "1,000 concurrent devices syncing with p99 ≤ 1 s".

Run: .venv/bin/python bench/bench_http_floor.py [--devices 1000] [--runs 3]
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_hub import all_at_once, percentile

from banshi.sync.hub.process import start_hub_process
from banshi.sync.protocol import HEALTH_PATH

_BARE_ASGI = '''
async def app(scope, receive, send):
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            done = "lifespan.startup.complete" if message["type"] == "lifespan.startup" else None
            await send({"type": done or "lifespan.shutdown.complete"})
            if done is None:
                return
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"application/json")]})
    await send({"type": "http.response.body", "body": b'{"status":"ok"}'})
'''

_ONE_ROUTE_FASTAPI = '''
from fastapi import FastAPI, Response
app = FastAPI()

@app.get("/v1/health")
async def health():
    return Response(b'{"status":"ok"}', media_type="application/json")
'''


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for_port(port: int, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listening on port {port} after {timeout:.0f} s")


def _report(label: str, port: int, args: argparse.Namespace) -> None:
    request = f"GET {HEALTH_PATH} HTTP/1.1\r\nHost: floor\r\nConnection: close\r\n\r\n".encode("ascii")
    url = f"http://127.0.0.1:{port}"
    runs = [asyncio.run(all_at_once(url, [request] * args.devices, 0)) for _ in range(args.runs)]
    p50 = statistics.median(percentile(latencies, 0.5) for latencies in runs)
    p99s = [percentile(latencies, 0.99) for latencies in runs]
    print(f"{label}: {args.devices} connections at once: p50 median {p50:.0f} ms, p99 median "
          f"{statistics.median(p99s):.0f} ms (runs {', '.join(f'{p:.0f}' for p in p99s)} ms)")


def _under_uvicorn(label: str, source: str, folder: Path, args: argparse.Namespace) -> None:
    (folder / f"{label}.py").write_text(source, encoding="utf-8")
    port = _free_port()
    command = [sys.executable, "-m", "uvicorn", f"{label}:app", "--app-dir", str(folder), "--port", str(port),
               "--log-level", "warning"]
    server = subprocess.Popen(command)
    try:
        _wait_for_port(port)
        _report(label.replace("_", " "), port, args)
    finally:
        server.terminate()
        server.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--devices", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="banshi-bench-floor-") as name:
        folder = Path(name)
        _under_uvicorn("bare_asgi", _BARE_ASGI, folder, args)
        _under_uvicorn("one_route_fastapi", _ONE_ROUTE_FASTAPI, folder, args)
        with start_hub_process(f"sqlite:///{folder / 'hub.sqlite3'}", log_dir=folder) as hub:
            _report("the hub", int(hub.url.rsplit(":", 1)[1]), args)


if __name__ == "__main__":
    main()
