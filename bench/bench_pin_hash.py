"""Argon2id cost of a clerk PIN check on this machine, for the parameters Banshi uses and a few around them.

Run: .venv/bin/python bench/bench_pin_hash.py [--repeats 5]
Prints, per (time cost, memory, lanes): the median wall time of one verify, its CPU time (both lanes
together), and the load average while measuring. The target (issue 14) is ~0.3–0.5 s per check on the
counter, so that 10^6 six-digit PINs cost an attacker holding a hash ~4 CPU-days per core per account.
A busy machine inflates the wall time; CPU time / lanes is what an idle 2-core counter would wait.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

from argon2 import PasswordHasher

from banshi.services.staff.accounts import PIN_HASH_COST

CANDIDATES = [(3, 64 * 1024, 2), (4, 96 * 1024, 2), (6, 64 * 1024, 2), (PIN_HASH_COST.time_cost,
              PIN_HASH_COST.memory_kib, PIN_HASH_COST.parallelism), (8, 128 * 1024, 2)]


def measure(time_cost: int, memory_kib: int, lanes: int, repeats: int) -> tuple[float, float]:
    hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=lanes)
    stored = hasher.hash("204816")
    walls, cpus = [], []
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            hasher.verify(stored, "204817")
        except Exception:  # noqa: BLE001 - a wrong PIN is what is timed
            pass
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    print(f"cores: {os.cpu_count()}, load average before: {os.getloadavg()[0]:.1f}")
    print("time_cost memory_MiB lanes  wall_median_s  cpu_median_s  cpu/lanes_s  chosen")
    seen = set()
    for time_cost, memory_kib, lanes in CANDIDATES:
        if (time_cost, memory_kib, lanes) in seen:
            continue
        seen.add((time_cost, memory_kib, lanes))
        wall, cpu = measure(time_cost, memory_kib, lanes, args.repeats)
        chosen = "<- Banshi" if (time_cost, memory_kib, lanes) == PIN_HASH_COST.as_tuple() else ""
        print(f"{time_cost:9d} {memory_kib // 1024:10d} {lanes:5d}  {wall:13.3f}  {cpu:12.3f}  {cpu / lanes:11.3f}  {chosen}")
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
