"""Scan-to-verified latency on a synthetic video of a printed citizen code.

Run: .venv/bin/python bench/bench_scan_to_verified.py [--runs N] [--fps 30]

Each run writes an MJPG video (cv2.VideoWriter): empty background frames, then frames of
a printed card (warped, blurred, unevenly lit), reads it back with cv2.VideoCapture and
feeds every frame to IdentityCheck. Latency = from the moment the first frame showing the
code arrives (at the camera's frame rate) to the verified result, with frames queued
behind a busy decoder exactly as a worker thread would see them.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from banshi.identity.card import card_image
from banshi.identity.check import IdentityCheck
from banshi.identity.clock import TrustedClock
from banshi.identity.codes import CitizenClaims, issue_code
from banshi.identity.frames import video_file
from banshi.identity.keys import IssuerKey, generate_private_key
from banshi.identity.synthetic import scan_sequence, write_video
from banshi.identity.trust import TrustList

EMPTY_FRAMES = 10
CARD_FRAMES = 15


def setup() -> tuple[IdentityCheck, np.ndarray]:
    now = int(time.time())
    root, issuer = generate_private_key(), IssuerKey(generate_private_key(), "Bench Office")
    check = IdentityCheck(TrustList.build(root, [issuer], issued_at=now - 60), TrustedClock(None))
    claims = CitizenClaims.new("bench-1", "张三华", 1950, issuer.office, now - 60)
    return check, np.asarray(card_image(issue_code(claims, issuer), claims))


def one_run(check: IdentityCheck, video: Path, fps: float) -> tuple[float, list[float]]:
    """(latency ms from first card frame's arrival to verified, per-frame decode ms)."""
    check.reset()
    busy_until, costs = 0.0, []
    source = video_file(video)
    try:
        for index, frame in enumerate(source.frames()):
            start = max(index / fps, busy_until)
            began = time.perf_counter()
            result = check.feed(frame)
            cost = time.perf_counter() - began
            costs.append(cost * 1000)
            busy_until = start + cost
            if result is not None and result.citizen is not None:
                return (busy_until - EMPTY_FRAMES / fps) * 1000, costs
    finally:
        source.close()
    raise RuntimeError("the citizen code was never verified")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--fps", type=float, default=30.0)
    args = parser.parse_args()
    check, card = setup()
    check.warm_up()
    latencies, costs = [], []
    with tempfile.TemporaryDirectory() as folder:
        video = write_video(Path(folder) / "scan.avi", scan_sequence(card, EMPTY_FRAMES, CARD_FRAMES), args.fps)
        for _ in range(args.runs):
            latency, frame_costs = one_run(check, video, args.fps)
            latencies.append(latency)
            costs.extend(frame_costs)
    print(f"1280x720 synthetic video, {args.fps:g} fps, stability = {check.stability.required} frames, {args.runs} runs")
    print(f"scan to verified: median {statistics.median(latencies):.0f} ms, max {max(latencies):.0f} ms (target <= 300 ms)")
    print(f"per-frame decode+verify: median {statistics.median(costs):.1f} ms, max {max(costs):.1f} ms")


if __name__ == "__main__":
    main()
