"""A kiosk whose window goes exits non-zero, so the service manager restarts it (real X server and window
manager: Xvfb + openbox, driven by xdotool and wmctrl as another X client would)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from banshi.kiosk.window_watch import EXIT_WINDOW_GONE
from banshi.polling import wait_until

TOOLS = ("Xvfb", "openbox", "xdotool", "wmctrl")
TITLE = "办事 Banshi"


@pytest.fixture(scope="module")
def display() -> Iterator[str]:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    assert not missing, f"{missing} missing: run `make setup` (scripts/install-system-packages.sh installs them)"
    number = 90 + os.getpid() % 400
    name = f":{number}"
    xvfb = subprocess.Popen(["Xvfb", name, "-screen", "0", "1920x1080x24", "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_until(lambda: Path(f"/tmp/.X11-unix/X{number}").exists(), 10, "Xvfb")
    manager = subprocess.Popen(["openbox", "--sm-disable"], env={**os.environ, "DISPLAY": name},
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield name
    finally:
        for process in (manager, xvfb):
            process.terminate()
            process.wait(10)


def _kiosk(display: str, tmp_path: Path, fullscreen: bool) -> subprocess.Popen[bytes]:
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb",
           "BANSHI_DEVICE__DATA_DIR": str(tmp_path / "device"), "BANSHI_KIOSK__FULLSCREEN": str(fullscreen).lower(),
           "BANSHI_SYNC__HUB_URL": "http://127.0.0.1:9", "BANSHI_VOICE__ENABLED": "false",
           "BANSHI_IDENTITY__CAMERA": str(tmp_path / "no-camera.avi")}
    return subprocess.Popen([str(Path(sys.executable).parent / "banshi"), "kiosk"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _window_id(display: str, kiosk: subprocess.Popen[bytes]) -> str:
    found: list[str] = []

    def shown() -> bool:
        assert kiosk.poll() is None, kiosk.stderr.read().decode()[-2000:]  # type: ignore[union-attr]
        result = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", TITLE], capture_output=True,
                                text=True, env={**os.environ, "DISPLAY": display}, check=False)
        found[:] = result.stdout.split()
        return bool(found)

    wait_until(shown, 60, "the kiosk window")
    return found[0]


def _exit_code(kiosk: subprocess.Popen[bytes]) -> int:
    try:
        return kiosk.wait(20)
    finally:
        if kiosk.poll() is None:
            kiosk.kill()


def test_a_locked_kiosk_whose_window_another_client_destroys_exits_non_zero(display: str, tmp_path: Path) -> None:
    kiosk = _kiosk(display, tmp_path, fullscreen=True)
    window = _window_id(display, kiosk)
    subprocess.run(["xdotool", "windowclose", window], env={**os.environ, "DISPLAY": display}, check=True)
    assert _exit_code(kiosk) == EXIT_WINDOW_GONE


def test_a_kiosk_window_closed_through_the_window_manager_exits_non_zero(display: str, tmp_path: Path) -> None:
    kiosk = _kiosk(display, tmp_path, fullscreen=False)
    window = _window_id(display, kiosk)
    subprocess.run(["wmctrl", "-i", "-c", window], env={**os.environ, "DISPLAY": display}, check=True)
    assert _exit_code(kiosk) == EXIT_WINDOW_GONE
