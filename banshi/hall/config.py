"""A hall's layout as data: the services it offers, its counters and what each serves, the priority
weights and the recall limits. One YAML file per hall (``assets/hall/hall.yaml`` is the shipped demo).

Priority is a weight on waiting time (a ticket's claim = seconds waited × its class's weight), so a
priority ticket goes ahead of those who have waited less than weight × its own wait, and a long
wait still beats priority: nobody waits for ever at rush hour. Weights change by editing the file
and restarting the hall service; the day's tickets are untouched.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from banshi.errors import OperatorError
from banshi.hall.model import Priority
from banshi.paths import asset
from banshi.services.schema import LocalText


class HallConfigError(OperatorError, ValueError):
    """The hall file is missing or invalid; the message names the file and the field."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class HallService(_Strict):
    id: str = Field(pattern=r"^[a-z0-9_]{1,40}$")
    prefix: str = Field(pattern=r"^[A-Z]$")  # the letter of its ticket numbers: A012
    title: LocalText
    area: str = Field(default="main", pattern=r"^[a-z0-9_]{1,40}$")
    default_service_s: float = Field(default=300.0, gt=0)  # the estimate before anything is measured
    # Kiosk filings (catalog service ids) that end at this service's windows: after filing one, the
    # kiosk offers a number for these windows, and the ticket carries the filing's reference.
    filings: tuple[str, ...] = ()


class HallCounter(_Strict):
    id: str = Field(pattern=r"^[0-9]{1,3}$")  # the window number people hear: "3 号窗口"
    services: tuple[str, ...] = Field(min_length=1)
    area: str = Field(default="main", pattern=r"^[a-z0-9_]{1,40}$")


class CallSpeech(_Strict):
    cantonese: bool = False  # also announce each call in Cantonese after Mandarin
    repeat: int = Field(default=2, ge=1, le=5)  # each call is said this many times
    chime: bool = True


def _default_weights() -> dict[Priority, float]:
    return {Priority.NORMAL: 1.0, Priority.SENIOR: 2.0, Priority.DISABLED: 3.0, Priority.PREGNANT: 3.0,
            Priority.APPOINTMENT: 4.0}


class HallConfig(_Strict):
    hall_id: str = Field(pattern=r"^[A-Za-z0-9_-]{1,32}$")  # in every ticket QR: another hall's is refused
    name: LocalText
    timezone: str = "Asia/Shanghai"  # the hall's day (numbers restart at its midnight)
    services: tuple[HallService, ...] = Field(min_length=1)
    counters: tuple[HallCounter, ...] = Field(min_length=1)
    weights: dict[Priority, float] = Field(default_factory=_default_weights)
    recall_max: int = Field(default=3, ge=0, le=10)  # N: recalls after the first call
    recall_min_gap_s: float = Field(default=30.0, ge=0)  # M: not sooner than this after the last call
    speech: CallSpeech = CallSpeech()
    estimate_window: int = Field(default=20, ge=1, le=500)  # finished services per service averaged

    @model_validator(mode="after")
    def _consistent(self) -> HallConfig:
        ids = [service.id for service in self.services]
        prefixes = [service.prefix for service in self.services]
        if len(set(ids)) != len(ids) or len(set(prefixes)) != len(prefixes):
            raise ValueError("service ids and prefixes must each be unique")
        counters = [counter.id for counter in self.counters]
        if len(set(counters)) != len(counters):
            raise ValueError("counter ids must be unique")
        filings = [filing for service in self.services for filing in service.filings]
        if len(set(filings)) != len(filings):
            raise ValueError("a kiosk filing ends at the windows of one service only")
        for counter in self.counters:
            unknown = set(counter.services) - set(ids)
            if unknown:
                raise ValueError(f"counter {counter.id} serves unknown services {sorted(unknown)}")
        if any(weight <= 0 for weight in self.weights.values()) or set(self.weights) != set(Priority):
            raise ValueError(f"weights must give every class ({', '.join(Priority)}) a positive number")
        return self

    def service(self, service_id: str) -> HallService:
        for service in self.services:
            if service.id == service_id:
                return service
        raise KeyError(service_id)

    def counter(self, counter_id: str) -> HallCounter:
        for counter in self.counters:
            if counter.id == counter_id:
                return counter
        raise KeyError(counter_id)

    def counters_serving(self, service_id: str) -> list[str]:
        return [counter.id for counter in self.counters if service_id in counter.services]


def default_hall_file() -> Path:
    return asset("hall", "hall.yaml")


def load_hall_config(path: Path | None = None) -> HallConfig:
    path = path or default_hall_file()
    try:
        data = yaml.safe_load(path.read_text("utf-8"))
    except OSError as error:
        raise HallConfigError(f"Hall file {path} cannot be read ({error.strerror}).") from None
    except yaml.YAMLError as error:
        raise HallConfigError(f"Hall file {path} is not valid YAML: {error}") from None
    try:
        return HallConfig.model_validate(data)
    except ValidationError as error:
        problems = "; ".join(f"{'.'.join(map(str, item['loc'])) or 'file'}: {item['msg']}" for item in error.errors())
        raise HallConfigError(f"Hall file {path} is invalid: {problems}") from None
