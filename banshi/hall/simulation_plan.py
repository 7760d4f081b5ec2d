"""A simulated hall day as data: who arrives when, for what, with what priority, and how long each
service really takes. The hall service is never told the true times: it has to measure them.
"""

from __future__ import annotations

import json
import math
import random
from dataclasses import asdict, dataclass, field
from pathlib import Path

from banshi.hall.config import HallConfig, HallCounter
from banshi.hall.model import Priority

DAY_S = 8 * 3600.0  # a hall day: 09:00-17:00
UTILISATION = 0.85  # the counters are busy this share of the day
_MIX = (0.35, 0.30, 0.20, 0.15)  # which service citizens come for (the demo hall's order)
_SPEED = (1.2, 1.4, 0.8, 0.6)  # relative length of each service
_PRIORITIES = ((Priority.NORMAL, 0.80), (Priority.SENIOR, 0.12), (Priority.DISABLED, 0.03),
               (Priority.PREGNANT, 0.02), (Priority.APPOINTMENT, 0.03))
NO_SHOW_SHARE = 0.03


@dataclass(frozen=True)
class Citizen:
    index: int
    arrive_s: float  # seconds into the simulated day
    service_id: str
    priority: str
    kiosk: int


@dataclass(frozen=True)
class DayPlan:
    hall_url: str
    start_wall: float  # the real time the simulated day starts
    speedup: float
    citizens: list[Citizen]
    service_mean_s: dict[str, float]  # the true means, unknown to the hall
    counters: dict[str, list[str]]
    codes: dict[str, str] = field(default_factory=dict)  # device id → enrolment code
    seed: int = 1
    recall_gap_s: float = 0.2

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(asdict(self)), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> DayPlan:
        data = json.loads(path.read_text("utf-8"))
        data["citizens"] = [Citizen(**citizen) for citizen in data["citizens"]]
        return cls(**data)

    def real(self, simulated_s: float) -> float:
        return simulated_s / self.speedup

    def service_s(self, ticket_id: str, service_id: str) -> float:
        """A ticket's true service time (lognormal around its service's mean), the same on every retry."""
        rng = random.Random(f"{self.seed}:{ticket_id}")
        sigma = 0.5
        return self.service_mean_s[service_id] * math.exp(rng.gauss(-sigma * sigma / 2, sigma))

    def no_show(self, ticket_id: str) -> bool:
        return random.Random(f"{self.seed}:no-show:{ticket_id}").random() < NO_SHOW_SHARE


def simulated_counters(config: HallConfig, count: int) -> tuple[HallCounter, ...]:
    """``count`` counters covering every service: each serves two neighbouring services (all, when few)."""
    services = [service.id for service in config.services]
    if count <= 2:
        return tuple(HallCounter(id=str(i + 1), services=tuple(services)) for i in range(count))
    return tuple(HallCounter(id=str(i + 1), services=(services[i % len(services)], services[(i + 1) % len(services)]))
                 for i in range(count))


def arrivals(count: int, rng: random.Random) -> list[float]:
    """Arrival times over the day, busier mid-morning and mid-afternoon (two humps), sorted."""
    times = []
    while len(times) < count:
        moment = rng.uniform(0, DAY_S)
        busy = 0.6 + 0.4 * math.sin(math.pi * moment / (DAY_S / 2)) ** 2
        if rng.random() < busy:
            times.append(moment)
    return sorted(times)


def make_citizens(config: HallConfig, count: int, kiosks: int, rng: random.Random) -> list[Citizen]:
    services = [service.id for service in config.services]
    mix = list(_MIX[: len(services)]) + [0.1] * max(0, len(services) - len(_MIX))
    priorities, shares = zip(*_PRIORITIES, strict=True)
    return [Citizen(index, moment, rng.choices(services, mix)[0], str(rng.choices(priorities, shares)[0]),
                    index % kiosks) for index, moment in enumerate(arrivals(count, rng))]


def true_means(config: HallConfig, citizens: list[Citizen], counters: int) -> dict[str, float]:
    """Per-service mean times that keep the counters busy ``UTILISATION`` of the day."""
    services = [service.id for service in config.services]
    speed = {service: _SPEED[i % len(_SPEED)] for i, service in enumerate(services)}
    work = sum(speed[citizen.service_id] for citizen in citizens) or 1.0
    unit = UTILISATION * DAY_S * counters / work
    return {service: unit * speed[service] for service in services}
