"""What a device's outbox dashboard does beyond queueing and pushing: USB bundles and conflicts.

* ``export_bundle`` writes every unsynced record to a sealed, signed bundle for a USB stick.
* ``import_bundle`` reads the hub's signed acknowledgement of such a bundle (``<bundle>.ack``, written
  by ``banshi hub import-bundle``) and settles those records exactly as a network push's answer would.
* ``resolve_conflict`` keeps the hub's copy of a record in conflict.

Re-filing a conflict's answers under a new id is not offered: payloads are sealed to the hub's key
at enqueue, so the device cannot read the answers back (a stolen device must not either).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

from banshi.i18n import N_
from banshi.sync.bundle_export import export_bundle
from banshi.sync.device import DeviceCredentials
from banshi.sync.errors import SyncError
from banshi.sync.outbox import Outbox
from banshi.sync.protocol.bundle import read_ack

log = logging.getLogger(__name__)
BUNDLE_SUFFIX = ".bundle"


class ConflictResolution(StrEnum):
    KEEP_HUB = "keep_hub"  # the hub's copy stands; the local record is marked resolved


class DeviceNotEnrolledError(SyncError):
    """A bundle is sealed to the hub's key and signed by the device's: both come with enrolment."""

    def __init__(self) -> None:
        super().__init__("This device is not enrolled at a hub, so there is no hub key to seal a bundle to; "
                         "set sync.enrolment_code to a code from `banshi hub enrol-code` and restart.")
        self.user_message = N_("This machine is not registered with the service centre yet, so records "
                               "cannot be exported. Please ask a supervisor.")


class NothingToExportError(SyncError):
    def __init__(self) -> None:
        super().__init__("Nothing to export: every record has been sent or settled.")
        self.user_message = N_("Nothing is waiting to be exported.")


class AcknowledgementRefusedError(SyncError):
    """An acknowledgement file that is not our hub's answer to one of our bundles."""

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(f"Acknowledgement {path} refused: {problem}.")
        self.path = path
        self.user_message = N_("This file is not a receipt from the service centre for this machine. "
                               "Nothing was changed.")


def bundle_name(device_id: str, now: datetime) -> str:
    return f"{device_id}-{now.astimezone(UTC).strftime('%Y%m%dT%H%M%SZ')}{BUNDLE_SUFFIX}"


class DeviceOutboxActions:
    """The dashboard's outbox actions on ``outbox``; ``credentials`` returns the enrolled identity or None."""

    def __init__(self, outbox: Outbox, credentials: Callable[[], DeviceCredentials | None],
                 now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.outbox = outbox
        self._credentials = credentials
        self._now = now

    def _enrolled(self) -> DeviceCredentials:
        credentials = self._credentials()
        if credentials is None:
            raise DeviceNotEnrolledError()
        return credentials

    def export_bundle(self, folder: Path) -> Path:
        """Write every unsynced record as ``<device>-<UTC time>.bundle`` into ``folder``; return its path."""
        credentials = self._enrolled()
        if not self.outbox.unsynced_payloads():
            raise NothingToExportError()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / bundle_name(credentials.device_id, self._now())
        count = export_bundle(self.outbox, credentials, path)
        log.info("exported %d records to %s", count, path)
        return path

    def import_bundle(self, path: Path) -> int:
        """Apply the hub's signed acknowledgement at ``path``; returns how many records changed state."""
        credentials = self._enrolled()
        try:
            ack = read_ack(path.read_bytes(), credentials.hub_signing_key)
        except SyncError as error:
            raise AcknowledgementRefusedError(path, str(error)) from None
        if ack.device_id != credentials.device_id:
            raise AcknowledgementRefusedError(path, f"it answers device {ack.device_id!r}, "
                                                    f"this is {credentials.device_id!r}")
        changed = self.outbox.record_results(ack.results)
        log.info("acknowledgement %s: %d of %d records settled", path.name, changed, len(ack.results))
        return changed

    def resolve_conflict(self, transaction_id: str, resolution: ConflictResolution, actor: str) -> None:
        """Settle a record in ``conflict`` (``NotInConflictError`` otherwise)."""
        if resolution is not ConflictResolution.KEEP_HUB:
            raise ValueError(f"unknown conflict resolution {resolution!r}")
        self.outbox.resolve(transaction_id, actor)
