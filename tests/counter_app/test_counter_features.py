"""Counter features through the real windows: sign-in errors, idle lock, issuing and revoking
citizen codes, field mode with the long-offline guard, and the outbox actions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QImage
from PySide6.QtPdf import QPdfDocument

from banshi.counter_app.desk import Stage
from banshi.counter_app.outbox_actions import ConflictResolution
from banshi.counter_app.records import ISSUE_SERVICE_ID, REVOCATION_SERVICE_ID, rating_record
from banshi.identity.check import IdentityCheck
from banshi.identity.clock import TrustedClock
from banshi.identity.decoders import MultiPassDecoder
from banshi.identity.keyfolder import KeyFolder
from banshi.paths import asset
from banshi.ui.printing import qimage_to_gray
from banshi.services.staff import IdleState
from banshi.sync.outbox import OutboxState
from tests.counter_app.conftest import BuildCounter, wait_for
from tests.counter_app.driver import CITIZEN_ID, CITIZEN_NAME, CounterDriver


def test_a_wrong_pin_shows_an_error_and_keeps_the_clerk_out(build: BuildCounter) -> None:
    runtime = build()
    driver = CounterDriver(runtime)
    driver.type_into("signin-clerk-id", "c001")
    driver.type_into("signin-pin", "0000")
    wait_for(lambda: bool(runtime.clerk.signin.error.plain_text()), what="error")
    assert runtime.desk.clerk is None and runtime.clerk.stack.currentWidget() is runtime.clerk.signin
    assert runtime.audit.entries()[-1].action == "sign_in_failed"


def test_idle_warns_then_locks_and_wipes_the_citizen(build: BuildCounter) -> None:
    runtime = build()
    driver = CounterDriver(runtime)
    driver.sign_in()
    driver.identify_by_id_card()
    start = runtime.controller.last_input
    assert runtime.controller.check_idle(start + 601) is IdleState.WARN
    assert "锁定" in runtime.clerk.banner.plain_text()
    assert runtime.controller.check_idle(start + 901) is IdleState.LOCK
    wait_for(lambda: runtime.desk.stage is Stage.SIGNED_OUT, what="locked")
    assert runtime.clerk.stack.currentWidget() is runtime.clerk.signin
    assert runtime.clerk.identity.id_number.text() == "" and runtime.desk.citizen is None
    assert runtime.audit.entries()[-1].action == "idle_lock"


def test_issuing_a_paper_code_prints_a_card_that_verifies_and_files_the_issue(
    build: BuildCounter, tmp_path: Path
) -> None:
    runtime = build()
    driver = CounterDriver(runtime)
    driver.sign_in()
    driver.type_into("identity-name", CITIZEN_NAME, enter=False)
    driver.type_into("identity-id-number", CITIZEN_ID, enter=False)
    driver.click(runtime.clerk, "identity-issue")
    wait_for(lambda: "办事码已打印" in runtime.clerk.identity.error.plain_text(), what="card printed")
    record = runtime.outbox.records()[0]
    assert record.service_id == ISSUE_SERVICE_ID and record.display["masked_name"] == "王*英"
    card = next((tmp_path / "print").glob("card-*.pdf"))
    serial = card.stem.removeprefix("card-")
    assert runtime.audit.entries()[-1].subject_ref == serial
    texts = [code.text for code in MultiPassDecoder().decode(qimage_to_gray(_render_pdf(card)))]
    keys = KeyFolder(asset("keys", "demo"))
    verified = IdentityCheck(keys.trust_list(), TrustedClock(tmp_path / "clock.json")).interpret(texts[0]).citizen
    assert verified is not None and verified.claims.serial == serial and verified.claims.masked_name == "王*英"


def _render_pdf(path: Path, dpi: int = 150) -> QImage:
    document = QPdfDocument(None)
    document.load(str(path))
    points = document.pagePointSize(0)
    image = document.render(0, QSize(round(points.width() / 72 * dpi), round(points.height() / 72 * dpi)))
    document.close()
    return image


def test_revoking_a_lost_code_files_a_revocation_for_the_hub(build: BuildCounter) -> None:
    runtime = build()
    driver = CounterDriver(runtime)
    driver.sign_in()
    driver.type_into("identity-revoke-serial", "9f8e7d6c5b4a3210", enter=False)
    driver.click(runtime.clerk, "identity-revoke")
    wait_for(lambda: "9f8e7d6c5b4a3210" in runtime.clerk.identity.error.plain_text(), what="revoked")
    assert runtime.outbox.counts()[OutboxState.QUEUED] == 1
    assert runtime.outbox.records()[0].service_id == REVOCATION_SERVICE_ID
    assert [e.action for e in runtime.audit.entries()][-1] == "revoke_code"


def test_field_mode_starts_offline_and_the_guard_blocks_after_long_offline(build: BuildCounter) -> None:
    runtime = build(field_mode=True)
    assert runtime.engine._thread is None, "field mode never starts syncing on its own"
    old = datetime.now(UTC) - timedelta(days=20)
    runtime.outbox.enqueue(rating_record("satisfied", None, "old", "counter-test-01", old))
    driver = CounterDriver(runtime)
    driver.sign_in()
    runtime.controller.refresh_outbox()
    wait_for(lambda: runtime.desk.blocked, what="guard")
    assert "20" in runtime.clerk.banner.plain_text()
    runtime.controller.new_filing("residence_certificate")
    assert runtime.desk.session is None
    assert runtime.clerk.mode_label.plain_text() == "流动服务模式"


class _FolderBundles:
    """A stand-in for the sync package's bundle exporter: the other side of the interface."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, object]] = []

    def export_bundle(self, folder: Path) -> Path:
        self.calls.append(("export", folder))
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "outbox.bundle"
        path.write_bytes(b"bundle")
        return path

    def import_bundle(self, path: Path) -> int:
        self.calls.append(("import", path))
        return 1

    def resolve_conflict(self, transaction_id: str, resolution: ConflictResolution, actor: str) -> None:
        self.calls.append(("resolve", transaction_id))


def test_export_and_import_go_through_the_outbox_actions_and_are_audited(build: BuildCounter) -> None:
    actions = _FolderBundles()
    runtime = build()
    runtime.controller.actions = actions
    driver = CounterDriver(runtime)
    driver.sign_in()
    runtime.clerk.show_dashboard()
    driver.click(runtime.clerk, "dashboard-export")
    wait_for(lambda: runtime.clerk.dashboard.message.plain_text() == "已完成。", what="export")
    driver.click(runtime.clerk, "dashboard-import")
    wait_for(lambda: len(actions.calls) == 2, what="import")
    assert [call[0] for call in actions.calls] == ["export", "import"]
    assert [e.action for e in runtime.audit.entries()][-2:] == ["export_bundle", "import_bundle"]


def test_without_a_sync_implementation_export_says_it_is_not_installed(build: BuildCounter) -> None:
    runtime = build()
    driver = CounterDriver(runtime)
    driver.sign_in()
    runtime.clerk.show_dashboard()
    driver.click(runtime.clerk, "dashboard-export")
    wait_for(lambda: "尚未安装" in runtime.clerk.dashboard.message.plain_text(), what="message")


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
    runtime.controller._scanned(result)  # what the scanner view's citizen_verified signal delivers
    citizen = runtime.desk.citizen
    assert citizen is not None and citizen.how == "code" and citizen.masked_id == ""
    assert runtime.audit.entries()[-1].subject_ref == "CR-0001"
    session = runtime.desk.new_filing("pension_certification")
    assert "CR-0001" in session.answers().values(), "the code's reference is not asked again"
