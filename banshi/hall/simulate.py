"""``banshi hall simulate``: a day against a real hall service on loopback, with real kiosk, counter and
board processes, the hall service SIGKILLed every T tickets and restarted on the same port.

What it prints is checked from both ends: what devices were told (their JSON lines) against what the
hall's database holds and what the board received.
"""

from __future__ import annotations

import random
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from banshi.hall.config import load_hall_config
from banshi.hall.model import HallRole
from banshi.hall.process import start_hall_process
from banshi.hall.roles import enrolment_codes
from banshi.hall.sim_results import SimulationResult, tally
from banshi.hall.simulation_plan import DayPlan, make_citizens, simulated_counters, true_means
from banshi.sync.hub.process import HubProcess

__all__ = ["SimulationPlan", "SimulationResult", "run_simulation"]
STALL_S = 60.0


@dataclass(frozen=True)
class SimulationPlan:
    kiosks: int
    counters: int
    citizens: int
    speedup: float
    kill_every: int = 0
    database_url: str | None = None
    seed: int = 1
    folder: Path | None = None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _hall_file(folder: Path, counters: int, speedup: float) -> Path:
    """The demo hall with the simulated counters and a recall gap scaled to the simulated clock."""
    config = load_hall_config()
    data = config.model_dump(mode="json")
    data["counters"] = [counter.model_dump(mode="json") for counter in simulated_counters(config, counters)]
    data["recall_min_gap_s"] = 30.0 / speedup
    path = folder / "hall.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _enrol_codes(database_url: str, folder: Path, plan: SimulationPlan) -> dict[str, str]:
    devices = [(f"kiosk-{i}", HallRole.KIOSK) for i in range(plan.kiosks)]
    devices += [(f"counter-{i + 1}", HallRole.COUNTER) for i in range(plan.counters)] + [("board-0", HallRole.BOARD)]
    return enrolment_codes(database_url, folder / "hall-keys", devices)


class _Day:
    """The running day: the hall process (restarted after each kill) and the device processes."""

    def __init__(self, folder: Path, database_url: str, hall_file: Path, port: int) -> None:
        self.folder, self.database_url, self.hall_file, self.port = folder, database_url, hall_file, port
        self.hall: HubProcess = self._start()
        self.devices: list[subprocess.Popen[bytes]] = []
        self.kills = 0
        self.restarts_s: list[float] = []

    def _start(self) -> HubProcess:
        return start_hall_process(self.database_url, self.folder / "hall-keys", self.hall_file, port=self.port,
                                  log_dir=self.folder)

    def kill_and_restart(self) -> None:
        self.hall.kill()
        self.kills += 1
        began = time.monotonic()
        self.hall = self._start()
        self.restarts_s.append(time.monotonic() - began)

    def spawn(self, role: str, index: int) -> None:
        out = self.folder / f"{role}-{index}.jsonl"
        with (self.folder / f"{role}-{index}.log").open("w") as log:
            self.devices.append(subprocess.Popen(
                [sys.executable, "-m", "banshi.hall.simulate_devices", role, str(index),
                 str(self.folder / "plan.json"), str(out)], stdout=log, stderr=subprocess.STDOUT))

    def stop(self) -> None:
        for device in self.devices:
            if device.poll() is None:
                device.kill()
                device.wait()
        self.hall.stop()


def _ticket_count(database_path: Path | None, folder: Path) -> int:
    if database_path is not None and database_path.exists():
        try:
            with sqlite3.connect(f"file:{database_path}?mode=ro", uri=True, timeout=5) as db:
                return int(db.execute("SELECT count(*) FROM hall_tickets").fetchone()[0])
        except sqlite3.Error:
            pass
    return sum(len(path.read_text("utf-8").splitlines()) for path in folder.glob("kiosk-*.jsonl"))


