"""Hall figures: ticket tap → printed (a signed issue at a real hall service on loopback, then the
ticket drawn to PDF, as the kiosk does), and a simulated day (call → board p50/p99, wait-estimate
error, with and without SIGKILLs of the hall service).

Run: .venv/bin/python bench/bench_hall.py [--tickets 50] [--citizens 2000] [--speedup 40] [--kill-every 100]
Loopback only, bounded. Prints figures (not pass/fail); targets in ../shared/design/numbers.md: ticket tap →
printed ≤ 2 s; call → board ≤ 1 s p99; wait-estimate median error ≤ 20 % after the first hour; with the hall
service SIGKILLed every 100 tickets over 2,000 citizens: 0 duplicates, 0 lost tickets or calls.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from banshi.hall.client import HallClient, hall_credentials  # noqa: E402
from banshi.hall.model import HallRole  # noqa: E402
from banshi.hall.process import start_hall_process  # noqa: E402
from banshi.hall.report import percentile  # noqa: E402
from banshi.hall.roles import enrolment_codes  # noqa: E402
from banshi.hall.simulate import SimulationPlan, run_simulation  # noqa: E402
from banshi.hall.ticket_text import PrintedTicket  # noqa: E402


def tap_to_printed(count: int) -> list[float]:
    from banshi.ui.application import ensure_application
    from banshi.ui.hall_ticket import ticket_to_pdf

    ensure_application()
    folder = Path(tempfile.mkdtemp(prefix="bench-hall-"))
    url = f"sqlite:///{folder / 'hall.sqlite3'}"
    codes = enrolment_codes(url, folder / "keys", [("kiosk-1", HallRole.KIOSK)])
    with start_hall_process(url, folder / "keys", log_dir=folder) as hall:
        kiosk = HallClient(hall.url, hall_credentials(hall.url, "kiosk-1", folder / "kiosk", codes["kiosk-1"]))
        info = kiosk.info()
        times = []
        for index in range(count):
            began = time.perf_counter()
            ticket = kiosk.issue(info.services[index % len(info.services)].id)
            ticket_to_pdf(PrintedTicket.of(ticket, info), folder / f"ticket-{index}.pdf")
            times.append(time.perf_counter() - began)
        kiosk.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tickets", type=int, default=50)
    parser.add_argument("--citizens", type=int, default=2000)
    parser.add_argument("--speedup", type=float, default=40.0)
    parser.add_argument("--kill-every", type=int, default=100)
    parser.add_argument("--kiosks", type=int, default=4)
    parser.add_argument("--counters", type=int, default=10)
    args = parser.parse_args()
    times = tap_to_printed(args.tickets)
    print(f"ticket tap -> printed (PDF), {len(times)} tickets: median {statistics.median(times) * 1000:.0f} ms, "
          f"p99 {percentile(times, 0.99) * 1000:.0f} ms")
    for kill_every in (0, args.kill_every):
        plan = SimulationPlan(kiosks=args.kiosks, counters=args.counters, citizens=args.citizens,
                              speedup=args.speedup, kill_every=kill_every)
        print(f"\n== simulated day: {args.citizens} citizens, {args.kiosks} kiosks, {args.counters} counters, "
              f"speedup {args.speedup:g}, " + (f"hall SIGKILLed every {kill_every} tickets" if kill_every else "no kills"))
        print(run_simulation(plan).summary())


if __name__ == "__main__":
    main()
