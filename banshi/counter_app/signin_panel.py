"""Clerk sign-in: staff number and PIN, keyboard only (Tab, Enter)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from banshi.counter_app.widgets import line_edit, spaced
from banshi.i18n import N_, LazyText
from banshi.ui.text import BigButton, TextLabel


COLUMN_WIDTH_PX = 560


class SignInPanel(QWidget):
    sign_in_requested = Signal(str, str)

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("signin-panel")
        self.title = TextLabel(N_("Staff sign-in"), role="title")
        self.clerk_id = line_edit("signin-clerk-id", str(N_("Staff number")))
        self.pin = line_edit("signin-pin", str(N_("PIN")))
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = TextLabel("", role="error")
        self.error.setObjectName("signin-error")
        self.button = BigButton(N_("Sign in (Enter)"), role="primary")
        self.button.setObjectName("signin-submit")
        self.button.clicked.connect(self._submit)
        self.clerk_id.returnPressed.connect(self.pin.setFocus)
        self.pin.returnPressed.connect(self._submit)
        form = spaced(QVBoxLayout())  # labels above fields: no squeezed rows when an error text wraps
        for label, field in ((N_("Staff number"), self.clerk_id), (N_("PIN"), self.pin)):
            form.addWidget(TextLabel(label))
            form.addWidget(field)
        column = QWidget()
        column.setFixedWidth(COLUMN_WIDTH_PX)  # a known width, so a wrapped notice gets the height it needs
        inner = spaced(QVBoxLayout(column))
        inner.addWidget(self.title)
        inner.addLayout(form)
        inner.addWidget(self.error)
        inner.addWidget(self.button)
        # Centred by stretches, not an alignment flag: an aligned widget's height ignores its wrapped text,
        # and a three-line notice then squeezed the fields above it.
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(column)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)

    def _submit(self) -> None:
        self.button.setEnabled(False)
        self.sign_in_requested.emit(self.clerk_id.text().strip(), self.pin.text())

    def show_error(self, message: LazyText | str) -> None:
        self.error.set_source(message)
        self.button.setEnabled(True)
        self.pin.clear()
        self.pin.setFocus()

    def show_notice(self, message: LazyText | str) -> None:
        """A standing message (no accounts yet, an account withdrawn) that leaves the fields as they are."""
        self.error.set_source(message)

    def reset(self) -> None:
        self.error.set_source("")
        self.clerk_id.clear()
        self.pin.clear()
        self.button.setEnabled(True)
        self.clerk_id.setFocus()
