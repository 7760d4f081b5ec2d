"""Handwriting: Zinnia alone vs. Banshi's recogniser, top-1 / top-10 and latency, per perturbation.

    .venv/bin/python bench/bench_handwriting.py [--every N] [--conditions clean,all] [--tune]

Test set: GB2312 level-1 characters as drawn by KanjiVG (not used to build the recogniser).
``--tune`` instead searches the fusion weights on KanjiVG's GB2312 level-2 characters (disjoint
from the test set) and prints the best; the chosen values live in banshi/handwriting/recogniser.py.
Latency is the median wall time of one recognition (the work done after the pen lifts).
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _handwriting_data import Condition, ensure_data, hanzi_writer_set, kanjivg_set, samples  # noqa: E402

from banshi.handwriting.recogniser import ZINNIA_BEST, Recogniser, Weights  # noqa: E402


def _row(name: str, hits1: int, hits10: int, wall: list[float], cpu: list[float], count: int) -> str:
    """Wall time is what a citizen waits on this machine now; CPU time is the work, free of other load."""
    return (f"{name:36s} n={count:5d}  top-1 {100 * hits1 / count:5.1f} %  top-10 {100 * hits10 / count:5.1f} %  "
            f"median {1000 * statistics.median(wall):6.1f} ms wall, {1000 * statistics.median(cpu):6.1f} ms CPU")


def measure(recogniser: Recogniser, data, condition: Condition) -> list[str]:
    zinnia = recogniser._zinnia
    ours, alone = [0, 0, [], []], [0, 0, [], []]
    for character, ink in samples(data, condition):
        for tally, run in ((alone, lambda: [c for c, _ in zinnia.classify(ink, 10)]),
                           (ours, lambda: recogniser.recognise(ink))):
            wall, cpu = time.perf_counter(), time.process_time()
            got = run()
            tally[2].append(time.perf_counter() - wall)
            tally[3].append(time.process_time() - cpu)
            tally[0] += got[:1] == [character]
            tally[1] += character in got[:10]
    return [_row(f"{condition:9s} Zinnia alone", *alone, len(data)),
            _row(f"{condition:9s} Banshi (Zinnia + matcher)", *ours, len(data))]


def tune(recogniser: Recogniser, data, conditions: list[Condition]) -> None:
    gathered = []
    for condition in conditions:
        for character, ink in samples(data, condition):
            zinnia = recogniser._zinnia.classify(ink, ZINNIA_BEST)
            gathered.append((character, recogniser.evidence(ink, zinnia, {})))
    best = None
    for chamfer, zinnia, level in itertools.product((0.5, 1, 2, 3, 4, 6), (0, 0.02, 0.05, 0.1, 0.2),
                                                    (0, 0.01, 0.02, 0.05)):
        weights = Weights(chamfer, zinnia, level)
        hits = sum(e.characters[int(e.scores(weights).argmax())] == c for c, e in gathered)
        if best is None or hits > best[0]:
            best = (hits, weights)
        print(f"{weights}  top-1 {100 * hits / len(gathered):.1f} %", flush=True)
    print(f"best on the tuning set ({len(gathered)} samples): {best[1]} top-1 {100 * best[0] / len(gathered):.1f} %")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--every", type=int, default=1, help="Use every Nth character (quicker, less precise).")
    parser.add_argument("--conditions", default=",".join(Condition), help="Comma-separated perturbations.")
    parser.add_argument("--tune", action="store_true", help="Search fusion weights on the tuning set instead.")
    options = parser.parse_args()
    ensure_data()
    conditions = [Condition(name) for name in options.conditions.split(",")]
    recogniser = Recogniser.open()
    if recogniser.problems:
        sys.exit("bench_handwriting: " + "; ".join(recogniser.problems))
    print(f"cores: {os.cpu_count()}, load average: {os.getloadavg()[0]:.1f}")
    if options.tune:
        tune(recogniser, kanjivg_set(2)[::options.every], conditions)
        return
    reference = hanzi_writer_set(1)[::options.every]
    print("reference: Zinnia alone on hanzi-writer-data medians (placed and pen-sampled, not perturbed)")
    print(measure(recogniser, reference, Condition.CLEAN)[0].replace("clean    ", "hwd clean"))
    test = kanjivg_set(1)[::options.every]
    print(f"held-out test: {len(test)} GB2312 level-1 characters drawn by KanjiVG")
    for condition in conditions:
        for line in measure(recogniser, test, condition):
            print(line, flush=True)


if __name__ == "__main__":
    main()
