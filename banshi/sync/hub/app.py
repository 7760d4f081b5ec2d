"""The reference hub: a FastAPI app over ``HubStore`` (API version 1 under ``/v1``)."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, FastAPI, HTTPException, Query, Response
from sqlalchemy.engine import make_url

from banshi import __version__
from banshi.sync.hub.intake import ingest_items
from banshi.sync.hub.keys import HubKeyring
from banshi.sync.hub.store import HubStore, create_schema, make_engine
from banshi.sync.protocol import (
    API_PREFIX,
    Health,
    HubKeys,
    PushRequest,
    PushResponse,
    TransactionList,
    TransactionStatus,
)


def create_app(database_url: str, keys_dir: Path) -> FastAPI:
    """A hub storing into ``database_url`` (e.g. ``sqlite:///var/hub.sqlite3`` or a PostgreSQL URL).

    ``keys_dir`` holds the hub's private keys (created on first start); hubs sharing a database share it.
    """
    engine = make_engine(database_url)
    create_schema(engine)
    store = HubStore(engine)
    keys = HubKeyring.load_or_create(keys_dir)
    app = FastAPI(title="Banshi hub", version=__version__, description="Receives transactions filed on Banshi devices.")
    app.include_router(_routes(store, keys, make_url(database_url).get_backend_name()), prefix=API_PREFIX)
    app.state.store = store
    return app


def _routes(store: HubStore, keys: HubKeyring, backend: str) -> APIRouter:
    router = APIRouter()

    # Plain `def` handlers: FastAPI runs them on its thread pool, so blocking DB calls are fine.
    @router.post("/transactions", response_model=PushResponse)
    def push(request: PushRequest) -> Response:
        """Store a batch; each id is answered accepted, duplicate, conflict or rejected."""
        answer = PushResponse(results=ingest_items(store, keys, request.device_id, request.transactions))
        # Serialised once here: FastAPI would otherwise validate the answer a second time.
        return Response(answer.model_dump_json(), media_type="application/json")

    @router.get("/transactions/{transaction_id}", response_model=TransactionStatus)
    def status(transaction_id: str) -> TransactionStatus:
        found = store.status(transaction_id)
        if found is None:
            raise HTTPException(status_code=404, detail=f"No transaction {transaction_id} at this hub.")
        return found

    @router.get("/transactions", response_model=TransactionList)
    def latest(limit: int = Query(default=50, ge=1, le=1000)) -> TransactionList:
        return TransactionList(items=store.latest(limit))

    @router.get("/hub-keys", response_model=HubKeys)
    def hub_keys() -> HubKeys:
        """The public keys devices seal to and verify the hub's signatures with."""
        return keys.public()

    @router.get("/health", response_model=Health)
    def health() -> Health:
        return Health(database=backend)

    return router
