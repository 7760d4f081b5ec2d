"""The architecture's boundaries are enforced by import-linter contracts, and a violation fails."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint(cwd: Path, pythonpath: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), str(cwd / "pyproject.toml"), "--no-cache"],
        cwd=cwd, env={"PYTHONPATH": str(pythonpath), "PATH": "/usr/bin:/bin"},
        capture_output=True, text=True, timeout=120,
    )


def _copy_of_the_package(tmp_path: Path) -> Path:
    shutil.copytree(REPO_ROOT / "banshi", tmp_path / "banshi",
                    ignore=shutil.ignore_patterns("__pycache__", "assets"))
    shutil.copy(REPO_ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_project_keeps_every_architecture_contract() -> None:
    result = _lint(REPO_ROOT, REPO_ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("offender", "line", "contract"),
    [
        ("banshi/services/qt_leak.py", "import PySide6.QtWidgets\n", "never imports Qt"),
        ("banshi/kiosk/borrow.py", "import banshi.counter_app\n", "never import each other"),
        ("banshi/sync/hub/peek.py", "import banshi.sync.outbox\n", "hub never imports device-side"),
        ("banshi/accessibility/qt_leak.py", "import PySide6.QtGui\n", "never imports Qt"),
        ("banshi/ui/reach_up.py", "import banshi.kiosk.window\n", "Layers"),
        ("banshi/kiosk/uses_the_audit.py", "import banshi.tools.audit\n", "Layers"),
        ("banshi/voice/reach_up.py", "import banshi.tools.gallery\n", "never imports Qt"),
    ],
)
def test_a_forbidden_import_breaks_its_contract(tmp_path: Path, offender: str, line: str, contract: str) -> None:
    root = _copy_of_the_package(tmp_path)
    (root / offender).write_text(line, encoding="utf-8")
    result = _lint(root, root)
    assert result.returncode != 0
    assert contract in result.stdout
    assert "BROKEN" in result.stdout
