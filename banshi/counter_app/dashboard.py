"""The outbox dashboard: online or offline, counts per state, the oldest unsynced record's age,
a masked per-record list, and the actions retry / resolve a conflict / export / import."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from banshi.i18n import N_, LazyText, current_language
from banshi.counter_app.widgets import read_only_table, spaced
from banshi.sync.guard import GuardState, guard_message
from banshi.sync.outbox import OutboxRecord, OutboxState
from banshi.ui.text import BigButton, TextLabel

_STATE_LABELS: dict[OutboxState, LazyText] = {
    OutboxState.QUEUED: N_("Waiting"), OutboxState.SENDING: N_("Sending"), OutboxState.ACCEPTED: N_("Received"),
    OutboxState.REJECTED: N_("Rejected"), OutboxState.CONFLICT: N_("Conflict"),
    OutboxState.RESOLVED: N_("Resolved"),
}


@dataclass(frozen=True)
class OutboxSnapshot:
    """What the dashboard shows, read off the GUI thread in one go."""

    online: bool | None  # None: not tried yet
    counts: dict[OutboxState, int]
    oldest_unsynced: timedelta | None
    guard: GuardState
    records: list[OutboxRecord]
    audit: tuple[int, int] | None = None  # (entries the hub acknowledged, entries in the log); None: no staff sync


def _audit_text(audit: tuple[int, int] | None) -> LazyText | str:
    if audit is None:
        return ""
    sent, total = audit
    return N_("Activity log: synced up to entry {sent} of {total}", sent=sent, total=total)


def _age_text(age: timedelta | None) -> LazyText:
    if age is None:
        return N_("Nothing waiting to be sent.")
    hours = int(age.total_seconds() // 3600)
    return N_("Oldest unsent record: {days} days {hours} hours", days=hours // 24, hours=hours % 24)


class OutboxDashboard(QWidget):
    retry_requested = Signal()
    resolve_requested = Signal(str)  # transaction id
    export_requested = Signal()
    import_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("outbox-dashboard")
        self.title = TextLabel(N_("Outbox"), role="title")
        self.connection = TextLabel("", role="muted")
        self.connection.setObjectName("dashboard-connection")
        self.counts = TextLabel("")
        self.counts.setObjectName("dashboard-counts")
        self.age = TextLabel("")
        self.age.setObjectName("dashboard-age")
        self.audit = TextLabel("", role="muted")
        self.audit.setObjectName("dashboard-audit")
        self.guard = TextLabel("", role="error")
        self.guard.setObjectName("dashboard-guard")
        self.message = TextLabel("", role="muted")
        self.message.setObjectName("dashboard-message")
        self.table = self._table()
        self._records: list[OutboxRecord] = []
        self._lay_out(self._buttons())

    def _table(self) -> QTableWidget:
        return read_only_table("dashboard-records", str(N_("Records in the outbox")),
                               [N_("Reference"), N_("Service"), N_("Citizen"), N_("Status"), N_("Filed")])

    def _buttons(self) -> list[BigButton]:
        # Resolve comes last: shown only while a record is in conflict, it moves none of the others.
        specs = [("dashboard-retry", N_("Send now"), self.retry_requested.emit),
                 ("dashboard-export", N_("Export to USB"), self.export_requested.emit),
                 ("dashboard-import", N_("Import from USB"), self.import_requested.emit),
                 ("dashboard-resolve", N_("Resolve conflict"), self._resolve_selected)]
        buttons = []
        for name, text, slot in specs:
            button = BigButton(text)
            button.setObjectName(name)
            button.clicked.connect(slot)
            buttons.append(button)
        self.resolve_button = buttons[-1]
        self.resolve_button.hide()  # shown while a record is in conflict
        return buttons

    def _lay_out(self, buttons: list[BigButton]) -> None:
        layout = spaced(QVBoxLayout(self))
        for widget in (self.title, self.connection, self.counts, self.age, self.audit, self.guard, self.message):
            layout.addWidget(widget)
        row = spaced(QHBoxLayout())
        for button in buttons:
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)

    def show_snapshot(self, snapshot: OutboxSnapshot) -> None:
        online = {None: N_("Connection: not tried yet"), True: N_("Connection: online"),
                  False: N_("Connection: offline")}[snapshot.online]
        self.connection.set_source(online)
        self.counts.set_source(lambda: "   ".join(
            f"{_STATE_LABELS[state]} {count}" for state, count in snapshot.counts.items()))
        self.age.set_source(_age_text(snapshot.oldest_unsynced))
        self.audit.set_source(_audit_text(snapshot.audit))
        self.guard.set_source(guard_message(snapshot.guard, snapshot.oldest_unsynced) or "")
        self.resolve_button.setVisible(snapshot.counts.get(OutboxState.CONFLICT, 0) > 0)  # hidden, not dead
        self._show_records(snapshot.records)

    def _show_records(self, records: list[OutboxRecord]) -> None:
        self._records = records
        self.table.setRowCount(len(records))
        title_key = f"service_title_{current_language()}"
        for row, record in enumerate(records):
            values = [record.id[-12:], record.display.get(title_key, record.service_id),
                      record.display.get("masked_name", ""), str(_STATE_LABELS[record.state]),
                      record.created_at[:16].replace("T", " ")]
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))

    def _resolve_selected(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self._records) and self._records[row].state is OutboxState.CONFLICT:
            self.resolve_requested.emit(self._records[row].id)
        else:
            self.show_message(N_("Select a record in conflict first."))

    def show_message(self, message: LazyText | str) -> None:
        self.message.set_source(message)

    def show_stale(self, message: LazyText) -> None:
        """The outbox could not be read: the figures shown are the last ones read (the message says so)."""
        self.age.set_source(message)
