"""The counter desk (Qt-free): the citizen must confirm before saving, the guard blocks new filings,
and the audit log records every step without personal data in clear."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from banshi.counter_app.citizen import from_typed_id
from banshi.counter_app.desk import CounterDesk, DeskError, Stage
from banshi.counter_app.screens import DEMO_ANSWERS
from banshi.services.catalog import load_catalog
from banshi.services.staff import AuditLog, ClerkAccount, SignIn
from banshi.services.records import rating, revocation
from banshi.services.transactions import Channel, Transaction, TransactionKind
from tests.counter_app.conftest import CLERK_ID, CLERK_PIN
from tests.counter_app.driver import CITIZEN_ID, CITIZEN_NAME


@pytest.fixture
def desk(tmp_path: Path, clerk_accounts: list[ClerkAccount]) -> Iterator[CounterDesk]:
    audit = AuditLog(tmp_path / "audit.sqlite3")
    counter = CounterDesk(load_catalog(), SignIn({a.id: a for a in clerk_accounts}), audit, "counter-01")
    counter.sign_in(CLERK_ID, CLERK_PIN)
    yield counter
    audit.close()


def _fill(desk: CounterDesk) -> None:
    desk.identify(from_typed_id(CITIZEN_ID, CITIZEN_NAME))
    session = desk.new_filing("residence_certificate")
    while desk.stage is Stage.FILLING:
        session.answer(DEMO_ANSWERS[session.page.question.id])  # type: ignore[union-attr]


def test_saving_before_the_citizen_confirms_is_refused(desk: CounterDesk) -> None:
    _fill(desk)
    assert desk.stage is Stage.CONFIRMING
    with pytest.raises(DeskError) as refused:
        desk.submit()
    assert "confirmed" in str(refused.value) and refused.value.user_message is not None
    desk.citizen_confirms()
    assert desk.submit().service_id == "residence_certificate"


def test_changing_an_answer_after_confirmation_asks_the_citizen_again(desk: CounterDesk) -> None:
    _fill(desk)
    desk.citizen_confirms()
    desk.session.change("copies")  # type: ignore[union-attr]
    assert desk.stage is Stage.FILLING
    desk.session.answer("2")  # type: ignore[union-attr]
    assert desk.stage is Stage.CONFIRMING


def test_the_name_from_the_id_card_is_not_asked_again(desk: CounterDesk) -> None:
    _fill(desk)
    assert "name" not in [q.id for q in desk.session.asked_questions()]  # type: ignore[union-attr]
    assert desk.session.answers()["name"] == CITIZEN_NAME  # type: ignore[union-attr]


def test_the_long_offline_guard_blocks_new_filings(desk: CounterDesk) -> None:
    desk.blocked = True
    with pytest.raises(DeskError, match="long-offline"):
        desk.new_filing("residence_certificate")


def test_the_audit_log_holds_every_step_and_no_personal_data(desk: CounterDesk) -> None:
    _fill(desk)
    desk.citizen_confirms()
    transaction = desk.submit()
    desk.saved(transaction)
    desk.rate("satisfied")
    desk.finish()
    entries = desk.audit.entries()
    assert [e.action for e in entries] == ["sign_in", "identify_id_card", "start_filing", "citizen_confirmed",
                                           "file", "rated", "finish"]
    dumped = "\n".join(f"{e.actor} {e.subject_ref}" for e in entries)
    assert CITIZEN_ID not in dumped and CITIZEN_NAME not in dumped
    assert desk.audit.verify().ok
    assert desk.citizen is None and desk.session is None


def test_a_rating_is_a_transaction_of_the_rating_kind_naming_the_rated_case(desk: CounterDesk) -> None:
    _fill(desk)
    desk.citizen_confirms()
    filed = desk.submit()
    record = rating("very_dissatisfied", filed, Channel.COUNTER, "counter-01", datetime.now(UTC), "waiting_time")
    assert record.kind is TransactionKind.RATING and Transaction.from_dict(record.to_dict()) == record
    assert record.answers["reason"] == "waiting_time" and record.answers["rated_transaction_id"] == filed.id
    with pytest.raises(ValueError):
        rating("meh", filed, Channel.COUNTER, "counter-01", datetime.now(UTC))


def test_a_revocation_names_the_serial_and_reason() -> None:
    record = revocation(" a1b2c3 ", "Banshi Demo Office", "lost", CLERK_ID, "counter-01", datetime.now(UTC))
    assert record.kind is TransactionKind.REVOCATION
    assert record.answers == {"serial": "a1b2c3", "office": "Banshi Demo Office", "reason": "lost",
                              "clerk_id": CLERK_ID}
    with pytest.raises(ValueError):
        revocation("a1", "office", "forgotten", CLERK_ID, "counter-01", datetime.now(UTC))


def test_a_saved_filing_is_a_counter_transaction(desk: CounterDesk) -> None:
    _fill(desk)
    desk.citizen_confirms()
    transaction: Transaction = desk.submit()
    assert transaction.channel == "counter" and transaction.display["masked_name"] == "王*英"
