"""Run the hall service as a real child process (tests, the simulator, demos), on the hub's harness."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from banshi.sync.hub.process import HubProcess


def start_hall_process(database_url: str, keys_dir: Path, hall_file: Path | None = None, port: int = 0,
                       log_dir: Path | None = None, timeout: float = 30.0) -> HubProcess:
    """Start ``banshi hall serve`` and return once ``/v1/health`` answers (``port=0``: any free port).

    It stops when its starter dies (started from a thread that outlives it: the main thread).
    """
    log_folder = log_dir or Path(tempfile.mkdtemp(prefix="banshi-hall-"))
    log_folder.mkdir(parents=True, exist_ok=True)
    log_path = log_folder / "hall.log"
    command = [sys.executable, "-m", "banshi.hall", "serve", "--database-url", database_url,
               "--keys-dir", str(keys_dir), "--host", "127.0.0.1", "--port", str(port), "--exit-with-parent"]
    command += ["--hall", str(hall_file)] if hall_file else []
    with log_path.open("a", encoding="utf-8") as log_file:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=log_file, text=True, bufsize=1)
    hall = HubProcess(process, log_path, database_url, keys_dir)
    hall.wait_ready(timeout)
    return hall
