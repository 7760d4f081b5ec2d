"""Stroke samples from KanjiVG (an independent source: the recogniser was not built from it)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from banshi.handwriting import Ink, Recogniser, make_ink

SAMPLES = json.loads((Path(__file__).parent / "data" / "kanjivg-sample.json").read_text(encoding="utf-8"))


def ink_of(character: str, scale: float = 1.0, shear: float = 0.0) -> Ink:
    """The sample of ``character`` drawn in a (109 × scale)² area, optionally slanted."""
    strokes = [[(x * scale + shear * (y - 54) * scale, y * scale) for x, y in stroke]
               for stroke in SAMPLES["characters"][character]]
    return make_ink(109 * scale, 109 * scale, strokes)


@pytest.fixture(scope="session")
def recogniser() -> Recogniser:
    loaded = Recogniser.open()
    assert loaded.problems == (), loaded.problems  # make setup installs Zinnia and its model
    return loaded
