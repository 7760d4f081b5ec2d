"""Every counter screen renders at 1920×1080 with Chinese text, no text below the theme minimum,
and no personal data in clear on the citizen display; PNGs go to $BANSHI_SCREENSHOTS when set."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from banshi.counter_app.app import build_counter
from banshi.counter_app.screens import (
    DEMO_CITIZEN_ID, DEMO_CITIZEN_NAME, CounterScreen, counter_screens, write_demo_accounts,
)
from banshi.counter_app.settings import CounterSettings
from tests.counter_app.conftest import counter_settings_for

MIN_PX = {"clerk": 16, "citizen": 32}
SCREENS = counter_screens()


def _visible_texts(root: QWidget) -> list[QWidget]:
    return [w for w in root.findChildren(QWidget) if isinstance(w, (QLabel, QAbstractButton))
            and w.isVisibleTo(root) and (w.text() if hasattr(w, "text") else "")]


@pytest.mark.parametrize("screen", SCREENS, ids=[screen.name for screen in SCREENS])
def test_each_screen_renders_large_enough_and_masks_personal_data(
    screen: CounterScreen, tmp_path: Path, qapp: object
) -> None:
    settings = counter_settings_for(tmp_path)
    write_demo_accounts(settings.device.data_dir / "clerks.json")
    runtime = build_counter(settings, CounterSettings(printer_target=tmp_path / "print"), start_sync=False)
    try:
        for window in (runtime.clerk, runtime.display):
            window.resize(1920, 1080)
            window.show()
        screen.reach(runtime)
        widget = screen.widget(runtime)
        texts = _visible_texts(widget)
        assert texts, "the screen shows some text"
        too_small = [(w.objectName(), w.font().pixelSize()) for w in texts
                     if 0 < w.font().pixelSize() < MIN_PX[screen.window]]
        assert too_small == []
        if screen.window == "citizen":
            shown = "\n".join(w.text() for w in texts)
            assert DEMO_CITIZEN_ID not in shown and DEMO_CITIZEN_NAME not in shown
        folder = os.environ.get("BANSHI_SCREENSHOTS")
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            widget.grab().save(str(Path(folder) / f"{screen.name}.png"))
    finally:
        runtime.shutdown()
