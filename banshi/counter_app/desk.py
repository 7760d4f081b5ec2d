"""The counter's state (Qt-free): who is signed in, who is served, the form, the citizen's confirmation.

The clerk window and the citizen display both render a ``CounterDesk`` and re-render on
``changed``; neither holds state of its own. Every clerk action is written to the audit log
before it takes effect, so an action that cannot be audited does not happen.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from enum import StrEnum

from banshi.counter_app.audit_actions import AuditAction, LockReason
from banshi.counter_app.citizen import CounterCitizen, IdentifiedBy
from banshi.i18n import N_, LazyText
from banshi.services.catalog import Catalog
from banshi.services.events import Event
from banshi.services.forms import CheckAnswersPage, FormSession
from banshi.services.staff import AuditLog, ClerkAccount, SignIn
from banshi.services.records import rating
from banshi.services.transactions import Channel, Transaction


class Stage(StrEnum):
    SIGNED_OUT = "signed_out"
    READY = "ready"  # signed in, nobody being served yet
    FILLING = "filling"  # the clerk answers questions
    CONFIRMING = "confirming"  # the summary is on the citizen display, waiting for their touch
    CONFIRMED = "confirmed"  # the citizen confirmed; the clerk may save
    RATING = "rating"  # saved; the citizen rates the service
    DONE = "done"  # rated (or skipped); "finish" wipes the citizen


NO_ACCOUNTS_YET = N_("No clerk accounts on this machine yet: connect it to the network once, "
                     "or ask a supervisor.")


class DeskError(RuntimeError):
    def __init__(self, message: str, user_message: LazyText) -> None:
        super().__init__(message)
        self.user_message = user_message


def _error(message: str, user_message: LazyText) -> DeskError:
    return DeskError(message, user_message)


class CounterDesk:
    def __init__(self, catalog: Catalog, gate: SignIn, audit: AuditLog, device_id: str,
                 now: Callable[[], datetime] = lambda: datetime.now(UTC),
                 today: Callable[[], date] = date.today) -> None:
        self.catalog = catalog
        self.gate = gate
        self.audit = audit
        self.device_id = device_id
        self._now = now
        self._today = today
        self.changed: Event[[]] = Event()
        self.clerk: ClerkAccount | None = None
        self.blocked = False  # long-offline guard: no new personal-data capture
        self._wipe()

    def _wipe(self) -> None:
        self.citizen: CounterCitizen | None = None
        self.session: FormSession | None = None
        self.transaction: Transaction | None = None
        self.stage = Stage.READY if self.clerk else Stage.SIGNED_OUT

    # ----- clerks

    def check_pin(self, clerk_id: str, pin: str) -> ClerkAccount:
        """The account if the PIN is right (slow on purpose: run it off the GUI thread); changes nothing else."""
        try:
            return self.gate.sign_in(clerk_id, pin)
        except Exception as error:
            self.audit.append(clerk_id, AuditAction.SIGN_IN_FAILED)
            if not self.gate.accounts:  # before its first sync: say why nobody can sign in, not "wrong PIN"
                raise _error(f"No clerk accounts on this device yet ({error}).", NO_ACCOUNTS_YET) from error
            raise

    def open_for(self, account: ClerkAccount) -> None:
        """Open the desk for a clerk whose PIN was checked."""
        self.audit.append(account.id, AuditAction.SIGN_IN)
        self.clerk = account
        self._wipe()
        self.changed.emit()

    def sign_in(self, clerk_id: str, pin: str) -> ClerkAccount:
        account = self.check_pin(clerk_id, pin)
        self.open_for(account)
        return account

    def sign_out(self, reason: LockReason = LockReason.SIGN_OUT) -> None:
        if self.clerk is not None:
            self.audit.append(self.clerk.id, reason)
        self.clerk = None
        self._wipe()
        self.changed.emit()

    def require_clerk(self) -> ClerkAccount:
        if self.clerk is None:
            raise _error("No clerk is signed in.", N_("Please sign in first."))
        return self.clerk

    def audit_action(self, action: AuditAction, subject_ref: str = "") -> None:
        self.audit.append(self.require_clerk().id, action, subject_ref)

    # ----- the citizen and the form

    def identify(self, citizen: CounterCitizen) -> None:
        action = AuditAction.IDENTIFY_CODE if citizen.how is IdentifiedBy.CODE else AuditAction.IDENTIFY_ID_CARD
        self.audit_action(action, citizen.masked_id or citizen.reference)
        self.citizen = citizen
        if self.stage in (Stage.DONE, Stage.SIGNED_OUT):
            self.stage = Stage.READY
        self.changed.emit()

    def new_filing(self, service_id: str) -> FormSession:
        self.require_clerk()
        if self.blocked:
            raise _error("New filings are blocked by the long-offline guard.",
                         N_("New applications are paused until the records are sent or exported."))
        service = self.catalog.get(service_id)
        self.audit_action(AuditAction.START_FILING, service.id)
        self.session = FormSession(service, self.citizen.facts if self.citizen else {}, today=self._today)
        self.session.changed.connect(self._session_changed)
        self.transaction = None
        self._session_changed()
        return self.session

    def _session_changed(self) -> None:
        if self.session is not None and self.stage not in (Stage.RATING, Stage.DONE):
            on_summary = isinstance(self.session.page, CheckAnswersPage)
            self.stage = Stage.CONFIRMING if on_summary else Stage.FILLING
        self.changed.emit()

    def citizen_confirms(self) -> None:
        if self.stage is not Stage.CONFIRMING:
            raise _error(f"Nothing to confirm in stage {self.stage}.", N_("There is nothing to confirm yet."))
        self.audit_action(AuditAction.CITIZEN_CONFIRMED, self._service_ref())
        self.stage = Stage.CONFIRMED
        self.changed.emit()

    def citizen_disputes(self) -> None:
        """The citizen says something is wrong: the clerk changes answers; confirmation is asked again."""
        if self.stage in (Stage.CONFIRMING, Stage.CONFIRMED):
            self.audit_action(AuditAction.CITIZEN_DISPUTED, self._service_ref())
            self.stage = Stage.CONFIRMING
            self.changed.emit()

    def submit(self) -> Transaction:
        """The transaction to save; only after the citizen confirmed the summary."""
        if self.stage is not Stage.CONFIRMED or self.session is None:
            raise _error(f"Cannot save in stage {self.stage}; the citizen has not confirmed.",
                         N_("The citizen has not confirmed the summary yet."))
        return self.session.submit(Channel.COUNTER, self.device_id, self._now())

    def saved(self, transaction: Transaction) -> None:
        self.audit_action(AuditAction.FILE, transaction.reference)
        self.transaction = transaction
        self.stage = Stage.RATING
        self.changed.emit()

    def rate(self, level: str, reason: str | None = None) -> Transaction:
        if self.stage is not Stage.RATING or self.transaction is None:
            raise _error(f"Nothing to rate in stage {self.stage}.", N_("There is nothing to rate yet."))
        record = rating(level, self.transaction, Channel.COUNTER, self.device_id, self._now(), reason)
        self.audit_action(AuditAction.RATED, self.transaction.reference)
        return record

    def rated(self) -> None:
        self.stage = Stage.DONE
        self.changed.emit()

    def skip_rating(self) -> None:
        """The citizen chose not to rate: nothing is filed, the case is done."""
        if self.stage is not Stage.RATING or self.transaction is None:
            raise _error(f"Nothing to rate in stage {self.stage}.", N_("There is nothing to rate yet."))
        self.audit_action(AuditAction.RATING_SKIPPED, self.transaction.reference)
        self.rated()

    def finish(self) -> None:
        """Forget the citizen and the form (the next person starts clean)."""
        if self.clerk is not None:
            self.audit_action(AuditAction.FINISH)
        self._wipe()
        self.changed.emit()

    def _service_ref(self) -> str:
        return self.session.service.id if self.session else ""

    def now(self) -> datetime:
        return self._now()
