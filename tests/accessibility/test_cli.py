"""`banshi audit` and `banshi screenshots` (the accessibility CLI) on a few kiosk screens."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QImage
from typer.testing import CliRunner

from banshi.accessibility.cli import app

RUNNER = CliRunner()


def test_the_audit_command_passes_a_clean_screen_and_exits_zero(qtbot: object) -> None:
    result = RUNNER.invoke(app, ["audit", "--app", "kiosk", "--screen", "attract", "--theme", "elder",
                                 "--language", "en"])
    assert result.exit_code == 0, result.output
    assert "ok   kiosk/attract/elder/en" in result.output
    assert "0 violation(s)" in result.output


def test_the_audit_command_refuses_an_unknown_screen(qtbot: object) -> None:
    result = RUNNER.invoke(app, ["audit", "--screen", "nowhere", "--theme", "elder", "--language", "en"])
    assert result.exit_code != 0


def test_screenshots_are_full_hd_pngs_listed_in_an_index(qtbot: object, tmp_path: Path) -> None:
    result = RUNNER.invoke(app, ["screenshots", str(tmp_path), "--app", "kiosk", "--screen", "menu",
                                 "--theme", "high_contrast"])
    assert result.exit_code == 0, result.output
    pngs = sorted(path.name for path in tmp_path.glob("*.png"))
    assert pngs == ["kiosk-menu-high_contrast-en.png", "kiosk-menu-high_contrast-zh_CN.png"]
    image = QImage(str(tmp_path / pngs[0]))
    assert (image.width(), image.height()) == (1920, 1080)
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert all(name in index for name in pngs)
