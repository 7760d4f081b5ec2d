"""The kiosk starts without handwriting parts and names what is missing in its log."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from banshi.config import load_settings
from banshi.kiosk.app import build_kiosk
from banshi.kiosk.demo import demo_settings


def test_a_kiosk_without_the_zinnia_model_starts_and_logs_what_is_missing(
        qtbot: object, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    settings = load_settings(environ={"BANSHI_DEVICE__DATA_DIR": str(tmp_path / "device"),
                                      "BANSHI_KIOSK__FULLSCREEN": "false", "BANSHI_VOICE__ENABLED": "false",
                                      "BANSHI_HANDWRITING__ZINNIA_MODEL": str(tmp_path / "absent.model")})
    with caplog.at_level(logging.WARNING, logger="banshi.handwriting"):
        runtime = build_kiosk(demo_settings(settings, tmp_path / "device", "http://127.0.0.1:9"), start_sync=False)
    try:
        runtime.window.show()
        assert runtime.window.isVisible()
        lines = [record.getMessage() for record in caplog.records if record.name.startswith("banshi.handwriting")]
        assert lines == [f"handwriting: the Zinnia model {tmp_path / 'absent.model'} is missing (Debian package "
                         "tegaki-zinnia-simplified-chinese); the kiosk starts without it"]
    finally:
        runtime.shutdown()
