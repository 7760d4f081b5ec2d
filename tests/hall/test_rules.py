"""The queue rules as pure functions: who is called next, recalls, people ahead, wait estimates."""

from __future__ import annotations

import pytest

from banshi.hall import estimates, rules
from banshi.hall.config import HallConfigError, load_hall_config
from banshi.hall.model import Priority
from banshi.hall.rules import RecallRefusal, Waiting

WEIGHTS = {Priority.NORMAL: 1.0, Priority.SENIOR: 2.0, Priority.DISABLED: 3.0, Priority.PREGNANT: 3.0,
           Priority.APPOINTMENT: 4.0}


def ticket(number: int, since: float, service: str = "a", priority: Priority = Priority.NORMAL,
           counter: str | None = None) -> Waiting:
    return Waiting(f"t{number}", service, priority, since, number, counter)


def test_the_longest_waiting_ticket_of_a_served_service_is_called_first() -> None:
    waiting = [ticket(2, 50), ticket(1, 10), ticket(3, 0, service="b")]
    assert rules.choose_next(waiting, "1", ["a"], WEIGHTS, now=100).id == "t1"


def test_a_counter_never_calls_a_service_it_does_not_serve_and_nothing_waiting_gives_none() -> None:
    assert rules.choose_next([ticket(1, 0, service="b")], "1", ["a"], WEIGHTS, now=100) is None
    assert rules.choose_next([], "1", ["a"], WEIGHTS, now=100) is None


def test_a_new_priority_ticket_goes_ahead_of_a_short_wait_but_not_of_a_long_one() -> None:
    senior = ticket(9, 100, priority=Priority.SENIOR)  # just issued: (0 + 60) × 2 = 120
    assert rules.choose_next([ticket(1, 50), senior], "1", ["a"], WEIGHTS, now=100).id == "t9"  # 110 < 120
    assert rules.choose_next([ticket(1, 0), senior], "1", ["a"], WEIGHTS, now=100).id == "t1"  # 160 > 120


def test_weights_are_configuration_a_heavier_class_wins() -> None:
    heavy = WEIGHTS | {Priority.SENIOR: 10.0}
    senior = ticket(9, 100, priority=Priority.SENIOR)
    assert rules.choose_next([ticket(1, 0), senior], "1", ["a"], heavy, now=100).id == "t9"


def test_a_ticket_transferred_to_a_counter_is_called_only_there() -> None:
    moved = ticket(1, 0, counter="7")
    assert rules.choose_next([moved], "3", ["a"], WEIGHTS, now=100) is None
    assert rules.choose_next([moved], "7", ["zzz"], WEIGHTS, now=100).id == "t1"


def test_recalls_stop_at_the_limit_and_wait_the_minimum_gap() -> None:
    assert rules.recall_refusal(0, last_called_at=100, now=150, recall_max=2, min_gap_s=30) is None
    assert rules.recall_refusal(0, last_called_at=100, now=120, recall_max=2, min_gap_s=30) is RecallRefusal.TOO_SOON
    assert rules.recall_refusal(2, last_called_at=0, now=500, recall_max=2, min_gap_s=30) is RecallRefusal.LIMIT


def test_people_ahead_counts_only_who_would_be_called_first_in_the_same_service() -> None:
    waiting = [ticket(1, 0), ticket(2, 70), ticket(3, 0, service="b")]  # claims 160, 90 (and another service)
    newcomer = ticket(4, 100)
    assert rules.people_ahead(newcomer, waiting + [newcomer], WEIGHTS, now=100) == 2
    senior = ticket(5, 100, priority=Priority.SENIOR)  # claim 120: behind t1 only
    assert rules.people_ahead(senior, waiting, WEIGHTS, now=100) == 1


def test_a_counter_serving_two_services_splits_itself_by_what_waits() -> None:
    loads = [estimates.CounterLoad("1", ("a",)), estimates.CounterLoad("2", ("a", "b"))]
    assert estimates.capacity("a", loads, {"a": 3, "b": 1}) == pytest.approx(1.75)
    assert estimates.capacity("b", loads, {"a": 3, "b": 1}) == pytest.approx(0.25)
    assert estimates.capacity("b", loads, {"a": 0, "b": 0}) == pytest.approx(0.5)


