"""The screen registry brings a fresh kiosk to each named screen, by tapping as a citizen would."""

from __future__ import annotations

from pathlib import Path

import pytest

from banshi.tools.registry import screen_sets
from banshi.ui.screen_set import UnknownScreenError, select
from banshi.kiosk.screens import close, kiosk_screens, launch, screen_set

EXPECTED_PAGE = {
    "attract": "attract-page", "menu": "menu-page", "identify": "identify-page", "check-answers": "check-page",
    "confirmation": "confirmation-page", "receipt-status": "receipt-page", "idle-warning": "idle-page",
    "rating": "rating-page", "rating-reason": "rating-page", "start-over": "start-over-page",
    "long-address": "question-page", "long-address-checked": "check-page", "take-number": "take-number-page",
    "take-number-unreachable": "take-number-page", "ticket": "ticket-page", "call-staff-unreachable": "question-page",
}


@pytest.mark.parametrize("screen", kiosk_screens(), ids=lambda screen: screen.name)
def test_each_screen_is_reached_from_a_fresh_kiosk(qtbot: object, tmp_path: Path, screen: object) -> None:
    runtime = launch("elder", "en", tmp_path)
    try:
        screen.prepare(runtime)  # type: ignore[attr-defined]
        page = runtime.window.current_page().objectName()
        assert page == EXPECTED_PAGE.get(screen.name, "question-page")  # type: ignore[attr-defined]
        if screen.name.startswith("question-") and screen.name != "question-error":  # type: ignore[attr-defined]
            wanted = screen.name.removeprefix("question-").replace("-", "_")  # type: ignore[attr-defined]
            assert runtime.window.session.page.question.type.value == wanted  # type: ignore[union-attr]
        if screen.name == "question-error":  # type: ignore[attr-defined]
            assert runtime.window.question.error.isVisible()
    finally:
        close(runtime)


def test_the_kiosk_registers_its_screens_for_the_audit() -> None:
    kiosk = next(item for item in screen_sets() if item.app == "kiosk")
    assert kiosk.themes == ("elder", "standard", "high_contrast")
    assert [screen.name for screen in kiosk.screens] == [screen.name for screen in kiosk_screens()]


def test_asking_for_a_screen_that_does_not_exist_fails_loudly() -> None:
    with pytest.raises(UnknownScreenError, match="no screen 'nowhere'"):
        select(screen_set(), ["nowhere"])


def test_the_kiosk_window_module_stays_small() -> None:
    """Issue 17: the kiosk window held to 300 lines; what is not navigation lives in its own module."""
    from banshi.kiosk import window

    assert len(Path(window.__file__).read_text(encoding="utf-8").splitlines()) <= 300
