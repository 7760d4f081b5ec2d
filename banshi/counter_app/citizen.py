"""Who is being served: a citizen identified by a scanned code or by an ID number the clerk typed.

Qt-free. Also issues paper citizen codes for a person whose physical ID card the clerk checked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey

from banshi.identity.codes import CitizenClaims, VerifiedCitizen, issue_code
from banshi.identity.idnumber import validate_id_number
from banshi.identity.keys import IssuerKey
from banshi.identity.masking import mask_id_number, mask_name
from banshi.identity.sealed_facts import shown
from banshi.services import facts
from banshi.services.forms import SummaryRow
from banshi.services.ids import uuid7



class IdentifiedBy(StrEnum):
    CODE = "code"  # a scanned citizen code
    ID_CARD = "id_card"  # the clerk checked the ID card and typed its number


@dataclass(frozen=True)
class CounterCitizen:
    """Only masked values are shown; ``facts`` feed the form so nothing is asked twice."""

    how: IdentifiedBy
    masked_name: str
    masked_id: str
    birth_year: int
    assurance: str
    facts: dict[str, str]
    reference: str  # opaque: a code's citizen_ref, or "" for a typed ID


def from_typed_id(id_number: str, name: str, today: date | None = None) -> CounterCitizen:
    """The clerk checked the physical ID card and typed its number (InvalidIdNumberError if wrong)."""
    parsed = validate_id_number(id_number, today)
    known = {facts.ID_NUMBER: parsed.value, **({facts.NAME: name.strip()} if name.strip() else {})}
    return CounterCitizen(IdentifiedBy.ID_CARD, mask_name(name), mask_id_number(parsed.value), parsed.birth_date.year,
                          "substantial", known, "")


def from_code(verified: VerifiedCitizen) -> CounterCitizen:
    """Everything the verified code establishes (the sealed full name and ID number, the reference, the birth
    year) feeds the form, as on the kiosk: nothing the code carries is asked again."""
    claims = verified.claims
    return CounterCitizen(IdentifiedBy.CODE, claims.masked_name, "", claims.birth_year, claims.assurance,
                          facts.facts_from_claims(claims), claims.citizen_ref)


def issue_paper_code(id_number: str, name: str, issuer: IssuerKey, now: datetime,
                     valid_days: int, hub_key: X25519PublicKey | None = None) -> tuple[str, CitizenClaims]:
    """A signed citizen code for someone whose ID card was checked; the reference is opaque and random.

    A hash of the ID number would be guessable (the number space is small), so the reference is a
    fresh UUIDv7 and the issue record (``services.records.code_issued``) links it to the person at the hub.
    With the hub's sealing key (an enrolled counter), the full name and ID number go in sealed to the hub,
    so a kiosk files them without asking and without being able to read them.
    """
    parsed = validate_id_number(id_number, now.date())
    claims = CitizenClaims.new(uuid7(), name, parsed.birth_date.year, issuer.office, int(now.timestamp()),
                               valid_days=valid_days, assurance="substantial", id_number=parsed.value,
                               hub_key=hub_key)
    return issue_code(claims, issuer), claims


def shown_rows(rows: list[SummaryRow]) -> list[tuple[SummaryRow, str]]:
    """The answers as the counter's screens show them: an internal reference never (it means nothing to a
    person), a fact sealed to the hub in its masked form (the counter cannot read it), the rest as given."""
    return [(row, shown(row.display_value)) for row in rows if row.question.known_from not in facts.INTERNAL]
