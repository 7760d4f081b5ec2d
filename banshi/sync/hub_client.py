"""The device's HTTP client for its hub: signs requests, checks the hub's signature, tracks hub time.

A device whose clock is off by more than the hub's window (e.g. ±7 days after a dead RTC battery)
is refused with ``clock_skew`` and the hub's signed time; the client then signs with the hub's
time (an offset kept in memory) and retries once. Ordering and dedup never depend on the clock.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from banshi.sync.device import DeviceCredentials
from banshi.sync.errors import SignatureError
from banshi.sync.protocol.signing import verify_response

if TYPE_CHECKING:
    import httpx


class HubCallFailed(Exception):
    """A call to the hub produced no usable answer (the engine keeps records queued)."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class HubClient:
    def __init__(self, hub_url: str, client: httpx.Client | None = None, credentials: DeviceCredentials | None = None,
                 on_hub_time: Callable[[float], None] | None = None, timeout: float = 15.0) -> None:
        self.base = hub_url.rstrip("/")
        self._client = client
        self._timeout = timeout
        self.credentials = credentials
        self.on_hub_time = on_hub_time
        self.wall: Callable[[], float] = time.time  # the device clock (tests move it)
        self.clock_offset = 0.0

    @property
    def client(self) -> httpx.Client:
        """Made on first use, on the sync thread: importing httpx and building its TLS context take
        ~0.3 s that a kiosk must not spend before its first screen."""
        if self._client is None:
            import httpx

            self._client = httpx.Client(timeout=self._timeout)
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()

    def post(self, path: str, body: bytes) -> httpx.Response:
        response = self._send("POST", path, body)
        if response.status_code == 401 and self._clock_refused(path, response):
            response = self._send("POST", path, body)  # once, now signed with the hub's time
        return response

    def get(self, path: str, headers: dict[str, str] | None = None) -> httpx.Response:
        return self._send("GET", path, b"", headers)

    def _send(self, method: str, path: str, body: bytes, extra: dict[str, str] | None = None) -> httpx.Response:
        headers = {"Content-Type": "application/json", **(extra or {})}
        if self.credentials is not None:
            headers.update(self.credentials.sign(method, path, body, self.wall() + self.clock_offset))
        import httpx

        try:
            return self.client.request(method, self.base + path, content=body or None, headers=headers)
        except httpx.HTTPError as error:
            raise HubCallFailed(f"hub unreachable at {self.base + path}: {type(error).__name__}: {error}") from error

    def verified(self, path: str, response: httpx.Response) -> bytes:
        """The body, once its hub signature checks out (no credentials: unchecked, round-1 hubs)."""
        if self.credentials is None:
            return response.content
        try:
            hub_time = verify_response(self.credentials.hub_signing_key, path, response.content, response.headers)
        except SignatureError as error:
            raise HubCallFailed(f"{error}; a captive portal or proxy?") from None
        if self.on_hub_time is not None:
            self.on_hub_time(hub_time)
        return response.content

    def _clock_refused(self, path: str, response: httpx.Response) -> bool:
        try:
            reason = json.loads(self.verified(path, response)).get("reason")
        except (HubCallFailed, ValueError, AttributeError):
            return False
        if reason != "clock_skew":
            return False
        self.clock_offset = float(response.headers["X-Banshi-Hub-Time"]) - self.wall()
        return True


def expect_ok(response: httpx.Response, path: str) -> httpx.Response:
    """``response`` if it is a 200; anything else is a failed call (the records stay as they are)."""
    if response.status_code != 200:
        raise HubCallFailed(f"hub answered HTTP {response.status_code} at {path}")
    return response
