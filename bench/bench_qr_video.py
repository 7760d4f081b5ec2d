"""Stress videos: a code held still under glare, bent, or on a phone screen; how soon each live scanner reports it.

Run: .venv/bin/python bench/bench_qr_video.py [--videos N] [--split tuning|held_out] [SAMPLES_DIR]
Frames arrive at 15 fps (the camera service's rate). Decoding is timed for real; a frame that takes
longer than the frame interval makes the scanner skip the frames that arrived meanwhile, as a live
camera does. A video counts as read when the scanner reports the code's exact text within 1 s.
Scanners compared on the same frames:
- banshi live: the pipeline with passes continued over frames and a payload stable in 2 of 4 frames;
- per-frame pipeline: the same pipeline starting afresh each frame, 2 frames in a row;
- raw zxing-cpp: defaults, 2 frames in a row.
Videos of code-free scenes count wrong reports (must be 0).
"""

from __future__ import annotations

import argparse
import math
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from bench_qr import DEFAULT_SAMPLES, raw_zxing

from banshi.identity.decoders import MultiPassDecoder
from banshi.identity.frames import Frame
from banshi.identity.live import LIVE_BUDGET_MS, LIVE_CURVED_MAX_SIDE, LiveScanner
from banshi.identity.stability import StableResultFilter
from banshi.identity.stress import Split, StressKind, stress_video

FPS = 15.0
SECONDS = 2.0
KINDS = (StressKind.GLARE, StressKind.CURVED, StressKind.PHONE_SCREEN, StressKind.NO_CODE)


def scanners() -> dict[str, Callable[[], Callable[[Frame], str | None]]]:
    def live() -> Callable[[Frame], str | None]:
        return LiveScanner().feed

    def per_frame() -> Callable[[Frame], str | None]:
        decoder = MultiPassDecoder(budget_ms=LIVE_BUDGET_MS, curved_max_side=LIVE_CURVED_MAX_SIDE)
        stable = StableResultFilter(required=2)
        return lambda frame: stable.feed(next(iter(c.text for c in decoder.decode(frame)), None))

    def raw() -> Callable[[Frame], str | None]:
        stable = StableResultFilter(required=2)
        return lambda frame: stable.feed(next(iter(raw_zxing(frame)), None))

    return {"banshi live": live, "per-frame pipeline": per_frame, "raw zxing-cpp": raw}


def time_to_report(frames: list[Frame], feed: Callable[[Frame], str | None]) -> tuple[float | None, str | None]:
    """Seconds from the first frame until ``feed`` reports, with frames skipped while decoding."""
    now, index = 0.0, 0
    while index < len(frames):
        start = max(now, index / FPS)
        began = time.perf_counter()
        reported = feed(frames[index])
        now = start + time.perf_counter() - began
        if reported is not None:
            return now, reported
        index = max(index + 1, math.ceil(now * FPS))
    return None, None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("samples", nargs="?", type=Path, default=DEFAULT_SAMPLES)
    parser.add_argument("--videos", type=int, default=10, help="videos per kind")
    parser.add_argument("--split", choices=list(Split), default=Split.HELD_OUT)
    args = parser.parse_args()
    samples = args.samples if args.samples.is_dir() else None
    makers = scanners()
    print(f"{args.videos} videos per kind, {args.split} split, {FPS:g} fps, {SECONDS:g} s each")
    print(f"{'kind':<14}" + "".join(f"{name:>30}" for name in makers))
    print(f"{'':<14}" + "".join(f"{'read <= 1 s':>14}{'median s':>9}{'wrong':>7}" for _ in makers))
    totals = {name: [0, 0] for name in makers}
    for kind in KINDS:
        results: dict[str, list[tuple[float | None, bool]]] = {name: [] for name in makers}
        for index in range(args.videos):
            expected, video = stress_video(kind, Split(args.split), index, int(FPS * SECONDS), samples)
            frames = list(video)
            for name, make in makers.items():
                seconds, text = time_to_report(frames, make())
                results[name].append((seconds if text == expected else None, text is not None and text != expected))
        row = f"{kind:<14}"
        for name, outcome in results.items():
            soon = [s for s, _ in outcome if s is not None and s <= 1.0]
            times = [s for s, _ in outcome if s is not None]
            wrong = sum(w for _, w in outcome)
            median = f"{statistics.median(times):.2f}" if times else "-"
            cell = f"{len(soon)}/{len(outcome)}" if kind is not StressKind.NO_CODE else "-"
            row += f"{cell:>14}{median:>9}{wrong:>7}"
            if kind is not StressKind.NO_CODE:
                totals[name][0] += len(soon)
                totals[name][1] += len(outcome)
        print(row, flush=True)
    print(f"{'with a code':<14}" + "".join(
        f"{f'{r}/{n} {100 * r / max(n, 1):.0f}%':>14}{'':>16}" for r, n in totals.values()))


if __name__ == "__main__":
    main()
