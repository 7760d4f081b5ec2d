"""Case status over a real hub on loopback: a back-office system posts, an enrolled kiosk looks it up."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from banshi.sync.device import DeviceCredentials
from banshi.sync.hub.case_status import CaseStatusRow
from banshi.sync.hub.process import HubProcess
from banshi.sync.hub.roles import DeviceRole
from banshi.sync.hub.store import HubStore, make_engine
from banshi.sync.hub_client import HubCallFailed, HubClient
from banshi.sync.protocol import TransactionEnvelope
from banshi.sync.protocol.cases import CaseState, case_status_path
from banshi.sync.pulls import look_up_cases
from tests.sync.conftest import DEVICE_ID, MakeTransaction, enrolled
from tests.sync.test_feed import add_consumer, new_service


def filed_at(hub: HubProcess, make_transaction: MakeTransaction, service: str) -> str:
    """A transaction the hub holds (stored directly: how it got there is the push tests' business)."""
    transaction = make_transaction(service_id=service)
    engine = make_engine(hub.database_url)
    HubStore(engine).ingest(DEVICE_ID, [TransactionEnvelope.of(transaction)])
    engine.dispose()
    return transaction.id


def post_status(hub: HubProcess, token: str, case: str, state: str, message: str = "") -> httpx.Response:
    return httpx.post(hub.url + case_status_path(case), json={"state": state, "message": message},
                      headers={"Authorization": f"Bearer {token}"})


def kiosk(hub: HubProcess, credentials: DeviceCredentials) -> HubClient:
    return HubClient(hub.url, credentials=credentials)


def test_a_filing_no_back_office_has_decided_on_is_received(
    signed_hub: HubProcess, credentials: DeviceCredentials, make_transaction: MakeTransaction
) -> None:
    case = filed_at(signed_hub, make_transaction, new_service())
    status = look_up_cases(kiosk(signed_hub, credentials), [case])[case]
    assert status.state is CaseState.RECEIVED


def test_a_posted_request_for_more_reaches_the_kiosk_with_what_is_missing(
    signed_hub: HubProcess, credentials: DeviceCredentials, make_transaction: MakeTransaction
) -> None:
    service = new_service()
    token, _ = add_consumer(signed_hub, service)
    case = filed_at(signed_hub, make_transaction, service)
    assert post_status(signed_hub, token, case, "accepted").status_code == 200
    posted = post_status(signed_hub, token, case, "needs_more", "户口簿复印件")
    assert posted.status_code == 200 and posted.json()["state"] == "needs_more"
    status = look_up_cases(kiosk(signed_hub, credentials), [case, "01890000-0000-7000-8000-000000000000"])
    assert list(status) == [case]
    assert (status[case].state, status[case].message) == (CaseState.NEEDS_MORE, "户口簿复印件")


def test_posting_the_same_status_again_adds_no_history(
    signed_hub: HubProcess, make_transaction: MakeTransaction
) -> None:
    service = new_service()
    token, _ = add_consumer(signed_hub, service)
    case = filed_at(signed_hub, make_transaction, service)
    for _ in range(3):
        assert post_status(signed_hub, token, case, "completed", "已发放").status_code == 200
    engine = make_engine(signed_hub.database_url)
    with engine.connect() as connection:
        count = connection.scalar(select(func.count()).select_from(CaseStatusRow)
                                  .where(CaseStatusRow.transaction_id == case))
    engine.dispose()
    assert count == 1


def test_an_unknown_case_and_a_case_outside_the_consumers_services_get_the_same_404(
    signed_hub: HubProcess, make_transaction: MakeTransaction
) -> None:
    token, consumer = add_consumer(signed_hub, new_service())
    elsewhere = filed_at(signed_hub, make_transaction, new_service())
    outside = post_status(signed_hub, token, elsewhere, "refused", "不符合条件")
    unknown = post_status(signed_hub, token, "01890000-0000-7000-8000-000000000000", "refused", "不符合条件")
    assert (outside.status_code, unknown.status_code) == (404, 404)
    assert outside.json() == unknown.json() == {"detail": "no such case in this consumer's services",
                                                "reason": "unknown_case"}
    logged = [line for line in signed_hub.log().splitlines() if f"consumer {consumer.id}" in line]
    assert len(logged) == 2 and "not among the consumer's services" in logged[0]


@pytest.mark.parametrize("state", ["needs_more", "completed", "refused"])
def test_a_decision_without_its_message_is_refused(
    signed_hub: HubProcess, make_transaction: MakeTransaction, state: str
) -> None:
    service = new_service()
    token, _ = add_consumer(signed_hub, service)
    case = filed_at(signed_hub, make_transaction, service)
    assert post_status(signed_hub, token, case, state, "  ").status_code == 422


def test_status_posts_need_a_consumer_token(signed_hub: HubProcess, make_transaction: MakeTransaction) -> None:
    case = filed_at(signed_hub, make_transaction, new_service())
    assert post_status(signed_hub, "bsc_forged", case, "accepted").status_code == 401
    assert httpx.post(signed_hub.url + case_status_path(case), json={"state": "accepted"}).status_code == 401


def test_a_hall_device_may_not_look_up_cases(signed_hub: HubProcess, tmp_path: Path) -> None:
    hall = enrolled(signed_hub, tmp_path, device_id="hall-case-test", role=DeviceRole.HALL)
    with pytest.raises(HubCallFailed, match="403"):
        look_up_cases(HubClient(signed_hub.url, credentials=hall), ["01890000-0000-7000-8000-000000000000"])


def test_an_unsigned_lookup_is_refused(signed_hub: HubProcess) -> None:
    with pytest.raises(HubCallFailed, match="401"):
        look_up_cases(HubClient(signed_hub.url), ["01890000-0000-7000-8000-000000000000"])
