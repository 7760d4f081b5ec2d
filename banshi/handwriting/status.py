"""What of handwriting recognition is installed, cheaply (no model is loaded): for settings and logs."""

from __future__ import annotations

import ctypes.util
import logging
from pathlib import Path

from banshi.handwriting.templates import DEFAULT_TEMPLATES
from banshi.handwriting.zinnia import DEFAULT_MODEL

log = logging.getLogger(__name__)


def missing_components(zinnia_model: Path | None, templates: Path | None) -> list[str]:
    """One sentence per missing part; empty when everything is in place."""
    missing = []
    if not (ctypes.util.find_library("zinnia") or Path("/usr/lib/x86_64-linux-gnu/libzinnia.so.0").exists()):
        missing.append("the Zinnia library is not installed (Debian package libzinnia0)")
    model = zinnia_model or DEFAULT_MODEL
    if not model.is_file():
        missing.append(f"the Zinnia model {model} is missing (Debian package tegaki-zinnia-simplified-chinese)")
    template_file = templates or DEFAULT_TEMPLATES
    if not template_file.is_file():
        missing.append(f"the handwriting templates {template_file} are missing")
    return missing


def log_missing_components(zinnia_model: Path | None, templates: Path | None) -> list[str]:
    """At start-up: one warning line per missing part (the kiosk starts without it); returns them."""
    missing = missing_components(zinnia_model, templates)
    for problem in missing:
        log.warning("handwriting: %s; the kiosk starts without it", problem)
    return missing
