from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from banshi import i18n
from banshi.services import Catalog, Service, load_catalog

TODAY = date(2025, 6, 2)


@pytest.fixture(autouse=True)
def _fresh_language() -> Iterator[None]:
    i18n.reset_for_tests()
    yield
    i18n.reset_for_tests()


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog()


def text(zh: str, en: str) -> dict[str, str]:
    return {"zh_CN": zh, "en": en}


def question(qid: str, qtype: str, **extra: Any) -> dict[str, Any]:
    """A minimal valid question document; ``extra`` adds or overrides fields."""
    return {"id": qid, "type": qtype, "label": text(f"{qid}标签", qid), "prompt": text(f"{qid}？", f"{qid}?"), **extra}


def service_document(questions: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {
        "id": "test_service", "version": 1, "display_order": 1, "category": "test", "icon": "test",
        "assurance": "none", "title": text("测试业务", "Test service"), "summary": text("测试", "A test"),
        "questions": questions, "next_steps": text("等待", "Wait"), "processing_days": 1, **extra,
    }


def make_service(questions: list[dict[str, Any]], **extra: Any) -> Service:
    return Service.model_validate(service_document(questions, **extra))


YES_NO_BRANCH = [
    question("has_carer", "yes_no"),
    question("carer_name", "text", show_if={"question": "has_carer", "equals": "yes"}),
    question("carer_relation", "choice", show_if={"question": "has_carer", "equals": "yes"}, choices=[
        {"value": "child", "label": text("子女", "Child")},
        {"value": "other", "label": text("其他", "Someone else")},
    ]),
    question("relation_detail", "text", show_if={"question": "carer_relation", "equals": "other"}),
    question("phone", "phone"),
]
