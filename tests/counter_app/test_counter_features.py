"""Counter features through the real windows: sign-in errors, idle lock, issuing and revoking
citizen codes, field mode with the long-offline guard, a scanned citizen code."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from banshi.counter_app.audit_actions import LockReason
from banshi.counter_app.desk import Stage
from banshi.identity.check import IdentityCheck
from banshi.identity.clock import TrustedClock
from banshi.identity.keyfolder import KeyFolder
from banshi.paths import asset
from banshi.services.records import rating
from banshi.services.staff import IdleState
from banshi.services.transactions import Channel, Transaction, TransactionKind
from banshi.sync.outbox import OutboxState
from tests.counter_app.conftest import CLERK_ID, CLERK_PIN, BuildCounter, wait_for
from tests.counter_app.driver import CITIZEN_ID, CITIZEN_NAME, CounterDriver, printed_qr_texts


def test_a_wrong_pin_shows_an_error_and_keeps_the_clerk_out(build: BuildCounter) -> None:
    runtime = build()
    driver = CounterDriver(runtime)
    driver.type_into("signin-clerk-id", "c001")
    driver.type_into("signin-pin", "0000")
    wait_for(lambda: bool(runtime.clerk.signin.error.plain_text()), what="error")
    assert runtime.desk.clerk is None and runtime.clerk.stack.currentWidget() is runtime.clerk.signin
    assert runtime.audit.entries()[-1].action == "sign_in_failed"


def test_a_lock_that_lands_while_the_pin_is_being_checked_keeps_the_desk_closed(build: BuildCounter) -> None:
    runtime = build()
    runtime.controller.session.sign_in(CLERK_ID, CLERK_PIN)
    runtime.bridge.wait_idle()  # the PIN is checked; its answer waits for the GUI thread
    runtime.controller.session.lock(LockReason.ACCOUNT_WITHDRAWN)  # e.g. a sync withdrew the account meanwhile
    QCoreApplication.processEvents()
    assert runtime.desk.clerk is None and runtime.clerk.stack.currentWidget() is runtime.clerk.signin
    assert runtime.clerk.clerk_label.plain_text() == ""


def test_idle_warns_then_locks_and_wipes_the_citizen(build: BuildCounter) -> None:
    runtime = build()
    driver = CounterDriver(runtime)
    driver.sign_in()
    driver.identify_by_id_card()
    start = runtime.controller.session.last_input
    assert runtime.controller.session.check_idle(start + 601) is IdleState.WARN
    assert "锁定" in runtime.clerk.banner.plain_text()
    assert runtime.controller.session.check_idle(start + 901) is IdleState.LOCK
    wait_for(lambda: runtime.desk.stage is Stage.SIGNED_OUT, what="locked")
    assert runtime.clerk.stack.currentWidget() is runtime.clerk.signin
    assert runtime.clerk.identity.id_number.text() == "" and runtime.desk.citizen is None
    assert runtime.audit.entries()[-1].action == "idle_lock"


def test_cards_issued_in_a_row_all_print_and_each_verifies_and_files_its_issue(
    build: BuildCounter, tmp_path: Path
) -> None:
    runtime = build()
    driver = CounterDriver(runtime)
    driver.sign_in()
    driver.type_into("identity-name", CITIZEN_NAME, enter=False)
    driver.type_into("identity-id-number", CITIZEN_ID, enter=False)
    for _ in range(3):  # printed on the GUI thread: none may go missing
        driver.click(runtime.clerk, "identity-issue")
    wait_for(lambda: len(list((tmp_path / "print").glob("card-*.pdf"))) == 3, what="three cards")
    wait_for(lambda: "办事码已打印" in runtime.clerk.identity.error.plain_text(), what="card printed")
    records = runtime.outbox.records()
    assert [r.service_id for r in records] == [TransactionKind.CODE_ISSUED] * 3 and records[0].display["masked_name"] == "王*英"
    keys = KeyFolder(asset("keys", "demo"))
    check = IdentityCheck(keys.trust_list(), TrustedClock(tmp_path / "clock.json"))
    for card in (tmp_path / "print").glob("card-*.pdf"):
        serial = card.stem.removeprefix("card-")
        verified = check.interpret(printed_qr_texts(card)[0]).citizen
        assert verified is not None and verified.claims.serial == serial and verified.claims.masked_name == "王*英"
    assert sorted(e.subject_ref for e in runtime.audit.entries() if e.action == "issue_code") == sorted(
        card.stem.removeprefix("card-") for card in (tmp_path / "print").glob("card-*.pdf"))


def test_revoking_a_lost_code_files_a_revocation_for_the_hub(build: BuildCounter) -> None:
    runtime = build()
    driver = CounterDriver(runtime)
    driver.sign_in()
    driver.click(runtime.clerk, "identity-revoke-open")
    driver.type_into("identity-revoke-serial", "9f8e7d6c5b4a3210", enter=False)
    driver.click(runtime.clerk, "identity-revoke")
    wait_for(lambda: "9f8e7d6c5b4a3210" in runtime.clerk.identity.error.plain_text(), what="revoked")
    assert runtime.outbox.counts()[OutboxState.QUEUED] == 1
    assert runtime.outbox.records()[0].service_id == TransactionKind.REVOCATION
    assert [e.action for e in runtime.audit.entries()][-1] == "revoke_code"


def test_field_mode_starts_offline_and_the_guard_blocks_after_long_offline(build: BuildCounter) -> None:
    runtime = build(field_mode=True)
    assert runtime.engine._thread is None, "field mode never starts syncing on its own"
    old = datetime.now(UTC) - timedelta(days=20)
    filed = Transaction.create(runtime.desk.catalog.get("residence_certificate"), {}, Channel.COUNTER, "counter-test-01", old)
    runtime.outbox.enqueue(rating("satisfied", filed, Channel.COUNTER, "counter-test-01", old))
    driver = CounterDriver(runtime)
    driver.sign_in()
    runtime.controller.outbox.refresh()
    # The snapshot asked for at start may land first (blocked, but its banner cleared by the sign-in).
    wait_for(lambda: runtime.desk.blocked and "20" in runtime.clerk.banner.plain_text(), what="guard")
    runtime.controller.filing.new_filing("residence_certificate")
    assert runtime.desk.session is None
    assert runtime.clerk.mode_label.plain_text() == "流动服务模式"


def test_a_scanned_citizen_code_identifies_the_citizen_without_any_id_number(
    build: BuildCounter, tmp_path: Path
) -> None:
    from banshi.identity.codes import CitizenClaims, issue_code

    keys = KeyFolder(asset("keys", "demo"))
    claims = CitizenClaims.new("CR-0001", CITIZEN_NAME, 1950, keys.issuer_key().office,
                               int(datetime.now(UTC).timestamp()))
    result = IdentityCheck(keys.trust_list(), TrustedClock(tmp_path / "clock.json")).interpret(
        issue_code(claims, keys.issuer_key()))
    runtime = build()
    CounterDriver(runtime).sign_in()
    runtime.controller.identity.scanned(result)  # what the scanner view's citizen_verified signal delivers
    citizen = runtime.desk.citizen
    assert citizen is not None and citizen.how == "code" and citizen.masked_id == ""
    assert runtime.audit.entries()[-1].subject_ref == "CR-0001"
    session = runtime.desk.new_filing("pension_certification")
    assert "CR-0001" in session.answers().values(), "the code's reference is not asked again"


def test_after_a_scanned_code_the_counter_asks_neither_the_name_nor_the_id_number_it_carries(
    build: BuildCounter, tmp_path: Path
) -> None:
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    from banshi.identity.codes import CitizenClaims, issue_code
    from banshi.identity.sealed_facts import is_sealed

    keys = KeyFolder(asset("keys", "demo"))
    claims = CitizenClaims.new("CR-0002", CITIZEN_NAME, 1950, keys.issuer_key().office,
                               int(datetime.now(UTC).timestamp()), id_number=CITIZEN_ID,
                               hub_key=X25519PrivateKey.generate().public_key())
    result = IdentityCheck(keys.trust_list(), TrustedClock(tmp_path / "clock.json")).interpret(
        issue_code(claims, keys.issuer_key()))
    runtime = build()
    driver = CounterDriver(runtime)
    driver.sign_in()
    runtime.controller.identity.scanned(result)
    for service_id, fact in (("residence_certificate", "name"), ("medical_filing_out_of_region", "id_number")):
        session = runtime.desk.new_filing(service_id)
        known = [q for q in session.service.questions if q.known_from == f"citizen.{fact}"]
        asked = {q.id for q in session.asked_questions()}
        assert known and not {q.id for q in known} & asked, f"{service_id} asks the {fact} again"
        assert all(is_sealed(session.value_of(q.id) or "") for q in known), "filed sealed to the hub"
    driver.answer_all()
    summary = runtime.clerk.filing.summary
    wait_for(lambda: summary.rowCount() > 0, what="the summary")
    shown = [summary.item(row, 1).text() for row in range(summary.rowCount())]
    assert not any(is_sealed(text) for text in shown) and "110***********1243" in shown, "sealed: shown masked"