def _start_when_ready(folder: Path, devices: int, day: _Day, timeout_s: float = 300.0) -> float:
    """Start the simulated day once every device process has enrolled (they start slowly on 2 busy cores)."""
    deadline = time.monotonic() + timeout_s
    while len(list(folder.glob("ready-*"))) < devices:
        failed = [device.args for device in day.devices if device.poll() not in (None, 0)]
        if failed or time.monotonic() > deadline:
            raise RuntimeError(f"device processes did not get ready: {failed or 'timeout'}; see the logs in {folder}")
        time.sleep(0.05)
    start = time.time() + 0.5
    (folder / "start").write_text(repr(start), encoding="utf-8")
    return start


def _lines_so_far(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.glob("*.jsonl"))


def _wait_while_calling(devices: list[subprocess.Popen[bytes]], folder: Path) -> None:
    """Wait for ``devices`` to finish as long as the day moves on; a minute without a new call or board
    line ends it (what is still open then is counted as unserved, not waited for)."""
    seen, quiet_since = _lines_so_far(folder), time.monotonic()
    while any(device.poll() is None for device in devices):
        time.sleep(0.2)
        now_seen = _lines_so_far(folder)
        if now_seen != seen:
            seen, quiet_since = now_seen, time.monotonic()
        elif time.monotonic() - quiet_since > STALL_S:
            return


def run_simulation(plan: SimulationPlan, progress: Callable[[str], None] = lambda _line: None) -> SimulationResult:
    folder = plan.folder or Path(tempfile.mkdtemp(prefix="banshi-hall-sim-"))
    folder.mkdir(parents=True, exist_ok=True)
    database_path = None if plan.database_url else folder / "hall.sqlite3"
    database_url = plan.database_url or f"sqlite:///{database_path}"
    hall_file, port = _hall_file(folder, plan.counters, plan.speedup), _free_port()
    config = load_hall_config(hall_file)
    rng = random.Random(plan.seed)
    citizens = make_citizens(config, plan.citizens, plan.kiosks, rng)
    codes = _enrol_codes(database_url, folder, plan)
    day = _Day(folder, database_url, hall_file, port)
    try:
        day_plan = DayPlan(day.hall.url, 0.0, plan.speedup, citizens, true_means(config, citizens, plan.counters),
                           {c.id: list(c.services) for c in config.counters}, codes, plan.seed, 30.0 / plan.speedup)
        day_plan.save(folder / "plan.json")
        for index in range(plan.kiosks):
            day.spawn("kiosk", index)
        for index in range(plan.counters):
            day.spawn("counter", index + 1)
        day.spawn("board", 0)
        day_plan = replace(day_plan, start_wall=_start_when_ready(folder, len(codes), day))
        _drive(day, plan, database_path, folder, progress)
        return tally(folder, database_url, day_plan, day.restarts_s, config)
    finally:
        day.stop()


def _drive(day: _Day, plan: SimulationPlan, database_path: Path | None, folder: Path,
           progress: Callable[[str], None]) -> None:
    kiosks, rest = day.devices[: plan.kiosks], day.devices[plan.kiosks:]
    next_kill, last_report = plan.kill_every, 0.0
    while any(kiosk.poll() is None for kiosk in kiosks):
        time.sleep(0.02)
        issued = _ticket_count(database_path, folder)
        if plan.kill_every and issued >= next_kill:
            day.kill_and_restart()
            next_kill = issued + plan.kill_every
        if time.monotonic() - last_report > 5:
            last_report = time.monotonic()
            progress(f"{issued}/{plan.citizens} tickets issued, {day.kills} kills")
    (folder / "stop").write_text("the kiosks are done", encoding="utf-8")
    counters, board = rest[:-1], rest[-1]
    _wait_while_calling(counters, folder)
    (folder / "board-stop").write_text("the counters are done", encoding="utf-8")
    _wait_while_calling([board], folder)
    failed = [device.args for device in day.devices if device.returncode not in (0, None)]
    if failed:
        raise RuntimeError(f"device processes failed: {failed}; see their logs in {folder}")
