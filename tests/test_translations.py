"""Every user-facing string has a Mandarin translation whose format fields match the English."""

from __future__ import annotations

import string

import pytest
from babel.messages.extract import extract_from_dir

from banshi.i18n import SUPPORTED_LANGUAGES, load_po_messages, translate
from banshi.paths import asset
from tests.conftest import REPO_ROOT

KEYWORDS = {"_": None, "N_": None}


def _source_messages() -> dict[str, str]:
    found: dict[str, str] = {}
    method_map = [("**.py", "python")]
    for filename, _lineno, message, _comments, _context in extract_from_dir(
        str(REPO_ROOT / "banshi"), method_map=method_map, keywords=KEYWORDS,
    ):
        text = message if isinstance(message, str) else message[0]
        if text:
            found.setdefault(text, filename)
    return found


def _fields(text: str) -> set[str]:
    return {field for _literal, field, _spec, _conv in string.Formatter().parse(text) if field is not None}


SOURCE_MESSAGES = _source_messages()


def test_the_source_has_translatable_strings_to_check() -> None:
    assert len(SOURCE_MESSAGES) > 20


@pytest.mark.parametrize("message", sorted(SOURCE_MESSAGES))
def test_every_user_facing_string_is_translated_into_mandarin(message: str) -> None:
    translated = translate(message, "zh_CN")
    assert translated != message, f"untranslated (from {SOURCE_MESSAGES[message]}): {message!r}"


def test_every_translation_keeps_the_format_fields_of_its_source() -> None:
    catalog = load_po_messages(asset("locale", "zh_CN"))
    mismatched = {msgid: msgstr for msgid, msgstr in catalog.items() if _fields(msgid) != _fields(msgstr)}
    assert mismatched == {}


def test_a_translation_catalog_exists_for_every_language_but_the_source() -> None:
    assert SUPPORTED_LANGUAGES == ("zh_CN", "en")
    assert list(asset("locale", "zh_CN").glob("*.po"))
