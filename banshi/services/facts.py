"""Facts the kiosk already knows about a citizen, keyed the way questions' ``known_from`` names them.

A verified citizen code is the usual source: its claims fill these facts so the citizen is never
asked them again (WCAG 3.3.7). A code carries the full name and the ID number only sealed to the hub
(``identity.sealed_facts``): the facts then hold those sealed tokens, which the form files as the answers
and the hub opens, so the filing carries the full verified name while every screen and receipt shows the
masked one (``shown``). A code issued before sealed facts gives its masked name and no ID number; a
service that needs the number then asks for it once.
"""

from __future__ import annotations

from typing import Protocol

from banshi.identity.masking import mask_name
from banshi.identity.sealed_facts import shown

NAME = "citizen.name"
REFERENCE = "citizen.reference"
BIRTH_YEAR = "citizen.birth_year"
ASSURANCE = "citizen.assurance"
ID_NUMBER = "citizen.id_number"
# Meaningless to the citizen (an opaque reference): kept in the filing, never shown as anything.
INTERNAL = frozenset({REFERENCE})


class CitizenClaimsLike(Protocol):
    citizen_ref: str
    masked_name: str
    birth_year: int
    assurance: str

    def sealed_name_token(self) -> str: ...

    def sealed_id_token(self) -> str: ...


def facts_from_claims(claims: CitizenClaimsLike) -> dict[str, str]:
    """What a verified code establishes: the sealed full name (or, from an older code, the masked one),
    the sealed ID number when the code carries it, the reference, the birth year and the assurance."""
    found = {
        NAME: claims.sealed_name_token() or claims.masked_name,
        REFERENCE: claims.citizen_ref,
        BIRTH_YEAR: str(claims.birth_year),
        ASSURANCE: claims.assurance,
    }
    if claims.sealed_id_token():
        found[ID_NUMBER] = claims.sealed_id_token()
    return found


def masked_name(name: str) -> str:
    """A name as a public screen or a receipt shows it (王秀英 → 王*英, a sealed name → its masked form)."""
    plain = shown(name)
    return plain if "*" in plain else mask_name(plain)
