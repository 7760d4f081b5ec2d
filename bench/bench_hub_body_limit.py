"""How fast a real hub refuses a 1 GiB body, what it costs its memory, and /v1/health meanwhile.

Three attacks on an unauthenticated ``POST /v1/transactions``, each ``--repeat`` times: a body
announced at 1 GiB by ``Content-Length`` and then streamed; a chunked body streamed without any
length until the hub hangs up (it may stream 1 GiB); and a 4-million-key JSON object (125 MB, the
attack from issue 14). Prints the time from the first body byte to the 413/401, the bytes the hub
let in, hub RSS before and after, and the slowest /v1/health answer during the attacks.

Run: .venv/bin/python bench/bench_hub_body_limit.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import multiprocessing
import socket
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx

from banshi.sync.hub.process import HubProcess, start_hub_process

GIB = 1024**3
CHUNK = b"x" * (256 * 1024)


def _rss_mib(hub: HubProcess) -> float:
    status = Path(f"/proc/{hub.process.pid}/status").read_text()
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:"))) / 1024


def _attack(hub: HubProcess, headers: str, body_parts: int, framed: bool) -> tuple[str, float, int]:
    """Stream the body until the hub answers or hangs up; (status line, seconds to it, bytes sent)."""
    host, port = hub.url.removeprefix("http://").rsplit(":", 1)
    answered: list[tuple[float, bytes]] = []
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        sock.sendall(f"POST /v1/transactions HTTP/1.1\r\nHost: hub\r\nContent-Type: application/json\r\n"
                     f"{headers}\r\n".encode())

        def read() -> None:
            received = b""
            while b"\r\n" not in received:
                try:
                    more = sock.recv(4096)
                except OSError:
                    break
                if not more:
                    break
                received += more
            answered.append((time.monotonic(), received))

        reader = threading.Thread(target=read)
        reader.start()
        started, sent = time.monotonic(), 0
        piece = b"%x\r\n%s\r\n" % (len(CHUNK), CHUNK) if framed else CHUNK
        for _ in range(body_parts):
            if answered:
                break
            try:
                sock.sendall(piece)
            except OSError:  # the hub hung up: it has answered
                break
            sent += len(CHUNK)
        reader.join()
    at, line = answered[0]
    return line.split(b"\r\n", 1)[0].decode(errors="replace"), at - started, sent


def _watch_health(url: str, slowest: Any, stop: Any) -> None:
    with httpx.Client(timeout=60) as client:
        while not stop.is_set():
            started = time.monotonic()
            client.get(url + "/v1/health")
            slowest.value = max(slowest.value, time.monotonic() - started)
            time.sleep(0.02)


def _keys_body(count: int) -> bytes:
    return b"{" + b",".join(b'"k%d":1' % i for i in range(count)) + b"}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-body-limit-"))
    with start_hub_process(f"sqlite:///{folder / 'hub.sqlite3'}", log_dir=folder) as hub:
        httpx.get(hub.url + "/v1/health")
        before = _rss_mib(hub)
        slowest, stop = multiprocessing.Value("d", 0.0), multiprocessing.Event()
        watcher = multiprocessing.Process(target=_watch_health, args=(hub.url, slowest, stop))  # its own GIL
        watcher.start()
        parts = GIB // len(CHUNK)
        for name, headers, framed in [("announced 1 GiB", f"Content-Length: {GIB}\r\n", False),
                                      ("chunked, no length", "Transfer-Encoding: chunked\r\n", True)]:
            for _ in range(args.repeat):
                status, elapsed, sent = _attack(hub, headers, parts, framed)
                print(f"{name:20s} {status:32s} after {elapsed * 1000:6.1f} ms, {sent / 2**20:6.1f} MiB sent")
        keys = _keys_body(4_000_000)
        for _ in range(args.repeat):
            started = time.monotonic()
            response = httpx.post(hub.url + "/v1/transactions", content=keys, timeout=120,
                                  headers={"Content-Type": "application/json"})
            print(f"{'4M keys, ' + str(len(keys) // 2**20) + ' MiB':20s} HTTP {response.status_code} "
                  f"{response.json().get('reason', '')!s:23s} after {(time.monotonic() - started) * 1000:6.1f} ms "
                  f"(whole upload)")
        stop.set()
        watcher.join()
        time.sleep(1)
        after = _rss_mib(hub)
        print(f"hub RSS {before:.1f} MiB before, {after:.1f} MiB after ({100 * (after - before) / before:+.1f} %); "
              f"slowest /v1/health during the attacks {slowest.value * 1000:.0f} ms")


if __name__ == "__main__":
    main()
