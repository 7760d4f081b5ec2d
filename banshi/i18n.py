"""The one translation mechanism: gettext catalogs (.po) under assets/locale.

Message ids are English source text. Mandarin (zh_CN) is the default language.
Catalogs are read from every ``assets/locale/<lang>/*.po`` file so each package
keeps its own file; they are merged into one ``gettext`` catalog per language.

``_()`` translates *now*, into the current language. Text that must follow a
language switch later (a widget label, an error shown on screen) is kept as a
``LazyText`` made by ``N_()`` and rendered with ``str()`` when shown.
"""

from __future__ import annotations

import gettext
import threading
from collections.abc import Callable
from pathlib import Path

from banshi.paths import asset

SUPPORTED_LANGUAGES: tuple[str, ...] = ("zh_CN", "en")
DEFAULT_LANGUAGE = "zh_CN"

_lock = threading.Lock()
_catalogs: dict[str, gettext.NullTranslations] = {}
_current = DEFAULT_LANGUAGE
_listeners: list[Callable[[str], None]] = []


class UnsupportedLanguageError(ValueError):
    def __init__(self, language: str) -> None:
        super().__init__(
            f"Unsupported language {language!r}; choose one of {', '.join(SUPPORTED_LANGUAGES)}."
        )
        self.language = language


class _PoTranslations(gettext.NullTranslations):
    """A gettext catalog built from .po files (no compile step, so a fresh clone just works)."""

    def __init__(self, messages: dict[str, str]) -> None:
        super().__init__()
        self._messages = messages

    def gettext(self, message: str) -> str:
        return self._messages.get(message) or message

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return self.gettext(msgid1 if n == 1 else msgid2)


def load_po_messages(folder: Path) -> dict[str, str]:
    """All translated messages of every .po file in ``folder``; fuzzy and empty entries are skipped."""
    from babel.messages.pofile import read_po

    messages: dict[str, str] = {}
    for po_file in sorted(folder.glob("*.po")):
        with po_file.open("rb") as handle:
            catalog = read_po(handle)
        for message in catalog:
            if message.id and isinstance(message.id, str) and message.string and not message.fuzzy:
                messages[message.id] = str(message.string)
    return messages


def _catalog(language: str) -> gettext.NullTranslations:
    with _lock:
        if language not in _catalogs:
            folder = asset("locale", language)
            messages = load_po_messages(folder) if folder.is_dir() else {}
            _catalogs[language] = _PoTranslations(messages)
        return _catalogs[language]


def current_language() -> str:
    return _current


def set_language(language: str) -> None:
    """Switch every later ``_()`` / ``str(LazyText)`` to ``language`` and tell listeners."""
    global _current
    if language not in SUPPORTED_LANGUAGES:
        raise UnsupportedLanguageError(language)
    _current = language
    for listener in list(_listeners):
        listener(language)


def on_language_changed(listener: Callable[[str], None]) -> Callable[[], None]:
    """Register ``listener``; returns a function that unregisters it."""
    _listeners.append(listener)
    return lambda: _listeners.remove(listener) if listener in _listeners else None


def translate(message: str, language: str | None = None) -> str:
    return _catalog(language or _current).gettext(message)


def _(message: str) -> str:
    """Translate ``message`` into the current language now."""
    return translate(message)


class LazyText:
    """A translatable message with format fields, rendered in the language current at ``str()``."""

    __slots__ = ("message", "fields")

    def __init__(self, message: str, **fields: object) -> None:
        self.message = message
        self.fields = fields

    def format(self, **fields: object) -> LazyText:
        return LazyText(self.message, **{**self.fields, **fields})

    def render(self, language: str | None = None) -> str:
        text = translate(self.message, language)
        return text.format(**self.fields) if self.fields else text

    def __str__(self) -> str:
        return self.render()

    def __repr__(self) -> str:
        return f"LazyText({self.message!r}, {self.fields!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LazyText) and (other.message, other.fields) == (self.message, self.fields)

    def __hash__(self) -> int:
        return hash(self.message)


def N_(message: str, **fields: object) -> LazyText:  # noqa: N802 - the gettext convention
    """Mark ``message`` for translation, to be rendered later in whatever language is current."""
    return LazyText(message, **fields)


def reset_for_tests() -> None:
    """Forget loaded catalogs and listeners and return to the default language."""
    global _current
    with _lock:
        _catalogs.clear()
    _listeners.clear()
    _current = DEFAULT_LANGUAGE
