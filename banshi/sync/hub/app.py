"""The reference hub: a FastAPI app over ``HubStore`` (API version 1 under ``/v1``).

Devices enrol once with a one-time code, then sign every request (``protocol.signing``); the
hub signs every answer it hands out. ``allow_unsigned`` keeps round-1 unsigned pushes working
for local demos only; a signed request is always checked.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from fastapi import APIRouter, Depends, FastAPI, Header, HTTPException, Query, Request, Response
from fastapi import Path as PathParam
from fastapi.concurrency import run_in_threadpool
from fastapi.exception_handlers import request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel
from sqlalchemy.engine import make_url

from banshi import __version__
from banshi.services.catalog import load_catalog
from banshi.sync.errors import EnrolmentError, EnrolmentThrottled, RequestRefused, SignatureError
from banshi.sync.hub.at_rest import StorageKeys
from banshi.sync.hub.devices import DeviceRegistry, EnrolmentLimits, SignedRequest
from banshi.sync.hub.case_status import case_routes
from banshi.sync.hub.feed import feed_routes
from banshi.sync.hub.gate import SIGNED_SCOPE_KEY, BodyGate, StrictJsonRoute
from banshi.sync.hub.intake import envelopes_in, open_items, with_stored
from banshi.sync.hub.keys import HubKeyring
from banshi.sync.hub.roles import HubAction, require
from banshi.sync.hub.staff import staff_routes
from banshi.sync.hub.store import HubStore, create_schema, make_engine
from banshi.sync.hub.writer import HubWriter
from banshi.sync.hub.trust_lists import TrustListSource, trust_list_source
from banshi.sync.protocol import (
    API_PREFIX,
    CatalogDocument,
    Health,
    HubKeys,
    PushRequest,
    PushResponse,
    StatusRequest,
    StatusResponse,
    TransactionList,
    TransactionStatus,
    canonical_json,
)
from banshi.sync.protocol.signing import DEVICE_HEADER, EnrolRequest, EnrolResponse, sign_response

log = logging.getLogger(__name__)
@dataclass
class Hub:
    store: HubStore
    registry: DeviceRegistry
    keys: HubKeyring
    catalog: CatalogDocument
    trust_list: TrustListSource | None
    allow_unsigned: bool
    writer: HubWriter

    def signed(self, request: Request, body: bytes, status: int = 200, media_type: str = "application/json",
               headers: dict[str, str] | None = None) -> Response:
        signature = sign_response(self.keys.signing, request.url.path, body, time.time())
        return Response(body, status_code=status, media_type=media_type, headers={**signature, **(headers or {})})

    def signed_model(self, request: Request, model: BaseModel, status: int = 200) -> Response:
        return self.signed(request, model.model_dump_json().encode("utf-8"), status)

    async def signed_by(self, request: Request, body: bytes) -> SignedRequest | None:
        """Who signed ``request`` (nonce not yet spent), or ``None`` for an unsigned request the hub allows."""
        if SIGNED_SCOPE_KEY in request.scope:  # the gate checked it over the raw bytes already
            return request.scope[SIGNED_SCOPE_KEY]  # type: ignore[no-any-return]
        return await self.verify(request, body)

    async def verify(self, request: Request, body: bytes) -> SignedRequest | None:
        """Check ``request``'s signature over the raw ``body`` (the gate calls this before any parsing)."""
        if self.allow_unsigned and DEVICE_HEADER not in request.headers:
            return None
        arguments = (request.method, request.url.path, body, request.headers)
        if self.registry.knows_key_of(request.headers.get(DEVICE_HEADER, "")):
            return self.registry.verify(*arguments)  # ~0.1 ms of CPU: not worth a thread hop
        return await run_in_threadpool(self.registry.verify, *arguments)  # a device's first request reads its key

    async def device_of(self, request: Request, body: bytes, action: HubAction) -> str | None:
        """The authenticated device (its nonce spent) if its role may do ``action``, or ``None`` for an
        unsigned request the hub allows."""
        signed = await self.signed_by(request, body)
        if signed is None:
            return None
        require(signed.device_id, signed.role, action)
        await asyncio.wrap_future(self.writer.submit(signed, signed.device_id, []))
        return signed.device_id


def prepare_hub(database_url: str, keys_dir: Path) -> None:
    """Create the schema and the hub's keys once, before several hub processes start on them."""
    engine = make_engine(database_url)
    try:
        create_schema(engine)
    finally:
        engine.dispose()
    HubKeyring.load_or_create(keys_dir)
    StorageKeys.load_or_create(keys_dir)


