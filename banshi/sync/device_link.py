"""A device's link to the hub (kiosk and counter alike): its enrolled identity, a sealed outbox,
a signing sync engine, the long-offline guard.

A device enrols once with a one-time code from `banshi hub enrol-code` (setting
`sync.enrolment_code`); until then its outbox still encrypts locally and records wait, and the
device tries to enrol again at its next start.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from banshi.config import Settings
from banshi.identity.clock import TrustedClock
from banshi.identity.keyfolder import KeyFolder
from banshi.paths import asset
from banshi.services.catalog import Catalog, load_catalog
from banshi.sync.device import KEY_FILE, DeviceCredentials, enrol
from banshi.sync.engine import SyncEngine
from banshi.sync.errors import SyncError
from banshi.sync.events import SyncEvent
from banshi.sync.guard import GuardState
from banshi.sync.hub_client import HubClient
from banshi.sync.outbox import Outbox
from banshi.sync.protocol.cases import CaseStatus
from banshi.sync.protocol.keyfiles import load_or_create
from banshi.sync.pulls import look_up_cases, saved_catalog

log = logging.getLogger(__name__)
CASE_LOOKUP_TIMEOUT_S = 2.0  # a citizen is waiting at the screen; past this the outbox answers instead
ENROL_TIMEOUT_S = 3.0  # at start-up: a device without network (a kiosk, a field counter) must still open


def identity_folder(settings: Settings) -> Path:
    return settings.device.data_dir / "device-identity"


def device_signing_key(settings: Settings) -> Ed25519PrivateKey:
    """The device's own key (made now if it enrols later: enrolment then sends this same key). It signs the
    counter's audit entries: kept apart from the audit file, so whoever edits that file cannot sign."""
    folder = identity_folder(settings)
    folder.mkdir(parents=True, exist_ok=True)
    return load_or_create(folder / KEY_FILE, Ed25519PrivateKey)


def device_credentials(settings: Settings) -> DeviceCredentials | None:
    """The enrolled identity; enrols first if a one-time code is configured. None: not enrolled (yet)."""
    folder = identity_folder(settings)
    if DeviceCredentials.is_enrolled(folder):
        return DeviceCredentials.load(folder)
    code = settings.sync.enrolment_code
    if not code:
        log.warning("device %s is not enrolled: set sync.enrolment_code to a code from `banshi hub enrol-code`",
                    settings.device.device_id)
        return None
    folder.mkdir(parents=True, exist_ok=True)
    try:
        return enrol(settings.sync.hub_url, settings.device.device_id, code, folder, timeout=ENROL_TIMEOUT_S)
    except SyncError as error:
        log.error("enrolment at %s failed (%s); records are kept and the device tries again at its next start",
                  settings.sync.hub_url, error)
        return None


def open_outbox(settings: Settings, credentials: DeviceCredentials | None) -> Outbox:
    """Finalised payloads are sealed to the hub's key once enrolled, so this device cannot read them back."""
    return Outbox(settings.outbox_path, seal_to=credentials.hub_sealing_key if credentials else None)


def sync_engine(settings: Settings, outbox: Outbox, credentials: DeviceCredentials | None,
                on_event: Callable[[SyncEvent], None], *,
                after_pull: Sequence[Callable[[HubClient], object]] = ()) -> SyncEngine:
    """``after_pull`` steps (e.g. the counter's ``StaffSync.run``) run after each clean pull, in order."""
    keys = KeyFolder(settings.identity.keys_dir or asset("keys", "demo"))
    return SyncEngine(outbox, settings.sync.hub_url, settings.device.device_id, on_event=on_event,
                      batch_size=settings.sync.batch_size, interval=settings.sync.interval_s,
                      credentials=credentials, clock=TrustedClock(settings.trusted_clock_path),
                      trust_root=keys.root_public_key, trust_list_file=settings.pulled_trust_list_path,
                      catalog_file=settings.pulled_catalog_path, after_pull=after_pull)


def device_catalog(settings: Settings) -> Catalog:
    """The services this device offers: the catalog last pulled from its hub, else the shipped one."""
    return saved_catalog(settings.pulled_catalog_path) or load_catalog()


def guard_now(settings: Settings, outbox: Outbox) -> GuardState:
    """The long-offline guard (a database read: call it off the GUI thread)."""
    return outbox.guard(datetime.now(UTC), timedelta(days=settings.sync.warn_after_days),
                        timedelta(days=settings.sync.block_after_days))


class CaseLookupClient:
    """Asks the hub for a receipt's case status (signed); ``HubCallFailed`` when it cannot say."""

    def __init__(self, settings: Settings, credentials: DeviceCredentials) -> None:
        self.hub = HubClient(settings.sync.hub_url, credentials=credentials, timeout=CASE_LOOKUP_TIMEOUT_S)

    def warm(self) -> None:
        """Build the HTTP client (TLS context and all) before a citizen is waiting for the answer."""
        _ = self.hub.client

    def __call__(self, transaction_id: str) -> CaseStatus | None:
        return look_up_cases(self.hub, [transaction_id]).get(transaction_id)

    def close(self) -> None:
        self.hub.close()


def case_lookup(settings: Settings, credentials: DeviceCredentials | None) -> CaseLookupClient | None:
    """None until the device is enrolled: an unenrolled device cannot sign, and the hub would refuse it."""
    return None if credentials is None else CaseLookupClient(settings, credentials)
