"""Build banshi/kiosk/data/walk-strokes.json: KanjiVG strokes of every character `banshi walk` writes.

Run after `make handwriting-data` (which fetches the PyPI package kanjivg into .cache/handwriting/):

    .venv/bin/python scripts/make-walk-strokes.py

KanjiVG is an independent source: the recogniser's templates are built from Make Me a Hanzi, so the
walk writes with a hand the recogniser has not seen.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from banshi.handwriting.sources import kanjivg_strokes
from banshi.kiosk.walk import STROKES_FILE, WRITTEN_TEXTS

KANJIVG = Path(".cache/handwriting/kanjivg/kanji")
SOURCE = ("KanjiVG (https://kanjivg.tagaini.net), copyright Ulrich Apel, CC BY-SA 3.0; strokes of the PyPI "
          "package kanjivg 20260714, points rounded to 0.1 in its 109 x 109 box. Not used to build the recogniser.")


def main() -> int:
    characters = sorted({c for text in WRITTEN_TEXTS for c in text if not (c.isascii() and c.isalnum())})
    book = {}
    for character in characters:
        strokes = kanjivg_strokes(KANJIVG, character)
        if not strokes:
            print(f"no KanjiVG strokes for {character!r}; choose another character", file=sys.stderr)
            return 1
        book[character] = [[[round(x, 1), round(y, 1)] for x, y in stroke] for stroke in strokes]
    STROKES_FILE.parent.mkdir(parents=True, exist_ok=True)
    STROKES_FILE.write_text(json.dumps({"source": SOURCE, "width": 109, "height": 109, "characters": book},
                                       ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{STROKES_FILE}: {len(book)} characters")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
