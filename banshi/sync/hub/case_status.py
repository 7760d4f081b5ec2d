"""Case status: back-office systems post decisions on a filed transaction; devices look them up.

Every change is kept (the history is the record); a device sees the latest. A consumer may post only
for a case in one of its services. An unknown case and a case outside the consumer's services get the
same 404, so a consumer cannot probe which ids exist in services it may not see; the log line tells
them apart for the operator. Posting the same state and message as the latest again changes nothing:
a back-office system retrying after a lost answer does not add history.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import DateTime, Engine, ForeignKey, Integer, String, Text, func, insert, select
from sqlalchemy.orm import Mapped, mapped_column

from banshi.sync.errors import RequestRefused
from banshi.sync.hub.consumers import NOT_A_CONSUMER, Consumer, ConsumerRegistry, refused
from banshi.sync.hub.gate import StrictJsonRoute
from banshi.sync.hub.roles import HubAction
from banshi.sync.hub.schema import Base
from banshi.sync.hub.store import StoredTransaction, reading
from banshi.sync.protocol.cases import CaseLookup, CaseLookupAnswer, CaseState, CaseStatus, CaseStatusChange

if TYPE_CHECKING:
    from banshi.sync.hub.app import Hub


class CaseStatusRow(Base):
    __tablename__ = "case_status_changes"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    transaction_id: Mapped[str] = mapped_column(ForeignKey("transactions.id"), index=True)
    state: Mapped[str] = mapped_column(String(20))
    message: Mapped[str] = mapped_column(Text)
    consumer_id: Mapped[str] = mapped_column(String(64))
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class UnknownCase(Exception):
    """No such transaction, or not in the posting consumer's services (``why`` says which, for the log)."""

    def __init__(self, why: str) -> None:
        super().__init__(why)
        self.why = why


class CaseBook:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def post(self, consumer: Consumer, transaction_id: str, change: CaseStatusChange) -> CaseStatus:
        """Record ``change`` (unless it repeats the latest); the case's status as it now stands."""
        with self.engine.begin() as connection:
            service = connection.scalar(select(StoredTransaction.service_id)
                                        .where(StoredTransaction.id == transaction_id))
            if service is None:
                raise UnknownCase("no such transaction at this hub")
            if not consumer.may_see(service):
                raise UnknownCase(f"its service {service!r} is not among the consumer's services")
            latest = _latest(connection, [transaction_id]).get(transaction_id)
            if latest is not None and (latest.state, latest.message) == (change.state, change.message):
                return latest
            now = datetime.now(UTC)
            connection.execute(insert(CaseStatusRow.__table__).values(
                transaction_id=transaction_id, state=change.state.value, message=change.message,
                consumer_id=consumer.id, changed_at=now))
        return CaseStatus(id=transaction_id, state=change.state, message=change.message, changed_at=_iso(now))

    def look_up(self, ids: Sequence[str]) -> dict[str, CaseStatus]:
        """The latest status of each id the hub holds (``received`` until a back-office system posts)."""
        with reading(self.engine).connect() as connection:
            held = dict(connection.execute(select(StoredTransaction.id, StoredTransaction.received_at)
                                           .where(StoredTransaction.id.in_(ids))).tuples().all())
            posted = _latest(connection, list(held))
        return {id_: posted.get(id_) or CaseStatus(id=id_, state=CaseState.RECEIVED, changed_at=_iso(received))
                for id_, received in held.items()}


def _latest(connection, ids: list[str]) -> dict[str, CaseStatus]:  # type: ignore[no-untyped-def]
    if not ids:
        return {}
    newest = (select(func.max(CaseStatusRow.seq)).where(CaseStatusRow.transaction_id.in_(ids))
              .group_by(CaseStatusRow.transaction_id))
    rows = connection.execute(select(CaseStatusRow).where(CaseStatusRow.seq.in_(newest)))
    return {row.transaction_id: CaseStatus(id=row.transaction_id, state=CaseState(row.state), message=row.message,
                                            changed_at=_iso(row.changed_at)) for row in rows}


def _iso(moment: datetime) -> str:
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).isoformat()


def case_routes(hub: Hub) -> APIRouter:
    router = APIRouter(route_class=StrictJsonRoute)
    consumers, book = ConsumerRegistry(hub.store.engine), CaseBook(hub.store.engine)

    @router.post("/cases/{transaction_id}/status", response_model=CaseStatus)
    async def post_status(request: Request, transaction_id: str, change: CaseStatusChange) -> Response:
        """A back-office system's decision on a case in one of its services (受理, 补正, 办结, 不予受理)."""
        consumer = await run_in_threadpool(consumers.authenticate, request.headers.get("Authorization"))
        if consumer is None:
            return refused(hub, request, 401, "not_a_consumer", NOT_A_CONSUMER, None)
        try:
            status = await run_in_threadpool(book.post, consumer, transaction_id[:64], change)
        except UnknownCase as unknown:
            return refused(hub, request, 404, "unknown_case", "no such case in this consumer's services", consumer,
                           note=unknown.why)
        return hub.signed_model(request, status)

    @router.post("/cases", response_model=CaseLookupAnswer)
    async def look_up(request: Request, asked: CaseLookup) -> Response:
        """The status of the cases on receipts a kiosk or counter scanned (signed by the device)."""
        device = await hub.device_of(request, await request.body(), HubAction.LOOK_UP_CASES)
        if device is None:
            raise RequestRefused("unsigned", "case status is for enrolled devices that sign their requests")
        cases = await run_in_threadpool(book.look_up, asked.ids)
        return hub.signed_model(request, CaseLookupAnswer(cases=cases))

    return router