def create_app(database_url: str, keys_dir: Path, allow_unsigned: bool = False,
               trust_list: bytes | None = None, trust_keys: Path | None = None,
               services_dir: Path | None = None, enrolment_limits: EnrolmentLimits = EnrolmentLimits(),
               api_docs: bool = False) -> FastAPI:
    """A hub storing into ``database_url`` (e.g. ``sqlite:///var/hub.sqlite3`` or a PostgreSQL URL).

    ``keys_dir`` holds the hub's private keys (created on first start); hubs sharing a database share it.
    ``/v1/trust-list`` hands out either ``trust_list`` (signed bytes, as they are) or, with ``trust_keys`` (a
    trust-authority key folder with the root private key), a list the hub signs with every accepted revocation.
    ``services_dir`` is the folder of service definitions devices pull (default: the shipped ones).
    ``enrolment_limits``: how many wrong enrolment codes before enrolment waits.
    ``api_docs`` serves ``/docs`` and ``/openapi.json``; off by default, they map the hub for an attacker.
    """
    engine = make_engine(database_url)
    create_schema(engine)
    catalog = load_catalog(services_dir)
    store, registry = HubStore(engine, StorageKeys.load_or_create(keys_dir)), DeviceRegistry(engine, limits=enrolment_limits)
    hub = Hub(store, registry, HubKeyring.load_or_create(keys_dir),
              CatalogDocument(version=catalog.version, services=catalog.to_documents()),
              trust_list_source(engine, trust_list, trust_keys, store.in_clear), allow_unsigned, HubWriter(store, registry))

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        hub.writer.close()  # uvicorn has answered every request by now: the last group is committed
        engine.dispose()

    documented = {} if api_docs else {"docs_url": None, "redoc_url": None, "openapi_url": None}
    app = FastAPI(title="Banshi hub", version=__version__, lifespan=lifespan,
                  description="Receives transactions filed on Banshi devices.", **documented)
    app.include_router(_device_routes(hub), prefix=API_PREFIX)
    app.include_router(_read_routes(hub.store, hub.keys), prefix=API_PREFIX)
    app.include_router(_health_route(make_url(database_url).get_backend_name()), prefix=API_PREFIX)
    app.include_router(staff_routes(hub), prefix=API_PREFIX)
    app.include_router(feed_routes(hub), prefix=API_PREFIX)
    app.include_router(case_routes(hub), prefix=API_PREFIX)
    app.state.hub = hub
    app.state.store = hub.store

    def refusal(request: Request, error: RequestRefused) -> Response:
        body = canonical_json({"detail": error.detail, "reason": error.reason})
        return hub.signed(request, body, error.reason.status)

    @app.exception_handler(RequestRefused)
    async def refused(request: Request, error: RequestRefused) -> Response:
        log.warning("refused %s %s: %s (%s)", request.method, request.url.path, error.reason, error.detail)
        return refusal(request, error)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError) -> Response:
        log.warning("refused %s %s: invalid (%d errors)", request.method, request.url.path, len(error.errors()))
        return await request_validation_exception_handler(request, error)

    app.add_middleware(BodyGate, verify=hub.verify, refuse=refusal)
    return app


