"""Identity pieces both apps build from settings: trust list, trusted clock, the shared camera, scanner views."""

from __future__ import annotations

import atexit
import functools
import logging
from collections.abc import Callable

from banshi.config import Settings
from banshi.i18n import LazyText
from banshi.identity.camera_service import CameraService
from banshi.identity.check import IdentityCheck
from banshi.identity.clock import TrustedClock
from banshi.identity.keyfolder import KeyFolder
from banshi.identity.trust import TrustList
from banshi.paths import asset
from banshi.sync.pulls import saved_trust_list
from banshi.ui.bridge import Bridge
from banshi.ui.scanner_view import ScannerView

log = logging.getLogger(__name__)


def load_trust_list(settings: Settings) -> TrustList:
    """The newer of the key folder's trust list and the last one pulled from the hub (revocations since)."""
    folder = settings.identity.keys_dir
    if folder is None:
        folder = asset("keys", "demo")
        log.warning("identity: using the DEMO trust list in %s; set identity.keys_dir for real use", folder)
    keys = KeyFolder(folder)
    shipped, pulled = keys.trust_list(), saved_trust_list(settings.pulled_trust_list_path, keys.root_public_key)
    return pulled if pulled is not None and pulled.issued_at >= shipped.issued_at else shipped


def camera_service(settings: Settings) -> CameraService:
    """The process's one camera service (its child process starts on the first scan).

    Shared, because a camera can only be opened once and a new child process costs a second or more;
    it is closed when the process exits.
    """
    return _shared_camera(settings.identity.decoder)


@functools.lru_cache(maxsize=None)
def _shared_camera(decoder: str) -> CameraService:
    service = CameraService(decoder)
    atexit.register(service.close)
    return service


def scanner_factory(settings: Settings, bridge: Bridge, camera: CameraService) -> Callable[[LazyText, str], ScannerView]:
    """Scanner views sharing the app's camera, one trust list and one trusted clock."""
    check = IdentityCheck(load_trust_list(settings), TrustedClock(settings.trusted_clock_path))

    def make(prompt: LazyText, prompt_role: str = "title") -> ScannerView:
        return ScannerView(bridge, camera, settings.identity.camera, check, prompt, prompt_role)

    return make
