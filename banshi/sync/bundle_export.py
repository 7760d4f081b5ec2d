"""Export the pending outbox as one sealed, signed bundle file (for a USB stick)."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from banshi.sync.device import DeviceCredentials
from banshi.sync.outbox import Outbox
from banshi.sync.protocol.bundle import BundleBody, write_bundle


def export_bundle(outbox: Outbox, credentials: DeviceCredentials, path: Path) -> int:
    """Write every unsynced record to ``path`` (written whole, then renamed); returns how many."""
    pending = outbox.unsynced_payloads()
    items = [outbox.codec.sealed_item(id_, payload, fmt, credentials.hub_sealing_key) for id_, payload, fmt in pending]
    body = BundleBody(created_at=datetime.now(UTC).isoformat(), device_id=credentials.device_id, items=items)
    temporary = path.with_name(path.name + ".partial")
    with temporary.open("wb") as handle:
        handle.write(write_bundle(body, credentials.signing_key))
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
    outbox.mark_exported([id_ for id_, _, _ in pending])
    return len(items)
