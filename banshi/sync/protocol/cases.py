"""Wire models of case status: back-office systems post decisions, devices look them up by receipt.

A case is one filed transaction (its id is on the citizen's receipt). Back-office systems post
``POST /v1/cases/<id>/status`` with their consumer token; kiosks and counters ask
``POST /v1/cases`` (signed by the device) for the latest status of the ids on scanned receipts.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, StrictStr, model_validator

from banshi.sync.protocol import API_PREFIX

CASES_PATH = f"{API_PREFIX}/cases"
MAX_LOOKUP = 100
MAX_MESSAGE = 1000


def case_status_path(transaction_id: str) -> str:
    return f"{CASES_PATH}/{transaction_id}/status"


class CaseState(StrEnum):
    RECEIVED = "received"  # the hub holds it; no back-office decision yet (never posted)
    ACCEPTED = "accepted"  # 受理: taken on for processing
    NEEDS_MORE = "needs_more"  # 补正: the applicant must supply something (the message says what)
    COMPLETED = "completed"  # 办结: done (the message gives the result)
    REFUSED = "refused"  # 不予受理: not taken on (the message gives the reason)


# What a back-office system must say along with the state: the citizen has to learn it.
MESSAGE_REQUIRED = frozenset({CaseState.NEEDS_MORE, CaseState.COMPLETED, CaseState.REFUSED})


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class CaseStatusChange(_Model):
    """What a back-office system posts."""

    state: CaseState = Field(strict=False)  # FastAPI validates the parsed dict: the enum comes as a str
    message: StrictStr = Field(default="", max_length=MAX_MESSAGE)

    @model_validator(mode="after")
    def _says_what_the_citizen_needs(self) -> CaseStatusChange:
        if self.state is CaseState.RECEIVED:
            raise ValueError("'received' is the hub's own state; post accepted, needs_more, completed or refused")
        if self.state in MESSAGE_REQUIRED and not self.message.strip():
            raise ValueError(f"a '{self.state.value}' status needs a message: what is missing, the result or the reason")
        return self


class CaseStatus(_Model):
    id: StrictStr
    state: CaseState
    message: StrictStr = ""
    changed_at: StrictStr  # ISO-8601, UTC: when the hub received this state


class CaseLookup(_Model):
    ids: list[StrictStr] = Field(min_length=1, max_length=MAX_LOOKUP)


class CaseLookupAnswer(_Model):
    """The latest status of each asked id the hub holds; an id the hub does not hold is absent."""

    cases: dict[StrictStr, CaseStatus]
