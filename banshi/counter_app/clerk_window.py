"""The clerk window: dense and keyboard-first. Widgets and shortcuts only; the controller acts."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QStackedWidget, QVBoxLayout, QWidget

from banshi.counter_app.dashboard import OutboxDashboard, OutboxSnapshot
from banshi.counter_app.filing_panel import FilingPanel
from banshi.counter_app.identity_panel import IdentityPanel
from banshi.counter_app.signin_panel import SignInPanel
from banshi.counter_app.widgets import spaced
from banshi.i18n import N_, LazyText
from banshi.services.catalog import Catalog
from banshi.counter_app.desk import CounterDesk
from banshi.ui.text import BigButton, TextLabel

SHORTCUTS = {
    "Ctrl+N": "new filing", "F2": "scan a citizen code", "F3": "type an ID number", "Ctrl+S": "save",
    "Ctrl+F": "finish", "F5": "filing desk", "F9": "outbox", "Ctrl+L": "lock",
}


class ClerkWindow(QWidget):
    lock_requested = Signal()

    def __init__(self, desk: CounterDesk, catalog: Catalog, field_mode: bool) -> None:
        super().__init__()
        self.setObjectName("clerk-window")
        self.setWindowTitle("办事 Banshi — 窗口 Counter")
        self.signin = SignInPanel()
        self.identity = IdentityPanel()
        self.filing = FilingPanel(desk, catalog)
        self.dashboard = OutboxDashboard()
        self.desk_page = QWidget()
        self.desk_page.setObjectName("desk-page")
        row = spaced(QHBoxLayout(self.desk_page))
        row.addWidget(self.identity, 2)
        row.addWidget(self.filing, 5)
        self.stack = QStackedWidget()
        for page in (self.signin, self.desk_page, self.dashboard):
            self.stack.addWidget(page)
        self._build_top_bar(field_mode)
        layout = spaced(QVBoxLayout(self))
        layout.addLayout(self.top_bar)
        layout.addWidget(self.banner)
        layout.addWidget(self.stack, 1)
        self._shortcuts()

    def _build_top_bar(self, field_mode: bool) -> None:
        self.clerk_label = TextLabel("", role="muted")
        self.clerk_label.setObjectName("clerk-name")
        mode = N_("Field mode") if field_mode else N_("Counter")
        self.mode_label = TextLabel(mode, role="muted")
        self.mode_label.setObjectName("clerk-mode")
        self.connection = TextLabel(N_("Connection: not tried yet"), role="muted")
        self.connection.setObjectName("clerk-connection")
        self.banner = TextLabel("", role="error")
        self.banner.setObjectName("clerk-banner")
        self.desk_button = self._top_button("clerk-desk", N_("Filing (F5)"), self.show_desk)
        self.outbox_button = self._top_button("clerk-outbox", N_("Outbox (F9)"), self.show_dashboard)
        self.lock_button = self._top_button("clerk-lock", N_("Lock (Ctrl+L)"), self.lock_requested.emit)
        self.top_bar = spaced(QHBoxLayout())
        for widget in (self.mode_label, self.clerk_label, self.connection):
            self.top_bar.addWidget(widget, 1)
        for widget in (self.desk_button, self.outbox_button, self.lock_button):
            self.top_bar.addWidget(widget)

    def _top_button(self, name: str, text: LazyText, slot: object) -> BigButton:
        button = BigButton(text)
        button.setObjectName(name)
        button.clicked.connect(slot)
        return button

    def _shortcuts(self) -> None:
        actions = {
            "Ctrl+N": self._new_filing, "F2": self.identity.scan_requested.emit,
            "F3": self.identity.id_number.setFocus, "Ctrl+S": self._save, "Ctrl+F": self._finish,
            "F5": self.show_desk, "F9": self.show_dashboard, "Ctrl+L": self.lock_requested.emit,
        }
        self._shortcut_objects = []
        for keys, slot in actions.items():
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.activated.connect(slot)
            self._shortcut_objects.append(shortcut)

    def _signed_in(self) -> bool:
        return self.stack.currentWidget() is not self.signin

    def _new_filing(self) -> None:
        if self._signed_in():
            self.show_desk()
            self.filing.focus_services()

    def _save(self) -> None:
        if self._signed_in() and self.filing.save_button.isEnabled():
            self.filing.save_requested.emit()

    def _finish(self) -> None:
        if self._signed_in() and self.filing.finish_button.isEnabled():
            self.filing.finish_requested.emit()

    def show_signin(self) -> None:
        self.stack.setCurrentWidget(self.signin)
        self.clerk_label.set_source("")  # nobody is signed in now, whoever was before
        for button in (self.desk_button, self.outbox_button, self.lock_button):
            button.setEnabled(False)
        self.signin.reset()

    def show_desk(self) -> None:
        if self.stack.currentWidget() is not self.signin:
            self.stack.setCurrentWidget(self.desk_page)

    def show_dashboard(self) -> None:
        if self.stack.currentWidget() is not self.signin:
            self.stack.setCurrentWidget(self.dashboard)

    def showing_dashboard(self) -> bool:
        return self.stack.currentWidget() is self.dashboard

    def show_snapshot(self, snapshot: OutboxSnapshot) -> None:
        self.dashboard.show_snapshot(snapshot)
        self.connection.set_source(self.dashboard.connection.plain_text())

    def signed_in_as(self, name: str) -> None:
        self.clerk_label.set_source(N_("Signed in: {name}", name=name))
        for button in (self.desk_button, self.outbox_button, self.lock_button):
            button.setEnabled(True)
        self.stack.setCurrentWidget(self.desk_page)
        self.filing.focus_services()

    def show_banner(self, message: LazyText | str) -> None:
        self.banner.set_source(message)
        self.banner.setVisible(bool(str(message)))
