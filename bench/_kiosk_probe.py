"""Child process for bench_kiosk.py: builds the kiosk, reports when the attract screen is painted."""

from __future__ import annotations

import json
import os
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from statistics import median

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> None:
    from PySide6.QtCore import QCoreApplication

    from banshi.config import load_settings
    from banshi.kiosk.app import build_kiosk

    data_dir = Path(tempfile.mkdtemp(prefix="banshi-bench-"))
    # As a kiosk starts for real: settings from the environment; the parent made the camera footage.
    settings = load_settings(environ={"BANSHI_DEVICE__DATA_DIR": str(data_dir), "BANSHI_KIOSK__FULLSCREEN": "false",
                                      "BANSHI_SYNC__HUB_URL": "http://127.0.0.1:9",
                                      "BANSHI_IDENTITY__CAMERA": os.environ["BENCH_CAMERA_VIDEO"]})
    runtime = build_kiosk(settings, start_sync=False)
    runtime.window.resize(1920, 1080)
    runtime.window.show()
    runtime.window.repaint()
    QCoreApplication.processEvents()
    ready = time.monotonic()
    # What drives the journeys below is imported only now: a real kiosk start never loads it.
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QAbstractButton

    from banshi.kiosk.demo import DEMO_SERVICE
    from banshi.kiosk.driver import KioskDriver

    # Screen changes: touch -> the next page painted (synchronous repaint), over whole journeys.
    driver = KioskDriver(runtime.window)
    changes: list[float] = []

    def timed_tap(name: str) -> None:
        button = runtime.window.findChild(QAbstractButton, name)
        started = time.perf_counter()
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)
        runtime.window.repaint()
        changes.append((time.perf_counter() - started) * 1000)

    for _ in range(int(sys.argv[1]) if len(sys.argv) > 1 else 5):
        timed_tap("attract-start")
        timed_tap(f"service-{DEMO_SERVICE}")
        while driver.page_name() == "question-page":
            driver.answer_current_question(date.today())
        timed_tap("question-start-over") if driver.page_name() == "question-page" else timed_tap("check-start-over")
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    runtime.shutdown()
    changes.sort()
    print(json.dumps({
        "ready_monotonic": ready,
        "screen_change_ms_median": median(changes),
        "screen_change_ms_p99": changes[min(len(changes) - 1, int(len(changes) * 0.99))],
        "screen_changes": len(changes),
        "max_rss_mb": rss_mb,
    }))


if __name__ == "__main__":
    main()
