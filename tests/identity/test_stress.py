"""The seeded stress set: reproducible, split in two, and a small part of it decoded in every test run."""

from __future__ import annotations

from pathlib import Path

import pytest

from banshi.identity.decoders import get_decoder
from banshi.identity.stress import Split, StressKind, fingerprint, make_case, payloads, stress_set

from .support import SAMPLES

_SAMPLES = SAMPLES if SAMPLES.is_dir() else None
# The small part: one frame of every kind but the 12 MP one from each split (the full set is bench_qr_stress).
_SMALL_KINDS = [kind for kind in StressKind if kind is not StressKind.LARGE_FRAME]


def test_the_same_seed_gives_the_same_frame_and_the_splits_differ() -> None:
    first = make_case(StressKind.GLARE, Split.TUNING, 3, _SAMPLES)
    again = make_case(StressKind.GLARE, Split.TUNING, 3, _SAMPLES)
    other = make_case(StressKind.GLARE, Split.HELD_OUT, 3, _SAMPLES)
    assert fingerprint(first) == fingerprint(again)
    assert fingerprint(first) != fingerprint(other)


def test_held_out_payloads_are_never_used_for_tuning() -> None:
    tuning, held_out = set(payloads(Split.TUNING, _SAMPLES)), set(payloads(Split.HELD_OUT, _SAMPLES))
    assert tuning.isdisjoint(held_out)
    assert any(text.startswith("BS1:") for text in held_out) and any(text.startswith("BST:") for text in held_out)


def test_the_sample_texts_are_divided_between_the_splits_when_the_samples_are_there(samples: Path) -> None:
    tuning, held_out = payloads(Split.TUNING, samples), payloads(Split.HELD_OUT, samples)
    banshi_only = payloads(Split.TUNING, None)
    assert len(tuning) > len(banshi_only) + 10 and len(held_out) > len(banshi_only) + 10


def test_a_twelve_megapixel_frame_holds_a_small_code() -> None:
    case = make_case(StressKind.LARGE_FRAME, Split.HELD_OUT, 0, _SAMPLES)
    assert case.frame.shape[:2] == (3000, 4000)
    assert [code.text for code in get_decoder("zxing").decode(case.frame)] == [case.expected]


@pytest.mark.parametrize("split", list(Split))
def test_the_pipeline_reads_the_small_stress_part_and_never_shows_a_wrong_text(split: Split) -> None:
    decoder = get_decoder("zxing")
    read, wrong, missed = 0, [], []
    for case in stress_set(split, 1, _SAMPLES, _SMALL_KINDS):
        texts = [code.text for code in decoder.decode(case.frame)]
        wrong += [(case.name, text) for text in texts if text != case.expected]
        if case.expected is not None:
            read += case.expected in texts
            missed += [] if case.expected in texts else [case.name]
    assert wrong == []
    assert read >= len(_SMALL_KINDS) - 1 - 2, missed  # today's floor; raised as the pipeline improves
