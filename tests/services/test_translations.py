from __future__ import annotations

import ast
import string
from pathlib import Path

from babel.messages.pofile import read_po

import banshi.services
from banshi.i18n import N_, set_language
from banshi.paths import asset

PACKAGE = Path(banshi.services.__file__).parent
CATALOG = asset("locale", "zh_CN", "services.po")


def translatable_strings() -> set[str]:
    found: set[str] = set()
    for source in PACKAGE.glob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in {"_", "N_"}:
                first = node.args[0]
                assert isinstance(first, ast.Constant) and isinstance(first.value, str), (
                    f"{source.name}:{node.lineno}: translate literal strings only, so they can be extracted")
                found.add(first.value)
    return found


def translations() -> dict[str, str]:
    with CATALOG.open("rb") as handle:
        return {str(m.id): str(m.string) for m in read_po(handle) if m.id}


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_translatable_string_in_the_package_has_a_mandarin_translation() -> None:
    missing = translatable_strings() - {msgid for msgid, msgstr in translations().items() if msgstr}
    assert not missing, f"add these to {CATALOG}: {sorted(missing)}"


def test_the_catalog_holds_no_stale_entries() -> None:
    assert set(translations()) == translatable_strings()


def test_translations_keep_exactly_the_format_fields_of_the_source() -> None:
    for msgid, msgstr in translations().items():
        assert fields(msgid) == fields(msgstr), msgid


def test_a_lazy_message_renders_in_the_language_current_when_shown() -> None:
    message = N_("Please enter a number from {low} to {high}.", low=1, high=5)
    assert str(message) == "请填写1到5之间的数字。"
    set_language("en")
    assert str(message) == "Please enter a number from 1 to 5."
