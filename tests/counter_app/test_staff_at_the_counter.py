"""Staff kept at the hub reach a running counter with its sync (real strict hub, real enrolment): clerks
added or disabled there are let in or kept out, the audit log goes up intact, and a revocation pulled
with the trust list reaches the counter's own scanner at once."""

from __future__ import annotations

import sqlite3
import time
import uuid
from collections.abc import Iterator

import pytest

from banshi.counter_app.audit_actions import LockReason
from banshi.counter_app.app import CounterRuntime
from banshi.identity.codes import CitizenClaims, issue_code
from banshi.identity.keyfolder import KeyFolder
from banshi.identity.rejections import RejectReason
from banshi.kiosk.demo_media import shared_citizen_code_video
from banshi.paths import asset
from banshi.services.staff import Role
from banshi.sync.hub.process import HubProcess
from banshi.sync.hub.staff import StaffStore
from banshi.sync.hub.store import make_engine
from tests.counter_app.conftest import BuildCounter, cheap_hash, start_strict_hub, wait_for
from tests.counter_app.driver import CounterDriver

NO_ACCOUNTS_YET = "还没有工作人员账号"
ACCOUNT_WITHDRAWN = "账号在这台电脑上已停用"
ACCOUNT_CHANGED = "主管修改了您的账号"


@pytest.fixture
def hub_staff(hub: HubProcess) -> Iterator[StaffStore]:
    engine = make_engine(hub.database_url)
    yield StaffStore(engine)
    engine.dispose()


@pytest.fixture(scope="module")
def revoking_hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HubProcess]:
    """Signs its trust list with the DEMO root key and puts every revocation a counter files into it."""
    with start_strict_hub(tmp_path_factory.mktemp("revoking-hub"), signs_revocations=True) as process:
        yield process


def _new_clerk(staff: StaffStore, pin: str) -> str:
    clerk_id = f"t{uuid.uuid4().hex[:6]}"  # the session hub is shared: a fresh staff number per test
    staff.add_clerk(clerk_id, "赵敏", Role.CLERK, cheap_hash(pin))
    return clerk_id


def _refused(driver: CounterDriver, clerk_id: str, pin: str, says: str = "") -> None:
    """A sign-in the counter refuses (``says``: part of the message it must show)."""
    signin = driver.runtime.clerk.signin
    signin.error.set_source("")
    driver.type_into("signin-clerk-id", clerk_id)
    driver.type_into("signin-pin", pin)
    wait_for(lambda: bool(signin.error.plain_text()), what="sign-in refused")
    assert says in signin.error.plain_text() and driver.runtime.desk.clerk is None


def _synced(runtime: CounterRuntime) -> None:
    runtime.bridge.wait_idle()  # audit appends and outbox writes made by workers are in
    report = runtime.engine.sync_once()
    assert report.error is None, report.error


def test_a_clerk_added_at_the_hub_can_sign_in_at_the_counter_after_a_sync(
    build: BuildCounter, hub: HubProcess, hub_staff: StaffStore
) -> None:
    clerk_id = _new_clerk(hub_staff, "8642")
    runtime = build(hub.url, enrol_at=hub, local_accounts=False)
    driver = CounterDriver(runtime)
    assert NO_ACCOUNTS_YET in runtime.clerk.signin.error.plain_text(), "said before anyone tries"
    _refused(driver, clerk_id, "8642", NO_ACCOUNTS_YET)

    _synced(runtime)
    wait_for(lambda: clerk_id in runtime.desk.gate.accounts, what="the hub's accounts")
    assert runtime.clerk.signin.error.plain_text() == ""
    driver.sign_in(clerk_id, "8642")
    assert runtime.desk.clerk is not None and runtime.desk.clerk.name == "赵敏"
    assert runtime.staff is not None and runtime.staff.accounts_path.is_file(), "kept for the next start"


def _signed_in_at_a_synced_counter(build: BuildCounter, hub: HubProcess, hub_staff: StaffStore,
                                   pin: str) -> tuple[CounterRuntime, CounterDriver, str]:
    """A new clerk, added at the hub, signed in at a counter that has synced their account."""
    clerk_id = _new_clerk(hub_staff, pin)
    runtime = build(hub.url, enrol_at=hub)
    _synced(runtime)
    driver = CounterDriver(runtime)
    driver.sign_in(clerk_id, pin)
    return runtime, driver, clerk_id


def _signed_out_after_a_sync(runtime: CounterRuntime, clerk_id: str, action: str, notice: str) -> None:
    _synced(runtime)
    wait_for(lambda: runtime.desk.clerk is None, what="signed out")
    assert runtime.clerk.stack.currentWidget() is runtime.clerk.signin and runtime.desk.citizen is None
    assert runtime.clerk.clerk_label.plain_text() == "", "the header no longer names them"
    assert notice in runtime.clerk.signin.error.plain_text()
    assert (runtime.audit.entries()[-1].actor, runtime.audit.entries()[-1].action) == (clerk_id, action)


def test_a_clerk_disabled_at_the_hub_is_signed_out_and_refused_after_the_next_sync(
    build: BuildCounter, hub: HubProcess, hub_staff: StaffStore
) -> None:
    runtime, driver, clerk_id = _signed_in_at_a_synced_counter(build, hub, hub_staff, "9753")
    driver.identify_by_id_card()

    hub_staff.disable_clerk(clerk_id)
    _signed_out_after_a_sync(runtime, clerk_id, "account_withdrawn", ACCOUNT_WITHDRAWN)
    _refused(driver, clerk_id, "9753")  # the staff number is simply unknown now
    driver.sign_in()  # the others work on


