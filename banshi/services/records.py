"""Builders for the transactions that are not filed forms: ratings, issued citizen codes, revocations.

Each builds a ``Transaction`` of its ``TransactionKind`` (the kind's id travels as ``service_id``),
so every kind goes through the same outbox, envelope and hub intake as a filing:

- ``rating``: answers ``rating`` (a ``RatingLevel``), ``rated_transaction_id``, ``rated_reference``,
  ``reason`` (a ``RatingReason``, optional); a bad rating also carries ``callback_by``, the date
  by which staff must call the citizen back (the national 好差评 rule: within one working day).
- ``code_issued``: answers ``citizen_ref``, ``serial``, ``office``, ``expires_at``, ``id_number`` (the ID
  the clerk checked; the outbox seals payloads), ``clerk_id``.
- ``revocation``: answers ``serial``, ``office``, ``reason``, ``clerk_id``; the hub adds the serial to
  ``revoked_serials`` of the next signed trust list.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from banshi.i18n import N_, LazyText
from banshi.identity.codes import CitizenClaims
from banshi.services.transactions import Channel, Transaction, TransactionKind, TransactionRecord

RECORD_VERSION = 1


class _Labelled(StrEnum):
    """An enum whose members have words to show (``label``)."""

    @property
    def label(self) -> LazyText:
        return _LABELS[type(self)][self]


class RatingLevel(_Labelled):
    """The five national levels of 好差评, best first (the order they are shown in)."""

    VERY_SATISFIED = "very_satisfied"
    SATISFIED = "satisfied"
    BASICALLY_SATISFIED = "basically_satisfied"
    DISSATISFIED = "dissatisfied"
    VERY_DISSATISFIED = "very_dissatisfied"

    @property
    def is_bad(self) -> bool:
        """A 差评: asks a reason and is filed for a call-back."""
        return self in (RatingLevel.DISSATISFIED, RatingLevel.VERY_DISSATISFIED)


class RatingReason(_Labelled):
    """Why a citizen rated badly, chosen by tap."""

    WAITING_TIME = "waiting_time"
    STAFF_ATTITUDE = "staff_attitude"
    UNCLEAR = "unclear"
    TOO_MANY_DOCUMENTS = "too_many_documents"


class RevocationReason(_Labelled):
    LOST = "lost"
    STOLEN = "stolen"
    DAMAGED = "damaged"
    REPLACED = "replaced"


_LABELS: dict[type[_Labelled], dict[Any, LazyText]] = {
    RatingLevel: {
        RatingLevel.VERY_SATISFIED: N_("Very satisfied"), RatingLevel.SATISFIED: N_("Satisfied"),
        RatingLevel.BASICALLY_SATISFIED: N_("Basically satisfied"), RatingLevel.DISSATISFIED: N_("Dissatisfied"),
        RatingLevel.VERY_DISSATISFIED: N_("Very dissatisfied"),
    },
    RatingReason: {
        RatingReason.WAITING_TIME: N_("Waited too long"), RatingReason.STAFF_ATTITUDE: N_("Staff attitude"),
        RatingReason.UNCLEAR: N_("Hard to understand"), RatingReason.TOO_MANY_DOCUMENTS: N_("Too many documents"),
    },
    RevocationReason: {
        RevocationReason.LOST: N_("Lost"), RevocationReason.STOLEN: N_("Stolen"),
        RevocationReason.DAMAGED: N_("Damaged"), RevocationReason.REPLACED: N_("Replaced"),
    },
}


class UnknownRatingError(ValueError):
    def __init__(self, value: str) -> None:
        super().__init__(f"Unknown rating {value!r}; use one of {', '.join(RatingLevel)}.")
        self.user_message = N_("Please choose one of the answers shown.")


_TITLES = {
    TransactionKind.RATING: ("服务评价", "Service rating"),
    TransactionKind.CODE_ISSUED: ("办事码发放", "Citizen code issued"),
    TransactionKind.REVOCATION: ("办事码挂失", "Citizen code revoked"),
}


def record(kind: TransactionKind, answers: dict[str, str], channel: Channel, device_id: str, now: datetime,
           masked_name: str = "") -> Transaction:
    """A transaction of a non-filing ``kind`` (the hall's tickets use this too)."""
    if kind is TransactionKind.FILING:
        raise ValueError("A filing is built from its service: use Transaction.create.")
    return Transaction.build(kind.value, RECORD_VERSION, answers, channel.value, device_id, now, _TITLES[kind],
                             {"masked_name": masked_name})


def next_working_day(day: date) -> date:
    """The next Monday-to-Friday date after ``day`` (public holidays are not known offline)."""
    following = day + timedelta(days=1)
    while following.weekday() >= 5:
        following += timedelta(days=1)
    return following


def rating(level: RatingLevel | str, rated: TransactionRecord, channel: Channel, device_id: str, now: datetime,
           reason: RatingReason | str | None = None) -> Transaction:
    """The citizen's rating of the case ``rated``; a bad one is marked for a call-back by the next working day."""
    try:
        level, reason = RatingLevel(level), (None if reason is None else RatingReason(reason))
    except ValueError:
        raise UnknownRatingError(f"{level}/{reason}") from None
    answers = {"rating": level.value, "rated_transaction_id": rated.id, "rated_reference": rated.reference}
    if reason is not None:
        answers["reason"] = reason.value
    if level.is_bad:
        answers["callback_by"] = next_working_day(now.date()).isoformat()
    return record(TransactionKind.RATING, answers, channel, device_id, now)


def code_issued(claims: CitizenClaims, id_number: str, clerk_id: str, device_id: str, now: datetime) -> Transaction:
    """A paper citizen code printed for a person whose ID card the clerk checked."""
    answers = {"citizen_ref": claims.citizen_ref, "serial": claims.serial, "office": claims.office,
               "expires_at": str(claims.expires_at), "id_number": id_number, "clerk_id": clerk_id}
    return record(TransactionKind.CODE_ISSUED, answers, Channel.COUNTER, device_id, now, claims.masked_name)


def revocation(serial: str, office: str, reason: RevocationReason | str, clerk_id: str, device_id: str,
               now: datetime) -> Transaction:
    """A citizen code reported lost, stolen, damaged or replaced."""
    if reason not in set(RevocationReason):
        raise ValueError(f"Unknown revocation reason {reason!r}; use one of {', '.join(RevocationReason)}.")
    if not serial.strip():
        raise ValueError("A revocation needs the serial printed on the card.")
    answers = {"serial": serial.strip(), "office": office, "reason": RevocationReason(reason).value,
               "clerk_id": clerk_id}
    return record(TransactionKind.REVOCATION, answers, Channel.COUNTER, device_id, now)
