"""Handwriting: Zinnia alone vs. Banshi's recogniser, top-1 / top-10 and latency, per perturbation.

    .venv/bin/python bench/bench_handwriting.py [--every N] [--conditions clean,all] [--set test|tune] [--tune]

Test set (default): the GB2312 level-1 characters KanjiVG draws (not used to build or tune anything).
``--set tune`` runs the same on the tuning set (KanjiVG's GB2312 level-2 characters), which is where
every design choice and weight was compared; ``--tune`` searches the fusion weights there and prints
the best (the chosen values live in banshi/handwriting/recogniser.py). Both engines see the same
samples in the same run. Latency is the time of one recognition (the work done after the pen
lifts): wall time is what a citizen waits on this machine as loaded now, CPU time is the work.
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _handwriting_data import Condition, ensure_data, hanzi_writer_set, kanjivg_set, samples  # noqa: E402

from banshi.handwriting.recogniser import ZINNIA_BEST, Recogniser, Weights  # noqa: E402


@dataclass
class Tally:
    count: int = 0
    top1: int = 0
    top10: int = 0
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)

    def add(self, character: str, got: list[str], wall: float, cpu: float) -> None:
        self.count += 1
        self.top1 += got[:1] == [character]
        self.top10 += character in got[:10]
        self.wall.append(wall)
        self.cpu.append(cpu)

    def cells(self) -> str:
        return (f"{100 * self.top1 / self.count:5.1f} % / {100 * self.top10 / self.count:5.1f} % | "
                f"{1000 * statistics.median(self.wall):5.1f} / {1000 * statistics.median(self.cpu):5.1f} ms")


def timed(tally: Tally, character: str, run) -> None:
    wall, cpu = time.perf_counter(), time.process_time()
    got = run()
    tally.add(character, got, time.perf_counter() - wall, time.process_time() - cpu)


def measure(recogniser: Recogniser, data, condition: Condition, zinnia_only: bool = False) -> tuple[Tally, Tally]:
    zinnia = recogniser._zinnia
    alone, ours = Tally(), Tally()
    for character, ink in samples(data, condition):
        timed(alone, character, lambda: [c for c, _ in zinnia.classify(ink, 10)])
        if not zinnia_only:
            timed(ours, character, lambda: recogniser.recognise(ink))
    return alone, ours


def tune(recogniser: Recogniser, data, conditions: list[Condition]) -> None:
    gathered = []
    for condition in conditions:
        for character, ink in samples(data, condition):
            zinnia = recogniser._zinnia.classify(ink, ZINNIA_BEST)
            gathered.append((character, recogniser.evidence(ink, zinnia, {})))
    best = None
    for chamfer, zinnia in itertools.product((1, 2, 3, 4, 6, 8, 10, 15), (0, 0.05, 0.1, 0.2, 0.3)):
        weights = Weights(chamfer, zinnia)
        hits = sum(e.characters[int(e.scores(weights).argmax())] == c for c, e in gathered)
        if best is None or hits > best[0]:
            best = (hits, weights)
        print(f"{weights}  top-1 {100 * hits / len(gathered):.1f} %", flush=True)
    print(f"best on the tuning set ({len(gathered)} samples): {best[1]} top-1 {100 * best[0] / len(gathered):.1f} %")


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} cores"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--every", type=int, default=1, help="Use every Nth character (quicker, less precise).")
    parser.add_argument("--conditions", default=",".join(Condition), help="Comma-separated perturbations.")
    parser.add_argument("--set", choices=("test", "tune"), default="test", help="KanjiVG level-1 (test) or level-2.")
    parser.add_argument("--tune", action="store_true", help="Search fusion weights on the tuning set instead.")
    options = parser.parse_args()
    ensure_data()
    conditions = [Condition(name) for name in options.conditions.split(",")]
    recogniser = Recogniser.open()
    if recogniser.problems:
        sys.exit("bench_handwriting: " + "; ".join(recogniser.problems))
    print(f"start: {load()}", flush=True)
    if options.tune:
        tune(recogniser, kanjivg_set(2)[::options.every], conditions)
        return
    if options.set == "test":
        reference = hanzi_writer_set(1)[::options.every]
        alone, _ = measure(recogniser, reference, Condition.CLEAN, zinnia_only=True)
        print(f"reference: Zinnia alone on hanzi-writer-data medians (n={alone.count}, clean): {alone.cells()}")
    data = kanjivg_set(1 if options.set == "test" else 2)[::options.every]
    print(f"{options.set} set: {len(data)} GB2312 level-{1 if options.set == 'test' else 2} characters drawn by KanjiVG")
    print("| condition | n | Zinnia alone top-1 / top-10 | wall / CPU | Banshi top-1 / top-10 | wall / CPU |")
    print("|---|---|---|---|---|---|")
    for condition in conditions:
        alone, ours = measure(recogniser, data, condition)
        print(f"| {condition} | {ours.count} | {alone.cells()} | {ours.cells()} |", flush=True)
    print(f"end: {load()}")


if __name__ == "__main__":
    main()
