"""A queue ticket on paper: the number, service, people ahead, wait and time, and a QR the counter
reads back as this ticket; PDF and ESC/POS alike; and what the kiosk says as it prints."""

from __future__ import annotations

from pathlib import Path

import pytest
from escpos.printer import Dummy

from banshi.hall.protocol import TicketView
from banshi.hall.ticket_text import PrintedTicket, wait_minutes
from banshi.hall_board.screens import demo_info
from banshi.i18n import set_language
from banshi.identity.kinds import CodeKind, classify
from banshi.ui.hall_ticket import ticket_image, ticket_to_escpos, ticket_to_pdf
from banshi.ui.printing import qimage_to_gray
from banshi.voice.speakable import SpeechLanguage, speakable
from tests.counter_app.driver import printed_qr_texts
from tests.ui.test_printing import _decode

pytestmark = pytest.mark.usefixtures("qapp")
QR = "BST:demo-hall:2026-03-02:A012:01a23445-e912-7295-ac44-d9e44ad2138a"


def ticket(estimate_s: float | None = 640.0) -> TicketView:
    return TicketView(id=QR.rsplit(":", 1)[1], hall_id="demo-hall", day="2026-03-02", code="A012",
                      service_id="social_insurance", priority="normal", state="waiting", issued_at=1772413200.0,
                      counter=None, call_count=0, people_ahead=3, estimate_s=estimate_s, filing_reference=None, qr=QR)


def test_the_ticket_says_number_service_people_ahead_wait_and_time_in_the_language_on_screen() -> None:
    set_language("zh_CN")
    printed = PrintedTicket.of(ticket(), demo_info())
    assert (printed.code, printed.service_title, printed.issued) == ("A012", "社保业务", "2026-03-02 09:00")
    assert printed.lines()[1:3] == ["您前面还有 3 人", "预计等候约 15 分钟"]
    assert speakable(printed.spoken(), SpeechLanguage.MANDARIN) == "您的号码是 A 零 幺 二 号。您前面还有 三 人。预计等候约 十五 分钟"
    set_language("en")
    assert PrintedTicket.of(ticket(None), demo_info()).lines()[2].startswith("No window is serving")
    assert [wait_minutes(s) for s in (0, 299, 301, 3600)] == [5, 5, 10, 60]


def test_the_ticket_qr_reads_back_as_a_ticket_from_the_image_and_the_pdf(tmp_path: Path) -> None:
    printed = PrintedTicket.of(ticket(), demo_info())
    assert _decode(qimage_to_gray(ticket_image(printed))) == [QR]
    assert printed_qr_texts(ticket_to_pdf(printed, tmp_path / "ticket.pdf")) == [QR]
    assert classify(QR) is CodeKind.TICKET


def test_escpos_prints_the_number_large_the_lines_in_gb18030_the_qr_and_cuts() -> None:
    set_language("zh_CN")
    device = Dummy()
    ticket_to_escpos(PrintedTicket.of(ticket(), demo_info()), device)
    sent = device.output
    assert "A012".encode() in sent and "社保业务".encode("gb18030") in sent
    assert "您前面还有 3 人".encode("gb18030") in sent
    assert b"\x1d\x21\x33" in sent  # GS ! : 4× width and height for the number
    assert b"\x1dV" in sent  # cut
