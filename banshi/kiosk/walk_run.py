"""Running the taps-only walk: a real hub process on loopback (embedded SQLite), one offscreen kiosk
enrolled with it, every chosen service in every chosen language, one result line each."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from banshi.config import Settings, VoiceSettings
from banshi.i18n import SUPPORTED_LANGUAGES
from banshi.kiosk.app import build_kiosk
from banshi.kiosk.demo import demo_settings, enrolled, start_strict_hub
from banshi.kiosk.walk import TapsOnlyWalker, WalkResult


def walk_settings(base: Settings, data_dir: Path, hub_url: str) -> Settings:
    """The demo kiosk (the demo citizen's code before the camera), without speech: the walk only taps."""
    settings = demo_settings(base, data_dir, hub_url)
    return settings.model_copy(update={"voice": VoiceSettings(**{**settings.voice.model_dump(), "enabled": False})})


def walk(base: Settings, services: Sequence[str] = (), languages: Sequence[str] = (),
         report: Callable[[WalkResult], None] = lambda _result: None) -> list[WalkResult]:
    """Walk ``services`` (default: the whole catalog) in ``languages`` (default: every one)."""
    with tempfile.TemporaryDirectory(prefix="banshi-walk-") as folder:
        with start_strict_hub(Path(folder)) as hub:
            settings = enrolled(walk_settings(base, Path(folder) / "device", hub.url), hub)
            runtime = build_kiosk(settings, start_sync=True)
            try:
                runtime.window.resize(1920, 1080)
                runtime.window.show()
                walker = TapsOnlyWalker(runtime.window)
                chosen = list(services) or [service.id for service in runtime.catalog]
                results = []
                for language, service in _pairs(languages or SUPPORTED_LANGUAGES, chosen):
                    results.append(walker.walk(service, language))
                    report(results[-1])
                return results
            finally:
                runtime.shutdown()


def _pairs(languages: Sequence[str], services: Sequence[str]) -> Iterator[tuple[str, str]]:
    for language in languages:
        for service in services:
            yield language, service
