"""The counter's call panel against a real hall service: tapping its buttons calls and serves, calls
for staff appear and are taken, and a finish made while the hall is down counts once when it is back."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt

from banshi.hall.client import HallUnreachable
from banshi.hall.config import load_hall_config
from banshi.hall.report import day_report
from banshi.hall.counter_link import CounterLink
from banshi.hall.model import CounterAction
from banshi.i18n import set_language
from banshi.ui.application import apply_look, ensure_application
from banshi.ui.hall_call_panel import CallPanel
from tests.hall.conftest import StartHall


def tap(qtbot, widget) -> None:  # noqa: ANN001
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(widget.width() // 2, widget.height() // 2))


def test_the_panel_calls_serves_and_takes_a_call_for_staff_by_tapping(qtbot, start_hall: StartHall,  # noqa: ANN001
                                                                     tmp_path: Path) -> None:
    hall = start_hall()
    kiosk, link = hall.client("kiosk-1"), CounterLink(hall.client("counter-3"), "3")
    apply_look(ensure_application(), "clerk", "zh_CN")
    panel = CallPanel("3")
    qtbot.addWidget(panel)
    panel.resize(1100, 760)
    panel.show()
    panel.action_requested.connect(lambda action: panel.show_state(_after(link, action)))
    panel.staff_taken.connect(lambda request_id: (link.take_staff_request(request_id), panel.show_state(link.state())))
    ticket = kiosk.issue("social_insurance")
    kiosk.issue("medical_insurance")
    request = kiosk.call_staff(page="question-address")
    panel.show_state(link.state())
    assert panel.findChild(type(panel.buttons[CounterAction.CALL_NEXT]), f"take-{request.id}") is not None
    tap(qtbot, panel.buttons[CounterAction.CALL_NEXT])
    assert panel.code.plain_text() == ticket.code and panel.buttons[CounterAction.RECALL].isEnabled()
    tap(qtbot, panel.buttons[CounterAction.START])
    panel.grab().save(str(tmp_path / "call-panel-zh_CN.png"))  # docs/hall/call-panel-zh_CN.png is this moment
    tap(qtbot, panel.findChild(type(panel.buttons[CounterAction.CALL_NEXT]), f"take-{request.id}"))
    assert kiosk.staff_request(request.id).request.acked_by == "3"
    tap(qtbot, panel.buttons[CounterAction.FINISH])
    assert panel.code.plain_text() == "当前无人办理" and panel.buttons[CounterAction.CALL_NEXT].isEnabled()


def _after(link: CounterLink, action: CounterAction):  # type: ignore[no-untyped-def]
    link.act(action)
    return link.state()


def test_a_finish_made_while_the_hall_is_down_is_kept_and_counted_once_when_it_is_back(start_hall: StartHall) -> None:
    set_language("zh_CN")
    hall = start_hall()
    hall.client("kiosk-1").issue("certificates")
    link = CounterLink(hall.client("counter-9"), "9")
    link.act(CounterAction.CALL_NEXT)
    hall.process.kill()
    assert link.act(CounterAction.FINISH, rating=4) is None and len(link.pending) == 1
    with pytest.raises(HallUnreachable):
        link.act(CounterAction.CALL_NEXT)  # never offline: another counter might be sent the same ticket
    hall.restart(kill=False)
    state = link.state()
    assert link.pending == [] and state.ticket is None
    link.flush()  # nothing left to send twice
    day = hall.client("kiosk-1").issue("consultation").day
    served = {row.service: row for row in day_report(hall.database_url, load_hall_config(hall.hall_file), day)}
    assert (served["certificates"].served, served["certificates"].ratings) == (1, 1)
