"""The hub's front door: bodies read within their route's size limit, signatures checked on raw bytes.

Everything a request sends is read here, before any route runs, and refused with 413 the moment it
exceeds the limit of its route (at once when ``Content-Length`` announces it; while reading when it
is chunked). A route that needs a device signature has it checked over these raw bytes before any
JSON is parsed: an anonymous sender never makes the hub parse anything. Starlette's own body limit
counts bytes only when a route reads them, after FastAPI parsed them; the signature check needs the
raw bytes first anyway, so this one middleware does both.

Routes then parse bodies with ``StrictJsonRoute`` (every hub router takes ``route_class=StrictJsonRoute``):
JSON that the store could not hold (lone surrogates, NUL characters, NaN) is refused with 422 before
validation. A new signed route gets its line in ``ROUTE_RULES``.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any, NamedTuple

import pydantic_core
from fastapi import Request, Response
from fastapi.routing import APIRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from banshi.sync.errors import RequestRefused
from banshi.sync.hub.devices import SignedRequest
from banshi.sync.protocol import ENROL_PATH, PUSH_PATH, STATUS_PATH
from banshi.sync.protocol.cases import CASES_PATH
from banshi.sync.protocol.staff import AUDIT_PATH, CLERKS_PATH

log = logging.getLogger(__name__)

KIB, MIB = 1024, 1024 * 1024
SIGNED_SCOPE_KEY = "banshi.signed_request"  # what the gate learnt of the signer, for the route


class RouteRule(NamedTuple):
    """How many body bytes a route takes, and whether only a device's signature lets them in."""

    max_bytes: int
    signed: bool


# A push of MAX_BATCH filings of ~4 KB each fits in 8 MiB; devices push 100 at a time (~0.3 MiB).
ROUTE_RULES: dict[tuple[str, str], RouteRule] = {
    ("POST", PUSH_PATH): RouteRule(8 * MIB, signed=True),
    ("POST", STATUS_PATH): RouteRule(256 * KIB, signed=True),
    ("POST", AUDIT_PATH): RouteRule(2 * MIB, signed=True),
    ("GET", CLERKS_PATH): RouteRule(0, signed=True),
    ("POST", ENROL_PATH): RouteRule(4 * KIB, signed=False),
    ("POST", CASES_PATH): RouteRule(16 * KIB, signed=True),
}
# Every other route: reads and small operator or consumer posts (a case decision's message is ≤ 3 KB).
OTHER_ROUTES = RouteRule(64 * KIB, signed=False)

Verify = Callable[[Request, bytes], Awaitable[SignedRequest | None]]
Refuse = Callable[[Request, RequestRefused], Response]


class BodyGate:
    """ASGI middleware: read, bound and (for signed routes) authenticate every request body first."""

    def __init__(self, app: ASGIApp, verify: Verify, refuse: Refuse,
                 rules: dict[tuple[str, str], RouteRule] | None = None) -> None:
        self.app = app
        self.verify = verify
        self.refuse = refuse
        self.rules = ROUTE_RULES if rules is None else rules

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rule = self.rules.get((scope["method"], scope["path"]), OTHER_ROUTES)
        try:
            body = await _read_body(scope, receive, rule.max_bytes)
            if rule.signed:
                scope[SIGNED_SCOPE_KEY] = await self.verify(Request(scope), body)
        except RequestRefused as refusal:
            await self._refuse(scope, refusal, send)
            return
        await self.app(scope, _replaying(body, receive), send)

    async def _refuse(self, scope: Scope, refusal: RequestRefused, send: Send) -> None:
        request = Request(scope)
        client = f"{scope['client'][0]}" if scope.get("client") else "?"
        log.warning("refused %s %s from %s: %s (%s)", scope["method"], scope["path"], client, refusal.reason,
                    refusal.detail)
        response = self.refuse(request, refusal)
        if refusal.reason == "too_large":
            response.headers["Connection"] = "close"  # the rest of the body is never read: end the connection
        await response(scope, _nothing_more, send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope["headers"]:
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                raise RequestRefused("bad_request", "Content-Length is not a number") from None
    return None


def _too_large(max_bytes: int) -> RequestRefused:
    return RequestRefused("too_large", f"this route takes at most {max_bytes} bytes")


async def _read_body(scope: Scope, receive: Receive, max_bytes: int) -> bytes:
    """The whole body, or ``RequestRefused('too_large')`` as soon as it cannot fit ``max_bytes``."""
    announced = _content_length(scope)
    if announced is not None and announced > max_bytes:
        raise _too_large(max_bytes)
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise RequestRefused("disconnected", "the client went away before its body arrived")
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > max_bytes:
            raise _too_large(max_bytes)
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def _replaying(body: bytes, receive: Receive) -> Receive:
    """The app's ``receive``: the body read already, then whatever the server says next (a disconnect)."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay


async def _nothing_more() -> Message:
    return {"type": "http.disconnect"}


def strict_json(body: bytes) -> Any:
    """``body`` as JSON, refusing what a store cannot hold: invalid UTF-8, lone surrogates, NUL, NaN.

    ``json.loads`` takes ``"\\ud800"`` and ``NaN``; pydantic-core's parser refuses both. A NUL can only
    come as the escape ``\\u0000`` (a raw one is invalid JSON); PostgreSQL text cannot hold it.
    """
    if b"\\u0000" in body:
        raise json.JSONDecodeError("NUL characters are not accepted", body.decode("utf-8", "replace"),
                                   body.index(b"\\u0000"))
    try:
        return pydantic_core.from_json(body, allow_inf_nan=False)
    except ValueError as error:
        raise json.JSONDecodeError(str(error), body.decode("utf-8", "replace"), 0) from None


class _StrictJsonRequest(Request):
    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            self._json = strict_json(await self.body())
        return self._json


class StrictJsonRoute(APIRoute):
    """A route whose JSON body goes through ``strict_json`` (FastAPI answers its errors with 422)."""

    def get_route_handler(self) -> Callable[[Request], Awaitable[Response]]:
        handler = super().get_route_handler()

        async def strict_handler(request: Request) -> Response:
            return await handler(_StrictJsonRequest(request.scope, request.receive))

        return strict_handler
