"""What the citizen-facing display may show of a filing: every personal value masked."""

from __future__ import annotations

from dataclasses import dataclass

from banshi.identity.masking import mask_id_number, mask_name, mask_phone
from banshi.services.forms import NAME_FACT, SummaryRow
from banshi.services.schema import FieldType, Question

_ADDRESS_KEEP = 6  # province and city stay readable; street and number do not


def masked_value(question: Question, shown: str) -> str:
    """``shown`` (a display value) as the citizen display may show it."""
    if not question.personal or not shown:
        return shown
    if question.type is FieldType.ID_NUMBER:
        return mask_id_number(shown)
    if question.type is FieldType.PHONE:
        return mask_phone(shown)
    if question.type is FieldType.ADDRESS:
        return shown[:_ADDRESS_KEEP] + "****"
    if question.known_from == NAME_FACT or "name" in question.id:
        return mask_name(shown)
    return shown[:1] + "***"


@dataclass(frozen=True)
class MirrorRow:
    label: str
    value: str


def mirror_rows(rows: list[SummaryRow], language: str) -> list[MirrorRow]:
    return [MirrorRow(row.question.label.get(language), masked_value(row.question, row.display_value)) for row in rows]
