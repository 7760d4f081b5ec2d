"""The seeded QR stress set (banshi.identity.stress): per kind, the Banshi pipeline vs raw zxing-cpp.

Run: .venv/bin/python bench/bench_qr_stress.py [--per-kind N] [--split tuning|held_out|both] [SAMPLES_DIR]
Each frame is generated, then decoded by both decoders in the same run, one after the other.
Prints, per split and kind: codes read with the exact text, wrong texts (a text that is not the
code's, or any text on a frame without a code) and the median milliseconds per frame.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import numpy as np
from bench_qr import DEFAULT_SAMPLES, raw_zxing

from banshi.identity.decoders import ALL_REPAIRS, MultiPassDecoder
from banshi.identity.frames import to_gray
from banshi.identity.stress import Split, StressCase, StressKind, stress_set

Decode = Callable[[np.ndarray], list[str]]


PIPELINE = MultiPassDecoder(record=True)


def measure_all_repairs() -> None:
    """--passes: run every repair (also those the pipeline skips) so their gain and cost are measured."""
    global PIPELINE
    PIPELINE = MultiPassDecoder(record=True, repairs=ALL_REPAIRS)


def banshi_decoder() -> Decode:
    PIPELINE.warm_up()
    PIPELINE.stats.clear()
    return lambda gray: [c.text for c in PIPELINE.decode(gray)]


def print_pass_stats() -> None:
    """Per pass of the pipeline: frames it read first, time spent in it, and codes per second of its time."""
    print(f"\n{'pipeline pass':<26}{'runs':>6}{'reads':>7}{'total ms':>10}{'ms/run':>8}{'reads/s':>9}")
    for name, stats in PIPELINE.stats.items():
        rate = 1000 * stats.reads / stats.ms if stats.ms else 0.0
        print(f"{name:<26}{stats.runs:>6}{stats.reads:>7}{stats.ms:>10.0f}{stats.ms / stats.runs:>8.1f}{rate:>9.2f}")


class Tally:
    def __init__(self) -> None:
        self.read = self.wrong = self.cases = 0
        self.ms: list[float] = []
        self.cpu_ms: list[float] = []

    def add(self, case: StressCase, texts: list[str], ms: float, cpu_ms: float) -> None:
        self.cases += 1
        self.ms.append(ms)
        self.cpu_ms.append(cpu_ms)
        self.read += case.expected is not None and case.expected in texts
        self.wrong += any(text != case.expected for text in texts)

    def merge(self, other: Tally) -> None:
        self.read, self.wrong, self.cases = self.read + other.read, self.wrong + other.wrong, self.cases + other.cases
        self.ms += other.ms
        self.cpu_ms += other.cpu_ms

    def cell(self, with_codes: bool) -> str:
        rate = f"{self.read}/{self.cases} {100 * self.read / max(self.cases, 1):5.1f}%" if with_codes else "-"
        return f"{rate:>14}{self.wrong:>6}{statistics.median(self.ms):>8.1f}{statistics.median(self.cpu_ms):>6.1f}"


def run(split: Split, per_kind: int, samples: Path, decoders: dict[str, Decode]) -> dict[str, dict[StressKind, Tally]]:
    tallies: dict[str, dict[StressKind, Tally]] = {name: defaultdict(Tally) for name in decoders}
    for case in stress_set(split, per_kind, samples):
        gray = to_gray(case.frame)  # both decoders get the same gray frame; conversion is not timed
        for name, decode in decoders.items():
            started, cpu = time.perf_counter(), time.process_time()
            texts = decode(gray)
            tallies[name][case.kind].add(case, texts, (time.perf_counter() - started) * 1000,
                                         (time.process_time() - cpu) * 1000)
    return tallies


def report(split: Split, tallies: dict[str, dict[StressKind, Tally]]) -> None:
    names = list(tallies)
    print(f"\n{split}: per kind, for each decoder: exact, wrong texts, median wall ms, median CPU ms")
    print(f"{'kind':<14}" + "".join(f"{name:>34}" for name in names))
    totals = {name: Tally() for name in names}
    code_totals = {name: Tally() for name in names}
    for kind in StressKind:
        row = f"{kind:<14}"
        for name in names:
            tally = tallies[name][kind]
            row += tally.cell(kind is not StressKind.NO_CODE)
            totals[name].merge(tally)
            if kind is not StressKind.NO_CODE:
                code_totals[name].merge(tally)
        print(row)
    print(f"{'with a code':<14}" + "".join(code_totals[name].cell(True) for name in names))
    print(f"{'all frames':<14}" + "".join(totals[name].cell(False) for name in names))
    for unit, pick in (("wall", lambda t: t.ms), ("CPU", lambda t: t.cpu_ms)):
        ratio = statistics.median(pick(totals[names[0]])) / statistics.median(pick(totals[names[1]]))
        print(f"median {unit} time {names[0]} / {names[1]}: {ratio:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("samples", nargs="?", type=Path, default=DEFAULT_SAMPLES)
    parser.add_argument("--per-kind", type=int, default=20)
    parser.add_argument("--split", choices=[*Split, "both"], default="both")
    parser.add_argument("--passes", action="store_true", help="also print what each pipeline pass costs and reads")
    args = parser.parse_args()
    if args.passes:
        measure_all_repairs()
    decoders = {"banshi pipeline": banshi_decoder(), "raw zxing-cpp": raw_zxing}
    splits = list(Split) if args.split == "both" else [Split(args.split)]
    samples = args.samples if args.samples.is_dir() else None
    print(f"{args.per_kind} frames per kind and split; payloads from Banshi codes"
          + (f" and {args.samples}" if samples else " only (samples folder not found)"))
    for split in splits:
        report(split, run(split, args.per_kind, samples, decoders))  # type: ignore[arg-type]
    if args.passes:
        print_pass_stats()


if __name__ == "__main__":
    main()