def test_the_wait_estimate_follows_measured_times_and_open_counters() -> None:
    assert estimates.mean_service_s([], default_s=300) == 300
    assert estimates.mean_service_s([100, 200], default_s=300) == 150
    assert estimates.wait_s(ahead=3, mean_s=120, share=2) == pytest.approx(210)
    assert estimates.wait_s(ahead=3, mean_s=120, share=0) is None  # no counter open: no number to promise


def test_a_hall_file_with_a_counter_serving_an_unknown_service_is_refused_by_name(tmp_path) -> None:
    bad = tmp_path / "hall.yaml"
    bad.write_text("hall_id: h\nname: {zh_CN: 厅, en: Hall}\nservices:\n  - {id: a, prefix: A, title: {zh_CN: 甲, en: A}}\n"
                   "counters:\n  - {id: '1', services: [b]}\n", encoding="utf-8")
    with pytest.raises(HallConfigError, match="unknown services"):
        load_hall_config(bad)


def test_a_counter_is_taken_until_it_calls_again_so_wrap_up_counts_in_the_estimate(tmp_path) -> None:  # noqa: ANN001
    from sqlalchemy.orm import Session

    from banshi.hall import views
    from banshi.hall.store import create_hall_schema, make_engine
    from banshi.hall.tables import TicketRow

    config = load_hall_config()
    engine = make_engine(f"sqlite:///{tmp_path / 'hall.sqlite3'}")
    create_hall_schema(engine)

    def served(number: int, called: float, finished: float) -> TicketRow:
        return TicketRow(id=f"t{number}", day="d", prefix="A", number=number, code=f"A{number:03d}",
                         service_id="social_insurance", priority="normal", state="done", kiosk="k", issued_at=0.0,
                         waiting_since=0.0, counter="1", called_at=called, finished_at=finished)

    with Session(engine) as session, session.begin():
        session.add_all([served(1, 0.0, 100.0)])
        session.flush()
        assert views.mean_service_s(session, config, "social_insurance") == 100.0  # not called again yet
        views.release_last(session, "d", "1", now=130.0)
        assert views.mean_service_s(session, config, "social_insurance") == 130.0  # wrap-up until the next call
        session.add(served(2, 130.0, 200.0))
        session.flush()
        views.release_last(session, "d", "1", now=5000.0)  # back from lunch: not counted as work
        assert views.mean_service_s(session, config, "social_insurance") == (130.0 + 190.0) / 2
    engine.dispose()


def test_a_database_from_an_older_hall_service_is_migrated_and_keeps_its_tickets(tmp_path) -> None:  # noqa: ANN001
    import sqlite3

    from sqlalchemy import text

    from banshi.hall.migrations import NEWEST
    from banshi.hall.store import create_hall_schema, make_engine

    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as old:  # hall_tickets as the first hall service made it (no released_at)
        old.execute("CREATE TABLE hall_tickets (id VARCHAR(36) PRIMARY KEY, day VARCHAR(10), prefix VARCHAR(1), "
                    "number INTEGER, code VARCHAR(8), service_id VARCHAR(64), priority VARCHAR(16), state VARCHAR(16), "
                    "kiosk VARCHAR(64), issued_at FLOAT, waiting_since FLOAT, counter VARCHAR(3), call_count INTEGER, "
                    "called_at FLOAT, last_called_at FLOAT, started_at FLOAT, finished_at FLOAT, people_ahead INTEGER, "
                    "estimate_s FLOAT, filing_reference VARCHAR(64), case_reference VARCHAR(64), rating INTEGER)")
        old.execute("INSERT INTO hall_tickets (id, day, code, state) VALUES ('t1', '2026-03-02', 'A001', 'waiting')")
    engine = make_engine(f"sqlite:///{path}")
    create_hall_schema(engine)
    create_hall_schema(engine)  # a second start changes nothing
    with engine.connect() as connection:
        assert connection.execute(text("SELECT code, released_at FROM hall_tickets")).one() == ("A001", None)
        assert connection.execute(text("SELECT version FROM hall_schema_version")).scalars().all() == [NEWEST]
    engine.dispose()