def test_a_clerk_whose_pin_was_reset_at_the_hub_is_signed_out_and_only_the_new_pin_works(
    build: BuildCounter, hub: HubProcess, hub_staff: StaffStore
) -> None:
    runtime, driver, clerk_id = _signed_in_at_a_synced_counter(build, hub, hub_staff, "1357")
    driver.identify_by_id_card()

    hub_staff.add_clerk(clerk_id, "赵敏", Role.SUPERVISOR, cheap_hash("2468"), replace=True)
    _signed_out_after_a_sync(runtime, clerk_id, "account_changed", ACCOUNT_CHANGED)
    _refused(driver, clerk_id, "1357")
    driver.sign_in(clerk_id, "2468")
    assert runtime.desk.clerk is not None and runtime.desk.clerk.is_supervisor


def test_a_sync_that_brings_no_change_to_the_signed_in_clerk_keeps_them_signed_in(
    build: BuildCounter, hub: HubProcess, hub_staff: StaffStore
) -> None:
    runtime, _driver, clerk_id = _signed_in_at_a_synced_counter(build, hub, hub_staff, "1122")
    colleague = _new_clerk(hub_staff, "3344")  # someone else joins: the list changes, this clerk does not
    _synced(runtime)
    wait_for(lambda: colleague in runtime.desk.gate.accounts, what="the new list at the counter")
    assert runtime.desk.clerk is not None and runtime.desk.clerk.id == clerk_id


def test_the_counters_audit_log_reaches_the_hub_and_matches_the_local_chain(
    build: BuildCounter, hub: HubProcess, hub_staff: StaffStore
) -> None:
    runtime = build(hub.url, enrol_at=hub)
    driver = CounterDriver(runtime)
    _refused(driver, "c001", "0000")
    driver.sign_in()
    driver.identify_by_id_card()
    runtime.controller.session.lock(LockReason.LOCK)
    _synced(runtime)

    local = runtime.audit.entries()
    at_hub = hub_staff.audit_entries(runtime.credentials.device_id)
    assert [entry.action for entry in local] == ["sign_in_failed", "sign_in", "identify_id_card", "lock"]
    assert [(e.seq, e.prev_hash, e.hash) for e in at_hub] == [(e.seq, e.prev_hash, e.hash) for e in local]
    assert runtime.audit.verify(runtime.staff.acknowledged).ok
    driver.sign_in()
    runtime.clerk.show_dashboard()
    runtime.controller.outbox.refresh()
    wait_for(lambda: "第 4 条（共 5 条）" in runtime.clerk.dashboard.audit.plain_text(), what="audit sync state")


def test_a_counter_whose_audit_log_was_edited_after_a_sync_tells_the_clerk_to_fetch_a_supervisor(
    build: BuildCounter, hub: HubProcess
) -> None:
    runtime = build(hub.url, enrol_at=hub)
    driver = CounterDriver(runtime)
    driver.sign_in()
    driver.identify_by_id_card()
    _synced(runtime)
    with sqlite3.connect(runtime.audit.path) as connection:  # someone rewrites who did it
        connection.execute("UPDATE audit SET actor = 's001' WHERE seq = 2")
    report = runtime.engine.sync_once()
    assert report.error is not None and report.notice is not None
    wait_for(lambda: "supervisor" in runtime.clerk.banner.plain_text() or "主管" in runtime.clerk.banner.plain_text(),
             what="the supervisor notice on the clerk's banner")


def _citizen_code(serial: str) -> str:
    keys = KeyFolder(asset("keys", "demo"))
    claims = CitizenClaims.new("cit-counter", "王小明", 1948, keys.issuer_key().office, int(time.time()) - 60,
                               serial=serial)
    return issue_code(claims, keys.issuer_key())


def _revoke(driver: CounterDriver, serial: str) -> None:
    driver.click(driver.runtime.clerk, "identity-revoke-open")
    driver.type_into("identity-revoke-serial", serial, enter=False)
    driver.click(driver.runtime.clerk, "identity-revoke")
    wait_for(lambda: serial in driver.runtime.clerk.identity.error.plain_text(), what="revocation filed")


def test_a_revocation_pulled_from_the_hub_is_applied_to_the_counters_scanner_at_once(
    build: BuildCounter, revoking_hub: HubProcess
) -> None:
    serial = uuid.uuid4().hex[:16]
    lost = _citizen_code(serial)
    runtime = build(revoking_hub.url, enrol_at=revoking_hub, camera=shared_citizen_code_video())
    driver = CounterDriver(runtime)
    driver.sign_in()
    driver.scan_citizen_code()  # the scanner is built and running
    check = runtime.controller.identity.scanner.check
    _synced(runtime)
    assert check.interpret(lost).accepted, "the hub's list before the revocation"

    _revoke(driver, serial)
    _synced(runtime)  # pushes the revocation and pulls the list the hub re-signed with it
    wait_for(lambda: check.interpret(lost).reason is RejectReason.REVOKED_SERIAL, what="the revocation applied")
    assert check.interpret(_citizen_code(uuid.uuid4().hex[:16])).accepted, "other codes still verify"


def test_a_revocation_pulled_before_the_scanner_is_built_is_applied_when_it_is(
    build: BuildCounter, revoking_hub: HubProcess
) -> None:
    serial = uuid.uuid4().hex[:16]
    runtime = build(revoking_hub.url, enrol_at=revoking_hub, camera=shared_citizen_code_video())
    driver = CounterDriver(runtime)
    driver.sign_in()
    _revoke(driver, serial)
    _synced(runtime)
    assert runtime.controller.identity.scanner is None
    driver.scan_citizen_code()
    assert runtime.controller.identity.scanner.check.interpret(_citizen_code(serial)).reason is RejectReason.REVOKED_SERIAL
