from __future__ import annotations

from pathlib import Path

import pytest

from banshi.handwriting import Context, Recogniser, RecogniserUnavailable, make_ink
from banshi.handwriting.ink import MAX_POINTS_PER_STROKE
from tests.handwriting.conftest import SAMPLES, ink_of

CHARACTERS = list(SAMPLES["characters"])


def test_three_dozen_characters_from_an_independent_source_are_recognised_first(recogniser: Recogniser) -> None:
    missed = {c: recogniser.recognise(ink_of(c))[:3] for c in CHARACTERS if recogniser.recognise(ink_of(c))[:1] != [c]}
    assert len(CHARACTERS) == 36
    assert len(missed) <= 2, missed


def test_a_slanted_hand_joining_strokes_in_pairs_still_finds_the_character_among_the_ten(recogniser: Recogniser) -> None:
    for character in ("街", "道", "路", "国"):
        strokes = SAMPLES["characters"][character]
        pairs = [strokes[i] + (strokes[i + 1] if i + 1 < len(strokes) else []) for i in range(0, len(strokes), 2)]
        joined = make_ink(109, 109, [[(x + 0.2 * (y - 54), y) for x, y in stroke] for stroke in pairs])
        assert character in recogniser.recognise(joined), character


def test_the_matcher_lifts_what_zinnia_alone_gets_wrong(recogniser: Recogniser) -> None:
    """On this sample Zinnia alone misses several; the fused recogniser must beat it."""
    zinnia = recogniser._zinnia
    alone = sum(zinnia.classify(ink_of(c), 1)[:1] == [(c, zinnia.classify(ink_of(c), 1)[0][1])] for c in CHARACTERS)
    fused = sum(recogniser.recognise(ink_of(c))[:1] == [c] for c in CHARACTERS)
    assert fused > alone


def test_the_field_context_moves_an_expected_character_up(recogniser: Recogniser) -> None:
    written = ink_of("区")
    plain = recogniser.recognise(written)
    look_alike = plain[4]
    boosted = recogniser.recognise(written, Context.expecting([f"朝阳{look_alike}"], preceding="朝阳"))
    assert boosted.index(look_alike) < 4 and boosted[0] == "区"  # moved up, yet a clear shape still wins


def test_ten_candidates_at_most_best_first_and_none_for_an_empty_pad(recogniser: Recogniser) -> None:
    assert len(recogniser.recognise(ink_of("我"))) == 10
    assert recogniser.recognise(make_ink(500, 500, [])) == []


def test_a_stroke_of_thousands_of_points_is_thinned_and_recognised(recogniser: Recogniser) -> None:
    dense = [[(10 + i * 0.0089, 55.0) for i in range(10_000)]]  # one horizontal line, 10,000 points
    ink = make_ink(109, 109, dense)
    assert len(ink.strokes[0]) == MAX_POINTS_PER_STROKE
    assert "一" in recogniser.recognise(ink)[:3]


def test_without_zinnia_the_matcher_alone_still_recognises_and_says_what_is_missing(tmp_path: Path) -> None:
    partial = Recogniser.open(zinnia_model=tmp_path / "missing.model")
    assert any("missing.model" in problem for problem in partial.problems)
    assert partial.recognise(ink_of("国"))[0] == "国"


def test_with_nothing_installed_recognising_raises_a_clear_error(tmp_path: Path) -> None:
    nothing = Recogniser.open(zinnia_model=tmp_path / "no.model", templates=tmp_path / "no.npz")
    assert not nothing.available
    with pytest.raises(RecogniserUnavailable, match="no.model"):
        nothing.recognise(ink_of("国"))
