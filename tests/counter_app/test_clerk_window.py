"""Issue 12 on the clerk window: the service being filed is named in the form pane and selected in the list
(only it); controls that do not apply now are hidden, not left to do nothing; tables say what their columns
hold."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.counter_app.conftest import BuildCounter, wait_for
from tests.counter_app.driver import CITIZEN_ID, CounterDriver


def _selected_services(runtime) -> list[str]:  # noqa: ANN001
    return [item.data(Qt.ItemDataRole.UserRole) for item in runtime.clerk.filing.services.selectedItems()]


def test_the_form_pane_names_the_service_being_filed_and_the_list_selects_only_it(build: BuildCounter) -> None:
    runtime = build()
    driver = CounterDriver(runtime)
    driver.sign_in()
    driver.identify_by_id_card()
    filing = runtime.clerk.filing
    assert not filing.service_title.isVisible()
    assert _selected_services(runtime) == [], "signed in, nothing chosen yet: nothing highlighted"
    driver.start_filing("residence_certificate")
    assert filing.service_title.isVisible() and filing.service_title.plain_text() == "居住证明开具"
    assert _selected_services(runtime) == ["residence_certificate"]
    driver.answer_all()
    driver.citizen_confirms()
    driver.save()
    driver.citizen_rates()
    driver.finish()
    assert _selected_services(runtime) == [], "the last citizen's service is not highlighted for the next"
    assert not filing.finish_button.isVisible(), "nobody at the desk: nothing to finish"
    assert not filing.service_title.isVisible()
    runtime.controller.filing.new_filing("pension_certification")  # as the hall panel or a shortcut would
    wait_for(lambda: filing.service_title.isVisible(), what="the service named")
    assert _selected_services(runtime) == ["pension_certification"]


def test_issuing_and_revoking_codes_show_only_when_they_apply(build: BuildCounter) -> None:
    runtime = build()
    driver = CounterDriver(runtime)
    driver.sign_in()
    identity = runtime.clerk.identity
    assert not identity.issue_button.isVisible(), "no ID number typed: no card to print a code for"
    assert not identity.serial.isVisible() and not identity.revoke_button.isVisible()
    driver.type_into("identity-id-number", CITIZEN_ID[:-1] + "0", enter=False)  # a wrong check digit
    assert not identity.issue_button.isVisible()
    driver.type_into("identity-id-number", CITIZEN_ID, enter=False)
    assert identity.issue_button.isVisible()
    driver.click(runtime.clerk, "identity-revoke-open")
    assert identity.serial.isVisible() and runtime.clerk.focusWidget() is identity.serial and identity.revoke_button.isVisible()
    driver.click(runtime.clerk, "identity-revoke-cancel")
    assert not identity.serial.isVisible() and identity.revoke_open.isVisible()


def test_the_outbox_offers_resolve_only_for_a_conflict_and_its_table_has_column_headers(
    build: BuildCounter
) -> None:
    runtime = build()
    driver = CounterDriver(runtime)
    driver.sign_in()
    driver.file_one()
    driver.shortcut(Qt.Key.Key_F9)
    runtime.controller.outbox.refresh()
    dashboard = runtime.clerk.dashboard
    wait_for(lambda: dashboard.table.rowCount() == 2, what="the filing and its rating listed")
    assert not dashboard.resolve_button.isVisible(), "no record in conflict: nothing to resolve"
    header = dashboard.table.horizontalHeader()
    assert header.isVisible() and header.height() > 0
    assert [dashboard.table.horizontalHeaderItem(column).text() for column in range(5)] == [
        "编号", "事项", "办事人", "状态", "提交时间"]
    driver.shortcut(Qt.Key.Key_F5)
    summary = runtime.clerk.filing.summary
    assert [summary.horizontalHeaderItem(column).text() for column in range(2)] == ["问题", "回答"]
