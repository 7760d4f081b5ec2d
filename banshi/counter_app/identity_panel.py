"""Identity at the counter: scan a citizen code (F2) or type the ID number from the card (F3),
issue a paper citizen code for someone whose card was checked, revoke a lost one."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from banshi.counter_app.citizen import CounterCitizen, IdentifiedBy
from banshi.counter_app.widgets import line_edit, spaced
from banshi.i18n import N_, LazyText
from banshi.identity.idnumber import InvalidIdNumberError, validate_id_number
from banshi.services.records import RevocationReason
from banshi.ui.text import BigButton, TextLabel

class IdentityPanel(QWidget):
    id_entered = Signal(str, str)  # ID number, name (both from the physical card)
    scan_requested = Signal()
    issue_requested = Signal(str, str)
    revoke_requested = Signal(str, str)  # serial, reason

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("identity-panel")
        self.title = TextLabel(N_("Citizen"), role="title")
        self.current = TextLabel(N_("Nobody identified yet."), role="muted")
        self.current.setObjectName("identity-current")
        self.id_number = self._edit("identity-id-number", N_("ID number"))
        self.id_number.textEdited.connect(self._validate_as_you_type)
        self.name = self._edit("identity-name", N_("Name on the ID card"))
        self.error = TextLabel("", role="error")
        self.error.setObjectName("identity-error")
        self.use_button = self._button("identity-use", N_("Use this ID (Enter)"), role="primary")
        self.use_button.clicked.connect(self._use)
        self.id_number.returnPressed.connect(self._use)
        self.name.returnPressed.connect(self._use)
        self.scan_button = self._button("identity-scan", N_("Scan citizen code (F2)"))
        self.scan_button.clicked.connect(self.scan_requested.emit)
        self.issue_button = self._button("identity-issue", N_("Print a citizen code for this ID"))
        self.issue_button.clicked.connect(lambda: self.issue_requested.emit(self.id_number.text(), self.name.text()))
        self.serial = self._edit("identity-revoke-serial", N_("Serial of the lost code"))
        self.reason = QComboBox()
        self.reason.setObjectName("identity-revoke-reason")
        self.reason.setAccessibleName(str(N_("Reason")))
        for reason in RevocationReason:
            self.reason.addItem(str(reason.label), reason.value)
        self.revoke_button = self._button("identity-revoke", N_("Revoke code"))
        self.revoke_button.clicked.connect(
            lambda: self.revoke_requested.emit(self.serial.text(), str(self.reason.currentData())))
        # Revoking is rare and unrelated to the citizen at the desk: its fields stay hidden until asked for.
        self.revoke_open = self._button("identity-revoke-open", N_("Revoke a lost citizen code"))
        self.revoke_open.clicked.connect(lambda: self._show_revoke(True))
        self.revoke_cancel = self._button("identity-revoke-cancel", N_("Cancel"))
        self.revoke_cancel.clicked.connect(lambda: self._show_revoke(False))
        self.revoke_group = QWidget()
        self.revoke_group.setObjectName("identity-revoke-group")
        self.scanner_area = QVBoxLayout()
        self._lay_out()

    def _edit(self, name: str, label: LazyText) -> QLineEdit:
        edit = line_edit(name, str(label))
        edit.setPlaceholderText(str(label))
        return edit

    def _button(self, name: str, text: LazyText, role: str = "") -> BigButton:
        button = BigButton(text, role=role)
        button.setObjectName(name)
        return button

    def _lay_out(self) -> None:
        form = spaced(QFormLayout())
        form.addRow(TextLabel(N_("ID number")), self.id_number)
        form.addRow(TextLabel(N_("Name on the ID card")), self.name)
        revoke = spaced(QHBoxLayout())
        revoke.addWidget(self.reason, 1)
        revoke.addWidget(self.revoke_button, 1)
        revoke.addWidget(self.revoke_cancel, 1)
        group = spaced(QVBoxLayout(self.revoke_group))
        group.setContentsMargins(0, 0, 0, 0)
        group.addWidget(TextLabel(N_("Serial of the lost code")))
        group.addWidget(self.serial)
        group.addLayout(revoke)
        layout = spaced(QVBoxLayout(self))
        for item in (self.title, self.current):
            layout.addWidget(item)
        layout.addLayout(form)
        layout.addWidget(self.error)
        actions = spaced(QHBoxLayout())
        for button in (self.use_button, self.scan_button):
            actions.addWidget(button)
        layout.addLayout(actions)
        layout.addLayout(self.scanner_area)
        layout.addWidget(self.issue_button)
        layout.addStretch(1)
        layout.addWidget(self.revoke_open)
        layout.addWidget(self.revoke_group)
        self.issue_button.hide()  # until a valid ID number is typed: a code is printed for that card
        self._show_revoke(False)

    def _show_revoke(self, shown: bool) -> None:
        self.revoke_group.setVisible(shown)
        self.revoke_open.setVisible(not shown)
        if shown:
            self.serial.setFocus()

    def _validate_as_you_type(self, text: str) -> None:
        self.issue_button.setVisible(False)
        if len(text.strip()) < 18:
            self.error.set_source("")
            return
        try:
            validate_id_number(text, date.today())
            self.error.set_source("")
            self.issue_button.setVisible(True)
        except InvalidIdNumberError as error:
            self.error.set_source(error.user_message)

    def _use(self) -> None:
        self.id_entered.emit(self.id_number.text(), self.name.text())

    def show_citizen(self, citizen: CounterCitizen | None) -> None:
        if citizen is None:
            self.current.set_source(N_("Nobody identified yet."))
            return
        how = N_("citizen code") if citizen.how is IdentifiedBy.CODE else N_("ID card checked")
        self.current.set_source(lambda: str(N_("{name}, born {year} ({how}) {id}", name=citizen.masked_name,
                                                 year=citizen.birth_year, how=str(how), id=citizen.masked_id)))

    def show_error(self, message: LazyText | str) -> None:
        self.error.set_source(message)

    def add_scanner(self, scanner: QWidget) -> None:
        self.scanner_area.addWidget(scanner)

    def revoked(self, message: LazyText) -> None:
        self.serial.clear()
        self._show_revoke(False)
        self.show_error(message)

    def wipe(self) -> None:
        """Clear every field that held the last citizen's data."""
        for edit in (self.id_number, self.name, self.serial):
            edit.clear()
        self.error.set_source("")
        self.issue_button.hide()
        self._show_revoke(False)
        self.show_citizen(None)
