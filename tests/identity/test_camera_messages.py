"""The camera process speaks in typed messages: each side acts on the types it knows and logs (never
silently drops, never misreads) a message of any other type."""

from __future__ import annotations

import logging
import multiprocessing as mp

import numpy as np
import pytest

from banshi.identity.camera_messages import Idle, Payload, Preview, Quit, Scan, ScanError
from banshi.identity.camera_service import CameraListener, CameraService
from banshi.identity.child_scanner import ChildScanner


@pytest.fixture
def child() -> ChildScanner:
    commands, child_end = mp.Pipe()
    events_in, events_out = mp.Pipe(duplex=False)
    scanner = ChildScanner(child_end, events_out, "zxing", 2, 15.0)
    scanner.app_end = commands  # type: ignore[attr-defined]
    return scanner


def test_the_child_scans_idles_and_quits_on_typed_commands(child: ChildScanner) -> None:
    child.app_end.send(Scan("/dev/video7"))  # type: ignore[attr-defined]
    assert child._wait_for_command(0.5) and child.camera == "/dev/video7"
    child.app_end.send(Idle())  # type: ignore[attr-defined]
    assert child._wait_for_command(0.5) and child.camera is None and not child.quit
    child.app_end.send(Quit())  # type: ignore[attr-defined]
    assert child._wait_for_command(0.5) and child.quit


def test_an_unknown_command_is_logged_and_leaves_the_scan_running(child: ChildScanner,
                                                                   caplog: pytest.LogCaptureFixture) -> None:
    child.app_end.send(Scan("0"))  # type: ignore[attr-defined]
    child._wait_for_command(0.5)
    child.app_end.send(("scan", "1"))  # type: ignore[attr-defined]  # the old bare tuple: not a command now
    with caplog.at_level(logging.WARNING):
        assert not child._wait_for_command(0.5)
    assert child.camera == "0", "an unknown command once stopped the scan"
    assert "unknown type tuple" in caplog.text


def test_events_reach_the_listener_by_type_and_an_unknown_one_is_logged(caplog: pytest.LogCaptureFixture) -> None:
    service = CameraService()
    seen: list[object] = []
    listener = CameraListener(on_payload=seen.append, on_preview=seen.append, on_error=lambda text: seen.append(
        ("error", text)))
    service._listener = listener  # what activate() sets, without starting a camera process
    pixels = np.zeros((2, 2, 3), np.uint8)
    for event in (Payload("HC1:abc"), Preview(pixels), ScanError("no camera")):
        service._dispatch(event)
    assert seen[0] == "HC1:abc" and seen[1] is pixels and seen[2] == ("error", "no camera")
    with caplog.at_level(logging.WARNING):
        service._dispatch(("payload", "HC1:abc"))
    assert len(seen) == 3 and "unknown type tuple" in caplog.text
