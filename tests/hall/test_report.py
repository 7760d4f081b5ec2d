"""`banshi hall report`: a day per service — tickets, served, no-shows, waits, service times, ratings —
as CSV and as a printable page, from what a real hall service recorded."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

from banshi.hall.model import CounterAction
from banshi.hall.report import percentile
from tests.hall.conftest import StartHall


def test_the_report_counts_what_the_counters_did_per_service(start_hall: StartHall, tmp_path: Path) -> None:
    hall = start_hall()
    kiosk, counter = hall.client("kiosk-1"), hall.client("counter-9")
    day = kiosk.issue("certificates").day
    kiosk.issue("certificates")
    kiosk.issue("medical_insurance")
    counter.counter("9", CounterAction.CALL_NEXT)
    counter.counter("9", CounterAction.START)
    counter.counter("9", CounterAction.FINISH, rating=5, case_reference="BS-2026-000001")
    counter.counter("9", CounterAction.CALL_NEXT)
    counter.counter("9", CounterAction.NO_SHOW)
    banshi = str(Path(sys.executable).parent / "banshi")
    page = tmp_path / "day.html"
    done = subprocess.run([banshi, "hall", "report", "--date", day, "--database-url", hall.database_url,
                           "--hall", str(hall.hall_file), "--page", str(page)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    rows = {row["service"]: row for row in csv.DictReader(io.StringIO(done.stdout))}
    certificates, medical = rows["certificates"], rows["medical_insurance"]
    assert (certificates["tickets"], certificates["served"], certificates["no_shows"], certificates["ratings"],
            certificates["rating_mean"]) == ("2", "1", "1", "1", "5.0")
    assert certificates["wait_median_min"] != "" and certificates["service_median_min"] != ""
    assert (medical["tickets"], medical["still_waiting"], medical["wait_median_min"]) == ("1", "1", "")
    text = page.read_text("utf-8")
    assert "证明开具 Certificates" in text and "@page" in text and "<table>" in text


def test_the_p90_is_a_nearest_rank_percentile() -> None:
    assert percentile([], 0.9) is None
    assert percentile([float(n) for n in range(1, 11)], 0.9) == 9.0
    assert percentile([5.0], 0.99) == 5.0
