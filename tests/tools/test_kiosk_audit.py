"""Every kiosk screen passes the audit in every kiosk theme and both languages; theme switches keep answers."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from banshi.tools.audit import audit_widget_tree
from banshi.tools.gallery import audit_screens
from banshi.tools.rendered import Surfaces
from banshi.ui.theme_switch import switch_theme
from banshi.accessibility.tokens import theme
from banshi.kiosk.app import KioskRuntime
from banshi.kiosk.screens import KIOSK_THEMES, answer_until, close, launch, open_service, screen_set
from banshi.services.schema import FieldType


# The largest text (elder) in both languages; the other themes in one language each, to keep the
# suite fast. `python -m banshi.tools.cli audit` runs the full matrix.
COVERAGE = [("elder", "zh_CN"), ("elder", "en"), ("standard", "zh_CN"), ("high_contrast", "en")]


def test_the_coverage_here_includes_every_kiosk_theme_and_language() -> None:
    assert {theme_name for theme_name, _ in COVERAGE} == set(KIOSK_THEMES)
    assert {language for _, language in COVERAGE} == {"zh_CN", "en"}


# Portrait cabinets: the screens whose layout changes most when the width halves, in the longer language.
# `banshi audit` (and the soak run) audits every screen in portrait.
PORTRAIT_SCREENS = ["menu", "identify", "question-id-number", "question-address", "check-answers", "confirmation"]


@pytest.mark.parametrize(("theme_name", "language"), COVERAGE)
def test_every_kiosk_screen_passes_the_audit(qtbot: object, theme_name: str, language: str) -> None:
    violations = audit_screens(screen_set(), themes=[theme_name], languages=[language], orientations=["landscape"])
    assert [str(violation) for violation in violations] == []


def test_the_screens_that_change_most_pass_the_audit_in_portrait(qtbot: object) -> None:
    screens = PORTRAIT_SCREENS if not os.environ.get("SOAK") else []
    violations = audit_screens(screen_set(), themes=["elder"], languages=["en"], screens=screens,
                               orientations=["portrait"])
    assert [str(violation) for violation in violations] == []


@pytest.fixture
def kiosk(qtbot: object, tmp_path: Path) -> Iterator[KioskRuntime]:
    runtime = launch("elder", "zh_CN", tmp_path)
    yield runtime
    close(runtime)


def test_switching_to_high_contrast_mid_answer_keeps_the_typed_text_and_repaints(kiosk: KioskRuntime) -> None:
    driver = open_service(kiosk, "counter_appointment")
    answer_until(kiosk, driver, FieldType.PHONE)  # a choice, a date and yes/no, kept in the session
    driver.type_text("13912345678")
    answers_before = kiosk.window.session.answers()  # type: ignore[union-attr]

    switch_theme(kiosk.window, "high_contrast")
    driver.settle()

    assert kiosk.window.question.line_edit.text() == "13912345678"  # type: ignore[union-attr]
    assert kiosk.window.session.answers() == answers_before  # type: ignore[union-attr]
    measured = Surfaces().contrast_of(kiosk.window.question.title)
    assert measured is not None and measured.background == (0, 0, 0)
    assert audit_widget_tree(kiosk.window, theme("high_contrast")) == []


def test_switching_to_the_standard_theme_makes_text_smaller_at_once(kiosk: KioskRuntime) -> None:
    title = kiosk.window.attract.title
    before = title.fontInfo().pixelSize()
    switch_theme(kiosk.window, "standard")
    assert title.fontInfo().pixelSize() == theme("standard").title_px < before
