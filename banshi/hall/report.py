"""``banshi hall report``: one day, per service — tickets, waits (median, p90), no-shows, service
times, ratings — as CSV and as a printable page (HTML with print styles, A4)."""

from __future__ import annotations

import csv
import html
import io
import math
import statistics
from dataclasses import astuple, dataclass, fields

from sqlalchemy import select
from sqlalchemy.orm import Session

from banshi.hall.config import HallConfig
from banshi.hall.model import TicketState
from banshi.hall.store import create_hall_schema, make_engine
from banshi.hall.tables import TicketRow
from banshi.sync.hub.store import reading


@dataclass(frozen=True)
class ServiceDay:
    service: str
    tickets: int
    served: int
    no_shows: int
    still_waiting: int
    wait_median_min: float | None
    wait_p90_min: float | None
    service_median_min: float | None
    service_p90_min: float | None
    ratings: int
    rating_mean: float | None


def percentile(values: list[float], fraction: float) -> float | None:
    """The nearest-rank percentile (``fraction`` of 1), ``None`` for no values."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(fraction * len(ordered)) - 1))]


def _minutes(value: float | None) -> float | None:
    return None if value is None else round(value / 60, 1)


def _service_day(service_id: str, rows: list[TicketRow]) -> ServiceDay:
    waits = [row.called_at - row.issued_at for row in rows if row.called_at is not None]
    served = [row for row in rows if row.state == TicketState.DONE]
    times = [row.finished_at - row.called_at for row in served if row.finished_at and row.called_at]
    ratings = [row.rating for row in rows if row.rating is not None]
    return ServiceDay(
        service=service_id, tickets=len(rows), served=len(served),
        no_shows=sum(row.state == TicketState.NO_SHOW for row in rows),
        still_waiting=sum(row.state == TicketState.WAITING for row in rows),
        wait_median_min=_minutes(statistics.median(waits) if waits else None),
        wait_p90_min=_minutes(percentile(waits, 0.9)),
        service_median_min=_minutes(statistics.median(times) if times else None),
        service_p90_min=_minutes(percentile(times, 0.9)),
        ratings=len(ratings), rating_mean=round(float(statistics.mean(ratings)), 2) if ratings else None)


def day_report(database_url: str, config: HallConfig, day: str) -> list[ServiceDay]:
    engine = make_engine(database_url)
    try:
        create_hall_schema(engine)
        with Session(reading(engine)) as session:
            rows = list(session.scalars(select(TicketRow).where(TicketRow.day == day)))
    finally:
        engine.dispose()
    known = [service.id for service in config.services]
    extra = sorted({row.service_id for row in rows} - set(known))  # a service since removed from the file
    return [_service_day(service, [row for row in rows if row.service_id == service]) for service in known + extra]


def to_csv(report: list[ServiceDay]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([field.name for field in fields(ServiceDay)])
    for row in report:
        writer.writerow(["" if value is None else value for value in astuple(row)])
    return out.getvalue()


_HEADINGS = ("服务 Service", "取号 Tickets", "办结 Served", "过号 No-shows", "仍在等 Waiting",
             "等候中位数 Wait median (min)", "等候 P90 (min)", "办理中位数 Service median (min)",
             "办理 P90 (min)", "评价数 Ratings", "平均评价 Mean rating")


def printable_page(config: HallConfig, day: str, report: list[ServiceDay]) -> str:
    """One A4 page, landscape, in both languages (the hall manager's daily sheet)."""
    titles = {service.id: f"{service.title.zh_CN} {service.title.en}" for service in config.services}
    head = "".join(f"<th>{html.escape(text)}</th>" for text in _HEADINGS)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape('–' if value is None else str(value))}</td>"
                         for value in (titles.get(row.service, row.service), *astuple(row)[1:])) + "</tr>"
        for row in report)
    name = html.escape(f"{config.name.zh_CN} {config.name.en}")
    return (f"<!doctype html><html lang='zh-CN'><meta charset='utf-8'><title>{name} {day}</title>"
            "<style>@page{size:A4 landscape;margin:12mm}body{font:14px sans-serif}"
            "table{border-collapse:collapse;width:100%}th,td{border:1px solid #444;padding:4px 6px}"
            "td{text-align:right}td:first-child{text-align:left}</style>"
            f"<h1>{name} — {html.escape(day)}</h1><table><tr>{head}</tr>{body}</table></html>")
