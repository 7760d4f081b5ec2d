"""QR decode rate and time on ../shared/data/qr-samples: our pipeline vs raw zxing-cpp vs raw pyzbar.

Run: .venv/bin/python bench/bench_qr.py [SAMPLES_DIR] [--runs N]
Prints, per decoder: codes read with the exact expected text, false positives on the
falsepositives-* folders, and the median / p90 milliseconds per image (median over N runs).
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import zxingcpp
from pyzbar import pyzbar

from banshi.identity.decoders import get_decoder
from banshi.identity.frames import read_image, to_gray

SUFFIXES = {".png", ".jpg", ".jpeg", ".webp"}
DEFAULT_SAMPLES = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "qr-samples"


def raw_zxing(gray: np.ndarray) -> list[str]:
    """zxing-cpp exactly as shipped (default options, HRI text), QR only."""
    return [b.text for b in zxingcpp.read_barcodes(gray, formats=zxingcpp.BarcodeFormat.QRCode)]


def raw_pyzbar(gray: np.ndarray) -> list[str]:
    """pyzbar as shipped; its ZBarOrientation ValueError counts as 'raised' (and no result)."""
    try:
        found = pyzbar.decode(gray, symbols=[pyzbar.ZBarSymbol.QRCODE])
    except ValueError:
        raw_pyzbar.raised += 1  # type: ignore[attr-defined]
        return []
    return [c.data.decode("utf-8", "replace") for c in found]


raw_pyzbar.raised = 0  # type: ignore[attr-defined]


def ours(gray: np.ndarray) -> list[str]:
    return [c.text for c in PIPELINE.decode(gray)]


PIPELINE = get_decoder("zxing")


def load(samples: Path) -> tuple[list[tuple[np.ndarray, str]], list[np.ndarray]]:
    cases, negatives = [], []
    for image in sorted(samples.glob("*/*")):
        if image.suffix not in SUFFIXES:
            continue
        if image.parent.name.startswith("falsepositives"):
            negatives.append(to_gray(read_image(image)))
        elif image.with_suffix(".txt").is_file():
            cases.append((to_gray(read_image(image)), image.with_suffix(".txt").read_bytes().decode("utf-8")))
    return cases, negatives


def measure(decode: Callable[[np.ndarray], list[str]], cases: list, negatives: list, runs: int) -> dict[str, float]:
    per_image: list[list[float]] = [[] for _ in range(len(cases) + len(negatives))]
    exact = false_positives = 0
    for run in range(runs):
        for index, (gray, expected) in enumerate(cases):
            started = time.perf_counter()
            texts = decode(gray)
            per_image[index].append((time.perf_counter() - started) * 1000)
            exact += run == 0 and expected in texts
        for index, gray in enumerate(negatives, start=len(cases)):
            started = time.perf_counter()
            found = decode(gray)
            per_image[index].append((time.perf_counter() - started) * 1000)
            false_positives += run == 0 and bool(found)
    times = sorted(statistics.median(t) for t in per_image)
    return {"exact": exact, "fp": false_positives, "median": statistics.median(times),
            "p90": times[int(0.9 * (len(times) - 1))], "max": times[-1]}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("samples", nargs="?", type=Path, default=DEFAULT_SAMPLES)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    cases, negatives = load(args.samples)
    print(f"{len(cases)} images with expected text, {len(negatives)} images without a code; {args.runs} runs")
    print(f"{'decoder':<22}{'exact':>14}{'false pos.':>12}{'median ms':>11}{'p90 ms':>9}{'max ms':>9}")
    PIPELINE.warm_up()  # type: ignore[attr-defined]
    for name, decode in (("banshi pipeline", ours), ("raw zxing-cpp", raw_zxing), ("raw pyzbar", raw_pyzbar)):
        r = measure(decode, cases, negatives, args.runs)
        rate = f"{int(r['exact'])}/{len(cases)} {100 * r['exact'] / len(cases):5.1f}%"
        print(f"{name:<22}{rate:>14}{int(r['fp']):>12}{r['median']:>11.2f}{r['p90']:>9.2f}{r['max']:>9.1f}")
    print(f"pyzbar raised ValueError (ZBarOrientation) on {raw_pyzbar.raised // args.runs} images")  # type: ignore[attr-defined]


if __name__ == "__main__":
    main()
