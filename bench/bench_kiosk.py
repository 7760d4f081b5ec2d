"""Kiosk cold start, screen-change latency and memory (numbers.md: ≤ 2 s, median ≤ 50 ms / p99 ≤ 100 ms,
≤ 250 MB RSS without a speech model). Prints figures; not a pass/fail test.

    .venv/bin/python bench/bench_kiosk.py [runs]
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from statistics import median

PROBE = Path(__file__).with_name("_kiosk_probe.py")


def one_run(journeys: int, camera_video: Path) -> dict[str, float]:
    environment = {**os.environ, "BENCH_CAMERA_VIDEO": str(camera_video), "QT_QPA_PLATFORM": "offscreen"}
    started = time.monotonic()
    output = subprocess.run([sys.executable, str(PROBE), str(journeys)], capture_output=True, text=True,
                            check=True, timeout=300, env=environment).stdout
    figures = json.loads(output.strip().splitlines()[-1])
    figures["cold_start_s"] = figures.pop("ready_monotonic") - started
    return figures


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    from banshi.kiosk.demo_media import shared_citizen_code_video

    camera_video = shared_citizen_code_video()  # made here, so the child's start-up is only the kiosk's
    results = [one_run(5, camera_video) for _ in range(runs)]
    for key in ("cold_start_s", "screen_change_ms_median", "screen_change_ms_p99", "max_rss_mb"):
        values = [result[key] for result in results]
        print(f"{key:26s} median {median(values):8.3f}   (runs: {', '.join(f'{v:.3f}' for v in values)})")
    print(f"screen changes per run: {int(results[0]['screen_changes'])} taps; runs: {runs}")


if __name__ == "__main__":
    main()
