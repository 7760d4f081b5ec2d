"""A real hall service on loopback and enrolled devices of each role."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from banshi.hall.client import HallClient, hall_credentials
from banshi.hall.config import load_hall_config
from banshi.hall.model import HallRole
from banshi.hall.process import start_hall_process
from banshi.hall.roles import enrolment_codes
from banshi.sync.hub.process import HubProcess
from tests.sync.conftest import BACKENDS, make_database  # noqa: F401 - fixtures shared with the hub's tests

DEVICES = [("kiosk-1", HallRole.KIOSK), ("counter-3", HallRole.COUNTER), ("counter-4", HallRole.COUNTER),
           ("counter-9", HallRole.COUNTER), ("board-1", HallRole.BOARD)]


def hall_file(folder: Path, **changes: object) -> Path:
    """The demo hall with ``changes`` (e.g. a short recall gap for tests)."""
    data = load_hall_config().model_dump(mode="json") | changes
    path = folder / "hall.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@dataclass
class RunningHall:
    process: HubProcess
    folder: Path
    database_url: str
    hall_file: Path
    codes: dict[str, str]

    @property
    def url(self) -> str:
        return self.process.url

    def client(self, device_id: str) -> HallClient:
        folder = self.folder / "devices" / device_id
        return HallClient(self.url, hall_credentials(self.url, device_id, folder, self.codes.get(device_id, "")))

    def restart(self, kill: bool = True) -> None:
        """SIGKILL (or stop) the hall service and start it again on the same port and database."""
        port = int(self.url.rsplit(":", 1)[1])
        self.process.kill() if kill else self.process.stop()
        self.process = start_hall_process(self.database_url, self.folder / "keys", self.hall_file, port=port,
                                          log_dir=self.folder)

    def log(self) -> str:
        return self.process.log()


StartHall = Callable[..., RunningHall]


@pytest.fixture
def start_hall(tmp_path: Path) -> Iterator[StartHall]:
    started: list[RunningHall] = []

    def start(database_url: str | None = None, **changes: object) -> RunningHall:
        folder = tmp_path / f"hall-{len(started)}"
        folder.mkdir()
        url = database_url or f"sqlite:///{folder / 'hall.sqlite3'}"
        layout = hall_file(folder, **({"recall_min_gap_s": 0.0, "recall_max": 2} | changes))
        codes = enrolment_codes(url, folder / "keys", DEVICES)
        hall = RunningHall(start_hall_process(url, folder / "keys", layout, log_dir=folder), folder, url, layout, codes)
        started.append(hall)
        return hall

    yield start
    for hall in started:
        hall.process.stop()


@pytest.fixture(scope="module")
def shared_hall(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningHall]:
    """One hall for the tests that only add tickets (each test uses its own service or looks at its own)."""
    folder = tmp_path_factory.mktemp("shared-hall")
    url = f"sqlite:///{folder / 'hall.sqlite3'}"
    layout = hall_file(folder, recall_min_gap_s=0.0, recall_max=2)
    hall = RunningHall(start_hall_process(url, folder / "keys", layout, log_dir=folder), folder, url, layout,
                       enrolment_codes(url, folder / "keys", DEVICES))
    yield hall
    hall.process.stop()