def _device_routes(hub: Hub) -> APIRouter:
    router = APIRouter(route_class=StrictJsonRoute)

    @router.post("/transactions", response_model=PushResponse)
    async def push(request: Request, parsed: PushRequest) -> Response:
        """Store a signed batch; each id is answered accepted, duplicate, conflict or rejected."""
        signed = await hub.signed_by(request, await request.body())  # Starlette caches the raw body
        if signed is not None and signed.device_id != parsed.device_id:
            raise RequestRefused("device_mismatch", f"signed by {signed.device_id!r} but pushed as {parsed.device_id!r}")
        if signed is not None:
            require(signed.device_id, signed.role, HubAction.PUSH_TRANSACTIONS)
        opened = open_items(hub.keys, parsed.transactions)
        stored = await asyncio.wrap_future(hub.writer.submit(signed, parsed.device_id, envelopes_in(opened)))
        return hub.signed_model(request, PushResponse(results=with_stored(opened, stored)))

    @router.post("/devices/enrol", response_model=EnrolResponse)
    async def enrol(request: Request, parsed: EnrolRequest) -> Response:
        """Enrol a device's Ed25519 public key with a one-time code."""
        try:
            await run_in_threadpool(hub.registry.enrol, parsed, request.client.host if request.client else None)
        except EnrolmentThrottled as error:
            raise HTTPException(status_code=429, detail=error.detail,
                                headers={"Retry-After": str(error.retry_after_s)}) from None
        except EnrolmentError as error:
            raise HTTPException(status_code=403, detail=error.detail) from None
        except SignatureError as error:  # 32 bytes that are no Ed25519 key
            raise HTTPException(status_code=422, detail=str(error)) from None
        answer = EnrolResponse(device_id=parsed.device_id, hub_keys=hub.keys.public(), hub_time=time.time())
        return hub.signed_model(request, answer)

    @router.post("/status", response_model=StatusResponse)
    async def status(request: Request, parsed: StatusRequest) -> Response:
        """What the hub holds of a device's own transactions (signed)."""
        device = await hub.device_of(request, await request.body(), HubAction.READ_OWN_STATUS)
        if device is None:
            raise RequestRefused("unsigned", "status pulls must be signed by an enrolled device")
        statuses = await run_in_threadpool(hub.store.statuses, device, parsed.ids)
        return hub.signed_model(request, StatusResponse(statuses=statuses))

    catalog_body = canonical_json(hub.catalog.model_dump(mode="json"))  # fixed for the life of the process

    # Async where nothing blocks: a plain ``def`` route costs a worker-thread hop, ~0.5 ms here.
    @router.get("/catalog", response_model=CatalogDocument)
    async def catalog(request: Request) -> Response:
        """The versioned service catalog; ``If-None-Match: <version>`` answers 304 when unchanged."""
        if request.headers.get("If-None-Match") == hub.catalog.version:
            return hub.signed(request, b"", 304, headers={"ETag": hub.catalog.version})
        return hub.signed(request, catalog_body, headers={"ETag": hub.catalog.version})

    @router.get("/trust-list", responses={200: {"content": {"application/cbor": {}}}})
    def trust_list(request: Request) -> Response:
        """The signed trust list (COSE bytes); ``If-None-Match: <ETag>`` answers 304 when unchanged."""
        if hub.trust_list is None:
            raise HTTPException(status_code=404, detail="This hub has no trust list (--trust-keys or --trust-list).")
        current = hub.trust_list.current()
        if current.matches(request.headers.get("If-None-Match")):
            return hub.signed(request, b"", 304, headers={"ETag": current.etag})
        return hub.signed(request, current.signed, media_type="application/cbor", headers={"ETag": current.etag})

    @router.get("/hub-keys", response_model=HubKeys)
    async def hub_keys() -> HubKeys:
        """The public keys devices seal to and verify the hub's signatures with."""
        return hub.keys.public()

    return router


def _operator_check(keys: HubKeyring) -> Callable[[str | None], None]:
    expected = f"Bearer {keys.operator_token}".encode("ascii")

    def require_operator(authorization: str | None = Header(default=None)) -> None:
        """Filed answers are personal data: only an operator holding the hub's token reads them."""
        if authorization is None or not hmac.compare_digest(authorization.encode("utf-8"), expected):
            raise HTTPException(status_code=401, headers={"WWW-Authenticate": "Bearer"},
                                detail="Reading transactions needs 'Authorization: Bearer <token>'; the token is "
                                       "in operator.token in the hub's keys folder.")

    return require_operator


def _read_routes(store: HubStore, keys: HubKeyring) -> APIRouter:
    router = APIRouter(dependencies=[Depends(_operator_check(keys))], route_class=StrictJsonRoute)

    @router.get("/transactions/{transaction_id}", response_model=TransactionStatus)
    def status(transaction_id: str = PathParam(max_length=36, pattern=r"^[0-9a-f-]+$")) -> TransactionStatus:
        found = store.status(transaction_id)
        if found is None:
            raise HTTPException(status_code=404, detail=f"No transaction {transaction_id} at this hub.")
        return found

    @router.get("/transactions", response_model=TransactionList)
    def latest(limit: int = Query(default=50, ge=1, le=1000)) -> TransactionList:
        return TransactionList(items=store.latest(limit))

    return router


def _health_route(backend: str) -> APIRouter:
    router = APIRouter()

    answer = Health(database=backend).model_dump_json().encode("utf-8")

    @router.get("/health", response_model=Health)
    async def health() -> Response:
        """Open to anyone (load balancers, start-up scripts): it shows nothing but the database kind."""
        return Response(answer, media_type="application/json")  # async and prebuilt: no worker-thread hop

    return router
