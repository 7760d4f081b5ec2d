"""The kiosk's hall pages, tapped as a citizen would, against a real hall: a declared need and a
service tile take a number, the ticket page shows it, and both pages pass the audit in both languages."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QPoint, Qt
from PySide6.QtWidgets import QScrollBar

from banshi.accessibility.tokens import theme
from banshi.hall.kiosk_flow import take_number
from banshi.hall.model import Priority
from banshi.hall.ticket_text import PrintedTicket
from banshi.tools.audit import audit_widget_tree
from banshi.ui.application import apply_look, ensure_application
from banshi.ui.hall_pages import TakeNumberPage, TicketPage
from tests.hall.conftest import StartHall


def tap(qtbot, widget) -> None:  # noqa: ANN001
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(widget.width() // 2, widget.height() // 2))


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_a_declared_need_and_a_tile_take_a_priority_number_shown_on_the_ticket_page(
        qtbot, start_hall: StartHall, tmp_path: Path, language: str) -> None:  # noqa: ANN001
    apply_look(ensure_application(), "elder", language)
    hall = start_hall()
    kiosk = hall.client("kiosk-1")
    info = kiosk.info()
    choose, show = TakeNumberPage(), TicketPage()
    choose.show_services(info)
    for page in (choose, show):
        qtbot.addWidget(page)
        page.resize(1920, 1080)
    choose.show()
    chosen: list[tuple[str, object]] = []
    choose.service_chosen.connect(lambda service, need: chosen.append((service, need)))
    tap(qtbot, choose.need_buttons[Priority.PREGNANT])
    tap(qtbot, choose.findChild(type(choose.need_buttons[Priority.PREGNANT]), "take-number-certificates"))
    assert chosen == [("certificates", Priority.PREGNANT)]
    assert audit_widget_tree(choose, theme("elder"), "take-number") == []
    taken = take_number(kiosk, chosen[0][0], chosen[0][1])
    assert taken.ticket is not None and taken.ticket.priority == "pregnant"
    show.show_ticket(PrintedTicket.of(taken.ticket, info))
    show.show()
    QCoreApplication.processEvents()
    assert show.code.plain_text() == "C001"
    assert audit_widget_tree(show, theme("elder"), "ticket") == []
    assert [bar for page in (choose, show) for bar in page.findChildren(QScrollBar) if bar.isVisible()] == []
    show.grab().save(str(tmp_path / f"ticket-page-{language}.png"))  # docs/hall/ shows this page
