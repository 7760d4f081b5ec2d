"""The board's screens for the audit and the gallery: a demo hall's states applied as the hall would
send them (the board's own logic runs; only the network is left out)."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtWidgets import QWidget

from banshi.hall.config import load_hall_config
from banshi.hall.protocol import BoardState, CallView, HallInfo, ServiceInfo
from banshi.hall_board.app import BoardRuntime, build_board
from banshi.ui.screen_set import Screen, ScreenSet

BOARD_THEMES = ("high_contrast", "standard")


def demo_info() -> HallInfo:
    config = load_hall_config()
    services = [ServiceInfo(id=s.id, prefix=s.prefix, title_zh=s.title.zh_CN, title_en=s.title.en, area=s.area)
                for s in config.services]
    return HallInfo(hall_id=config.hall_id, name_zh=config.name.zh_CN, name_en=config.name.en, services=services,
                    counters={c.id: list(c.services) for c in config.counters}, cantonese=False, repeat=1, chime=True)


def demo_state(calls: int, now: float | None = None) -> BoardState:
    """The hall mid-morning: ``calls`` calls so far, one per counter, the newest last."""
    now = time.time() if now is None else now
    counters = ["3", "1", "7", "10", "4", "2", "6", "9", "5", "8"]
    services = ["social_insurance", "social_insurance", "certificates", "consultation", "medical_insurance",
                "social_insurance", "certificates", "medical_insurance", "medical_insurance", "consultation"]
    prefix = {"social_insurance": "A", "medical_insurance": "B", "certificates": "C", "consultation": "D"}
    made = [CallView(seq=i + 1, code=f"{prefix[services[i % 10]]}{12 + i:03d}", counter=counters[i % 10],
                     service_id=services[i % 10], kind="call", at=now - 5 * (calls - i)) for i in range(calls)]
    current = {call.counter: call for call in made}
    return BoardState(hall_id="demo-hall", day="2026-03-02", change="demo:1", hall_time=now, calls=made,
                      current=current, waiting={"social_insurance": 12, "medical_insurance": 7, "certificates": 3,
                                                "consultation": 0},
                      estimates={}, open_counters=list(current))


def _launch(theme: str, language: str, _folder: Path) -> BoardRuntime:
    runtime = build_board(demo_info(), language, theme_name=theme)
    runtime.window.show()
    return runtime


def _waiting(runtime: BoardRuntime) -> None:
    runtime.take(demo_state(0))


def _calls(runtime: BoardRuntime) -> None:
    runtime.take(demo_state(10, now=time.time() - 120))  # older than a minute: shown, not announced
    runtime.window.show_model(runtime.window.model)


def _new_call(runtime: BoardRuntime) -> None:
    runtime.take(demo_state(10))


def _lost(runtime: BoardRuntime) -> None:
    runtime.take(demo_state(10, now=time.time() - 120))
    runtime.lost("the hall service stopped answering")


def screen_set() -> ScreenSet[BoardRuntime]:
    screens = [Screen("board-waiting", _waiting), Screen("board-calls", _calls), Screen("board-new-call", _new_call),
               Screen("board-lost-connection", _lost)]

    def window(runtime: BoardRuntime) -> QWidget:
        return runtime.window

    return ScreenSet("board", BOARD_THEMES, screens, _launch, window, lambda runtime: runtime.close())
