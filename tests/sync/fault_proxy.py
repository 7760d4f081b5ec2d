"""A loopback HTTP proxy in front of the hub that misbehaves on purpose, one fault per request.

Some faults strike before the hub sees the request (drop, reset, a captive portal...), others
after the hub has stored it and answered (the answer is lost, cut short or replaced): those are
the ones that test exactly-once delivery, because the device must resend what the hub already has.
"""

from __future__ import annotations

import http.server
import random
import socket
import struct
import threading
import time
from collections import Counter
from enum import StrEnum

import httpx


class Fault(StrEnum):
    PASS = "pass"
    DROP_BEFORE = "drop_before"  # hang up without forwarding
    RESET_BEFORE = "reset_before"  # TCP RST without forwarding
    DROP_AFTER = "drop_after"  # forwarded and stored; the answer is lost
    RESET_AFTER = "reset_after"
    TIMEOUT_AFTER = "timeout_after"  # forwarded; the answer comes later than the client waits
    TRUNCATED = "truncated"  # forwarded; half the body, then hang up
    ERROR_500 = "error_500"
    ERROR_500_AFTER = "error_500_after"  # forwarded and stored, but a 500 comes back
    CAPTIVE_PORTAL = "captive_portal"  # 200 with an HTML login page
    ERROR_BODY_200 = "error_body_200"  # 200 with {"error": ...}
    GARBAGE_AFTER = "garbage_after"  # forwarded; bytes that are not HTTP at all


_WEIGHTS = {fault: (4 if fault is Fault.PASS else 1) for fault in Fault}
_PORTAL = b"<html><head><title>Station WiFi</title></head><body>Please log in to continue.</body></html>"


class FaultProxy:
    """Forwards to ``upstream``; ``counts`` says how often each fault struck."""

    def __init__(self, upstream: str, rng: random.Random, timeout_hold: float) -> None:
        self.upstream = upstream
        self.rng = rng
        self.timeout_hold = timeout_hold
        self.counts: Counter[Fault] = Counter()
        self._lock = threading.Lock()
        self._client = httpx.Client(timeout=30.0)
        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True, name="fault-proxy")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> FaultProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._client.close()

    def choose(self) -> Fault:
        with self._lock:
            fault = self.rng.choices(list(_WEIGHTS), weights=list(_WEIGHTS.values()))[0]
            self.counts[fault] += 1
            return fault

    def forward(self, method: str, path: str, headers: dict[str, str], body: bytes) -> httpx.Response:
        return self._client.request(method, self.upstream + path, content=body, headers=headers)

    def _handler_class(self) -> type[http.server.BaseHTTPRequestHandler]:
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                _quietly(proxy, self, b"")

            def do_POST(self) -> None:  # noqa: N802
                _quietly(proxy, self, self.rfile.read(int(self.headers.get("Content-Length", 0))))

            def log_message(self, *args: object) -> None:
                pass

        return Handler


def _quietly(proxy: FaultProxy, handler: http.server.BaseHTTPRequestHandler, body: bytes) -> None:
    try:
        _handle(proxy, handler, body)
    except OSError:  # the client gave up first (its timeout): expected, not a proxy bug
        handler.close_connection = True


def _handle(proxy: FaultProxy, handler: http.server.BaseHTTPRequestHandler, body: bytes) -> None:
    fault = proxy.choose()
    if fault in (Fault.DROP_BEFORE, Fault.RESET_BEFORE):
        return _hang_up(handler, reset=fault is Fault.RESET_BEFORE)
    if fault is Fault.ERROR_500:
        return _reply(handler, 500, b"Internal Server Error", "text/plain")
    if fault is Fault.CAPTIVE_PORTAL:
        return _reply(handler, 200, _PORTAL, "text/html")
    if fault is Fault.ERROR_BODY_200:
        return _reply(handler, 200, b'{"error":"database is down"}', "application/json")
    headers = {k: v for k, v in handler.headers.items() if k.lower() not in ("host", "content-length", "connection")}
    upstream = proxy.forward(handler.command, handler.path, headers, body)
    _after_forward(proxy, handler, fault, upstream)


def _after_forward(
    proxy: FaultProxy, handler: http.server.BaseHTTPRequestHandler, fault: Fault, upstream: httpx.Response
) -> None:
    if fault in (Fault.DROP_AFTER, Fault.RESET_AFTER):
        return _hang_up(handler, reset=fault is Fault.RESET_AFTER)
    if fault is Fault.ERROR_500_AFTER:
        return _reply(handler, 500, b"upstream timeout", "text/plain")
    if fault is Fault.GARBAGE_AFTER:
        handler.wfile.write(b"\x16\x03\x01garbage, not HTTP\r\n\r\n")
        return _hang_up(handler, reset=False)
    if fault is Fault.TIMEOUT_AFTER:
        time.sleep(proxy.timeout_hold)
    content = upstream.content[: len(upstream.content) // 2] if fault is Fault.TRUNCATED else upstream.content
    _reply(handler, upstream.status_code, upstream.content, upstream.headers.get("content-type", ""),
           dict(upstream.headers), send=content)
    if fault is Fault.TRUNCATED:
        _hang_up(handler, reset=False)


_HOP = {"content-length", "content-type", "connection", "transfer-encoding", "date", "server", "content-encoding"}


def _reply(
    handler: http.server.BaseHTTPRequestHandler, status: int, body: bytes, content_type: str,
    headers: dict[str, str] | None = None, send: bytes | None = None,
) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body)))
    for name, value in (headers or {}).items():
        if name.lower() not in _HOP:
            handler.send_header(name, value)
    handler.end_headers()
    handler.wfile.write(body if send is None else send)
    handler.wfile.flush()


def _hang_up(handler: http.server.BaseHTTPRequestHandler, reset: bool) -> None:
    handler.close_connection = True
    connection: socket.socket = handler.connection
    if reset:  # SO_LINGER 0: close() sends RST instead of FIN
        connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    try:
        handler.wfile.flush()
        connection.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
