"""What a queue ticket says, on paper and aloud, in the current language (Qt-free; the paper itself is
drawn by ``banshi.ui.hall_ticket``)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from banshi.hall.protocol import HallInfo, TicketView
from banshi.i18n import _, current_language
from banshi.voice.readings import Reading, said


def wait_minutes(estimate_s: float | None) -> int | None:
    """Rounded up to whole 5 minutes (a promise people can hold us to), at least 5; None: no estimate."""
    if estimate_s is None:
        return None
    return max(5, 5 * math.ceil(estimate_s / 300))


@dataclass(frozen=True)
class PrintedTicket:
    hall_name: str
    code: str
    service_title: str
    people_ahead: int
    wait_min: int | None
    issued: str  # local "YYYY-MM-DD HH:MM"
    qr: str

    @classmethod
    def of(cls, ticket: TicketView, info: HallInfo, timezone: str = "Asia/Shanghai") -> PrintedTicket:
        english = current_language() == "en"
        service = next(s for s in info.services if s.id == ticket.service_id)
        issued = datetime.fromtimestamp(ticket.issued_at, ZoneInfo(timezone)).strftime("%Y-%m-%d %H:%M")
        return cls(info.name_en if english else info.name_zh, ticket.code,
                   service.title_en if english else service.title_zh, ticket.people_ahead,
                   wait_minutes(ticket.estimate_s), issued, ticket.qr)

    def wait_line(self) -> str:
        if self.wait_min is None:
            return _("No window is serving this yet; please listen for your number")
        return _("About {minutes} minutes").format(minutes=self.wait_min)

    def lines(self) -> list[str]:
        """Everything under the number, in print order."""
        return [self.service_title, _("{count} people ahead of you").format(count=self.people_ahead),
                self.wait_line(), _("Taken {time}").format(time=self.issued),
                _("Please listen and watch the screen for your number.")]

    def spoken(self) -> str:
        """What the kiosk says as the ticket prints (the number one by one, as the board will call it)."""
        return _("Your number is {number}. {count} people are ahead of you. {wait}").format(
            number=said(self.code, Reading.REFERENCE), count=said(self.people_ahead, Reading.NUMBER),
            wait=self.wait_line())
