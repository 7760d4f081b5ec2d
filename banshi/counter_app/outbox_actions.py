"""What the outbox dashboard needs from the sync package beyond queueing and pushing.

``OutboxActions`` is the interface; ``banshi.sync.outbox_actions.DeviceOutboxActions`` implements
it (USB bundles out, the hub's signed acknowledgements back in, conflicts kept as the hub has them).
Tests may hand the controller another implementation.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from banshi.sync.outbox_actions import ConflictResolution

__all__ = ["ConflictResolution", "OutboxActions"]


class OutboxActions(Protocol):
    def export_bundle(self, folder: Path) -> Path:
        """Write every unsynced record as a signed, sealed bundle file into ``folder``; return its path."""
        ...

    def import_bundle(self, path: Path) -> int:
        """Apply the hub's acknowledgement of an exported bundle; return how many records changed."""
        ...

    def resolve_conflict(self, transaction_id: str, resolution: ConflictResolution, actor: str) -> None:
        """Settle a record in ``conflict``; raises if it is not in conflict."""
        ...
