from __future__ import annotations

from pathlib import Path

import pytest

from banshi.identity.clock import TrustedClock

from .support import NOW, SAMPLES, World, make_world


@pytest.fixture(scope="session")
def world() -> World:
    return make_world()


@pytest.fixture()
def clock() -> TrustedClock:
    return TrustedClock(None, wall=lambda: float(NOW))


@pytest.fixture(scope="session")
def samples() -> Path:
    if not SAMPLES.is_dir():
        pytest.skip(f"QR sample photos not found at {SAMPLES} (external data, not in the repository)")
    return SAMPLES
