"""The outbox dashboard's actions for real: a field counter with no network, USB export → the hub's
`import-bundle` → its signed acknowledgement back on the counter, and resolving a conflict."""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from banshi.counter_app.app import CounterRuntime
from banshi.services.ids import uuid7
from banshi.services.transactions import Transaction
from banshi.sync.engine import SyncEngine
from banshi.sync.hub.process import HubProcess
from banshi.sync.outbox import Outbox, OutboxState
from tests.counter_app.conftest import BuildCounter, wait_for
from tests.counter_app.driver import CounterDriver
from tests.counter_app.test_counter_journey import hub_ids


def _dashboard_says(runtime: CounterRuntime, text: str) -> None:
    wait_for(lambda: text in runtime.clerk.dashboard.message.plain_text(), what=f"dashboard message {text!r}")


def test_a_field_counter_with_no_network_opens_at_once_and_keeps_records_until_enrolled(
    build: BuildCounter, tmp_path: Path
) -> None:
    started = time.monotonic()
    runtime = build(field_mode=True, enrolment_code="one-time-code-123")  # the hub is unreachable
    assert time.monotonic() - started < 10
    assert runtime.credentials is None and not (tmp_path / "device" / "device-identity" / "device.json").exists()
    driver = CounterDriver(runtime)
    driver.sign_in()
    driver.file_one()
    assert runtime.outbox.counts()[OutboxState.QUEUED] == 2
    assert b"13800138000" not in runtime.outbox.path.read_bytes(), "kept encrypted on this machine"
    runtime.clerk.show_dashboard()
    driver.click(runtime.clerk, "dashboard-export")
    _dashboard_says(runtime, "尚未在服务中心登记")


def _import_at_hub(hub: HubProcess, bundle: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "banshi.sync.hub", "import-bundle", str(bundle),
               "--database-url", hub.database_url, "--keys-dir", str(hub.keys_dir)]
    return subprocess.run(command, capture_output=True, text=True, timeout=60)


def test_a_usb_export_imported_at_the_hub_comes_back_acknowledged_and_is_never_sent_twice(
    build: BuildCounter, hub: HubProcess, tmp_path: Path
) -> None:
    runtime = build(hub.url, enrol_at=hub, field_mode=True)
    driver = CounterDriver(runtime)
    driver.sign_in()
    filed = driver.file_one()
    runtime.clerk.show_dashboard()
    driver.click(runtime.clerk, "dashboard-export")
    _dashboard_says(runtime, "已导出到")
    bundle = next((tmp_path / "device" / "export").glob("*.bundle"))
    assert bundle.name.startswith(runtime.credentials.device_id)

    imported = _import_at_hub(hub, bundle)
    assert "2 accepted" in imported.stdout, imported.stderr
    assert bundle.with_name(bundle.name + ".ack").is_file()
    driver.click(runtime.clerk, "dashboard-import")
    _dashboard_says(runtime, "更新了 2 条记录")
    assert runtime.outbox.counts()[OutboxState.ACCEPTED] == 2

    before = hub_ids(hub)
    report = runtime.engine.sync_once()
    assert (report.error, report.sent) == (None, 0), "nothing goes twice"
    assert hub_ids(hub) == before and before.count(filed) == 1
    assert [e.action for e in runtime.audit.entries() if e.action.endswith("_bundle")] == [
        "export_bundle", "import_bundle"]


def _changed_copy(transaction: Transaction) -> Transaction:
    return transaction.model_copy(update={"answers": {**transaction.answers, "purpose": "另一个用途"}})


def _transaction(device_id: str) -> Transaction:
    now = datetime.now(UTC)
    return Transaction(**{"id": uuid7(int(now.timestamp() * 1000)), "service_id": "residence_certificate", "service_version": 1,
            "answers": {"purpose": "办理入学"}, "channel": "counter", "device_id": device_id,
            "created_at": now.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "display": {"masked_name": "王*英", "service_title_zh_CN": "居住证明"}})


def test_the_clerk_resolves_a_conflict_from_the_dashboard_keeping_the_hubs_copy(
    build: BuildCounter, hub: HubProcess, tmp_path: Path
) -> None:
    runtime = build(hub.url, enrol_at=hub)
    credentials = runtime.credentials
    transaction = _transaction(credentials.device_id)
    with Outbox(tmp_path / "elsewhere.sqlite3", seal_to=credentials.hub_sealing_key) as elsewhere:
        elsewhere.enqueue(_changed_copy(transaction))  # the same id reached the hub with other answers
        engine = SyncEngine(elsewhere, hub.url, credentials.device_id, credentials=credentials)
        assert engine.sync_once().accepted == 1
        engine.close()
    runtime.outbox.enqueue(transaction)
    assert runtime.engine.sync_once().conflicts == 1
    driver = CounterDriver(runtime)
    driver.sign_in()
    runtime.clerk.show_dashboard()
    runtime.controller.outbox.refresh()
    table = runtime.clerk.dashboard.table
    wait_for(lambda: table.rowCount() == 1 and table.item(0, 3).text() == "有冲突", what="the conflict listed")
    table.setCurrentCell(0, 0)
    driver.click(runtime.clerk, "dashboard-resolve")
    _dashboard_says(runtime, "以服务中心的记录为准")
    assert runtime.outbox.get(transaction.id).state is OutboxState.RESOLVED
    wait_for(lambda: table.item(0, 3).text() == "已处理", what="shown as resolved")
    assert (runtime.audit.entries()[-1].action, runtime.audit.entries()[-1].subject_ref) == (
        "resolve_conflict", transaction.id)
    assert not runtime.clerk.dashboard.resolve_button.isVisible(), "nothing left to resolve: the button goes"
    assert hub_ids(hub).count(transaction.id) == 1
