"""Build and run the display board: the window, the call announcer and the feed from the hall."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QApplication

from banshi.accessibility.tokens import theme
from banshi.config import Settings
from banshi.hall.announce import Announcement
from banshi.hall.board_feed import BoardFeed
from banshi.hall.client import HallClient, HallUnreachable, hall_credentials
from banshi.hall.legibility import min_glyph_px
from banshi.hall.protocol import BoardState, HallInfo
from banshi.hall_board.chime import chime_wav
from banshi.hall_board.sizing import font_px_for
from banshi.hall_board.speech import BOARD_VOICES, CallAnnouncer
from banshi.hall_board.window import BoardWindow
from banshi.i18n import set_language
from banshi.ui.application import cjk_family, ensure_application
from banshi.ui.bridge import Bridge
from banshi.ui.speech_player import SpeechPlayer
from banshi.voice.tts import SpeechSynthesizer

log = logging.getLogger("banshi.hall.board")
BOARD_THEME = "high_contrast"  # light text on black: what hall TVs show best from afar
INFO_TIMEOUT_S = 30.0


@dataclass
class BoardRuntime:
    app: QApplication
    window: BoardWindow
    bridge: Bridge
    announcer: CallAnnouncer | None
    feed: BoardFeed | None = None

    def take(self, state: BoardState) -> None:
        """A state from the hall (on the GUI thread): show it, highlight and speak what is new."""
        was_lost = self.window.model.lost_since is not None
        fresh = self.window.model.apply(state)
        if was_lost:
            self.window.show_lost(False)
        self.window.show_model(self.window.model)
        if fresh:
            self.window.highlight_newest()
        for call in fresh:
            log.info("board shows %s to window %s (call %d)", call.code, call.counter, call.seq)
            if self.announcer is not None:
                self.announcer.announce(Announcement(call.code, call.counter))

    def lost(self, why: str) -> None:
        log.warning("board lost the hall: %s", why)
        self.window.model.lose(time.time())
        self.window.show_lost(True)

    def close(self) -> None:
        if self.feed is not None:
            self.feed.stop()
        self.window.close()
        self.bridge.shutdown()


def build_board(info: HallInfo, language: str, *, size: tuple[int, int] = (1920, 1080), screen_inches: float = 65.0,
                viewing_m: float = 5.0, theme_name: str = BOARD_THEME, speech_dir: Path | None = None,
                volume: float = 1.0) -> BoardRuntime:
    """A board for ``info``; ``speech_dir`` (where clips are cached) turns speech on."""
    app = ensure_application()
    set_language(language)
    width, height = size
    portrait = height > width
    needed = min_glyph_px(screen_inches, viewing_m, max(width, height) if portrait else height,
                          aspect=(9 / 16) if portrait else (16 / 9))
    window = BoardWindow(info, theme(theme_name), cjk_family(), font_px_for(cjk_family(), needed), portrait)
    window.resize(width, height)
    bridge = Bridge(window)
    announcer = None
    if speech_dir is not None:
        synthesizer = SpeechSynthesizer(speech_dir, voices=BOARD_VOICES)
        announcer = CallAnnouncer(bridge, synthesizer, SpeechPlayer(window, volume=volume), chime_wav(speech_dir)
                                  if info.chime else None, info.cantonese, info.repeat)
    return BoardRuntime(app, window, bridge, announcer)


def _hall_info(client: HallClient) -> HallInfo:
    deadline = time.monotonic() + INFO_TIMEOUT_S
    while True:
        try:
            return client.info()
        except HallUnreachable:
            if time.monotonic() > deadline:
                raise
            time.sleep(1.0)


def run_board(settings: Settings, device_id: str, fullscreen: bool) -> int:
    folder = settings.device.data_dir / "hall-identity"
    client = HallClient(settings.hall.url, hall_credentials(settings.hall.url, device_id, folder,
                                                            settings.hall.enrolment_code))
    info = _hall_info(client)
    runtime = build_board(info, settings.kiosk.language, screen_inches=settings.hall.board_screen_inches,
                          viewing_m=settings.hall.board_viewing_m, speech_dir=settings.device.data_dir / "board-speech",
                          volume=settings.voice.volume)
    relay_state, relay_lost = runtime.bridge.relay(runtime.take), runtime.bridge.relay(runtime.lost)
    model = runtime.window.model
    runtime.feed = BoardFeed(client, relay_state, relay_lost, lambda: (model.after, model.change))
    runtime.feed.start()
    runtime.window.showFullScreen() if fullscreen else runtime.window.show()
    try:
        return runtime.app.exec()
    finally:
        runtime.close()
        client.close()
