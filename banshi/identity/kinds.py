"""What kind of code a scanned payload is, by its prefix (the one place prefixes are defined)."""

from __future__ import annotations

from enum import Enum


class CodeKind(str, Enum):
    CITIZEN_CODE = "citizen-code"
    RECEIPT = "receipt"
    TICKET = "ticket"
    UNKNOWN = "unknown"


CITIZEN_CODE_PREFIX = "BS1:"
RECEIPT_PREFIX = "BSR:"
TICKET_PREFIX = "BST:"

_PREFIXES: dict[str, CodeKind] = {
    CITIZEN_CODE_PREFIX: CodeKind.CITIZEN_CODE,
    RECEIPT_PREFIX: CodeKind.RECEIPT,
    TICKET_PREFIX: CodeKind.TICKET,
}


def classify(text: str) -> CodeKind:
    """The kind named by ``text``'s prefix; anything else is ``unknown``."""
    for prefix, kind in _PREFIXES.items():
        if text.startswith(prefix):
            return kind
    return CodeKind.UNKNOWN


def body_of(text: str) -> str:
    """``text`` without its known prefix (unchanged if it has none)."""
    for prefix in _PREFIXES:
        if text.startswith(prefix):
            return text[len(prefix) :]
    return text
