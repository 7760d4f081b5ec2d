"""What the sync engine tells the apps (plain dataclasses; ``ui/`` re-emits them as Qt signals)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from banshi.i18n import N_, LazyText
from banshi.identity.trust import TrustList
from banshi.services.catalog import Catalog


@dataclass(frozen=True)
class SyncReport:
    """The outcome of one ``sync_once()``: counts of records the hub acknowledged, and any error."""

    sent: int = 0
    accepted: int = 0
    duplicates: int = 0
    conflicts: int = 0
    rejected: int = 0
    error: str | None = None
    retry_after: float | None = None  # seconds the hub asked us to wait, if it did
    notice: LazyText | None = None  # what the staff at the device must be told, when the failure says so


@dataclass(frozen=True)
class SyncStarted:
    kind: ClassVar[str] = "started"
    queued: int


@dataclass(frozen=True)
class SyncProgress:
    kind: ClassVar[str] = "progress"
    sent: int
    total: int


@dataclass(frozen=True)
class SyncFinished:
    kind: ClassVar[str] = "finished"
    report: SyncReport


@dataclass(frozen=True)
class SyncOffline:
    """The hub could not be reached or answered badly; records stay queued (``error`` is for logs)."""

    kind: ClassVar[str] = "offline"
    error: str
    user_message: LazyText = field(
        default_factory=lambda: N_(
            "Not connected to the central service. Your records are saved and will be sent later."
        )
    )


@dataclass(frozen=True)
class SyncPulled:
    """What the hub handed out after a clean push, all signature-checked.

    ``catalog`` is ``None`` when unchanged since the last pull; ``trust_list`` is ``None`` when the
    engine has no trust root or the hub has no list; ``statuses`` maps filed ids to
    ``accepted`` / ``conflict`` / ``unknown``.
    """

    kind: ClassVar[str] = "pulled"
    catalog: Catalog | None
    trust_list: TrustList | None
    statuses: dict[str, str] = field(hash=False)


SyncEvent = SyncStarted | SyncProgress | SyncFinished | SyncOffline | SyncPulled
