"""Facts the kiosk already knows about a citizen, keyed the way questions' ``known_from`` names them.

A verified citizen code is the usual source: its claims fill these facts so the citizen is never
asked them again (WCAG 3.3.7). The filing carries the full verified name (screens and paper mask it,
``masked_name``); a code issued before full names were carried gives only its masked one. The code
carries no ID number in the clear: a code may carry it sealed to the hub (``SEALED_ID_NUMBER``), which
the filing passes on unopened and only the hub can read.
"""

from __future__ import annotations

from typing import Protocol

from banshi.identity.masking import mask_name

NAME = "citizen.name"
REFERENCE = "citizen.reference"
BIRTH_YEAR = "citizen.birth_year"
ASSURANCE = "citizen.assurance"
ID_NUMBER = "citizen.id_number"
SEALED_ID_NUMBER = "citizen.id_number_sealed"  # base64 of the ID number sealed to the hub's key
# Meaningless to the citizen (an opaque reference; a sealed blob): kept in the filing, never shown.
INTERNAL = frozenset({REFERENCE, SEALED_ID_NUMBER})


class CitizenClaimsLike(Protocol):
    citizen_ref: str
    masked_name: str
    birth_year: int
    assurance: str


def facts_from_claims(claims: CitizenClaimsLike) -> dict[str, str]:
    """What a verified code establishes; a full name and a sealed ID number only when the code has them."""
    found = {
        NAME: getattr(claims, "full_name", "") or claims.masked_name,
        REFERENCE: claims.citizen_ref,
        BIRTH_YEAR: str(claims.birth_year),
        ASSURANCE: claims.assurance,
    }
    sealed = getattr(claims, "sealed_id_number", "")
    if sealed:
        found[SEALED_ID_NUMBER] = sealed
    return found


def masked_name(name: str) -> str:
    """A name as a public screen or a receipt shows it (王秀英 → 王*英); an already masked name stays."""
    return name if "*" in name else mask_name(name)
