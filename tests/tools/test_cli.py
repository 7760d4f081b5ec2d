"""`banshi audit` and `banshi screenshots` (the accessibility CLI) on a few kiosk screens."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from typer.testing import CliRunner

from banshi.tools.cli import app
from banshi.tools.registry import APPS

RUNNER = CliRunner()


def _flat(output: str) -> str:
    """The output as one line: typer draws errors in a box that wraps long messages."""
    return " ".join(output.replace("│", " ").split())


def test_the_audit_command_passes_a_clean_screen_and_exits_zero(qtbot: object) -> None:
    result = RUNNER.invoke(app, ["audit", "--app", "kiosk", "--screen", "attract", "--theme", "elder",
                                 "--language", "en"])
    assert result.exit_code == 0, result.output
    assert "ok   kiosk/attract/elder/en" in result.output
    assert "0 violation(s)" in result.output


@pytest.mark.parametrize("command", [["audit"], ["screenshots", "unused-folder"]])
def test_an_unknown_screen_is_refused_in_one_line_naming_the_screens_that_exist(command: list[str]) -> None:
    result = RUNNER.invoke(app, [*command, "--app", "kiosk", "--screen", "nowhere"])
    assert result.exit_code == 2
    assert "no screen 'nowhere'" in _flat(result.output) and "attract" in _flat(result.output)
    assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)


@pytest.mark.parametrize("command", [["audit"], ["screenshots", "unused-folder"]])
def test_an_unknown_app_is_refused_naming_the_apps_that_exist(command: list[str]) -> None:
    result = RUNNER.invoke(app, [*command, "--app", "nosuchapp"])
    assert result.exit_code == 2
    assert f"No app named 'nosuchapp'; choose from: {', '.join(APPS)}." in _flat(result.output)
    assert {"kiosk", "counter"} <= set(APPS)
    assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)


def test_screenshots_are_full_hd_pngs_in_both_orientations_listed_in_an_index(qtbot: object, tmp_path: Path) -> None:
    result = RUNNER.invoke(app, ["screenshots", str(tmp_path), "--app", "kiosk", "--screen", "menu",
                                 "--theme", "high_contrast"])
    assert result.exit_code == 0, result.output
    pngs = sorted(path.name for path in tmp_path.glob("*.png"))
    assert pngs == ["kiosk-menu-high_contrast-en-portrait.png", "kiosk-menu-high_contrast-en.png",
                    "kiosk-menu-high_contrast-zh_CN-portrait.png", "kiosk-menu-high_contrast-zh_CN.png"]
    landscape, portrait = QImage(str(tmp_path / pngs[1])), QImage(str(tmp_path / pngs[0]))
    assert (landscape.width(), landscape.height()) == (1920, 1080)
    assert (portrait.width(), portrait.height()) == (1080, 1920)
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert all(name in index for name in pngs)
