"""Facts the kiosk already knows about a citizen, keyed the way questions' ``known_from`` names them.

A verified citizen code is the usual source: its claims fill these facts so the citizen is never
asked them again (WCAG 3.3.7). The code carries no ID number, so neither do the facts.
"""

from __future__ import annotations

from typing import Protocol

NAME = "citizen.name"
REFERENCE = "citizen.reference"
BIRTH_YEAR = "citizen.birth_year"
ASSURANCE = "citizen.assurance"


class CitizenClaimsLike(Protocol):
    citizen_ref: str
    masked_name: str
    birth_year: int
    assurance: str


def facts_from_claims(claims: CitizenClaimsLike) -> dict[str, str]:
    return {
        NAME: claims.masked_name,
        REFERENCE: claims.citizen_ref,
        BIRTH_YEAR: str(claims.birth_year),
        ASSURANCE: claims.assurance,
    }
