"""Fixtures every test shares: fresh settings in a temporary folder, the default language."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from banshi import i18n  # noqa: E402
from banshi.config import Settings, load_settings  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = REPO_ROOT.parent / "shared" / "data"


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    i18n.reset_for_tests()
    yield
    i18n.reset_for_tests()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Default settings with every file under tmp_path; never the user's own configuration."""
    return load_settings(environ={"BANSHI_DEVICE__DATA_DIR": str(tmp_path / "device"),
                                  "BANSHI_KIOSK__FULLSCREEN": "false"})
