"""What the outbox dashboard needs from the sync package beyond queueing and pushing.

``OutboxActions`` is the interface the sync helper is asked to provide (USB bundles and
conflict resolution). Until it exists, ``UnavailableOutboxActions`` raises a specific error so
the buttons say plainly that the feature is not installed instead of failing silently.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Protocol

from banshi.i18n import N_


class ConflictResolution(StrEnum):
    KEEP_HUB = "keep_hub"  # the hub's copy stands; the local one is marked resolved
    RESEND_AS_NEW = "resend_as_new"  # the local answers are filed again under a new id, linked to the old


class OutboxActions(Protocol):
    def export_bundle(self, folder: Path) -> Path:
        """Write every unsynced record as a signed, sealed bundle file into ``folder``; return its path."""
        ...

    def import_bundle(self, path: Path) -> int:
        """Read a bundle (e.g. statuses from the hub) and apply it; return how many records changed."""
        ...

    def resolve_conflict(self, transaction_id: str, resolution: ConflictResolution, actor: str) -> None:
        """Settle a record in ``conflict``; raises if it is not in conflict."""
        ...


class OutboxActionUnavailableError(RuntimeError):
    def __init__(self, action: str) -> None:
        super().__init__(
            f"Outbox action {action!r} is not available: banshi.sync does not provide OutboxActions yet "
            "(see banshi/counter_app/outbox_actions.py)."
        )
        self.user_message = N_("This function is not installed on this machine yet. Please ask a supervisor.")


class UnavailableOutboxActions:
    def export_bundle(self, folder: Path) -> Path:
        raise OutboxActionUnavailableError("export_bundle")

    def import_bundle(self, path: Path) -> int:
        raise OutboxActionUnavailableError("import_bundle")

    def resolve_conflict(self, transaction_id: str, resolution: ConflictResolution, actor: str) -> None:
        raise OutboxActionUnavailableError("resolve_conflict")
