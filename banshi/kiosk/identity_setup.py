"""The kiosk's identity pieces from settings: trust list, trusted clock, decoder and camera."""

from __future__ import annotations

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
from banshi.ui.bridge import Bridge
from banshi.ui.scanner_view import ScannerView

log = logging.getLogger(__name__)


def load_trust_list(settings: Settings) -> TrustList:
    folder = settings.identity.keys_dir
    if folder is None:
        folder = asset("keys", "demo")
        log.warning("identity: using the DEMO trust list in %s; set identity.keys_dir for real use", folder)
    return KeyFolder(folder).trust_list()


def camera_service(settings: Settings) -> CameraService:
    """The app's one camera process (started on the first scan)."""
    return CameraService(settings.identity.camera, settings.identity.decoder)


def scanner_factory(settings: Settings, bridge: Bridge, camera: CameraService) -> Callable[[LazyText, str], ScannerView]:
    """Scanner views sharing the app's camera, one trust list and one trusted clock."""
    check = IdentityCheck(load_trust_list(settings), TrustedClock(settings.trusted_clock_path))

    def make(prompt: LazyText, prompt_role: str = "title") -> ScannerView:
        return ScannerView(bridge, camera, check, prompt, prompt_role)

    return make
