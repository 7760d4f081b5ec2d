"""What a device pulls from its hub after pushing: the catalog, the trust list, statuses of its filings."""

from __future__ import annotations

import logging
from pathlib import Path

from pydantic import ValidationError

from banshi.files import replace_atomically
from banshi.identity.cose import PublicKey
from banshi.identity.trust import TrustList, TrustListError
from banshi.services.catalog import Catalog, load_catalog_from_documents
from banshi.sync.events import SyncPulled
from banshi.sync.hub_client import HubCallFailed, HubClient, expect_ok
from banshi.sync.outbox import Outbox, OutboxState
from banshi.sync.protocol import (
    CATALOG_PATH,
    STATUS_PATH,
    TRUST_LIST_PATH,
    CatalogDocument,
    StatusRequest,
    StatusResponse,
    canonical_json,
)
from banshi.sync.protocol.cases import CASES_PATH, CaseLookup, CaseLookupAnswer, CaseStatus

_STATUS_BATCH = 1000
log = logging.getLogger(__name__)


class Puller:
    """Pulls with ``hub``; remembers the catalog and trust-list versions so unchanged ones cost a 304."""

    def __init__(self, hub: HubClient, outbox: Outbox, trust_root: PublicKey | None,
                 trust_list_file: Path | None = None, catalog_file: Path | None = None) -> None:
        self.hub = hub
        self.outbox = outbox
        self.trust_root = trust_root
        self.trust_list_file = trust_list_file  # the newest verified list is kept here for the next start
        self.catalog_file = catalog_file  # likewise the hub's catalog (used from the next start)
        saved = saved_catalog(catalog_file)
        self.catalog_version: str | None = saved.version if saved is not None else None
        self.trust_list_etag: str | None = None
        self.newest_issued_at = _issued_at(saved_trust_list(trust_list_file, trust_root))

    def pull(self) -> SyncPulled:
        catalog = self._catalog()
        trust_list = self._trust_list() if self.trust_root is not None else None
        return SyncPulled(catalog=catalog, trust_list=trust_list, statuses=self._statuses())

    def _catalog(self) -> Catalog | None:
        """The new catalog, or ``None`` when it has not changed since the last pull."""
        headers = {"If-None-Match": self.catalog_version} if self.catalog_version else None
        response = self.hub.get(CATALOG_PATH, headers)
        if response.status_code == 304:
            self.hub.verified(CATALOG_PATH, response)
            return None
        body = self.hub.verified(CATALOG_PATH, expect_ok(response, CATALOG_PATH))
        try:
            document = CatalogDocument.model_validate_json(body)
            catalog = load_catalog_from_documents(document.services)
        except (ValidationError, ValueError) as error:
            raise HubCallFailed(f"the hub's catalog is not valid: {error}") from None
        if self.catalog_file is not None:
            replace_atomically(self.catalog_file, body)
        self.catalog_version = document.version
        return catalog

    def _trust_list(self) -> TrustList | None:
        """A new trust list (new issuers, revocations, or re-signed before going stale), else ``None``."""
        assert self.trust_root is not None
        headers = {"If-None-Match": self.trust_list_etag} if self.trust_list_etag else None
        response = self.hub.get(TRUST_LIST_PATH, headers)
        if response.status_code == 404:
            return None  # this hub hands out no trust list; keep the one we have
        if response.status_code == 304:
            self.hub.verified(TRUST_LIST_PATH, response)
            return None
        body = self.hub.verified(TRUST_LIST_PATH, expect_ok(response, TRUST_LIST_PATH))
        try:
            trust_list = TrustList.from_bytes(body, self.trust_root)
        except TrustListError as error:
            raise HubCallFailed(str(error)) from None
        if trust_list.issued_at < self.newest_issued_at:
            # A replayed old list would un-revoke codes: keep the newer one this device holds.
            raise HubCallFailed(f"the hub's trust list was issued at {trust_list.issued_at}, before the one this "
                                f"device holds ({self.newest_issued_at}); keeping the newer list")
        if self.trust_list_file is not None:
            replace_atomically(self.trust_list_file, body)
        self.newest_issued_at = trust_list.issued_at
        # Remembered only once verified: a bad list is fetched in full again next time.
        self.trust_list_etag = response.headers.get("ETag")
        return trust_list

    def _statuses(self) -> dict[str, str]:
        filed = self.outbox.records([OutboxState.ACCEPTED, OutboxState.CONFLICT], limit=_STATUS_BATCH)
        if not filed:
            return {}
        body = StatusRequest(ids=[record.id for record in filed]).model_dump_json().encode("utf-8")
        response = self.hub.post(STATUS_PATH, body)
        try:
            return StatusResponse.model_validate_json(self.hub.verified(STATUS_PATH, expect_ok(response, STATUS_PATH))).statuses
        except ValidationError:
            raise HubCallFailed("the hub's status answer is not a status response") from None


def saved_catalog(path: Path | None) -> Catalog | None:
    """The catalog an earlier pull saved (the hub verified it then; it is validated again now), if any."""
    if path is None or not path.exists():
        return None
    try:
        document = CatalogDocument.model_validate_json(path.read_bytes())
        return load_catalog_from_documents(document.services)
    except (OSError, ValidationError, ValueError) as error:
        log.error("ignoring the saved catalog %s: %s", path, error)
        return None


def saved_trust_list(path: Path | None, trust_root: PublicKey | None) -> TrustList | None:
    """The list an earlier pull saved, if it is there and still verifies against ``trust_root``."""
    if path is None or trust_root is None or not path.exists():
        return None
    try:
        return TrustList.from_bytes(path.read_bytes(), trust_root)
    except (OSError, TrustListError) as error:
        log.error("ignoring the saved trust list %s: %s", path, error)
        return None


def _issued_at(trust_list: TrustList | None) -> int:
    return trust_list.issued_at if trust_list is not None else 0


def look_up_cases(hub: HubClient, ids: list[str]) -> dict[str, CaseStatus]:
    """The hub's latest status of each case (a receipt's transaction id) it holds; ``HubCallFailed`` when it
    cannot say (unreachable, refused, or an answer whose signature does not check out)."""
    body = canonical_json(CaseLookup(ids=ids).model_dump(mode="json"))
    response = expect_ok(hub.post(CASES_PATH, body), CASES_PATH)
    try:
        return CaseLookupAnswer.model_validate_json(hub.verified(CASES_PATH, response)).cases
    except ValidationError:
        raise HubCallFailed(f"hub answered {CASES_PATH} with something that is not a case list") from None
