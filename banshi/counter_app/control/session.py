"""Who is at the desk: sign-in (the PIN checked off the GUI thread), lock, idle lock, accounts from the hub."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QApplication

from banshi.counter_app.audit_actions import LockReason
from banshi.counter_app.clerk_window import ClerkWindow
from banshi.counter_app.control.common import user_message
from banshi.counter_app.desk import NO_ACCOUNTS_YET, CounterDesk
from banshi.i18n import N_, LazyText
from banshi.services.staff import ClerkAccount, IdlePolicy, IdleState
from banshi.ui.bridge import Bridge

ACCOUNT_WITHDRAWN = N_("Your account is no longer active on this machine. Please ask a supervisor.")
ACCOUNT_CHANGED = N_("Your account was changed by a supervisor (PIN, name or role). Please sign in again.")
SIGN_IN_FAILED = N_("Sign-in did not work. Please try again, or ask a supervisor.")
_INPUT_EVENTS = (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin)


class SessionControl(QObject):
    """Opens the desk for a clerk and closes it again; ``locked`` tells the others to drop the last citizen."""

    locked = Signal()

    def __init__(self, desk: CounterDesk, window: ClerkWindow, bridge: Bridge, idle: IdlePolicy,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        self.desk, self.window, self.bridge, self.idle = desk, window, bridge, idle
        self._clock = clock
        self.last_input = clock()
        self._closings = 0  # how many times the desk closed: a PIN checked before the last close opens nothing
        window.signin.sign_in_requested.connect(self.sign_in)
        window.lock_requested.connect(lambda: self.lock(LockReason.LOCK))
        QApplication.instance().installEventFilter(self)
        window.show_signin()
        if not desk.gate.accounts:
            window.signin.show_notice(NO_ACCOUNTS_YET)

    def sign_in(self, clerk_id: str, pin: str) -> None:
        closings = self._closings
        self.bridge.run(lambda: self.desk.check_pin(clerk_id, pin), lambda account: self._checked(account, closings),
                        lambda error: self.window.signin.show_error(user_message(error, SIGN_IN_FAILED)))

    def _checked(self, account: ClerkAccount, closings: int) -> None:
        if closings != self._closings or self.desk.gate.accounts.get(account.id) != account:
            return  # locked, or the account changed, while the PIN was checked: stay on the sign-in page
        self.desk.open_for(account)
        self.last_input = self._clock()
        self.window.signed_in_as(account.name)
        self.window.show_banner("")

    def lock(self, reason: LockReason, notice: LazyText | None = None) -> None:
        self._closings += 1
        self.desk.sign_out(reason)
        self.locked.emit()
        self.window.show_signin()
        if notice is not None:
            self.window.signin.show_notice(notice)

    def accounts_changed(self, accounts: dict[str, ClerkAccount]) -> None:
        """A new account set from the hub: a clerk disabled or re-enrolled there is signed out at once, so a
        PIN reset or a role taken away holds from that moment, not from the next sign-in."""
        self.desk.gate.replace_accounts(accounts)
        signed_in = self.desk.clerk
        if signed_in is not None and signed_in.id not in accounts:
            self.lock(LockReason.ACCOUNT_WITHDRAWN, ACCOUNT_WITHDRAWN)
        elif signed_in is not None and accounts[signed_in.id] != signed_in:
            self.lock(LockReason.ACCOUNT_CHANGED, ACCOUNT_CHANGED)
        elif signed_in is None:
            self.window.signin.show_notice("" if accounts else NO_ACCOUNTS_YET)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() in _INPUT_EVENTS:
            self.last_input = self._clock()
        return False

    def check_idle(self, now: float | None = None) -> IdleState:
        if self.desk.clerk is None:
            return IdleState.ACTIVE
        idle_s = (now if now is not None else self._clock()) - self.last_input
        state = self.idle.state(idle_s)
        if state is IdleState.LOCK:
            self.lock(LockReason.IDLE)
        elif state is IdleState.WARN:
            self.window.show_banner(N_("No activity: this window locks in {seconds} seconds.",
                                       seconds=self.idle.seconds_to_lock(idle_s)))
        return state

    def close(self) -> None:
        QApplication.instance().removeEventFilter(self)
