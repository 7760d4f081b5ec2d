"""Records the counter files besides services: ratings, citizen-code issues and revocations.

They travel through the same outbox as dicts with exactly the keys ``Transaction.to_dict()``
produces, under service ids the catalog does not contain (the hub routes them by id):

- ``service_rating``: answers ``rating`` (one of RATINGS), ``reason`` (optional slug),
  ``rated_transaction_id``.
- ``citizen_code_issued``: answers ``citizen_ref``, ``serial``, ``office``, ``expires_at``,
  ``id_number`` (the ID the clerk checked; the outbox seals payloads), ``clerk_id``.
- ``citizen_code_revocation``: answers ``serial``, ``office``, ``reason``, ``clerk_id``; the hub
  adds the serial to ``revoked_serials`` of the next signed trust list.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from banshi.i18n import N_, LazyText
from banshi.identity.codes import CitizenClaims
from banshi.services.ids import uuid7

RATING_SERVICE_ID = "service_rating"
ISSUE_SERVICE_ID = "citizen_code_issued"
REVOCATION_SERVICE_ID = "citizen_code_revocation"
RECORD_VERSION = 1
CHANNEL = "counter"

RATINGS: dict[str, LazyText] = {
    "very_satisfied": N_("Very satisfied"),
    "satisfied": N_("Satisfied"),
    "neutral": N_("Neither"),
    "dissatisfied": N_("Dissatisfied"),
    "very_dissatisfied": N_("Very dissatisfied"),
}
RATING_REASONS: dict[str, LazyText] = {
    "waiting_time": N_("Waited too long"),
    "staff_attitude": N_("Staff attitude"),
    "unclear": N_("Hard to understand"),
    "too_many_documents": N_("Too many documents"),
}
REVOCATION_REASONS = ("lost", "stolen", "damaged", "replaced")


class UnknownRatingError(ValueError):
    def __init__(self, value: str) -> None:
        super().__init__(f"Unknown rating {value!r}; use one of {', '.join(RATINGS)}.")
        self.user_message = N_("Please choose one of the answers shown.")


def _utc_iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _record(service_id: str, answers: dict[str, str], device_id: str, now: datetime,
            title: tuple[str, str]) -> dict[str, Any]:
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware (e.g. datetime.now(UTC)).")
    return {
        "id": uuid7(int(now.timestamp() * 1000)), "service_id": service_id, "service_version": RECORD_VERSION,
        "answers": answers, "channel": CHANNEL, "device_id": device_id, "created_at": _utc_iso(now),
        "display": {"service_title_zh_CN": title[0], "service_title_en": title[1], "masked_name": ""},
    }


def rating_record(rating: str, reason: str | None, rated_transaction_id: str, device_id: str,
                  now: datetime) -> dict[str, Any]:
    if rating not in RATINGS or (reason is not None and reason not in RATING_REASONS):
        raise UnknownRatingError(f"{rating}/{reason}")
    answers = {"rating": rating, "rated_transaction_id": rated_transaction_id, **({"reason": reason} if reason else {})}
    return _record(RATING_SERVICE_ID, answers, device_id, now, ("服务评价", "Service rating"))


def issue_record(claims: CitizenClaims, id_number: str, clerk_id: str, device_id: str,
                 now: datetime) -> dict[str, Any]:
    answers = {"citizen_ref": claims.citizen_ref, "serial": claims.serial, "office": claims.office,
               "expires_at": str(claims.expires_at), "id_number": id_number, "clerk_id": clerk_id}
    record = _record(ISSUE_SERVICE_ID, answers, device_id, now, ("办事码发放", "Citizen code issued"))
    record["display"]["masked_name"] = claims.masked_name
    return record


def revocation_record(serial: str, office: str, reason: str, clerk_id: str, device_id: str,
                      now: datetime) -> dict[str, Any]:
    if reason not in REVOCATION_REASONS:
        raise ValueError(f"Unknown revocation reason {reason!r}; use one of {', '.join(REVOCATION_REASONS)}.")
    if not serial.strip():
        raise ValueError("A revocation needs the serial printed on the card.")
    answers = {"serial": serial.strip(), "office": office, "reason": reason, "clerk_id": clerk_id}
    return _record(REVOCATION_SERVICE_ID, answers, device_id, now, ("办事码挂失", "Citizen code revoked"))
