"""A hall day with real kiosk, counter and board processes and the hall service SIGKILLed every T
tickets: nothing duplicated, nothing lost, every call on the board. Small here; the full day of
numbers.md (2,000 citizens, 4 kiosks, 10 counters, a kill every 100 tickets) under SOAK=1 (make soak)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from banshi.hall.simulate import SimulationPlan, run_simulation

SOAK = bool(os.environ.get("SOAK"))
PLAN = (dict(kiosks=4, counters=10, citizens=2000, speedup=40.0, kill_every=100) if SOAK
        else dict(kiosks=1, counters=2, citizens=30, speedup=4800.0, kill_every=12))


@pytest.mark.timeout(3600 if SOAK else 300)
def test_a_day_with_the_hall_service_sigkilled_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    result = run_simulation(SimulationPlan(**PLAN, folder=tmp_path / "day"))  # type: ignore[arg-type]
    print(result.summary())
    assert result.kills >= PLAN["citizens"] // PLAN["kill_every"] - 1
    assert (result.issued, result.duplicates, result.lost_tickets, result.lost_calls, result.unserved) == \
        (PLAN["citizens"], 0, 0, 0, 0)
    assert result.served + result.no_shows == PLAN["citizens"]
    assert result.call_to_board_p99_s is not None


def test_simulate_from_the_command_line_prints_the_figures_and_refuses_bad_options() -> None:
    banshi = str(Path(sys.executable).parent / "banshi")
    bad = subprocess.run([banshi, "hall", "simulate", "--kiosks", "0"],
                         capture_output=True, text=True)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    report = subprocess.run([banshi, "hall", "report", "--date", "yesterday"],
                            capture_output=True, text=True)
    assert report.returncode == 2 and "YYYY-MM-DD" in report.stderr and "Traceback" not in report.stderr
