from __future__ import annotations

import json
from pathlib import Path

import pytest

from banshi.handwriting import InkError, make_ink, read_ink
from banshi.handwriting.ink import MAX_POINTS_IN, MAX_STROKES


@pytest.mark.parametrize(("content", "problem"), [
    ("not json", "not JSON"),
    ("[1, 2]", "expected a JSON object"),
    ('{"width": 10, "strokes": []}', "missing height"),
    ('{"width": 0, "height": 10, "strokes": []}', "width must be between"),
    ('{"width": 10, "height": 10, "strokes": [[[1, "a"]]]}', "stroke 1 has a point"),
    ('{"width": 10, "height": 10, "strokes": [[[1, NaN]]]}', "stroke 1 has a point"),
    ('{"width": 10, "height": 10, "strokes": {"a": 1}}', "strokes must be a list"),
])
def test_bad_stroke_files_are_refused_with_the_reason(tmp_path: Path, content: str, problem: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InkError, match=problem):
        read_ink(path)


def test_a_missing_file_is_an_ink_error_not_a_crash(tmp_path: Path) -> None:
    with pytest.raises(InkError, match="cannot read"):
        read_ink(tmp_path / "absent.json")


def test_absurd_ink_is_refused_but_a_dense_stroke_is_kept() -> None:
    with pytest.raises(InkError, match="too many strokes"):
        make_ink(10, 10, [[(1, 1)]] * (MAX_STROKES + 1))
    with pytest.raises(InkError, match="too many points"):
        make_ink(10, 10, [[(1, 1)] * (MAX_POINTS_IN + 1)])
    dense = make_ink(10, 10, [[(i / 5000, 1) for i in range(5000)]])
    assert dense.strokes[0][0] == (0.0, 1.0) and dense.strokes[0][-1] == (4999 / 5000, 1.0)


def test_ink_round_trips_through_json() -> None:
    ink = make_ink(300, 200, [[(1, 2), (3, 4)], [(5, 6)]])
    assert make_ink(**{k: v for k, v in json.loads(json.dumps(ink.to_json())).items()}) == ink
