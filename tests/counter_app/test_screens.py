"""Every counter screen passes the accessibility audit in both windows (clerk window in the clerk
theme, citizen display in the elder theme). PNGs of both windows go to $BANSHI_SCREENSHOTS when it is set."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from banshi.tools.audit import audit_widget_tree
from banshi.ui.screen_set import Screen
from banshi.accessibility.tokens import theme
from banshi.counter_app.screens import (
    ScreenRuntime, close, counter_screens, launch, screen_set,
)

SCREENS = counter_screens()


def _save(shown: ScreenRuntime, name: str) -> None:
    folder = os.environ.get("BANSHI_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        shown.counter.clerk.grab().save(str(Path(folder) / f"counter-{name}-clerk.png"))
        shown.counter.display.grab().save(str(Path(folder) / f"counter-{name}-citizen.png"))


@pytest.mark.parametrize("screen", SCREENS, ids=[screen.name for screen in SCREENS])
def test_both_windows_pass_the_audit(
    screen: Screen[ScreenRuntime], tmp_path: Path, qapp: object
) -> None:
    shown = launch("clerk", "zh_CN", tmp_path)
    try:
        screen.prepare(shown)
        clerk, display = shown.counter.clerk, shown.counter.display
        violations = audit_widget_tree(clerk, theme("clerk"), f"{screen.name}/clerk")
        violations += audit_widget_tree(display, theme("elder"), f"{screen.name}/citizen")
        assert [str(v) for v in violations] == []
        _save(shown, screen.name)
    finally:
        close(shown)


def test_the_screen_set_shows_the_clerk_window_or_the_citizen_display_by_theme(tmp_path: Path, qapp: object) -> None:
    registry = screen_set()
    assert registry.app == "counter" and registry.themes == ("clerk", "elder")
    for name, expected in (("clerk", "clerk-window"), ("elder", "citizen-display")):
        shown = registry.launch(name, "en", tmp_path / name)
        try:
            assert registry.window(shown).objectName() == expected
        finally:
            registry.close(shown)
    with pytest.raises(ValueError):
        launch("high_contrast", "zh_CN", tmp_path / "other")
