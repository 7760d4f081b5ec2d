"""Export the pending outbox as one sealed, signed bundle file (for a USB stick)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from banshi.files import replace_atomically
from banshi.sync.device import DeviceCredentials
from banshi.sync.outbox import Outbox
from banshi.sync.protocol.bundle import BundleBody, write_bundle


def export_bundle(outbox: Outbox, credentials: DeviceCredentials, path: Path) -> int:
    """Write every unsynced record to ``path`` (written whole, then renamed); returns how many."""
    pending = outbox.unsynced_payloads()
    items = [outbox.codec.sealed_item(id_, payload, fmt, credentials.hub_sealing_key) for id_, payload, fmt in pending]
    body = BundleBody(created_at=datetime.now(UTC).isoformat(), device_id=credentials.device_id, items=items)
    replace_atomically(path, write_bundle(body, credentials.signing_key))
    outbox.mark_exported([id_ for id_, _, _ in pending])
    return len(items)
