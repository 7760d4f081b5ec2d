from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.handwriting.conftest import SAMPLES


def run_banshi(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(Path(sys.executable).with_name("banshi")), *arguments], capture_output=True, text=True,
                          timeout=120, env={"PATH": "/usr/bin:/bin", "QT_QPA_PLATFORM": "offscreen", "HOME": "/tmp"})


def test_recognise_prints_one_json_line_per_file_and_one_clear_line_for_a_bad_one(tmp_path: Path) -> None:
    good = tmp_path / "wo.json"
    good.write_text(json.dumps({"width": 109, "height": 109, "strokes": SAMPLES["characters"]["我"]}), "utf-8")
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", "utf-8")
    result = run_banshi("handwriting", "recognise", str(good), str(bad))
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert lines[0]["path"] == str(good) and lines[0]["candidates"][0] == "我"
    assert 1 <= len(lines[0]["candidates"]) <= 10
    assert lines[1]["path"] == str(bad) and "not JSON" in lines[1]["error"]
    assert result.returncode == 1
    assert "Traceback" not in result.stderr


def test_settings_name_a_missing_handwriting_model_and_still_succeed() -> None:
    result = subprocess.run([str(Path(sys.executable).with_name("banshi")), "settings"], capture_output=True,
                            text=True, timeout=60, env={"PATH": "/usr/bin:/bin", "HOME": "/tmp",
                                                        "BANSHI_HANDWRITING__ZINNIA_MODEL": "/nowhere/zh.model"})
    assert result.returncode == 0
    assert json.loads(result.stdout)["handwriting"]["zinnia_model"] == "/nowhere/zh.model"
    assert "the Zinnia model /nowhere/zh.model is missing" in result.stderr
