"""A fresh kiosk as the screens tools start one (elder theme, Mandarin, no hub, the demo camera footage)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from banshi.kiosk.app import KioskRuntime
from banshi.kiosk.screens import close, launch


@pytest.fixture
def elder_kiosk(qtbot: object, tmp_path: Path) -> Iterator[KioskRuntime]:
    runtime = launch("elder", "zh_CN", tmp_path)
    yield runtime
    close(runtime)
