"""Run the hub as a real child process (tests, benchmarks and ``make demo``)."""

from __future__ import annotations

import ssl
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
from sqlalchemy.engine import make_url

from banshi.sync.hub.cli import READY_PREFIX
from banshi.sync.hub.keys import operator_headers
from banshi.sync.protocol import HEALTH_PATH


class HubStartError(RuntimeError):
    """The hub process exited or stayed silent instead of answering its health check."""


class HubProcess:
    """A running ``python -m banshi.sync.hub``; ``url`` is its base URL. Use as a context manager."""

    def __init__(self, process: subprocess.Popen[str], log_path: Path, database_url: str, keys_dir: Path,
                 verify: ssl.SSLContext | bool = True) -> None:
        self.process = process
        self.verify = verify  # httpx's ``verify``: the hub's certificate when it serves HTTPS
        self.keys_dir = keys_dir
        self.log_path = log_path
        self.database_url = database_url
        self.url = ""
        self._ready = threading.Event()
        self._reader = threading.Thread(target=self._read_stdout, daemon=True, name="hub-stdout")
        self._reader.start()

    def _read_stdout(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            if line.startswith(READY_PREFIX) and not self._ready.is_set():
                self.url = line[len(READY_PREFIX) :].strip()
                self._ready.set()

    def wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while not self._ready.wait(0.05):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise HubStartError(f"Hub did not start (exit code {self.process.returncode}). Log:\n{self.log()}")
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.url + HEALTH_PATH, timeout=1.0, verify=self.verify).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.05)
        self.stop()
        raise HubStartError(f"Hub at {self.url} never answered {HEALTH_PATH}. Log:\n{self.log()}")

    def operator_headers(self) -> dict[str, str]:
        """What to send to read from this hub (``GET /v1/transactions…`` need the operator token)."""
        return operator_headers(self.keys_dir)

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")[-4000:]

    def stop(self, timeout: float = 10.0) -> None:
        """Terminate (SIGTERM: uvicorn finishes in-flight requests), killing it if it lingers."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()

    def kill(self) -> None:
        """SIGKILL, for crash tests."""
        self.process.kill()
        self.process.wait()

    def __enter__(self) -> HubProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def start_hub_process(
    database_url: str,
    port: int = 0,
    host: str = "127.0.0.1",
    timeout: float = 30.0,
    log_dir: Path | None = None,
    keys_dir: Path | None = None,
    allow_unsigned: bool = False,
    trust_list: Path | None = None,
    trust_keys: Path | None = None,
    workers: int = 1,
    services_dir: Path | None = None,
    api_docs: bool = False,
    tls: tuple[Path, Path] | None = None,
) -> HubProcess:
    """Start a hub on ``database_url`` and return once ``/v1/health`` answers (``port=0``: any free port).

    ``keys_dir`` defaults to ``hub-keys`` next to an SQLite database file, else in the log folder.
    The hub stops when its starter dies (``--exit-with-parent``; on Linux that is the starting *thread*:
    start it from a thread that outlives it, as tests and the demo do from their main thread).
    ``tls=(certificate, key)`` serves HTTPS; ``HubProcess.verify`` is then that certificate (self-signed in tests).
    ``allow_unsigned=True`` also takes unsigned pushes: only for harnesses that test the outbox and
    the engine's delivery, not who is allowed to push (signing has its own tests).
    """
    log_folder = log_dir or Path(tempfile.mkdtemp(prefix="banshi-hub-"))
    log_path = log_folder / "hub.log"
    keys = keys_dir or _default_keys_dir(database_url, log_folder)
    command = [sys.executable, "-m", "banshi.sync.hub", "--database-url", database_url, "--keys-dir", str(keys)]
    command += ["--host", host, "--port", str(port), "--workers", str(workers), "--exit-with-parent"]
    command += ["--allow-unsigned"] if allow_unsigned else []
    command += ["--trust-list", str(trust_list)] if trust_list else []
    command += ["--trust-keys", str(trust_keys)] if trust_keys else []
    command += ["--services", str(services_dir)] if services_dir else []
    command += ["--api-docs"] if api_docs else []
    command += ["--tls-cert", str(tls[0]), "--tls-key", str(tls[1])] if tls else []
    with log_path.open("w", encoding="utf-8") as log_file:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=log_file, text=True, bufsize=1)
    verify: ssl.SSLContext | bool = ssl.create_default_context(cafile=str(tls[0])) if tls else True
    hub = HubProcess(process, log_path, database_url, keys, verify)
    hub.wait_ready(timeout)
    return hub


def _default_keys_dir(database_url: str, log_folder: Path) -> Path:
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return Path(url.database).parent / "hub-keys"
    return log_folder / "hub-keys"
