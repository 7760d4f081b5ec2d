"""``banshi hall serve``'s FastAPI app (``/v1/hall``), on the hub's patterns: devices enrol with a
one-time code (the hub's registry, reused), sign every request, and the hall signs every answer.

Bodies are read raw, size-limited before parsing, and checked against the signature as received.
Every refusal is a 4xx with a reason code and one log line; the rules' answers are in ``desk``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TypeVar

from fastapi import FastAPI, HTTPException, Request, Response
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, ValidationError
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from banshi import __version__
from banshi.hall.bodies import BodyRefused, read_limited
from banshi.hall.changes import ChangeMark
from banshi.hall.config import HallConfig
from banshi.hall.desk import HallDesk
from banshi.hall.errors import HallReason, HallRefused
from banshi.hall.model import HallRole
from banshi.hall.protocol import Poll
from banshi.hall.roles import DeviceRoles
from banshi.hall.routes import hall_routes
from banshi.hall.store import HallStore, create_hall_schema, make_engine
from banshi.sync.errors import RequestRefused
from banshi.sync.hub.devices import DeviceRegistry, SignedRequest
from banshi.sync.hub.keys import HubKeyring
from banshi.sync.protocol import canonical_json
from banshi.sync.protocol.signing import sign_response

log = logging.getLogger("banshi.hall")
Parsed = TypeVar("Parsed", bound=BaseModel)


class Hall:
    """Everything a request needs: the rules, the store, who is enrolled and in what role, the keys."""

    def __init__(self, config: HallConfig, store: HallStore, roles: DeviceRoles, keys: HubKeyring) -> None:
        self.config = config
        self.desk = HallDesk(config)
        self.store = store
        self.roles = roles
        self.keys = keys
        self.changes = ChangeMark()

    def signed(self, request: Request, body: bytes, status: int = 200) -> Response:
        headers = sign_response(self.keys.signing, request.url.path, body, time.time())
        return Response(body, status_code=status, media_type="application/json", headers=headers)

    def answer(self, request: Request, model: BaseModel) -> Response:
        return self.signed(request, model.model_dump_json().encode("utf-8"))

    async def commit(self, request: Request, signed: SignedRequest, action_id: str | None, answer_type: type[Parsed],
                     work: Callable[[Session, float], Parsed], changes: bool = True) -> Response:
        """Run ``work`` in one write transaction (kept under ``action_id`` for retries), wake the long polls."""
        answer = await run_in_threadpool(self.store.write, signed, action_id, answer_type, work)
        if changes:
            self.changes.bump()
        return self.answer(request, answer)

    async def poll(self, request: Request, signed: SignedRequest, poll: Poll,
                   view: Callable[[Session, float], BaseModel]) -> Response:
        """Answer ``view`` once the hall changed since ``poll.change`` (or after ``poll.wait_s``)."""
        await run_in_threadpool(self.store.spend, signed)
        await self.changes.wait(poll.change, poll.wait_s)
        return self.answer(request, await run_in_threadpool(self.store.read, view))

    async def receive(self, request: Request, model: type[Parsed], *roles: HallRole) -> tuple[SignedRequest, Parsed]:
        """The signed request's body parsed as ``model``, from an enrolled device in one of ``roles``."""
        body = await read_limited(request)
        registry = self.store.registry
        arguments = (request.method, request.url.path, body, request.headers)
        signed = await run_in_threadpool(registry.verify, *arguments)
        role = await run_in_threadpool(self.roles.role_of, signed.device_id)
        if role not in roles:
            raise HallRefused(HallReason.WRONG_ROLE, f"a {role or 'device without a role'} may not do this")
        try:
            return signed, model.model_validate_json(body)
        except ValidationError as error:
            problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'body'}: {e['msg']}" for e in error.errors()[:3])
            raise BodyRefused(422, "invalid_body", problems) from None


def create_hall_app(database_url: str, keys_dir: Path, config: HallConfig) -> FastAPI:
    """A hall service storing into ``database_url``; its keys (made on first start) in ``keys_dir``."""
    engine = make_engine(database_url)
    create_hall_schema(engine)
    registry = DeviceRegistry(engine)
    hall = Hall(config, HallStore(engine, registry), DeviceRoles(engine), HubKeyring.load_or_create(keys_dir))

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        engine.dispose()

    app = FastAPI(title="Banshi hall", version=__version__, lifespan=lifespan,
                  description="Tickets, calls, counters and calls for staff in one service hall.")
    app.include_router(hall_routes(hall))
    app.state.hall = hall
    _refusal_handlers(app, hall)
    return app


def _refusal_handlers(app: FastAPI, hall: Hall) -> None:
    def refuse(request: Request, status: int, reason: str, detail: str) -> Response:
        device = request.headers.get("X-Banshi-Device", "-")[:64]
        log.warning("refused %s %s from %s: %s (%s)", request.method, request.url.path, device, reason, detail)
        return hall.signed(request, canonical_json({"detail": detail, "reason": reason}), status)

    @app.exception_handler(RequestRefused)
    async def unauthenticated(request: Request, error: RequestRefused) -> Response:
        return refuse(request, error.reason.status, error.reason, error.detail)

    @app.exception_handler(HallRefused)
    async def rules_say_no(request: Request, error: HallRefused) -> Response:
        return refuse(request, error.status, error.reason, error.detail)

    @app.exception_handler(BodyRefused)
    async def bad_body(request: Request, error: BodyRefused) -> Response:
        return refuse(request, error.status, error.reason, error.detail)

    @app.exception_handler(SQLAlchemyError)
    async def database_trouble(request: Request, error: SQLAlchemyError) -> Response:
        # The database, not the request: devices retry (same ids), so nothing is lost or done twice.
        log.error("database error on %s %s: %s", request.method, request.url.path, str(error).splitlines()[0])
        body = canonical_json({"detail": "the hall's database did not answer; retry", "reason": "database"})
        return hall.signed(request, body, 503)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> Response:
        return refuse(request, error.status_code, "refused", str(error.detail))
