"""Running the taps-only walk: a real hub process on loopback (embedded SQLite), one offscreen kiosk
enrolled with it, every chosen service in every chosen language, one result line each."""

from __future__ import annotations

import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from banshi.config import Settings, VoiceSettings
from banshi.i18n import SUPPORTED_LANGUAGES
from banshi.kiosk.app import KioskRuntime, build_kiosk
from banshi.kiosk.demo import demo_settings, enrolled, start_strict_hub
from banshi.kiosk.demo_media import shared_citizen_code_video
from banshi.kiosk.walk import TapsOnlyWalker
from banshi.kiosk.walk_report import Screen, WalkResult
from banshi.ui.screen_set import LANDSCAPE, PORTRAIT


def walk_settings(base: Settings, data_dir: Path, hub_url: str) -> Settings:
    """The demo kiosk (the demo citizen's code before the camera), without speech: the walk only taps."""
    settings = demo_settings(base, data_dir, hub_url)
    return settings.model_copy(update={"voice": VoiceSettings(**{**settings.voice.model_dump(), "enabled": False})})


@contextmanager
def walking_kiosk(base: Settings, screen: Screen = Screen.LANDSCAPE) -> Iterator[KioskRuntime]:
    """A hub process and an enrolled, shown, offscreen kiosk (1920×1080 or 1080×1920) on the attract screen."""
    footage = threading.Thread(target=shared_citizen_code_video, name="camera-footage")
    footage.start()  # a few seconds of encoding, while the hub starts
    with tempfile.TemporaryDirectory(prefix="banshi-walk-") as folder, start_strict_hub(Path(folder)) as hub:
        footage.join()
        runtime = build_kiosk(enrolled(walk_settings(base, Path(folder) / "device", hub.url), hub), start_sync=True)
        try:
            size = {LANDSCAPE.name: LANDSCAPE, PORTRAIT.name: PORTRAIT}[screen.value]
            runtime.window.resize(size.width, size.height)
            runtime.window.show()
            yield runtime
        finally:
            runtime.shutdown()


def walk(base: Settings, services: Sequence[str] = (), languages: Sequence[str] = (),
         report: Callable[[WalkResult], None] = lambda _result: None,
         screen: Screen = Screen.LANDSCAPE) -> list[WalkResult]:
    """Walk ``services`` (default: the whole catalog) in ``languages`` (default: every one) on a fresh kiosk."""
    with walking_kiosk(base, screen) as runtime:
        return walk_each(TapsOnlyWalker(runtime.window), services, languages, report)


def walk_each(walker: TapsOnlyWalker, services: Sequence[str] = (), languages: Sequence[str] = (),
              report: Callable[[WalkResult], None] = lambda _result: None) -> list[WalkResult]:
    """Every service in the first language, then in the next; each walk starts and ends on the attract screen."""
    results = []
    for language in languages or SUPPORTED_LANGUAGES:
        for service in services or [service.id for service in walker.window.catalog]:
            results.append(walker.walk(service, language))
            report(results[-1])
    return results
