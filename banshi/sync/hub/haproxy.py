"""Run deploy/haproxy/banshi-hub.cfg for real in front of hub processes (tests, benchmarks).

The recipe is used as shipped; only its ``bind`` line (a free loopback port) and its ``server``
lines (the hubs given) are replaced, so what is tested is what operators install.
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import time
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from banshi.sync.protocol import HEALTH_PATH

RECIPE = Path(__file__).resolve().parents[3] / "deploy" / "haproxy" / "banshi-hub.cfg"


class HaproxyProcess:
    def __init__(self, process: subprocess.Popen[bytes], url: str, log_path: Path) -> None:
        self.process, self.url, self.log_path = process, url, log_path

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")[-4000:]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)

    def __enter__(self) -> HaproxyProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def render(hub_urls: list[str], port: int) -> str:
    """The recipe with this bind port and one ``server`` line per hub."""
    text = RECIPE.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^    bind .*$", f"    bind 127.0.0.1:{port}", text)
    servers = "\n".join(f"    server hub{n} {urlsplit(url).netloc} check" for n, url in enumerate(hub_urls, 1))
    text = re.sub(r"(?m)^    server .*\n", "", text)
    return text.rstrip("\n") + "\n" + servers + "\n"


def start_haproxy(hub_urls: list[str], folder: Path, timeout: float = 20.0) -> HaproxyProcess:
    """HAProxy in the foreground on a free loopback port; returns once a request through it reaches a hub."""
    binary = shutil.which("haproxy") or "/usr/sbin/haproxy"
    port = _free_port()
    config = folder / "haproxy.cfg"
    config.write_text(render(hub_urls, port), encoding="utf-8")
    log_path = folder / "haproxy.log"
    with log_path.open("wb") as log_file:
        process = subprocess.Popen([binary, "-db", "-f", str(config)], stdout=log_file, stderr=subprocess.STDOUT)
    balancer = HaproxyProcess(process, f"http://127.0.0.1:{port}", log_path)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"haproxy exited ({process.returncode}):\n{balancer.log()}")
        try:
            if httpx.get(balancer.url + HEALTH_PATH, timeout=1.0).status_code == 200:
                return balancer
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    balancer.stop()
    raise RuntimeError(f"haproxy on port {port} never reached a hub:\n{balancer.log()}")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
