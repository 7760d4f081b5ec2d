"""The kiosk's identity pieces from settings: trust list, trusted clock, decoder and camera."""

from __future__ import annotations

import logging
from collections.abc import Callable

from banshi.config import Settings
from banshi.i18n import LazyText
from banshi.identity.check import IdentityCheck
from banshi.identity.clock import TrustedClock
from banshi.identity.decoders import get_decoder
from banshi.identity.keyfolder import KeyFolder
from banshi.identity.scan_loop import frame_source_for
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


def scanner_factory(settings: Settings, bridge: Bridge) -> Callable[[LazyText, str], ScannerView]:
    """Each scanner gets its own IdentityCheck (its own stability filter) over one trust list and clock."""
    trust_list = load_trust_list(settings)
    clock = TrustedClock(settings.trusted_clock_path)
    open_source = frame_source_for(settings.identity.camera)

    def make(prompt: LazyText, prompt_role: str = "title") -> ScannerView:
        decoder = None if settings.identity.decoder == "zxing" else get_decoder(settings.identity.decoder)
        return ScannerView(bridge, IdentityCheck(trust_list, clock, decoder), open_source, prompt, prompt_role)

    return make
